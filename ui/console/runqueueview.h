#pragma once

#include <QPointer>
#include <QWidget>

class QLabel;
class QListWidget;
class QToolButton;

namespace Sandpiper::Client {
class AbstractSession;
}

namespace Sandpiper::Ui {

// The runs waiting in the session's queue, under the console's tool bar: each by its code's
// first line, with Cancel, Up and Down; why the next one waits, when it does (rate limit).
// Hidden while nothing waits.
class RunQueueView : public QWidget
{
    Q_OBJECT

public:
    explicit RunQueueView(QWidget *parent = nullptr);

    void setSession(Client::AbstractSession *session);
    QListWidget *list() const { return m_list; }
    QToolButton *cancelButton() const { return m_cancel; }
    QToolButton *upButton() const { return m_up; }
    QToolButton *downButton() const { return m_down; }
    QLabel *note() const { return m_note; }

    static QString firstLine(const QString &code);

private:
    void refresh();
    quint64 selectedId() const;
    void updateButtons();

    QPointer<Client::AbstractSession> m_session;
    QMetaObject::Connection m_connection;
    QLabel *m_title = nullptr;
    QLabel *m_note = nullptr;
    QListWidget *m_list = nullptr;
    QToolButton *m_cancel = nullptr;
    QToolButton *m_up = nullptr;
    QToolButton *m_down = nullptr;
};

} // namespace Sandpiper::Ui
