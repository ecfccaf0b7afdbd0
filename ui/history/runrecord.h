#pragma once

#include <QDateTime>
#include <QString>

namespace Sandpiper::Ui {

// One finished run as history and the audit log keep it.
struct RunRecord
{
    qint64 id = 0;    // given by the store, in the order runs were recorded
    QString key;      // unique to the run (a UUID), so it is never recorded twice
    QString session;  // the session's name ("Session 1", "batch")
    QString source;   // see Source below
    QString location; // where the code came from: "analysis.py, line 12", a cell, empty
    QString code;
    QDateTime started; // UTC
    QDateTime finished;
    QString status; // Client::toString(RunStatus): ok, error, interrupted, timeout, …
    double wallSeconds = 0;
    double cpuSeconds = 0;
    qint64 peakMemoryBytes = -1; // -1: unknown
    quint64 outputBytes = 0;
    QString errorType;
    QString errorMessage;
    QString codeSha256; // hex, of the code as UTF-8
    QString findings;   // the security scan's findings as a JSON array, empty when not scanned
    QString hash;       // hex; chained to the previous record's (see HistoryStore)

    // Where a run came from.
    struct Source
    {
        static constexpr const char *Editor = "editor";
        static constexpr const char *Console = "console";
        static constexpr const char *Batch = "batch";
        static constexpr const char *Import = "import";
        static constexpr const char *Export = "export";
        // Code the window runs itself (variable summaries, export previews).
        static constexpr const char *App = "app";
    };

    static QString sha256Hex(const QString &code);
};

} // namespace Sandpiper::Ui
