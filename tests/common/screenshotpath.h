#pragma once

#include <QDir>
#include <QString>

namespace Sandpiper::Testing {

// Where GUI tests leave pictures of what they showed: screenshots/ in the working directory.
inline QString screenshotPath(const QString &name)
{
    QDir dir(QDir::current().filePath(QStringLiteral("screenshots")));
    dir.mkpath(QStringLiteral("."));
    return dir.filePath(name);
}

} // namespace Sandpiper::Testing
