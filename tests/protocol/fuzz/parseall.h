#pragma once

// Shared by the fuzz targets: a decoded body goes through every message validator, and what
// decodes must come back unchanged through the codec.

#include "frame.h"
#include "messages.h"

#include <QCborValue>

#include <cstdio>
#include <cstdlib>

namespace Sandpiper::Protocol::Fuzz {

[[noreturn]] inline void violated(const char *what)
{
    std::fprintf(stderr, "fuzz: invariant violated: %s\n", what);
    std::abort();
}

inline void parseAll(const QCborMap &body)
{
    QString error;
    messageType(body);
    messageId(body);
    Hello::fromCbor(body, &error);
    StreamOutput::fromCbor(body, &error);
    DisplayData::fromCbor(body, &error);
    VariablesDiff::fromCbor(body, &error);
    VariableSummary::fromCbor(body, &error);
    ExecutionResult::fromCbor(body, &error);
    Pong::fromCbor(body, &error);
    ExecuteRequest::fromCbor(body, &error);
    Ping::fromCbor(body, &error);
    ShutdownRequest::fromCbor(body, &error);
    CodeQuery::fromCbor(body, &error);
    CompletionItem::fromCbor(body, &error);
    Completions::fromCbor(body, &error);
    SignatureInfo::fromCbor(body, &error);
    Signatures::fromCbor(body, &error);
    Documentation::fromCbor(body, &error);
    FormatRequest::fromCbor(body, &error);
    FormatResult::fromCbor(body, &error);
    LintRequest::fromCbor(body, &error);
    ScanRequest::fromCbor(body, &error);
    Diagnostic::fromCbor(body, &error);
    Diagnostics::fromCbor(body, &error);
    CancelRequest::fromCbor(body, &error);
    PageRequest::fromCbor(body, &error);
    Page::fromCbor(body, &error);
    SummaryRequest::fromCbor(body, &error);
    ColumnSummary::fromCbor(body, &error);
    FindRequest::fromCbor(body, &error);
    FindResult::fromCbor(body, &error);
    ReleaseRequest::fromCbor(body, &error);
    Released::fromCbor(body, &error);
    ExpandRequest::fromCbor(body, &error);
    MemberList::fromCbor(body, &error);
    SniffRequest::fromCbor(body, &error);
    SniffResult::fromCbor(body, &error);
    ImportOptions::fromCbor(body, &error);
    // Whatever decoded must encode and decode to the same map again.
    FrameDecoder again;
    again.append(encodeFrame(body));
    const auto back = again.next();
    if (!back)
        violated("a decoded body does not decode again after encoding");
    // Compared as bytes: a NaN inside never compares equal to itself.
    if (QCborValue(*back).toCbor() != QCborValue(body).toCbor())
        violated("a decoded body changes when encoded and decoded again");
}

} // namespace Sandpiper::Protocol::Fuzz
