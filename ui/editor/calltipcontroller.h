#pragma once

#include "codesessions.h"
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

// Call tips for one editor: the signature of the call the caret is in, shown above the line
// with the current argument highlighted. Asked when '(' or ',' is typed and when the caret
// moves while a tip is shown; the live session answers while it runs (it knows what the
// names are), the code-intelligence engine otherwise or when the live one knows nothing.
class CallTipController : public QObject
{
    Q_OBJECT

public:
    CallTipController(CodeEditor *editor, const CodeSessions *sessions);
    ~CallTipController() override;

    // What a tip shows: wrapped text and the highlighted argument as QChar offsets into it
    // (start == end: none).
    struct Tip
    {
        QString text;
        int highlightStart = 0;
        int highlightEnd = 0;
    };
    // Wraps long signatures after commas at `width` characters; at most `maxLines` lines,
    // kept around the current argument (cut lines become "…"). The first line of the
    // documentation follows when it is short.
    static Tip layout(const Protocol::SignatureInfo &signature,
                      int width = 80,
                      int maxLines = 8,
                      int overloads = 0);

    bool isShown() const;
    Tip shownTip() const { return m_shown; }
    void request();
    void hide();

private:
    void onCharAdded(int ch);
    void ask(bool live);
    void deliver(bool live, const Client::CodeIntelResult &result);
    bool contextStillHolds() const;
    long callStart(long caret) const;
    void show(const Tip &tip);
    void applyColors();

    CodeEditor *m_editor;
    const CodeSessions *m_sessions;
    QTimer *m_followCaret;
    QPointer<Client::CodeIntelRequest> m_request;
    int m_line = -1;
    int m_column = 0;
    QString m_prefix;
    long m_anchor = -1;
    Tip m_shown;
};

} // namespace Sandpiper::Ui
