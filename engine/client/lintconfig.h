#pragma once

#include <QString>

namespace Sandpiper::Client {

// The flake8 configuration that applies to a file, found the way flake8 finds it: from the
// file's folder upwards, the first setup.cfg, tox.ini or .flake8 with a [flake8] section. Read
// here because the code-intelligence engine's sandbox may not show the project's files.
struct LintConfig
{
    QString text; // empty: none found
    QString path;

    static LintConfig find(const QString &filePath);
};

} // namespace Sandpiper::Client
