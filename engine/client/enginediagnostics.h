#pragma once

#include <QByteArray>
#include <QString>

namespace Sandpiper::Client {

// What an engine writes on its diagnostic channel (the stderr the client gave it, a pipe): its
// own start-up errors and Python's fatal-error tracebacks. The engine's user code can write there
// too, so the text is untrusted: only the last TailBytes are kept, shown as printable text, and
// the channel is given up after MaxBytes in all. It is never copied to the GUI's own stdout or
// stderr, which may be a terminal or a log file outside the sandbox.
class EngineDiagnostics
{
public:
    static constexpr qsizetype TailBytes = 4096;
    static constexpr qint64 MaxBytes = 1 << 20;

    // Returns false once MaxBytes have arrived: the caller stops reading.
    bool append(const QByteArray &data);
    void clear();

    qint64 totalBytes() const { return m_total; }
    // The last lines, printable (controls and escape sequences replaced), at most maxLines.
    QString tail(int maxLines = 12) const;

private:
    QByteArray m_tail;
    qint64 m_total = 0;
};

// Text from the engine shown to the user: printable only, and short.
QString printable(const QString &text, qsizetype maxLength = 64);

} // namespace Sandpiper::Client
