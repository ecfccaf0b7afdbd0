#pragma once

#include <pybind11/pybind11.h>

#include <QCborValue>
#include <QString>

#include <optional>

namespace Sandpiper::Worker {

// Converts plain Python data (dict, list, tuple, str, bytes, bytearray, int, float, bool,
// None) to CBOR. Anything else, or nesting deeper than maxDepth, is an error: display data
// come from user code and must not turn into surprises on the wire.
// Integers beyond 64 bits become doubles. Call with the GIL held.
std::optional<QCborValue> pythonToCbor(pybind11::handle object, QString *error, int maxDepth = 32);

// str -> QString without failing on lone surrogates (they become U+FFFD).
QString pythonToQString(pybind11::handle text);

} // namespace Sandpiper::Worker
