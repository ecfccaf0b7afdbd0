#pragma once

#include <sessionpool.h>

#include <QPointer>
#include <QWidget>

class QAction;
class QComboBox;
class QToolButton;

namespace Sandpiper::Client {
class AbstractSession;
class SessionPool;
} // namespace Sandpiper::Client

namespace Sandpiper::Ui {

// The session picker at the front of the console's tool bar: the window's sessions, each with
// its state, memory and CPU, and a New button whose menu also has Rename and Close (one button,
// so the tool bar still fits a narrow console). It only tells what the user chose; the window
// switches.
class SessionSelector : public QWidget
{
    Q_OBJECT

public:
    explicit SessionSelector(QWidget *parent = nullptr);

    void setPool(Client::SessionPool *pool);
    void setCurrentSession(Client::AbstractSession *session);
    Client::AbstractSession *currentSession() const;
    QComboBox *combo() const { return m_combo; }
    QToolButton *newButton() const { return m_new; }
    QAction *renameAction() const { return m_rename; }
    QAction *closeAction() const { return m_close; }
    // "Session 2 — Busy · 412 MB · 98 % CPU"
    QString describe(Client::AbstractSession *session) const;

Q_SIGNALS:
    void sessionChosen(Sandpiper::Client::AbstractSession *session);
    void newRequested();
    void renameRequested(Sandpiper::Client::AbstractSession *session);
    void closeRequested(Sandpiper::Client::AbstractSession *session);

private:
    void rebuild();
    void updateItem(Client::AbstractSession *session);
    void updateButtons();
    int indexOf(Client::AbstractSession *session) const;

    QPointer<Client::SessionPool> m_pool;
    QComboBox *m_combo = nullptr;
    QToolButton *m_new = nullptr;
    QAction *m_rename = nullptr;
    QAction *m_close = nullptr;
};

} // namespace Sandpiper::Ui
