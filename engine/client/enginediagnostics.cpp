#include "enginediagnostics.h"

#include <QStringList>

namespace Sandpiper::Client {

QString printable(const QString &text, qsizetype maxLength)
{
    QString out;
    for (const QChar c : text.left(maxLength)) {
        out.append(c.isPrint() ? c : QChar(u'?'));
    }
    if (text.size() > maxLength)
        out.append(QStringLiteral("…"));
    return out;
}

bool EngineDiagnostics::append(const QByteArray &data)
{
    m_total += data.size();
    m_tail.append(data.right(TailBytes));
    if (m_tail.size() > TailBytes)
        m_tail.remove(0, m_tail.size() - TailBytes);
    return m_total < MaxBytes;
}

void EngineDiagnostics::clear()
{
    m_tail.clear();
    m_total = 0;
}

QString EngineDiagnostics::tail(int maxLines) const
{
    QStringList lines;
    for (const QString &line : QString::fromUtf8(m_tail).split(u'\n')) {
        QString shown;
        for (const QChar c : line)
            shown.append(c.isPrint() || c == u'\t' ? c : QChar(u'?'));
        if (!shown.trimmed().isEmpty())
            lines << shown;
    }
    return lines.mid(std::max<qsizetype>(0, lines.size() - maxLines)).join(u'\n');
}

} // namespace Sandpiper::Client
