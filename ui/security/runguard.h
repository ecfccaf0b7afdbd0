#pragma once

#include "abstractsession.h"
#include "messages.h"

#include <QJsonArray>
#include <QObject>
#include <QPointer>

#include <functional>

namespace Sandpiper::Ui {

// Scans the code a user runs before it runs (the security scan, answered by the tools engine)
// and lets it run, asks, or refuses, as the session's policy says:
//   Off    runs at once, unscanned;
//   Warn   runs, and reports what the scan found (the default);
//   Ask    asks before running code with findings;
//   Block  does not run code with findings.
// The sandbox is the real protection; the scan is the report the user sees. Runs keep the order
// they were submitted in, whatever their scans take.
class RunGuard : public QObject
{
    Q_OBJECT

public:
    enum class Policy { Off, Warn, Ask, Block };
    Q_ENUM(Policy)
    static QString toString(Policy policy);
    static Policy policyFromString(const QString &text); // Warn when unknown
    static Policy savedPolicy();
    static void savePolicy(Policy policy);

    using Findings = QList<Protocol::Diagnostic>;
    // What happened to a submission, for the report.
    enum class Outcome { Ran, RanAfterAsking, Declined, Blocked };
    Q_ENUM(Outcome)
    // Runs the code; findings as scanned (empty when clean or not scanned).
    using Run = std::function<void(const Findings &findings)>;
    // Ask: true runs the code.
    using AskPrompt = std::function<bool(
            const QString &label, const QString &cellName, const Findings &findings)>;

    explicit RunGuard(QObject *parent = nullptr);

    // The engine that scans (the tools engine; not owned).
    void setScanner(Client::AbstractSession *scanner) { m_scanner = scanner; }
    void setPolicy(Policy policy) { m_policy = policy; }
    Policy policy() const { return m_policy; }
    void setAskPrompt(AskPrompt prompt) { m_ask = std::move(prompt); }
    // A scan that has not answered by then lets Warn run the code unscanned and makes Ask ask
    // and Block refuse.
    void setScanTimeout(int ms) { m_timeoutMs = ms; }

    // label names the run for the user ("cell 3"); cellName is its name in the session
    // ("<cell 3>", empty for the console), handed back in the signals.
    void submit(const QString &code, const QString &label, const QString &cellName, Run run);
    int waiting() const { return int(m_queue.size()); }

    // The findings as the history keeps them: a JSON array, "" for none.
    static QString toJson(const Findings &findings);
    // The same array (line, column, rule, message, severity), for reports that embed it.
    static QJsonArray toJsonArray(const Findings &findings);
    static Findings fromJson(const QString &json);

Q_SIGNALS:
    // The scan found something (whatever the policy then did).
    void flagged(const QString &label,
                 const QString &cellName,
                 const QString &code,
                 const Sandpiper::Ui::RunGuard::Findings &findings,
                 Sandpiper::Ui::RunGuard::Outcome outcome);
    // The scan did not answer (engine missing, too slow): why.
    void notScanned(const QString &label,
                    const QString &cellName,
                    const QString &code,
                    const QString &why,
                    bool ran);

private:
    struct Submission
    {
        QString code;
        QString label;
        QString cellName;
        Run run;
        bool scanned = false;
        bool scanFailed = false;
        QString why;
        Findings findings;
    };
    void scanHead();
    void settleHead();

    QPointer<Client::AbstractSession> m_scanner;
    Policy m_policy = Policy::Warn;
    AskPrompt m_ask;
    int m_timeoutMs = 5000;
    QList<Submission> m_queue;
    quint64 m_serial = 0; // of the head's scan, so a late answer for an older one is ignored
    bool m_scanning = false;
    bool m_busy = false; // the head is being scanned or settled
};

} // namespace Sandpiper::Ui
