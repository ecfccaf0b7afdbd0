#include "runguard.h"

#include <abstractsession.h>
#include <codeintelrequest.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSettings>
#include <QTimer>

namespace Sandpiper::Ui {

QString RunGuard::toString(Policy policy)
{
    switch (policy) {
    case Policy::Off:
        return QStringLiteral("off");
    case Policy::Warn:
        return QStringLiteral("warn");
    case Policy::Ask:
        return QStringLiteral("ask");
    case Policy::Block:
        return QStringLiteral("block");
    }
    return QStringLiteral("warn");
}

RunGuard::Policy RunGuard::policyFromString(const QString &text)
{
    for (Policy policy : {Policy::Off, Policy::Warn, Policy::Ask, Policy::Block}) {
        if (text == toString(policy))
            return policy;
    }
    return Policy::Warn;
}

RunGuard::Policy RunGuard::savedPolicy()
{
    return policyFromString(QSettings().value(QStringLiteral("security/scanPolicy")).toString());
}

void RunGuard::savePolicy(Policy policy)
{
    QSettings().setValue(QStringLiteral("security/scanPolicy"), toString(policy));
}

RunGuard::RunGuard(QObject *parent)
    : QObject(parent)
{}

void RunGuard::submit(const QString &code, const QString &label, const QString &cellName, Run run)
{
    Submission submission;
    submission.code = code;
    submission.label = label;
    submission.cellName = cellName;
    submission.run = std::move(run);
    m_queue.append(std::move(submission));
    if (!m_busy)
        scanHead();
}

void RunGuard::scanHead()
{
    if (m_queue.isEmpty() || m_busy)
        return;
    // Until the head has run (or not), nothing behind it moves: an Ask prompt is modal, and
    // a scan answered meanwhile must not let a later run overtake it.
    m_busy = true;
    Submission &head = m_queue.first();
    if (m_policy == Policy::Off) {
        settleHead();
        return;
    }
    if (!m_scanner) {
        head.scanFailed = true;
        head.why = tr("no engine to scan with");
        settleHead();
        return;
    }
    m_scanning = true;
    const quint64 serial = ++m_serial;
    Client::CodeIntelRequest *request = m_scanner->scan(head.code);
    connect(request,
            &Client::CodeIntelRequest::finished,
            this,
            [this, serial](const Client::CodeIntelResult &result) {
                if (serial != m_serial || m_queue.isEmpty())
                    return;
                Submission &scanned = m_queue.first();
                scanned.scanned = result.answered;
                scanned.scanFailed = !result.answered;
                scanned.why = result.error;
                scanned.findings = result.diagnostics.items;
                m_scanning = false;
                settleHead();
            });
    QTimer::singleShot(m_timeoutMs, this, [this, serial] {
        if (serial != m_serial || !m_scanning || m_queue.isEmpty())
            return;
        ++m_serial; // its answer, if it ever comes, is too late
        m_scanning = false;
        Submission &late = m_queue.first();
        late.scanFailed = true;
        late.why = tr("the scan did not answer within %1 s").arg(m_timeoutMs / 1000.0);
        settleHead();
    });
}

void RunGuard::settleHead()
{
    const Submission head = m_queue.takeFirst();
    bool run = true;
    if (head.scanFailed) {
        // Unscanned code runs only where the policy would not stop it.
        run = m_policy == Policy::Warn
              || (m_policy == Policy::Ask && m_ask && m_ask(head.label, head.cellName, {}));
        Q_EMIT notScanned(head.label, head.cellName, head.code, head.why, run);
    } else if (!head.findings.isEmpty()) {
        Outcome outcome = Outcome::Ran;
        if (m_policy == Policy::Block) {
            run = false;
            outcome = Outcome::Blocked;
        } else if (m_policy == Policy::Ask) {
            run = m_ask && m_ask(head.label, head.cellName, head.findings);
            outcome = run ? Outcome::RanAfterAsking : Outcome::Declined;
        }
        Q_EMIT flagged(head.label, head.cellName, head.code, head.findings, outcome);
    }
    if (run && head.run)
        head.run(head.findings);
    m_busy = false;
    // The next one, from the event loop: a run may have submitted more.
    if (!m_queue.isEmpty())
        QMetaObject::invokeMethod(this, &RunGuard::scanHead, Qt::QueuedConnection);
}

QJsonArray RunGuard::toJsonArray(const Findings &findings)
{
    QJsonArray array;
    for (const Protocol::Diagnostic &finding : findings) {
        array.append(
                QJsonObject{{QStringLiteral("line"), finding.line},
                            {QStringLiteral("column"), finding.column},
                            {QStringLiteral("rule"), finding.code},
                            {QStringLiteral("message"), finding.message},
                            {QStringLiteral("severity"), Protocol::toString(finding.severity)}});
    }
    return array;
}

QString RunGuard::toJson(const Findings &findings)
{
    if (findings.isEmpty())
        return {};
    return QString::fromUtf8(QJsonDocument(toJsonArray(findings)).toJson(QJsonDocument::Compact));
}

RunGuard::Findings RunGuard::fromJson(const QString &json)
{
    Findings findings;
    const QJsonArray array = QJsonDocument::fromJson(json.toUtf8()).array();
    for (const QJsonValue &value : array) {
        const QJsonObject object = value.toObject();
        Protocol::Diagnostic finding;
        finding.line = object.value(QStringLiteral("line")).toInt(1);
        finding.column = object.value(QStringLiteral("column")).toInt();
        finding.code = object.value(QStringLiteral("rule")).toString();
        finding.message = object.value(QStringLiteral("message")).toString();
        finding.severity
                = Protocol::severityFromString(object.value(QStringLiteral("severity")).toString())
                          .value_or(Protocol::Severity::Warning);
        findings << finding;
    }
    return findings;
}

} // namespace Sandpiper::Ui
