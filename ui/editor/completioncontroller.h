#pragma once

#include "codesessions.h"
#include "completionpopup.h"
#include "messages.h"

#include <QObject>
#include <QPointer>

class QTimer;

namespace Sandpiper::Client {
class CodeIntelRequest;
struct CodeIntelResult;
} // namespace Sandpiper::Client

namespace Sandpiper::Ui {

class CodeEditor;

// Completion for one editor: asks the live session and the code-intelligence engine at once, merges
// what they say, and shows it in a CompletionPopup. It pops up by itself after '.', after
// '[' and a quote (dict keys, DataFrame columns) and after two characters of a name, once
// typing pauses; a newer question cancels the older one. Tab or Enter accept, Escape
// closes; typing more narrows the list without asking again.
class CompletionController : public QObject
{
    Q_OBJECT

public:
    CompletionController(CodeEditor *editor, const CodeSessions *sessions);
    ~CompletionController() override;

    static constexpr int DebounceMs = 150;

    CompletionPopup *popup() const { return m_popup.data(); }
    bool isVisible() const;
    // The names shown, in order.
    QStringList shownNames() const;

    // Asks now for the caret's position (Ctrl+Space); also after a single character.
    void trigger();
    void hide();

    // Live items first, in their order, then what only the text knows. File-name items
    // (jedi's answer inside a string) give way to the live answer's keys.
    static QList<Protocol::CompletionItem> merge(const QList<Protocol::CompletionItem> &live,
                                                 const QList<Protocol::CompletionItem> &text);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    struct Context
    {
        int line = -1;  // 0-based
        int column = 0; // QChar column of the caret when asked
        QString prefix; // the line's text before the caret when asked
        quint64 revision = 0;
    };
    struct Candidate
    {
        Protocol::CompletionItem item;
        long anchor = 0; // where the text the item replaces starts (Scintilla position)
    };

    void onCharAdded(int ch);
    bool wantsPopupAfter(int ch) const;
    bool inCommentOrString(long position) const;
    void request();
    void cancelRequests();
    void deliver(bool live, const Client::CodeIntelResult &result);
    bool contextStillHolds() const;
    void rebuildCandidates();
    void refilter();
    void accept(const QString &name);
    void applyColors();

    CodeEditor *m_editor;
    const CodeSessions *m_sessions;
    QPointer<CompletionPopup> m_popup; // lives in the editor's window
    QTimer *m_debounce;
    QPointer<Client::CodeIntelRequest> m_liveRequest;
    QPointer<Client::CodeIntelRequest> m_textRequest;
    Context m_context;
    QList<Protocol::CompletionItem> m_liveItems;
    QList<Protocol::CompletionItem> m_textItems;
    QList<Candidate> m_candidates;
    bool m_accepting = false;
};

} // namespace Sandpiper::Ui
