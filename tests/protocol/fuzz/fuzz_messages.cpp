// libFuzzer target: arbitrary bytes as one frame's body, into every validator (the frame target
// spends most inputs on framing). Must never crash, leak or read out of bounds;
// built and run by run_fuzz.sh.

#include "parseall.h"

#include <QCborArray>
#include <QtEndian>

#include <cstddef>
#include <cstdint>

using namespace Sandpiper::Protocol;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    // Through the product's own decoder, so only what it accepts as a body goes on (a body
    // with a CBOR error or trailing bytes never reaches a validator).
    FrameDecoder decoder;
    QByteArray frame(4, '\0');
    qToLittleEndian(quint32(size), frame.data());
    frame.append(reinterpret_cast<const char *>(data), qsizetype(size));
    decoder.append(frame);
    const std::optional<QCborMap> body = decoder.next();
    if (!body)
        return 0;
    Fuzz::parseAll(*body);
    // Lists of items (variables, completions, diagnostics) are validated one map at a time.
    for (auto it = body->cbegin(); it != body->cend(); ++it) {
        const QCborValue value = it.value();
        if (value.isArray()) {
            for (const QCborValue &item : value.toArray()) {
                if (item.isMap())
                    Fuzz::parseAll(item.toMap());
            }
        }
    }
    return 0;
}
