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
    case CodeIntelKind::Scan:
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

void CodeIntelDispatcher::submit(
        CodeIntelRequest *request, const QCborMap &body, const QString &code, int line, int column)
{
    // A newer request of the same kind for the same file makes the older one useless.
    const QList<SideRequest *> pending = pendingRequests();
    for (SideRequest *each : pending) {
        auto older = qobject_cast<CodeIntelRequest *>(each);
        if (older && older->kind() == request->kind() && older->path() == request->path())
            older->cancel();
    }
    request->setQuery(code, line, column);
    track(request, body, replyTypeOf(request->kind()));
}

void CodeIntelDispatcher::fail(SideRequest *request, const QString &reason)
{
    CodeIntelResult result;
    result.error = reason;
    if (auto codeIntel = qobject_cast<CodeIntelRequest *>(request))
        codeIntel->finishLater(result);
}

bool CodeIntelDispatcher::isReplyType(const QString &type)
{
    return type == MessageType::Completions || type == MessageType::Signatures
           || type == MessageType::Documentation || type == MessageType::Formatted
           || type == MessageType::Diagnostics;
}

bool CodeIntelDispatcher::deliver(SideRequest *request, const QCborMap &body, QString *error)
{
    // A cancelled request's reply (request null) is parsed, then dropped.
    auto pending = qobject_cast<CodeIntelRequest *>(request);
    const QString code = pending ? pending->code() : QString();
    const int line = pending ? pending->line() : 0;
    const int column = pending ? pending->column() : 0;
    bool ok = true;
    CodeIntelResult result;
    result.answered = true;
    const QString type = messageType(body);
    if (type == MessageType::Completions) {
        const auto parsed = Completions::fromCbor(body, error);
        ok = parsed.has_value();
        if (parsed) {
            result.completions = *parsed;
            // prefixLength counts code points before the cursor.
            const QStringView before = lineOf(code, line).left(column);
            for (CompletionItem &item : result.completions.items) {
                const int points = toCodePoints(before, int(before.size()));
                const int start = toQChars(before, std::max(0, points - item.prefixLength));
                item.prefixLength = int(before.size()) - start;
            }
        }
    } else if (type == MessageType::Signatures) {
        const auto parsed = Signatures::fromCbor(body, error);
        ok = parsed.has_value();
        if (parsed)
            result.signatures = *parsed;
    } else if (type == MessageType::Documentation) {
        const auto parsed = Documentation::fromCbor(body, error);
        ok = parsed.has_value();
        if (parsed)
            result.documentation = *parsed;
    } else if (type == MessageType::Formatted) {
        const auto parsed = FormatResult::fromCbor(body, error);
        ok = parsed.has_value();
        if (parsed)
            result.formatted = *parsed;
    } else {
        const auto parsed = Diagnostics::fromCbor(body, error);
        ok = parsed.has_value();
        if (parsed) {
            result.diagnostics = *parsed;
            // Where each line starts, found once: a long file may have many diagnostics.
            QList<qsizetype> starts{0};
            for (qsizetype i = code.indexOf(QLatin1Char('\n')); i >= 0;
                 i = code.indexOf(QLatin1Char('\n'), i + 1))
                starts.append(i + 1);
            for (Diagnostic &item : result.diagnostics.items) {
                if (item.line > starts.size())
                    continue;
                const qsizetype start = starts.at(item.line - 1);
                const qsizetype end
                        = item.line < starts.size() ? starts.at(item.line) - 1 : code.size();
                item.column = toQChars(QStringView(code).mid(start, end - start), item.column);
            }
        }
    }
    if (ok && pending)
        pending->finish(result);
    return ok;
}

} // namespace Sandpiper::Client
