#include "editorassistant.h"

#include "calltipcontroller.h"
#include "codeeditor.h"
#include "completioncontroller.h"
#include "lintmarks.h"
#include "sqlcells.h"

#include <codeintelrequest.h>

#include <QMouseEvent>
#include <QTimer>
#include <QToolTip>

#include <memory>

namespace Sandpiper::Ui {

using Client::CodeIntelRequest;
using Client::CodeIntelResult;

namespace {
using Base = QsciScintillaBase;

bool isNameChar(QChar c)
{
    return c.isLetterOrNumber() || c == QLatin1Char('_');
}
} // namespace

EditorAssistant::EditorAssistant(CodeEditor *editor)
    : QObject(editor)
    , m_editor(editor)
    , m_completion(new CompletionController(editor, &m_sessions))
    , m_callTips(new CallTipController(editor, &m_sessions))
    , m_lint(new LintMarks(editor))
    , m_lintTimer(new QTimer(this))
{
    setObjectName(QStringLiteral("EditorAssistant"));
    m_lintTimer->setSingleShot(true);
    m_lintTimer->setInterval(LintDelayMs);
    connect(m_lintTimer, &QTimer::timeout, this, [this] { lint(false); });
    connect(m_editor, &QsciScintilla::textChanged, this, &EditorAssistant::scheduleLint);
    connect(m_lint, &LintMarks::changed, this, &EditorAssistant::diagnosticsChanged);
    m_editor->SendScintilla(Base::SCI_SETMOUSEDWELLTIME, HoverDelayMs);
    connect(m_editor, &QsciScintillaBase::SCN_DWELLSTART, this, &EditorAssistant::onDwell);
    connect(m_editor, &QsciScintillaBase::SCN_DWELLEND, this, [] { QToolTip::hideText(); });
    m_editor->installEventFilter(this);
    m_editor->viewport()->installEventFilter(this);
}

EditorAssistant::~EditorAssistant()
{
    for (const QPointer<CodeIntelRequest> &request :
         {m_lintRequest, m_formatRequest, m_inspectRequest}) {
        if (request)
            request->cancel();
    }
}

EditorAssistant *EditorAssistant::of(const CodeEditor *editor)
{
    return editor ? editor->findChild<EditorAssistant *>(QString(), Qt::FindDirectChildrenOnly)
                  : nullptr;
}

void EditorAssistant::setSessions(Client::AbstractSession *live, Client::AbstractSession *codeIntel)
{
    m_sessions.live = live;
    m_sessions.codeIntel = codeIntel;
    if (m_editor->length() > 0)
        scheduleLint();
}

// --- Completion and documentation -------------------------------------------------------------

void EditorAssistant::complete()
{
    m_completion->trigger();
}

bool EditorAssistant::isNameAt(long position, bool orJustAfter) const
{
    const auto [line, column] = m_editor->lineColumnAt(position);
    const QString text = m_editor->text(line);
    return (column < text.size() && isNameChar(text.at(column)))
           || (orJustAfter && column > 0 && column <= text.size()
               && isNameChar(text.at(column - 1)));
}

void EditorAssistant::showDocumentation()
{
    if (!m_sessions.liveRunning() && !m_sessions.codeIntel) {
        Q_EMIT statusMessage(
                tr("No Python session or code-intelligence engine to ask for documentation."));
        return;
    }
    inspect(m_editor->SendScintilla(Base::SCI_GETCURRENTPOS), InspectPurpose::Help);
}

void EditorAssistant::goToDefinition()
{
    inspect(m_editor->SendScintilla(Base::SCI_GETCURRENTPOS), InspectPurpose::Definition);
}

void EditorAssistant::inspect(long position, InspectPurpose purpose)
{
    if (m_sessions.liveRunning())
        inspectAt(position, purpose, Source::Live, {});
    else if (m_sessions.codeIntel)
        inspectAt(position, purpose, Source::Text, {});
}

std::optional<EditorAssistant::Source> EditorAssistant::nextSource(Source source,
                                                                   InspectPurpose purpose) const
{
    if (source == Source::Live && purpose != InspectPurpose::Definition)
        return Source::LiveName;
    if (source != Source::Text && m_sessions.codeIntel)
        return Source::Text;
    return std::nullopt;
}

std::pair<QString, int> EditorAssistant::dottedNameAt(long position) const
{
    const auto [line, column] = m_editor->lineColumnAt(position);
    const QString text = m_editor->text(line);
    qsizetype start = qMin<qsizetype>(column, text.size());
    while (start > 0 && (isNameChar(text.at(start - 1)) || text.at(start - 1) == QLatin1Char('.')))
        --start;
    while (start < column && text.at(start) == QLatin1Char('.'))
        ++start;
    qsizetype end = qMin<qsizetype>(column, text.size());
    while (end < text.size() && isNameChar(text.at(end)))
        ++end;
    return {text.mid(start, end - start), int(column - start)};
}

void EditorAssistant::inspectAt(long position,
                                InspectPurpose purpose,
                                Source source,
                                const Protocol::Documentation &best)
{
    Client::AbstractSession *session
            = source == Source::Text ? m_sessions.codeIntel.data() : m_sessions.live.data();
    if (!session || !m_editor->isPython())
        return;
    if (m_inspectRequest)
        m_inspectRequest->cancel();
    auto [line, column] = m_editor->lineColumnAt(position);
    QString code = m_editor->codeText();
    if (source == Source::LiveName) {
        std::tie(code, column) = dottedNameAt(position);
        line = 0;
        if (code.isEmpty()) {
            onInspected({}, purpose, source, position, m_editor->revision(), best);
            return;
        }
    }
    const quint64 revision = m_editor->revision();
    m_inspectRequest = session->inspect(code,
                                        line + 1,
                                        column,
                                        m_editor->codeIntelPath(),
                                        source == Source::Text ? Protocol::CodeSource::Static
                                                               : Protocol::CodeSource::Live);
    connect(m_inspectRequest,
            &CodeIntelRequest::finished,
            this,
            [this, purpose, source, position, revision, best](const CodeIntelResult &result) {
                onInspected(result.answered ? result.documentation : Protocol::Documentation(),
                            purpose,
                            source,
                            position,
                            revision,
                            best);
            });
}

void EditorAssistant::onInspected(const Protocol::Documentation &documentation,
                                  InspectPurpose purpose,
                                  Source source,
                                  long position,
                                  quint64 revision,
                                  Protocol::Documentation best)
{
    const bool sameText = revision == m_editor->revision();
    const bool definition = purpose == InspectPurpose::Definition;
    const bool complete
            = definition
                      ? !documentation.definitionPath.isEmpty() && documentation.definitionLine > 0
                      : !documentation.name.isEmpty() && !documentation.doc.trimmed().isEmpty();
    // A name without its docstring is kept in case nobody knows more.
    if (!definition && best.name.isEmpty() && !documentation.name.isEmpty())
        best = documentation;
    if (!complete && sameText) {
        if (const auto next = nextSource(source, purpose)) {
            inspectAt(position, purpose, *next, best);
            return;
        }
    }
    const Protocol::Documentation &found = complete ? documentation : best;
    switch (purpose) {
    case InspectPurpose::Help:
        if (!found.name.isEmpty())
            Q_EMIT documentationReady(found, true);
        else
            Q_EMIT statusMessage(tr("No documentation found for the name at the cursor."));
        break;
    case InspectPurpose::Hover:
        if (!found.name.isEmpty())
            Q_EMIT documentationReady(found, false);
        break;
    case InspectPurpose::Definition:
        if (!sameText)
            break; // the caret must not jump because of an answer about older text
        if (complete)
            Q_EMIT definitionFound(documentation.definitionPath,
                                   documentation.definitionLine,
                                   qMax(0, documentation.definitionColumn));
        else
            Q_EMIT statusMessage(tr("No definition found for the name at the cursor."));
        break;
    }
}

void EditorAssistant::onDwell(int position, int x, int y)
{
    if (m_completion->isVisible())
        return;
    int textLeft = int(m_editor->SendScintilla(Base::SCI_GETMARGINLEFT));
    for (int margin = 0; margin < 5; ++margin)
        textLeft += m_editor->marginWidth(margin);
    const bool inMargin = x < textLeft;
    const long near = position >= 0 ? long(position)
                                    : m_editor->SendScintilla(Base::SCI_POSITIONFROMPOINT, x, y);
    const int line = int(m_editor->SendScintilla(Base::SCI_LINEFROMPOSITION, near));
    const QString messages = m_lint->messagesAt(line, near, inMargin);
    if (!messages.isEmpty()) {
        const QPoint at = m_editor->viewport()->mapToGlobal(QPoint(x, y));
        QToolTip::showText(at, messages, m_editor->viewport());
        return;
    }
    if (!inMargin && position >= 0 && isNameAt(position, false)
        && (m_sessions.liveRunning() || m_sessions.codeIntel))
        inspect(position, InspectPurpose::Hover);
}

// --- black ------------------------------------------------------------------------------------

void EditorAssistant::finishFormat(const std::function<void(bool)> &done, bool changed)
{
    if (done)
        done(changed);
}

void EditorAssistant::format(const std::function<void(bool)> &done)
{
    Client::AbstractSession *session = m_sessions.formatter();
    if (!m_editor->isPython() || m_editor->isReadOnly() || !session) {
        if (!session)
            Q_EMIT statusMessage(tr("black is not available: no code-intelligence engine."));
        finishFormat(done, false);
        return;
    }
    if (m_formatRequest)
        m_formatRequest->cancel();
    QList<std::pair<int, int>> ranges;
    if (m_editor->hasSelectedText()) {
        const auto [first, last] = m_editor->selectedLines();
        ranges.append({first + 1, last + 1});
    }
    const quint64 revision = m_editor->revision();
    CodeIntelRequest *request
            = session->format(m_editor->codeText(), m_editor->filePath(), ranges, LineLength);
    m_formatRequest = request;
    // One answer, whichever comes first: black's or the time-out's.
    auto answered = std::make_shared<bool>(false);
    QTimer::singleShot(FormatTimeoutMs, request, [this, request, done, answered] {
        if (std::exchange(*answered, true))
            return;
        request->cancel();
        Q_EMIT statusMessage(tr("black did not answer in time; nothing was changed."));
        finishFormat(done, false);
    });
    connect(request, &CodeIntelRequest::finished, this, [=, this](const CodeIntelResult &result) {
        if (std::exchange(*answered, true))
            return;
        if (!result.answered) {
            Q_EMIT statusMessage(tr("Cannot format with black: %1").arg(result.error));
            finishFormat(done, false);
            return;
        }
        if (m_editor->revision() != revision) {
            Q_EMIT statusMessage(
                    tr("The text changed while black was formatting it; nothing was changed."));
            finishFormat(done, false);
            return;
        }
        const Protocol::FormatResult &formatted = result.formatted;
        if (!formatted.ok) {
            const QString message
                    = formatted.errorLine > 0
                              ? tr("black cannot format this code (line %1): %2")
                                        .arg(formatted.errorLine)
                                        .arg(formatted.errorMessage)
                              : tr("black cannot format this code: %1").arg(formatted.errorMessage);
            Q_EMIT statusMessage(message);
            if (formatted.errorLine > 0) {
                // The line is marked like a lint finding until the next lint.
                QList<Protocol::Diagnostic> items = m_lint->diagnostics();
                items.prepend({formatted.errorLine,
                               0,
                               QStringLiteral("black"),
                               formatted.errorMessage,
                               Protocol::Severity::Error});
                m_lint->setDiagnostics(items);
            }
            finishFormat(done, false);
            return;
        }
        const bool changed = m_editor->replaceTextMinimally(formatted.code);
        Q_EMIT statusMessage(changed ? tr("Formatted with black.")
                                     : tr("Already formatted: black changed nothing."));
        finishFormat(done, changed);
    });
}

// --- flake8 -----------------------------------------------------------------------------------

void EditorAssistant::scheduleLint()
{
    if (m_editor->isPython() && m_sessions.formatter())
        m_lintTimer->start();
}

void EditorAssistant::lint(bool report)
{
    m_lintTimer->stop();
    if (!m_editor->isPython()) {
        m_lint->clear();
        return;
    }
    Client::AbstractSession *session = m_sessions.formatter();
    if (!session) {
        if (report)
            Q_EMIT statusMessage(tr("flake8 is not available: no code-intelligence engine."));
        return;
    }
    if (m_lintRequest)
        m_lintRequest->cancel();
    m_lintStale = false;
    const quint64 revision = m_editor->revision();
    const quint64 serial = ++m_lintSerial;
    // SQL cells are not Python: flake8 sees stand-ins on the same lines.
    CodeIntelRequest *request
            = session->lint(SqlCells::lintable(m_editor->codeText()), m_editor->filePath());
    m_lintRequest = request;
    auto finished = std::make_shared<bool>(false);
    connect(request,
            &CodeIntelRequest::finished,
            this,
            [this, revision, report, finished](const CodeIntelResult &result) {
                *finished = true;
                if (!result.answered) {
                    if (report)
                        Q_EMIT statusMessage(tr("flake8 did not answer: %1").arg(result.error));
                    return;
                }
                if (m_editor->revision() != revision)
                    return; // typed since: the next lint comes when typing pauses
                m_lint->setDiagnostics(result.diagnostics.items);
                if (report) {
                    const int count = int(result.diagnostics.items.size());
                    Q_EMIT statusMessage(count == 0   ? tr("flake8 found no problems.")
                                         : count == 1 ? tr("flake8 found one problem.")
                                                      : tr("flake8 found %1 problems.").arg(count));
                }
            });
    // Ended without an answer and not by us (a newer lint of another unsaved buffer replaced
    // it): lint again when this editor is shown.
    connect(request, &QObject::destroyed, this, [this, serial, finished] {
        if (!*finished && serial == m_lintSerial)
            m_lintStale = true;
    });
}

// --- Events -----------------------------------------------------------------------------------

bool EditorAssistant::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_editor && event->type() == QEvent::Show && m_lintStale)
        scheduleLint();
    if (watched == m_editor->viewport() && event->type() == QEvent::MouseButtonPress) {
        auto mouse = static_cast<QMouseEvent *>(event);
        if (mouse->button() == Qt::LeftButton && mouse->modifiers() == Qt::ControlModifier) {
            const QPoint at = mouse->position().toPoint();
            const long position
                    = m_editor->SendScintilla(Base::SCI_POSITIONFROMPOINTCLOSE, at.x(), at.y());
            if (position >= 0 && isNameAt(position, true)) {
                m_editor->SendScintilla(Base::SCI_GOTOPOS, position);
                m_editor->setFocus();
                goToDefinition();
                return true;
            }
        }
    }
    return false;
}

} // namespace Sandpiper::Ui
