#include "lintconfig.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>

namespace Sandpiper::Client {

namespace {

constexpr qint64 MaxConfigBytes = 1024 * 1024;

bool hasFlake8Section(const QString &text)
{
    static const QRegularExpression section(
            QStringLiteral("^[ \\t]*\\[flake8(:local-plugins)?\\][ \\t]*$"),
            QRegularExpression::MultilineOption);
    return section.match(text).hasMatch();
}

} // namespace

LintConfig LintConfig::find(const QString &filePath)
{
    if (filePath.isEmpty())
        return {};
    QDir folder = QFileInfo(filePath).absoluteDir();
    for (;;) {
        for (const char *name : {"setup.cfg", "tox.ini", ".flake8"}) {
            QFile file(folder.filePath(QLatin1StringView(name)));
            if (!file.open(QIODevice::ReadOnly))
                continue;
            const QString text = QString::fromUtf8(file.read(MaxConfigBytes));
            if (hasFlake8Section(text))
                return {text, file.fileName()};
        }
        if (!folder.cdUp())
            return {};
    }
}

} // namespace Sandpiper::Client
