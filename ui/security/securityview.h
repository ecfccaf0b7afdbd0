#pragma once

#include "runguard.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QTreeWidget;

namespace Sandpiper::Ui {

// The session's security report: every run the scan flagged, newest first, with what each
// finding is and where, and what the policy did (ran, asked, blocked). The policy itself is
// chosen at the top.
class SecurityView : public QWidget
{
    Q_OBJECT

public:
    explicit SecurityView(QWidget *parent = nullptr);

    QTreeWidget *tree() const { return m_tree; }
    QComboBox *policyBox() const { return m_policy; }
    void setPolicy(RunGuard::Policy policy);
    int reportCount() const;

    // cellName: the run's name in the session ("<cell 3>"), so a finding leads to its line.
    // firstLine: the run's first line in its file (0-based), so findings show file lines.
    void addReport(const QString &label,
                   const QString &cellName,
                   const RunGuard::Findings &findings,
                   RunGuard::Outcome outcome,
                   int firstLine = 0);
    void addNotScanned(const QString &label, const QString &why, bool ran);
    static QString outcomeText(RunGuard::Outcome outcome);

Q_SIGNALS:
    void findingActivated(const QString &cellName, int line);
    void policyChosen(Sandpiper::Ui::RunGuard::Policy policy);

private:
    QComboBox *m_policy = nullptr;
    QLabel *m_summary = nullptr;
    QLabel *m_detail = nullptr;
    QTreeWidget *m_tree = nullptr;
    static constexpr int MaxReports = 500; // older ones are dropped from the view (not the log)
};

} // namespace Sandpiper::Ui
