#include "problemsview.h"

#include "codeicons.h"

#include <QHeaderView>

namespace Sandpiper::Ui {

namespace {
constexpr int IndexRole = Qt::UserRole + 1;
}

ProblemsView::ProblemsView(QWidget *parent)
    : QTreeWidget(parent)
{
    setObjectName(QStringLiteral("ProblemsView"));
    setColumnCount(3);
    setHeaderLabels({tr("Line"), tr("Code"), tr("Message")});
    setRootIsDecorated(false);
    setUniformRowHeights(true);
    setAlternatingRowColors(false);
    setSelectionMode(QAbstractItemView::SingleSelection);
    header()->setStretchLastSection(true);
    header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    const auto activate = [this](QTreeWidgetItem *item) {
        const QVariant index = item ? item->data(0, IndexRole) : QVariant();
        if (index.isValid())
            Q_EMIT problemActivated(index.toInt());
    };
    connect(this, &QTreeWidget::itemActivated, this, activate);
    connect(this, &QTreeWidget::itemClicked, this, activate);
    setDiagnostics(QString(), {});
}

void ProblemsView::setDiagnostics(const QString &fileName, const QList<Protocol::Diagnostic> &items)
{
    setUpdatesEnabled(false);
    clear();
    m_count = int(items.size());
    for (int i = 0; i < items.size(); ++i) {
        const Protocol::Diagnostic &d = items.at(i);
        auto item = new QTreeWidgetItem(this, {QString::number(d.line), d.code, d.message});
        item->setIcon(0, CodeIcons::severity(d.severity));
        item->setData(0, IndexRole, i);
        item->setToolTip(2, d.message);
        item->setTextAlignment(0, Qt::AlignRight | Qt::AlignVCenter);
    }
    if (items.isEmpty()) {
        const QString text = fileName.isEmpty() ? tr("No problems found.")
                                                : tr("No problems found in %1.").arg(fileName);
        auto item = new QTreeWidgetItem(this, {QString(), QString(), text});
        item->setFlags(Qt::NoItemFlags);
    }
    setUpdatesEnabled(true);
}

} // namespace Sandpiper::Ui
