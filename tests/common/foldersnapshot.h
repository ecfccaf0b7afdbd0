#pragma once

#include <QDirIterator>
#include <QFile>
#include <QMap>
#include <QString>

namespace Sandpiper::Testing {

// Every entry under root (hidden ones too) with the first MiB of its contents, to see that
// nothing there appeared, went or changed.
inline QMap<QString, QByteArray> folderSnapshot(const QString &root)
{
    QMap<QString, QByteArray> files;
    QDirIterator it(root,
                    QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        QFile file(path);
        files.insert(path, file.open(QIODevice::ReadOnly) ? file.read(1 << 20) : QByteArray());
    }
    return files;
}

} // namespace Sandpiper::Testing
