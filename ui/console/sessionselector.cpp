#include "sessionselector.h"

#include "consolewidget.h"

#include <sessionpool.h>

#include <QAbstractItemView>
#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QLocale>
#include <QMenu>
#include <QToolButton>

#include <functional>

namespace Sandpiper::Ui {

using Client::AbstractSession;

namespace {
constexpr int SessionRole = Qt::UserRole + 1;

AbstractSession *sessionAt(const QComboBox *combo, int index)
{
    return static_cast<AbstractSession *>(combo->itemData(index, SessionRole).value<void *>());
}
} // namespace

// The closed box shows the session's name; its open list each session's state, memory and CPU.
// The texts change before the list is laid out, and back when it hides, however it closes (a
// click elsewhere closes it without hidePopup()).
class SessionCombo : public QComboBox
{
public:
    explicit SessionCombo(QWidget *parent)
        : QComboBox(parent)
    {
        view()->window()->installEventFilter(this);
    }
    std::function<void()> popupToggled;
    bool isOpen() const { return m_open; }

    void showPopup() override
    {
        m_open = true;
        popupToggled();
        QComboBox::showPopup();
    }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Hide && watched == view()->window() && m_open) {
            m_open = false;
            popupToggled();
        }
        return QComboBox::eventFilter(watched, event);
    }

private:
    bool m_open = false;
};

SessionSelector::SessionSelector(QWidget *parent)
    : QWidget(parent)
    , m_combo(new SessionCombo(this))
    , m_new(new QToolButton(this))
{
    setObjectName(QStringLiteral("SessionSelector"));
    m_combo->setObjectName(QStringLiteral("SessionCombo"));
    m_combo->setToolTip(tr("The session this console, Variables, Plots and Resources show"));
    // A steady width while the open list's details change.
    m_combo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_combo->setMinimumContentsLength(7);
    static_cast<SessionCombo *>(m_combo)->popupToggled = [this] {
        for (int i = 0; i < m_combo->count(); ++i)
            updateItem(sessionAt(m_combo, i));
    };
    m_new->setObjectName(QStringLiteral("NewSessionButton"));
    m_new->setText(tr("+"));
    m_new->setToolTip(tr("New Session: a Python session of its own, with its own workspace, "
                         "variables and plots"));
    auto menu = new QMenu(m_new);
    m_rename = menu->addAction(tr("Rename Session…"));
    m_rename->setObjectName(QStringLiteral("RenameSessionAction"));
    m_close = menu->addAction(tr("Close Session"));
    m_close->setObjectName(QStringLiteral("CloseSessionMenuAction"));
    m_close->setToolTip(tr("Close this session: its engine stops and its variables are lost"));
    m_new->setMenu(menu);
    m_new->setPopupMode(QToolButton::MenuButtonPopup);
    auto layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_combo);
    layout->addWidget(m_new);

    connect(m_combo, &QComboBox::activated, this, [this](int index) {
        if (AbstractSession *session = sessionAt(m_combo, index))
            Q_EMIT sessionChosen(session);
    });
    connect(m_new, &QToolButton::clicked, this, &SessionSelector::newRequested);
    connect(m_rename, &QAction::triggered, this, [this] {
        if (AbstractSession *session = currentSession())
            Q_EMIT renameRequested(session);
    });
    connect(m_close, &QAction::triggered, this, [this] {
        if (AbstractSession *session = currentSession())
            Q_EMIT closeRequested(session);
    });
    updateButtons();
}

void SessionSelector::setPool(Client::SessionPool *pool)
{
    if (m_pool)
        disconnect(m_pool, nullptr, this, nullptr);
    m_pool = pool;
    if (pool) {
        connect(pool, &Client::SessionPool::added, this, &SessionSelector::rebuild);
        connect(pool, &Client::SessionPool::removed, this, &SessionSelector::rebuild);
        connect(pool, &Client::SessionPool::changed, this, &SessionSelector::updateItem);
    }
    rebuild();
}

void SessionSelector::rebuild()
{
    AbstractSession *current = currentSession();
    const QSignalBlocker blocker(m_combo);
    m_combo->clear();
    if (m_pool) {
        for (AbstractSession *session : m_pool->sessions()) {
            m_combo->addItem(m_pool->name(session));
            m_combo->setItemData(
                    m_combo->count() - 1, QVariant::fromValue<void *>(session), SessionRole);
            updateItem(session);
        }
    }
    const int index = indexOf(current);
    m_combo->setCurrentIndex(index >= 0 ? index : 0);
    updateButtons();
}

void SessionSelector::updateItem(AbstractSession *session)
{
    const int index = indexOf(session);
    if (index < 0 || !m_pool)
        return;
    const QString description = describe(session);
    const bool open = static_cast<SessionCombo *>(m_combo)->isOpen();
    m_combo->setItemText(index, open ? description : m_pool->name(session));
    m_combo->setItemData(index, description, Qt::ToolTipRole);
    if (index == m_combo->currentIndex())
        m_combo->setToolTip(description);
}

QString SessionSelector::describe(AbstractSession *session) const
{
    if (!m_pool || !session)
        return {};
    const Client::ResourceSample sample = m_pool->lastSample(session);
    QString text = m_pool->name(session) + QStringLiteral(" — ")
                   + ConsoleWidget::stateText(session->state());
    const auto state = session->state();
    if (sample.memoryBytes > 0 && state != Client::SessionState::NotStarted
        && state != Client::SessionState::Dead)
        text += tr(" · %1 · %2 % CPU")
                        .arg(QLocale().formattedDataSize(
                                sample.memoryBytes, 0, QLocale::DataSizeTraditionalFormat))
                        .arg(qRound(sample.cpuPercent));
    return text;
}

void SessionSelector::setCurrentSession(AbstractSession *session)
{
    const int index = indexOf(session);
    if (index >= 0) {
        const QSignalBlocker blocker(m_combo);
        m_combo->setCurrentIndex(index);
        m_combo->setToolTip(describe(session));
    }
    updateButtons();
}

AbstractSession *SessionSelector::currentSession() const
{
    return m_combo->currentIndex() < 0 ? nullptr : sessionAt(m_combo, m_combo->currentIndex());
}

int SessionSelector::indexOf(AbstractSession *session) const
{
    for (int i = 0; i < m_combo->count(); ++i) {
        if (sessionAt(m_combo, i) == session)
            return i;
    }
    return -1;
}

void SessionSelector::updateButtons()
{
    const int sessions = m_combo->count();
    m_new->setEnabled(m_pool && m_pool->canCreate());
    m_rename->setEnabled(sessions > 0);
    // The window keeps one session: Restart gives a fresh one.
    m_close->setEnabled(sessions > 1);
}

} // namespace Sandpiper::Ui
