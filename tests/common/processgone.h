#pragma once

#include <QByteArray>
#include <QFile>
#include <QString>

namespace Sandpiper::Testing {

// True when no process with this pid runs any more (a zombie of someone else counts as gone).
inline bool processGone(qint64 pid)
{
    if (pid <= 0)
        return true;
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return true;
    const QByteArray line = stat.readAll();
    const qsizetype paren = line.lastIndexOf(')');
    return paren < 0 || line.mid(paren + 2, 1) == "Z";
}

} // namespace Sandpiper::Testing
