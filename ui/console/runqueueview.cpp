#include "runqueueview.h"

#include <abstractsession.h>

#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QToolButton>
#include <QVBoxLayout>

namespace Sandpiper::Ui {

namespace {
constexpr int IdRole = Qt::UserRole;
}

RunQueueView::RunQueueView(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("RunQueue"));
    m_title = new QLabel;
    m_note = new QLabel;
    m_note->setWordWrap(true);
    m_note->hide();
    m_list = new QListWidget;
    m_list->setMaximumHeight(m_list->fontMetrics().height() * 5);
    m_cancel = new QToolButton;
    m_cancel->setText(tr("Cancel"));
    m_cancel->setToolTip(tr("Take the selected run out of the queue"));
    m_up = new QToolButton;
    m_up->setText(tr("Up"));
    m_up->setToolTip(tr("Run it sooner"));
    m_down = new QToolButton;
    m_down->setText(tr("Down"));
    m_down->setToolTip(tr("Run it later"));

    auto buttons = new QVBoxLayout;
    buttons->setContentsMargins(0, 0, 0, 0);
    for (QToolButton *button : {m_cancel, m_up, m_down})
        buttons->addWidget(button);
    buttons->addStretch();
    auto row = new QHBoxLayout;
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(m_list, 1);
    row->addLayout(buttons);
    auto layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 0, 4, 2);
    layout->addWidget(m_title);
    layout->addWidget(m_note);
    layout->addLayout(row);

    connect(m_list, &QListWidget::currentRowChanged, this, &RunQueueView::updateButtons);
    connect(m_cancel, &QToolButton::clicked, this, [this] {
        if (m_session)
            m_session->cancelQueued(selectedId());
    });
    connect(m_up, &QToolButton::clicked, this, [this] {
        if (m_session)
            m_session->moveQueued(selectedId(), -1);
    });
    connect(m_down, &QToolButton::clicked, this, [this] {
        if (m_session)
            m_session->moveQueued(selectedId(), +1);
    });
    hide();
}

void RunQueueView::setSession(Client::AbstractSession *session)
{
    disconnect(m_connection);
    m_session = session;
    if (session)
        m_connection = connect(
                session, &Client::AbstractSession::queueChanged, this, &RunQueueView::refresh);
    refresh();
}

QString RunQueueView::firstLine(const QString &code)
{
    const QStringList lines = code.split(u'\n');
    for (const QString &line : lines) {
        if (!line.trimmed().isEmpty())
            return lines.size() > 1 ? line.trimmed() + QStringLiteral(" …") : line.trimmed();
    }
    return QString();
}

void RunQueueView::refresh()
{
    const quint64 selected = selectedId();
    const QList<Client::QueuedRun> runs
            = m_session ? m_session->queuedRuns() : QList<Client::QueuedRun>();
    const QString note = m_session ? m_session->queueNote() : QString();
    m_list->clear();
    for (const Client::QueuedRun &run : runs) {
        auto item = new QListWidgetItem(firstLine(run.code), m_list);
        item->setData(IdRole, run.id);
        item->setToolTip(run.code.left(2000));
        if (run.id == selected)
            m_list->setCurrentItem(item);
    }
    m_title->setText(tr("%n run(s) waiting:", nullptr, int(runs.size())));
    m_note->setText(note);
    m_note->setVisible(!note.isEmpty());
    setVisible(!runs.isEmpty());
    updateButtons();
}

quint64 RunQueueView::selectedId() const
{
    const QListWidgetItem *item = m_list->currentItem();
    return item ? item->data(IdRole).toULongLong() : 0;
}

void RunQueueView::updateButtons()
{
    const int row = m_list->currentRow();
    m_cancel->setEnabled(row >= 0);
    m_up->setEnabled(row > 0);
    m_down->setEnabled(row >= 0 && row < m_list->count() - 1);
}

} // namespace Sandpiper::Ui
