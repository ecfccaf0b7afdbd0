#include "securityview.h"

#include <QComboBox>
#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace Sandpiper::Ui {

namespace {
enum Column { What, Where, Rule };
constexpr int CellNameRole = Qt::UserRole;
constexpr int LineRole = Qt::UserRole + 1;
} // namespace

SecurityView::SecurityView(QWidget *parent)
    : QWidget(parent)
{
    m_policy = new QComboBox;
    m_policy->addItem(tr("Off: run without scanning"), int(RunGuard::Policy::Off));
    m_policy->addItem(tr("Warn: run, and report findings"), int(RunGuard::Policy::Warn));
    m_policy->addItem(tr("Ask: confirm code with findings"), int(RunGuard::Policy::Ask));
    m_policy->addItem(tr("Block: never run code with findings"), int(RunGuard::Policy::Block));
    m_policy->setCurrentIndex(1);
    m_summary = new QLabel(tr("No run was flagged."));
    m_summary->setToolTip(tr("The sandbox protects every run whatever the scan says; the scan "
                             "tells you what the code would try."));
    m_detail = new QLabel;
    m_detail->setWordWrap(true);
    m_detail->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_detail->setMinimumHeight(m_detail->fontMetrics().height() * 3);
    m_detail->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_tree = new QTreeWidget;
    m_tree->setColumnCount(3);
    m_tree->setHeaderLabels({tr("Finding"), tr("Where"), tr("Rule")});
    m_tree->header()->setSectionResizeMode(What, QHeaderView::Stretch);
    m_tree->header()->setStretchLastSection(false);
    m_tree->setColumnWidth(Where, 90);
    m_tree->setColumnWidth(Rule, 60);
    m_tree->setWordWrap(true);
    m_tree->setUniformRowHeights(false);

    auto top = new QHBoxLayout;
    top->setContentsMargins(0, 0, 0, 0);
    top->addWidget(new QLabel(tr("Before each run:")));
    top->addWidget(m_policy, 1);
    auto layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(top);
    layout->addWidget(m_summary);
    layout->addWidget(m_tree, 1);
    layout->addWidget(m_detail);

    connect(m_policy, &QComboBox::activated, this, [this] {
        Q_EMIT policyChosen(RunGuard::Policy(m_policy->currentData().toInt()));
    });
    // The selected finding in full: the tree's column elides long reasons.
    connect(m_tree, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem *item) {
        m_detail->setText(item ? item->toolTip(What) : QString());
    });
    connect(m_tree, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem *item) {
        const int line = item->data(0, LineRole).toInt();
        if (line > 0)
            Q_EMIT findingActivated(item->data(0, CellNameRole).toString(), line);
    });
}

void SecurityView::setPolicy(RunGuard::Policy policy)
{
    m_policy->setCurrentIndex(m_policy->findData(int(policy)));
}

int SecurityView::reportCount() const
{
    return m_tree->topLevelItemCount();
}

QString SecurityView::outcomeText(RunGuard::Outcome outcome)
{
    switch (outcome) {
    case RunGuard::Outcome::Ran:
        return tr("ran");
    case RunGuard::Outcome::RanAfterAsking:
        return tr("ran after asking");
    case RunGuard::Outcome::Declined:
        return tr("not run: declined");
    case RunGuard::Outcome::Blocked:
        return tr("not run: blocked");
    }
    return {};
}

void SecurityView::addReport(const QString &label,
                             const QString &cellName,
                             const RunGuard::Findings &findings,
                             RunGuard::Outcome outcome,
                             int firstLine)
{
    auto run = new QTreeWidgetItem;
    run->setText(What,
                 tr("%1 at %2: %n finding(s), %3", nullptr, int(findings.size()))
                         .arg(label,
                              QDateTime::currentDateTime().toString(QStringLiteral("HH:mm:ss")),
                              outcomeText(outcome)));
    run->setToolTip(What, run->text(What));
    QFont bold = run->font(What);
    bold.setBold(true);
    run->setFont(What, bold);
    for (const Protocol::Diagnostic &finding : findings) {
        auto item = new QTreeWidgetItem(run);
        item->setText(What, finding.message);
        const int line = firstLine + finding.line;
        item->setToolTip(What, tr("Line %1, %2: %3").arg(line).arg(finding.code, finding.message));
        item->setText(Where, tr("line %1").arg(line));
        item->setText(Rule, finding.code);
        item->setData(0, CellNameRole, cellName);
        item->setData(0, LineRole, finding.line);
        if (finding.severity == Protocol::Severity::Error)
            item->setForeground(What, QColor(0xc6, 0x28, 0x28));
    }
    m_tree->insertTopLevelItem(0, run);
    run->setFirstColumnSpanned(true); // only once it is in the tree
    run->setExpanded(true);
    while (m_tree->topLevelItemCount() > MaxReports)
        delete m_tree->takeTopLevelItem(m_tree->topLevelItemCount() - 1);
    m_summary->setText(tr("%n run(s) flagged.", nullptr, reportCount()));
}

void SecurityView::addNotScanned(const QString &label, const QString &why, bool ran)
{
    auto run = new QTreeWidgetItem;
    run->setText(What,
                 ran ? tr("%1 ran unscanned: %2").arg(label, why)
                     : tr("%1 was not run: it could not be scanned (%2)").arg(label, why));
    run->setToolTip(What, run->text(What));
    m_tree->insertTopLevelItem(0, run);
    run->setFirstColumnSpanned(true);
}

} // namespace Sandpiper::Ui
