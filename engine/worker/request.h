#pragma once

#include <QCborMap>
#include <QString>

#include <optional>

namespace Sandpiper::Worker {

// Which thread of the engine serves a request. Every request type has exactly one lane; the
// IO thread reads the type, validates the request and hands it to that lane's queue.
//
// - Io: the IO thread answers it itself and never touches Python, so it works while Python is
//   stuck in a C loop: ping, cancel, shutdown.
// - Main: the interpreter's main thread, one request at a time, in arrival order, after the
//   runs before it. For work that runs the user's Python or may change the namespace, may take
//   long, and must stop on an interrupt (SIGINT reaches the main thread only): execute.
//   Exporting a table or re-rendering a figure belongs here too.
// - Side: the side thread, answered even while a run holds the main thread. Only for requests
//   that read the namespace without changing it and finish quickly; they can be cancelled until
//   they start: complete, signature, inspect, format, lint, page (a window of a table). A file
//   sniff belongs here too. They run Python between the main thread's bytecodes (the GIL changes
//   hands every few milliseconds), so a slow one would slow the run: bound its work.
enum class Lane { Io, Main, Side };

// A request the IO thread has read and validated, on its way to the thread that serves it.
struct Request
{
    QString type;
    quint64 id = 0;
    QCborMap body;
};

// The lane of a request type; nullopt for a type the engine does not accept.
std::optional<Lane> laneFor(const QString &type);

// Whether a Main or Side request is well-formed by the protocol's strict readers; if not, why.
bool isValidRequest(const QString &type, const QCborMap &body, QString *error);

// The reply that ends a Main or Side request unserved (invalid, cancelled, or not offered by
// this engine): an error result for an execution, an empty reply for the others.
QCborMap unservedReply(const QString &type, quint64 id, const QString &why);

} // namespace Sandpiper::Worker
