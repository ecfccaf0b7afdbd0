#include "calltipcontroller.h"

#include "codeeditor.h"
#include "editortheme.h"

#include <codeintelrequest.h>

#include <QEvent>
#include <QTimer>

namespace Sandpiper::Ui {

namespace {
using Base = QsciScintillaBase;

constexpr int FollowCaretMs = 150;
const QString Ellipsis = QStringLiteral("    \u2026");

bool isNameChar(QChar c)
{
    return c.isLetterOrNumber() || c == QLatin1Char('_');
}

struct TipLine
{
    QString text;
    int highlightStart = -1;
    int highlightEnd = -1;
};
} // namespace

CallTipController::CallTipController(CodeEditor *editor, const CodeSessions *sessions)
    : QObject(editor)
    , m_editor(editor)
    , m_sessions(sessions)
    , m_followCaret(new QTimer(this))
{
    m_followCaret->setSingleShot(true);
    m_followCaret->setInterval(FollowCaretMs);
    connect(m_followCaret, &QTimer::timeout, this, &CallTipController::request);
    connect(m_editor, &QsciScintillaBase::SCN_CHARADDED, this, &CallTipController::onCharAdded);
    connect(m_editor, &QsciScintilla::cursorPositionChanged, this, [this] {
        if (isShown())
            m_followCaret->start();
    });
    connect(m_editor, &CodeEditor::themeChanged, this, &CallTipController::applyColors);
    // Above the line, so that the completion list below it stays clear.
    m_editor->SendScintilla(Base::SCI_CALLTIPSETPOSITION, 1UL);
    applyColors();
}

CallTipController::~CallTipController()
{
    if (m_request)
        m_request->cancel();
}

void CallTipController::applyColors()
{
    const EditorColors c = EditorTheme::colors(m_editor->theme());
    const QColor back
            = c.background.lightness() < 128 ? c.background.lighter(125) : c.background.darker(104);
    const QFont font = EditorTheme::font();
    m_editor->SendScintilla(Base::SCI_CALLTIPUSESTYLE, 0UL);
    m_editor->SendScintilla(
            Base::SCI_STYLESETFONT, Base::STYLE_CALLTIP, font.family().toUtf8().constData());
    m_editor->SendScintilla(Base::SCI_STYLESETSIZE, Base::STYLE_CALLTIP, long(font.pointSize()));
    // The other arguments recede; the current one stands out in the theme's function colour
    // (Scintilla can only change the highlighted text's colour, not its weight).
    const QColor quiet = QColor::fromRgbF(c.foreground.redF() * 0.7 + back.redF() * 0.3,
                                          c.foreground.greenF() * 0.7 + back.greenF() * 0.3,
                                          c.foreground.blueF() * 0.7 + back.blueF() * 0.3);
    QColor current
            = EditorTheme::textColor(m_editor->theme(), KSyntaxHighlighting::Theme::Function);
    if (qAbs(current.lightness() - back.lightness()) < 80)
        current = c.error; // a theme whose function colour is close to the paper
    m_editor->SendScintilla(Base::SCI_STYLESETFORE, Base::STYLE_CALLTIP, quiet);
    m_editor->SendScintilla(Base::SCI_STYLESETBACK, Base::STYLE_CALLTIP, back);
    m_editor->SendScintilla(Base::SCI_CALLTIPSETBACK, back);
    m_editor->SendScintilla(Base::SCI_CALLTIPSETFORE, quiet);
    m_editor->SendScintilla(Base::SCI_CALLTIPSETFOREHLT, current);
}

CallTipController::Tip CallTipController::layout(const Protocol::SignatureInfo &signature,
                                                 int width,
                                                 int maxLines,
                                                 int overloads)
{
    const QString &label = signature.label;
    const qsizetype open = label.indexOf(QLatin1Char('('));
    const qsizetype close = label.lastIndexOf(QLatin1Char(')'));
    QList<TipLine> lines;
    int activeLine = 0;
    if (open < 0 || close < open) {
        lines.append({label});
    } else {
        TipLine current{label.left(open + 1)};
        const QString indent(4, QLatin1Char(' '));
        for (int i = 0; i < signature.params.size(); ++i) {
            const QString &param = signature.params.at(i);
            const bool last = i == signature.params.size() - 1;
            const QString piece = last ? param : param + QStringLiteral(", ");
            if (current.text.size() + param.size() > width && !current.text.trimmed().isEmpty()) {
                if (current.text.endsWith(QLatin1Char(' ')))
                    current.text.chop(1);
                lines.append(current);
                current = {indent};
            }
            if (i == signature.activeParam) {
                current.highlightStart = int(current.text.size());
                current.highlightEnd = current.highlightStart + int(param.size());
                activeLine = int(lines.size());
            }
            current.text += piece;
        }
        current.text += label.mid(close);
        lines.append(current);
    }

    // Long signatures (pandas has them with fifty arguments): the first line, and the lines
    // around the current argument.
    if (lines.size() > maxLines && maxLines >= 3) {
        QList<TipLine> kept{lines.first()};
        const int room = maxLines - 1;
        int from = qBound(1, activeLine - room / 2, int(lines.size()) - room);
        if (from > 1)
            kept.append({Ellipsis});
        for (int i = from; i < from + room && i < lines.size(); ++i)
            kept.append(lines.at(i));
        if (from + room < lines.size())
            kept.append({Ellipsis});
        lines = kept;
    }

    QString summary;
    for (const QString &line : signature.doc.split(QLatin1Char('\n'))) {
        if (!line.trimmed().isEmpty()) {
            summary = line.trimmed();
            break;
        }
    }
    if (summary.size() <= width && !summary.isEmpty())
        lines.append({summary});
    if (overloads == 1)
        lines.append({tr("(and one more signature)")});
    else if (overloads > 1)
        lines.append({tr("(and %1 more signatures)").arg(overloads)});

    Tip tip;
    for (const TipLine &line : std::as_const(lines)) {
        if (!tip.text.isEmpty())
            tip.text += QLatin1Char('\n');
        if (line.highlightStart >= 0) {
            tip.highlightStart = int(tip.text.size()) + line.highlightStart;
            tip.highlightEnd = int(tip.text.size()) + line.highlightEnd;
        }
        tip.text += line.text;
    }
    return tip;
}

bool CallTipController::isShown() const
{
    return m_editor->SendScintilla(Base::SCI_CALLTIPACTIVE) != 0;
}

void CallTipController::onCharAdded(int ch)
{
    if (ch == '(' || ch == ',' || (ch == ')' && isShown())) {
        if (m_editor->isPython())
            m_followCaret->start(0);
    }
}

void CallTipController::request()
{
    m_followCaret->setInterval(FollowCaretMs);
    if (!m_editor->isPython())
        return;
    if (m_sessions->liveRunning())
        ask(true);
    else if (m_sessions->codeIntel)
        ask(false);
    else
        hide();
}

void CallTipController::ask(bool live)
{
    if (m_request)
        m_request->cancel();
    const long caret = m_editor->SendScintilla(Base::SCI_GETCURRENTPOS);
    const auto [line, column] = m_editor->lineColumnAt(caret);
    m_line = line;
    m_column = column;
    m_prefix = m_editor->text(line).left(column);
    m_anchor = callStart(caret);
    Client::AbstractSession *session
            = live ? m_sessions->live.data() : m_sessions->codeIntel.data();
    m_request
            = session->signature(m_editor->codeText(),
                                 line + 1,
                                 column,
                                 m_editor->codeIntelPath(),
                                 live ? Protocol::CodeSource::Live : Protocol::CodeSource::Static);
    connect(m_request, &Client::CodeIntelRequest::finished, this, [this, live](const auto &result) {
        deliver(live, result);
    });
}

bool CallTipController::contextStillHolds() const
{
    const long caret = m_editor->SendScintilla(Base::SCI_GETCURRENTPOS);
    const auto [line, column] = m_editor->lineColumnAt(caret);
    return line == m_line && column >= m_column && m_editor->text(line).startsWith(m_prefix);
}

void CallTipController::deliver(bool live, const Client::CodeIntelResult &result)
{
    if (!contextStillHolds())
        return; // the text or the place changed: a newer question follows, or none is wanted
    const QList<Protocol::SignatureInfo> &items = result.signatures.items;
    if (result.answered && !items.isEmpty()) {
        show(layout(items.first(), 80, 8, int(items.size()) - 1));
        return;
    }
    if (live && m_sessions->codeIntel) {
        ask(false); // names not run yet: the text may still say what they are
        return;
    }
    hide();
}

long CallTipController::callStart(long caret) const
{
    const auto [line, column] = m_editor->lineColumnAt(caret);
    const QString text = m_editor->text(line).left(column);
    int depth = 0;
    qsizetype open = -1;
    for (qsizetype i = text.size() - 1; i >= 0 && open < 0; --i) {
        const QChar c = text.at(i);
        if (c == QLatin1Char(')') || c == QLatin1Char(']') || c == QLatin1Char('}'))
            ++depth;
        else if (c == QLatin1Char('(') && depth == 0)
            open = i;
        else if (c == QLatin1Char('(') || c == QLatin1Char('[') || c == QLatin1Char('{'))
            depth = qMax(0, depth - 1);
    }
    qsizetype start = open;
    if (open >= 0) {
        // Under the called name, dots included: `pd.read_csv(`.
        while (start > 0
               && (isNameChar(text.at(start - 1)) || text.at(start - 1) == QLatin1Char('.')))
            --start;
    } else {
        start = 0;
        while (start < text.size() && text.at(start).isSpace())
            ++start;
    }
    return m_editor->positionAt(line, int(start));
}

void CallTipController::show(const Tip &tip)
{
    const QByteArray bytes = tip.text.toUtf8();
    m_editor->SendScintilla(
            Base::SCI_CALLTIPSHOW, static_cast<unsigned long>(m_anchor), bytes.constData());
    if (tip.highlightEnd > tip.highlightStart) {
        m_editor->SendScintilla(
                Base::SCI_CALLTIPSETHLT,
                static_cast<unsigned long>(tip.text.left(tip.highlightStart).toUtf8().size()),
                long(tip.text.left(tip.highlightEnd).toUtf8().size()));
    }
    m_shown = tip;
}

void CallTipController::hide()
{
    m_followCaret->stop();
    if (m_request)
        m_request->cancel();
    if (isShown())
        m_editor->SendScintilla(Base::SCI_CALLTIPCANCEL);
    m_shown = {};
}

} // namespace Sandpiper::Ui
