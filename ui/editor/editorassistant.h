#pragma once

#include "codesessions.h"
#include "messages.h"

#include <QObject>
#include <QPointer>

#include <functional>
#include <optional>

class QTimer;

namespace Sandpiper::Client {
class CodeIntelRequest;
}

namespace Sandpiper::Ui {

class CallTipController;
class CodeEditor;
class CompletionController;
class LintMarks;

// The code intelligence of one Python editor: completion, call tips, documentation (F1 and
// hover), go to definition, black and flake8. Every question is asynchronous; an answer
// computed for an older revision of the text never changes the text.
class EditorAssistant : public QObject
{
    Q_OBJECT

public:
    static constexpr int LintDelayMs = 800;
    static constexpr int HoverDelayMs = 600;
    // After this a format-on-save gives up and the file is saved as it is.
    static constexpr int FormatTimeoutMs = 4000;
    static constexpr int LineLength = 88; // black's default, and flake8's here

    explicit EditorAssistant(CodeEditor *editor);
    ~EditorAssistant() override;

    static EditorAssistant *of(const CodeEditor *editor);

    CodeEditor *editor() const { return m_editor; }
    void setSessions(Client::AbstractSession *live, Client::AbstractSession *codeIntel);
    const CodeSessions &sessions() const { return m_sessions; }

    CompletionController *completion() const { return m_completion; }
    CallTipController *callTips() const { return m_callTips; }
    LintMarks *lintMarks() const { return m_lint; }

    enum class InspectPurpose { Help, Hover, Definition };

public Q_SLOTS:
    void complete();          // the completion list for the caret, now
    void showDocumentation(); // of the name at the caret, in the Help dock
    void goToDefinition();    // of the name at the caret
    // black on the selected lines, or the whole text. done(true) when the text changed.
    void format(const std::function<void(bool changed)> &done = {});
    // flake8 now; report: tell the outcome in the status bar.
    void lint(bool report = true);
    void scheduleLint();

Q_SIGNALS:
    // raise: the user asked (F1); otherwise a hover, which must not take the focus.
    void documentationReady(const Sandpiper::Protocol::Documentation &documentation, bool raise);
    // line 1-based, column in code points (as the engine counts).
    void definitionFound(const QString &path, int line, int column);
    void statusMessage(const QString &message);
    void diagnosticsChanged();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    // Who is asked, in this order, until one knows: the live session about the text, the
    // live session about the dotted name alone (the object in the namespace, rather than
    // the import in the text: pandas' overloads carry no docstring), the text alone.
    enum class Source { Live, LiveName, Text };
    void inspect(long position, InspectPurpose purpose);
    void inspectAt(long position,
                   InspectPurpose purpose,
                   Source source,
                   const Protocol::Documentation &best);
    void onInspected(const Protocol::Documentation &documentation,
                     InspectPurpose purpose,
                     Source source,
                     long position,
                     quint64 revision,
                     Protocol::Documentation best);
    std::optional<Source> nextSource(Source source, InspectPurpose purpose) const;
    // The dotted name around a position ("pd.read_csv") and the position's column in it.
    std::pair<QString, int> dottedNameAt(long position) const;
    void onDwell(int position, int x, int y);
    void finishFormat(const std::function<void(bool)> &done, bool changed);
    // A name's character at position (or, with orJustAfter, right before it: the caret).
    bool isNameAt(long position, bool orJustAfter) const;

    CodeEditor *m_editor;
    CodeSessions m_sessions;
    CompletionController *m_completion;
    CallTipController *m_callTips;
    LintMarks *m_lint;
    QTimer *m_lintTimer;
    QPointer<Client::CodeIntelRequest> m_lintRequest;
    QPointer<Client::CodeIntelRequest> m_formatRequest;
    QPointer<Client::CodeIntelRequest> m_inspectRequest;
    bool m_lintStale = false;
    quint64 m_lintSerial = 0;
};

} // namespace Sandpiper::Ui
