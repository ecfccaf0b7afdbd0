#pragma once

// The probe of a session's open descriptors, shared by the hostile suites: user code lists what
// /proc/self/fd holds, then writes an escape sequence with a marker to each descriptor (the
// protocol socket aside: writing there ends the session, as the garbage-frame tests show). The
// test then checks the listing, and that the marker reached nothing outside (the app's log file
// or terminal).

#include <QByteArray>
#include <QRegularExpression>
#include <QString>

#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

namespace Sandpiper::Testing {

// Python code that prints one line "descriptors [(fd, 'target'), ...]", then writes.
inline QString descriptorProbeCode(const QByteArray &marker)
{
    return QStringLiteral("import os\n"
                          "fds = {}\n"
                          "for name in os.listdir('/proc/self/fd'):\n"
                          "    try:\n"
                          "        fds[int(name)] = os.readlink('/proc/self/fd/' + name)\n"
                          "    except OSError:\n"
                          "        pass\n"
                          "print('descriptors', sorted(fds.items()), flush=True)\n"
                          "for fd, where in sorted(fds.items()):\n"
                          "    if where.startswith('socket:'):\n"
                          "        continue\n"
                          "    try:\n"
                          "        os.write(fd, b'\\x1b]0;%1\\x07%1\\n')\n"
                          "    except OSError:\n"
                          "        pass\n"
                          "print('done')\n")
            .arg(QString::fromLatin1(marker));
}

// Empty when the listing in output holds only the engine's own descriptors: /dev/null, pipes
// (its output, read by its IO thread, and its diagnostics, read by the client), the one
// protocol socket and the IO thread's wake-up counter; otherwise what is wrong.
inline QString unexpectedDescriptors(const QByteArray &output)
{
    const qsizetype at = output.indexOf("descriptors [");
    if (at < 0)
        return QStringLiteral("no listing in the output");
    const QString listing = QString::fromUtf8(output.mid(at, output.indexOf('\n', at) - at));
    static const QRegularExpression entry(QStringLiteral("\\((\\d+), '([^']*)'\\)"));
    static const QRegularExpression allowed(
            QStringLiteral("^(/dev/null|pipe:\\[\\d+\\]|socket:\\[\\d+\\]|"
                           "anon_inode:\\[eventfd\\]|/proc/.*)$"));
    int sockets = 0;
    int entries = 0;
    for (const QRegularExpressionMatch &match : entry.globalMatch(listing)) {
        ++entries;
        const QString where = match.captured(2);
        if (!allowed.match(where).hasMatch())
            return QStringLiteral("descriptor %1 leads to %2: %3")
                    .arg(match.captured(1), where, listing);
        sockets += where.startsWith(QLatin1String("socket:"));
    }
    if (entries < 3 || sockets != 1)
        return QStringLiteral("expected stdio and one socket: ") + listing;
    return {};
}

// A pseudo-terminal as the app's terminal: the master (non-blocking) to read what reached it,
// and the slave to give the app as stdout and stderr. false when the host has none.
inline bool openTerminal(int *master, int *slave)
{
    *master = ::posix_openpt(O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    if (*master < 0 || ::grantpt(*master) != 0 || ::unlockpt(*master) != 0)
        return false;
    *slave = ::open(::ptsname(*master), O_RDWR | O_NOCTTY | O_CLOEXEC);
    return *slave >= 0;
}

// Everything the terminal's other side has received so far.
inline QByteArray drainTerminal(int master)
{
    QByteArray seen;
    char buffer[4096];
    for (ssize_t n; (n = ::read(master, buffer, sizeof buffer)) > 0;)
        seen.append(buffer, n);
    return seen;
}

} // namespace Sandpiper::Testing
