// libFuzzer target: arbitrary bytes from an engine, fed to the frame decoder in chunks chosen by
// the input, then every decoded body parsed as every message type. Must never crash, leak or
// read out of bounds; built and run by run_fuzz.sh (clang, -fsanitize=fuzzer,address,undefined).

#include "frame.h"
#include "messages.h"

#include <QCborValue>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

using namespace Sandpiper::Protocol;

namespace {

[[noreturn]] void violated(const char *what)
{
    std::fprintf(stderr, "fuzz_frame: invariant violated: %s\n", what);
    std::abort();
}

void parseAll(const QCborMap &body)
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

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    // First byte: chunk size for the reads (0 = everything at once). A small cap exercises the
    // too-large path without needing huge inputs.
    const size_t chunk = data[0];
    const auto *bytes = reinterpret_cast<const char *>(data + 1);
    const qsizetype length = qsizetype(size - 1);

    FrameDecoder decoder(64 * 1024);
    FrameDecoder whole(64 * 1024);
    whole.append(QByteArrayView(bytes, length));
    qsizetype pos = 0;
    while (pos < length) {
        const qsizetype n = chunk == 0 ? length : std::min<qsizetype>(chunk, length - pos);
        decoder.append(QByteArrayView(bytes + pos, n));
        pos += n;
        while (auto body = decoder.next()) {
            parseAll(*body);
            // Chunking must not change what is decoded.
            const auto same = whole.next();
            if (!same || QCborValue(*same).toCbor() != QCborValue(*body).toCbor())
                violated("chunked and whole decoding give different frames");
        }
    }
    if (whole.next() || whole.error() != decoder.error()
        || whole.pendingBytes() != decoder.pendingBytes())
        violated("chunked and whole decoding end in different states");
    return 0;
}
