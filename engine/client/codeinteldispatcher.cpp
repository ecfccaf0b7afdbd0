#include "codeinteldispatcher.h"

#include <QStringView>

namespace Sandpiper::Client {

using namespace Protocol;

namespace {

QString replyTypeOf(CodeIntelKind kind)
{
    switch (kind) {
    case CodeIntelKind::Complete:
        return MessageType::Completions;
    case CodeIntelKind::Signature:
        return MessageType::Signatures;
    case CodeIntelKind::Inspect:
        return MessageType::Documentation;
    case CodeIntelKind::Format:
        return MessageType::Formatted;
    case CodeIntelKind::Lint:
        return MessageType::Diagnostics;
    }
    return QString();
}

// The text of a 1-based line, without its line break; empty when there is no such line.
QStringView lineOf(const QString &code, int line)
{
    qsizetype start = 0;
    for (int i = 1; i < line; ++i) {
        start = code.indexOf(QLatin1Char('\n'), start);
        if (start < 0)
            return {};
        ++start;
    }
    qsizetype end = code.indexOf(QLatin1Char('\n'), start);
    if (end < 0)
        end = code.size();
    return QStringView(code).mid(start, end - start);
}

int toCodePoints(QStringView text, int qcharColumn)
{
    const qsizetype end = std::clamp<qsizetype>(qcharColumn, 0, text.size());
    int points = 0;
    for (qsizetype i = 0; i < end; ++i) {
        if (!(text.at(i).isLowSurrogate() && i > 0 && text.at(i - 1).isHighSurrogate()))
            ++points;
    }
    return points;
}

int toQChars(QStringView text, int codePoints)
{
    qsizetype i = 0;
    for (int points = 0; points < codePoints && i < text.size(); ++points) {
        const bool pair = text.at(i).isHighSurrogate() && i + 1 < text.size()
                          && text.at(i + 1).isLowSurrogate();
        i += pair ? 2 : 1;
    }
    // Past the end of the line (flake8 reports some at the newline): keep counting one each.
    return int(i) + std::max(0, codePoints - toCodePoints(text, int(i)));
}

} // namespace

int codePointColumn(const QString &code, int line, int qcharColumn)
{
    return toCodePoints(lineOf(code, line), qcharColumn);
}

int qcharColumn(const QString &code, int line, int codePointColumn)
{
    return toQChars(lineOf(code, line), codePointColumn);
}

CodeIntelDispatcher::CodeIntelDispatcher(Sender sender, QObject *parent)
    : QObject(parent)
    , m_sender(std::move(sender))
{}

void CodeIntelDispatcher::submit(
        CodeIntelRequest *request, const QCborMap &body, const QString &code, int line, int column)
{
    // A newer request of the same kind for the same file makes the older one useless.
    const QList<quint64> ids = m_order;
    for (quint64 id : ids) {
        const Pending pending = m_pending.value(id);
        if (pending.request && pending.request->kind() == request->kind()
            && pending.request->path() == request->path()) {
            pending.request->cancel();
        }
    }
    Pending pending{request, body, code, line, column, false};
    const quint64 id = request->id();
    connect(request, &CodeIntelRequest::cancelRequested, this, &CodeIntelDispatcher::onCancel);
    if (m_ready) {
        pending.sent = true;
        m_sender(body);
    }
    m_pending.insert(id, pending);
    m_order.append(id);
}

void CodeIntelDispatcher::setReady(bool ready)
{
    m_ready = ready;
    if (!ready)
        return;
    for (quint64 id : std::as_const(m_order)) {
        Pending &pending = m_pending[id];
        if (!pending.sent) {
            pending.sent = true;
            m_sender(pending.body);
        }
    }
}

void CodeIntelDispatcher::failAll(const QString &reason)
{
    m_ready = false;
    const QHash<quint64, Pending> pending = std::exchange(m_pending, {});
    m_order.clear();
    m_cancelled.clear();
    CodeIntelResult result;
    result.error = reason;
    for (const Pending &p : pending) {
        if (p.request)
            p.request->finishLater(result);
    }
}

void CodeIntelDispatcher::onCancel(quint64 id)
{
    const auto it = m_pending.constFind(id);
    if (it == m_pending.constEnd())
        return;
    const bool sent = it->sent;
    m_pending.erase(it);
    m_order.removeOne(id);
    if (!sent)
        return;
    m_cancelled.insert(id);
    if (m_ready)
        m_sender(CancelRequest{id}.toCbor());
}

bool CodeIntelDispatcher::isReplyType(const QString &type)
{
    return type == MessageType::Completions || type == MessageType::Signatures
           || type == MessageType::Documentation || type == MessageType::Formatted
           || type == MessageType::Diagnostics;
}

bool CodeIntelDispatcher::handleReply(const QCborMap &body, QString *error)
{
    const auto id = messageId(body);
    const QString type = messageType(body);
    if (!id) {
        *error = tr("a '%1' reply without an id").arg(type);
        return false;
    }
    if (m_cancelled.remove(*id)) {
        // Still checked: a cancelled request's reply is a frame like any other.
        bool ok = true;
        deliver(Pending{}, body, error, &ok);
        return ok;
    }
    const auto it = m_pending.constFind(*id);
    if (it == m_pending.constEnd() || !it->sent) {
        *error = tr("a '%1' reply for request %2, which was not asked").arg(type).arg(*id);
        return false;
    }
    const Pending pending = *it;
    const QString expected = pending.request ? replyTypeOf(pending.request->kind()) : type;
    if (type != expected) {
        *error = tr("a '%1' reply to a '%2' request").arg(type, expected);
        return false;
    }
    m_pending.erase(it);
    m_order.removeOne(*id);
    bool ok = true;
    deliver(pending, body, error, &ok);
    return ok;
}

void CodeIntelDispatcher::deliver(const Pending &pending,
                                  const QCborMap &body,
                                  QString *error,
                                  bool *ok)
{
    CodeIntelResult result;
    result.answered = true;
    const QString type = messageType(body);
    if (type == MessageType::Completions) {
        const auto parsed = Completions::fromCbor(body, error);
        *ok = parsed.has_value();
        if (parsed) {
            result.completions = *parsed;
            // prefixLength counts code points before the cursor.
            const QStringView before = lineOf(pending.code, pending.line).left(pending.column);
            for (CompletionItem &item : result.completions.items) {
                const int points = toCodePoints(before, int(before.size()));
                const int start = toQChars(before, std::max(0, points - item.prefixLength));
                item.prefixLength = int(before.size()) - start;
            }
        }
    } else if (type == MessageType::Signatures) {
        const auto parsed = Signatures::fromCbor(body, error);
        *ok = parsed.has_value();
        if (parsed)
            result.signatures = *parsed;
    } else if (type == MessageType::Documentation) {
        const auto parsed = Documentation::fromCbor(body, error);
        *ok = parsed.has_value();
        if (parsed)
            result.documentation = *parsed;
    } else if (type == MessageType::Formatted) {
        const auto parsed = FormatResult::fromCbor(body, error);
        *ok = parsed.has_value();
        if (parsed)
            result.formatted = *parsed;
    } else {
        const auto parsed = Diagnostics::fromCbor(body, error);
        *ok = parsed.has_value();
        if (parsed) {
            result.diagnostics = *parsed;
            // Where each line starts, found once: a long file may have many diagnostics.
            QList<qsizetype> starts{0};
            for (qsizetype i = pending.code.indexOf(QLatin1Char('\n')); i >= 0;
                 i = pending.code.indexOf(QLatin1Char('\n'), i + 1))
                starts.append(i + 1);
            for (Diagnostic &item : result.diagnostics.items) {
                if (item.line > starts.size())
                    continue;
                const qsizetype start = starts.at(item.line - 1);
                const qsizetype end = item.line < starts.size() ? starts.at(item.line) - 1
                                                                : pending.code.size();
                item.column
                        = toQChars(QStringView(pending.code).mid(start, end - start), item.column);
            }
        }
    }
    if (*ok && pending.request)
        pending.request->finish(result);
}

} // namespace Sandpiper::Client
