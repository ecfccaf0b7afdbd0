#pragma once

#include "session.h"

namespace Sandpiper::Client {

// The sandboxed tools engine that reads dataset files for the import dialog: it sniffs how a
// file is written and previews its first rows (Protocol::SniffRequest). It runs no user code and
// keeps no namespace; it may read one folder (a session's workspace), read-only, so a hostile or
// broken file can hurt neither the window nor the user's session.
//
// It starts on the first request and again on the next request after it died (a zip bomb that
// meets the memory limit costs one preview, not the session).
class ImportSession : public Session
{
    Q_OBJECT

public:
    static SessionOptions defaultOptions(const QString &readableFolder);

    explicit ImportSession(const QString &readableFolder, QObject *parent = nullptr);
    ImportSession(const SessionOptions &options, QObject *parent);

    SniffFetch *sniff(const Protocol::SniffRequest &request) override;
};

} // namespace Sandpiper::Client
