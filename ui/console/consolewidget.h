#pragma once

#include <functional>

#include <abstractsession.h>
#include <consolebuffer.h>

#include <KSyntaxHighlighting/Theme>

#include <QHash>
#include <QPointer>
#include <QTextCharFormat>
#include <QWidget>

#include <optional>

class QHBoxLayout;
class QLabel;
class QPlainTextEdit;
class QToolButton;

namespace KSyntaxHighlighting {
class SyntaxHighlighter;
}

namespace Sandpiper::Ui {

class RunQueueView;

class ConsoleInput;

// The Console dock's content: the session's output, a prompt, the session state and the
// Interrupt / Restart buttons. Output goes through a ConsoleBuffer, so a flood of prints is
// coalesced and bounded and the window stays responsive.
class ConsoleWidget : public QWidget
{
    Q_OBJECT

public:
    explicit ConsoleWidget(QWidget *parent = nullptr);

    void setSession(Client::AbstractSession *session);
    Client::AbstractSession *session() const { return m_session; }

    // Asked before Restart: false keeps the session (e.g. the user chose to keep its variables).
    void setRestartGuard(std::function<bool()> guard) { m_restartGuard = std::move(guard); }
    // Clear (Ctrl+L in the console): empties the output view.
    void clearOutput();
    // Shown while the user has scrolled up and new output arrived below.
    QToolButton *jumpToEndButton() const { return m_jumpButton; }
    QToolButton *clearButton() const { return m_clearButton; }
    QToolButton *restartButton() const { return m_restartButton; }
    RunQueueView *queue() const { return m_queue; }
    // What the prompt does with code the user entered (e.g. scan it first); by default run().
    void setSubmitHandler(std::function<void(const QString &code)> handler)
    {
        m_submitHandler = std::move(handler);
    }
    // Runs code in the session and echoes it; used by the prompt and by the editor's run actions.
    Client::Execution *run(const QString &code,
                           const QString &cellName = {},
                           Client::RunPriority priority = Client::RunPriority::Interactive);
    // The window's session picker, at the front of the tool bar (it moves to the console shown).
    void setSessionSelector(QWidget *selector);

    QPlainTextEdit *outputView() const { return m_output; }
    ConsoleInput *input() const { return m_input; }
    Models::ConsoleBuffer *buffer() const { return m_buffer; }
    void setMaximumBlockCount(int blocks);

    // The editor's KSyntaxHighlighting theme (see EditorTheme) colours the output, the prompt
    // and the prompt's Python highlighting; text already shown is recoloured.
    void setTheme(const KSyntaxHighlighting::Theme &theme);
    KSyntaxHighlighting::Theme theme() const { return m_theme; }
    QTextCharFormat channelFormat(Models::ConsoleBuffer::Channel channel) const
    {
        return m_formats.value(channel);
    }

    static QString stateText(Client::SessionState state);
    static QString statusText(Client::RunStatus status);

    // The cell name and line that a line of output points at, if it is a traceback line.
    static std::optional<std::pair<QString, int>> parseLocation(const QString &line);

    // A line from the workbench itself (not from the session), shown like the session's notices.
    void appendNotice(const QString &text);

    // Writes everything pending to the view now (otherwise this happens on the next flush tick).
    void flush();

Q_SIGNALS:
    // Rich results (figures, charts, tables) for the plots and variables views.
    // A display bundle from a run; cellName is the name the run was given ("<cell 3>").
    void displayReceived(const Sandpiper::Protocol::DisplayData &data, const QString &cellName);
    // A click on a traceback line such as  File "<cell 3>", line 2
    void locationActivated(const QString &cellName, int line);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void updateFormats();
    void recolourOutput();
    void showState(Client::SessionState state);
    void showDisplay(const Protocol::DisplayData &data, const QString &cellName);
    void showOutcome(const Client::RunOutcome &outcome);
    void insertText(const QString &text, const QTextCharFormat &format);

    QPointer<Client::AbstractSession> m_session;
    int m_leftoverProcesses = 0; // as last reported by the session
    QList<QMetaObject::Connection> m_sessionConnections;
    Models::ConsoleBuffer *m_buffer;
    QPlainTextEdit *m_output;
    ConsoleInput *m_input;
    QLabel *m_stateLabel;
    QToolButton *m_interruptButton;
    QToolButton *m_restartButton;
    QToolButton *m_clearButton = nullptr;
    RunQueueView *m_queue = nullptr;
    QToolButton *m_jumpButton = nullptr;
    QHBoxLayout *m_bar = nullptr;
    std::function<bool()> m_restartGuard;
    QHash<Models::ConsoleBuffer::Channel, QTextCharFormat> m_formats;
    KSyntaxHighlighting::Theme m_theme;
    KSyntaxHighlighting::SyntaxHighlighter *m_inputHighlighter;
    std::function<void(const QString &code)> m_submitHandler;
};

} // namespace Sandpiper::Ui
