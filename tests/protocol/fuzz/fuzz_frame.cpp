// libFuzzer target: arbitrary bytes from an engine, fed to the frame decoder in chunks chosen by
// the input, then every decoded body parsed as every message type. Must never crash, leak or
// read out of bounds; built and run by run_fuzz.sh (clang, -fsanitize=fuzzer,address,undefined).

#include "frame.h"
#include "parseall.h"

#include <QCborValue>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

using namespace Sandpiper::Protocol;
using Sandpiper::Protocol::Fuzz::parseAll;
using Sandpiper::Protocol::Fuzz::violated;

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
