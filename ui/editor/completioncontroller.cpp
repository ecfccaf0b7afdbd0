#include "completioncontroller.h"

#include "codeeditor.h"
#include "completionpopup.h"
#include "editortheme.h"

#include <codeintelrequest.h>

#include <QKeyEvent>
#include <QScrollBar>
#include <QSet>
#include <QTimer>

#include <algorithm>

namespace Sandpiper::Ui {

using Protocol::CompletionItem;

namespace {
using Base = QsciScintillaBase;

bool isNameChar(QChar c)
{
    return c.isLetterOrNumber() || c == QLatin1Char('_');
}

bool isQuote(QChar c)
{
    return c == QLatin1Char('"') || c == QLatin1Char('\'');
}

// The name characters right before the end of text.
QStringView trailingName(QStringView text)
{
    qsizetype start = text.size();
    while (start > 0 && isNameChar(text.at(start - 1)))
        --start;
    return text.mid(start);
}

bool isCommentOrStringStyle(int style)
{
    switch (style) {
    case QsciLexerPython::Comment:
    case QsciLexerPython::CommentBlock:
    case QsciLexerPython::DoubleQuotedString:
    case QsciLexerPython::SingleQuotedString:
    case QsciLexerPython::TripleSingleQuotedString:
    case QsciLexerPython::TripleDoubleQuotedString:
    case QsciLexerPython::UnclosedString:
    case QsciLexerPython::DoubleQuotedFString:
    case QsciLexerPython::SingleQuotedFString:
    case QsciLexerPython::TripleSingleQuotedFString:
    case QsciLexerPython::TripleDoubleQuotedFString:
        return true;
    default:
        return false;
    }
}

// jedi's order: keyword arguments first, then names, private ones and dunders last.
auto sortKey(const CompletionItem &item)
{
    const QString &name = item.name;
    const bool keywordArgument = name.endsWith(QLatin1Char('='));
    return std::tuple(keywordArgument ? 0 : 1,
                      name.startsWith(QLatin1String("__")),
                      name.startsWith(QLatin1Char('_')),
                      name.toLower());
}
} // namespace

CompletionController::CompletionController(CodeEditor *editor, const CodeSessions *sessions)
    : QObject(editor)
    , m_editor(editor)
    , m_sessions(sessions)
    , m_popup(new CompletionPopup(editor))
    , m_debounce(new QTimer(this))
{
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(DebounceMs);
    connect(m_debounce, &QTimer::timeout, this, &CompletionController::request);
    connect(m_editor, &QsciScintillaBase::SCN_CHARADDED, this, &CompletionController::onCharAdded);
    // Deleting, moving the caret or clicking elsewhere narrows the list or closes it; after
    // the edit is complete, hence queued.
    const auto later = [this] {
        if (isVisible())
            QMetaObject::invokeMethod(this, &CompletionController::refilter, Qt::QueuedConnection);
    };
    connect(m_editor, &QsciScintilla::textChanged, this, later);
    connect(m_editor, &QsciScintilla::cursorPositionChanged, this, later);
    connect(m_editor->verticalScrollBar(), &QScrollBar::valueChanged, this, [this] {
        if (!m_accepting)
            hide();
    });
    connect(m_popup, &CompletionPopup::entryActivated, this, &CompletionController::accept);
    connect(m_editor, &CodeEditor::themeChanged, this, &CompletionController::applyColors);
    m_editor->installEventFilter(this);
    applyColors();
}

CompletionController::~CompletionController()
{
    cancelRequests();
    delete m_popup.data(); // it may live in the window, beyond the editor
}

bool CompletionController::isVisible() const
{
    return m_popup && m_popup->isVisible();
}

QStringList CompletionController::shownNames() const
{
    QStringList names;
    if (!isVisible())
        return names;
    for (const CompletionPopup::Entry &entry : m_popup->entries())
        names.append(entry.name);
    return names;
}

void CompletionController::applyColors()
{
    m_popup->setColors(EditorTheme::colors(m_editor->theme()));
}

QList<CompletionItem> CompletionController::merge(const QList<CompletionItem> &live,
                                                  const QList<CompletionItem> &text)
{
    QList<CompletionItem> merged = live;
    QSet<QString> names;
    for (const CompletionItem &item : live)
        names.insert(item.name);
    for (const CompletionItem &item : text) {
        if (names.contains(item.name))
            continue;
        if (!live.isEmpty() && item.kind == QLatin1String("path"))
            continue;
        names.insert(item.name);
        merged.append(item);
    }
    std::stable_sort(merged.begin(), merged.end(), [](const auto &a, const auto &b) {
        return sortKey(a) < sortKey(b);
    });
    return merged;
}

// --- When to ask ------------------------------------------------------------------------------

bool CompletionController::inCommentOrString(long position) const
{
    if (position < 0)
        return false;
    // Scintilla styles lazily (when painting); text typed since has no style yet.
    const long styled = m_editor->SendScintilla(Base::SCI_GETENDSTYLED);
    if (styled <= position)
        m_editor->SendScintilla(Base::SCI_COLOURISE, styled, position + 1);
    return isCommentOrStringStyle(int(m_editor->SendScintilla(Base::SCI_GETSTYLEAT, position)));
}

bool CompletionController::wantsPopupAfter(int ch) const
{
    if (!m_editor->isPython() || m_editor->isReadOnly())
        return false;
    const long caret = m_editor->SendScintilla(Base::SCI_GETCURRENTPOS);
    const auto [line, column] = m_editor->lineColumnAt(caret);
    const QString before = m_editor->text(line).left(column);
    if (before.isEmpty())
        return false;
    const QChar typed = before.back();
    const QStringView rest = QStringView(before).chopped(1);
    const long typedAt = caret - long(QString(typed).toUtf8().size());
    if (ch == '.' && typed == QLatin1Char('.')) {
        if (rest.isEmpty() || inCommentOrString(typedAt))
            return false;
        const QChar last = rest.back();
        if (last == QLatin1Char(')') || last == QLatin1Char(']'))
            return true;
        const QStringView name = trailingName(rest);
        // "1." is a number, not an attribute.
        return !name.isEmpty() && !name.front().isDigit();
    }
    if (isQuote(typed)) {
        // d[" and df[': keys and columns, from the live session.
        return rest.endsWith(QLatin1Char('[')) && !inCommentOrString(typedAt - 1);
    }
    if (isNameChar(typed)) {
        const QStringView name = trailingName(before);
        if (name.front().isDigit())
            return false;
        // Two characters of a name, or one of an attribute (`df.a` typed fast after the dot).
        const QStringView left = QStringView(before).chopped(name.size());
        if (name.size() < 2 && !left.endsWith(QLatin1Char('.')))
            return false;
        return !inCommentOrString(typedAt);
    }
    return false;
}

void CompletionController::onCharAdded(int ch)
{
    if (m_accepting)
        return;
    if (isVisible()) {
        const long caret = m_editor->SendScintilla(Base::SCI_GETCURRENTPOS);
        const auto [line, column] = m_editor->lineColumnAt(caret);
        const QString before = m_editor->text(line).left(column);
        if (!before.isEmpty() && (isNameChar(before.back()) || isQuote(before.back()))) {
            refilter(); // the list narrows without asking again
            if (isVisible())
                return;
        }
        hide();
    }
    if (wantsPopupAfter(ch))
        m_debounce->start();
    else
        m_debounce->stop();
}

void CompletionController::trigger()
{
    m_debounce->stop();
    request();
}

void CompletionController::cancelRequests()
{
    for (QPointer<Client::CodeIntelRequest> *request : {&m_liveRequest, &m_textRequest}) {
        if (*request)
            (*request)->cancel();
        *request = nullptr;
    }
}

void CompletionController::request()
{
    cancelRequests();
    if (!m_editor->isPython())
        return;
    const long caret = m_editor->SendScintilla(Base::SCI_GETCURRENTPOS);
    const auto [line, column] = m_editor->lineColumnAt(caret);
    m_context = {line, column, m_editor->text(line).left(column), m_editor->revision()};
    m_liveItems.clear();
    m_textItems.clear();
    m_candidates.clear();
    const QString code = m_editor->codeText();
    const QString path = m_editor->codeIntelPath();
    if (m_sessions->liveRunning()) {
        m_liveRequest = m_sessions->live->complete(
                code, line + 1, column, path, Protocol::CodeSource::Live);
        connect(m_liveRequest,
                &Client::CodeIntelRequest::finished,
                this,
                [this](const auto &result) { deliver(true, result); });
    }
    if (m_sessions->codeIntel) {
        m_textRequest = m_sessions->codeIntel->complete(
                code, line + 1, column, path, Protocol::CodeSource::Static);
        connect(m_textRequest,
                &Client::CodeIntelRequest::finished,
                this,
                [this](const auto &result) { deliver(false, result); });
    }
}

// --- Answers ----------------------------------------------------------------------------------

bool CompletionController::contextStillHolds() const
{
    if (m_context.line < 0)
        return false;
    const long caret = m_editor->SendScintilla(Base::SCI_GETCURRENTPOS);
    const auto [line, column] = m_editor->lineColumnAt(caret);
    if (line != m_context.line || column < m_context.column)
        return false;
    if (m_context.revision == m_editor->revision() && column == m_context.column)
        return true;
    // Typed on since the question: still the same place if only name characters were added.
    const QString text = m_editor->text(line);
    if (!text.startsWith(m_context.prefix))
        return false;
    const QStringView added = QStringView(text).mid(m_context.column, column - m_context.column);
    return std::all_of(
            added.begin(), added.end(), [](QChar c) { return isNameChar(c) || isQuote(c); });
}

void CompletionController::deliver(bool live, const Client::CodeIntelResult &result)
{
    (live ? m_liveItems : m_textItems)
            = result.answered ? result.completions.items : QList<CompletionItem>();
    if (!contextStillHolds()) {
        cancelRequests();
        hide();
        return;
    }
    rebuildCandidates();
    refilter();
}

void CompletionController::rebuildCandidates()
{
    m_candidates.clear();
    const QList<CompletionItem> merged = merge(m_liveItems, m_textItems);
    for (const CompletionItem &item : merged) {
        const int start = qMax(0, m_context.column - item.prefixLength);
        m_candidates.append({item, m_editor->positionAt(m_context.line, start)});
    }
}

void CompletionController::refilter()
{
    if (m_accepting)
        return;
    if (m_candidates.isEmpty() || !contextStillHolds()) {
        hide();
        return;
    }
    const long caret = m_editor->SendScintilla(Base::SCI_GETCURRENTPOS);
    QList<CompletionPopup::Entry> entries;
    QString typedForFirst;
    long anchor = caret;
    for (const Candidate &candidate : std::as_const(m_candidates)) {
        if (candidate.anchor > caret)
            continue;
        const QString typed = m_editor->text(int(candidate.anchor), int(caret));
        if (!candidate.item.name.startsWith(typed, Qt::CaseInsensitive))
            continue;
        const CompletionItem &item = candidate.item;
        const bool key = !item.name.isEmpty() && isQuote(item.name.front());
        QString tip = item.signature;
        if (!item.doc.isEmpty())
            tip += (tip.isEmpty() ? QString() : QStringLiteral("\n\n")) + item.doc;
        entries.append({item.name, item.kind, key ? item.doc : item.kind, tip});
        if (entries.size() == 1)
            typedForFirst = typed;
        anchor = qMin(anchor, candidate.anchor);
    }
    // Nothing left, or exactly what is typed already: nothing to offer.
    if (entries.isEmpty() || (entries.size() == 1 && entries.first().name == typedForFirst)) {
        hide();
        return;
    }
    // Over the window, not clipped by a narrow editor; the window may have changed since
    // (a tab moved to another window).
    QWidget *host = m_editor->window();
    if (m_popup->parentWidget() != host)
        m_popup->setParent(host);
    m_popup->setEntries(entries);
    const int x = int(m_editor->SendScintilla(Base::SCI_POINTXFROMPOSITION, 0UL, anchor));
    const int y = int(m_editor->SendScintilla(Base::SCI_POINTYFROMPOSITION, 0UL, anchor));
    const int height = int(m_editor->SendScintilla(Base::SCI_TEXTHEIGHT, m_context.line));
    m_popup->placeAt(QRect(m_editor->viewport()->mapTo(host, QPoint(x, y)), QSize(1, height)));
    if (!m_popup->isVisible()) {
        m_popup->show();
        m_popup->raise();
    }
}

void CompletionController::hide()
{
    if (m_popup)
        m_popup->hide();
}

void CompletionController::accept(const QString &name)
{
    const long caret = m_editor->SendScintilla(Base::SCI_GETCURRENTPOS);
    const auto found = std::find_if(m_candidates.cbegin(), m_candidates.cend(), [&](const auto &c) {
        return c.item.name == name && c.anchor <= caret;
    });
    hide();
    if (found == m_candidates.cend() || m_editor->isReadOnly())
        return;
    const QByteArray text = name.toUtf8();
    m_accepting = true;
    m_editor->beginUndoAction();
    m_editor->SendScintilla(Base::SCI_SETTARGETSTART, found->anchor);
    m_editor->SendScintilla(Base::SCI_SETTARGETEND, caret);
    m_editor->SendScintilla(
            Base::SCI_REPLACETARGET, static_cast<unsigned long>(text.size()), text.constData());
    m_editor->SendScintilla(Base::SCI_GOTOPOS, found->anchor + long(text.size()));
    m_editor->endUndoAction();
    m_accepting = false;
    m_candidates.clear();
    cancelRequests();
}

bool CompletionController::eventFilter(QObject *watched, QEvent *event)
{
    if (watched != m_editor)
        return false;
    const QEvent::Type type = event->type();
    if ((type == QEvent::Resize || type == QEvent::Move) && isVisible()) {
        // The docks around moved the editor: the list follows its text.
        QMetaObject::invokeMethod(this, &CompletionController::refilter, Qt::QueuedConnection);
        return false;
    }
    if (type == QEvent::FocusOut || type == QEvent::Hide) {
        hide();
        m_debounce->stop();
        return false;
    }
    if (event->type() != QEvent::KeyPress && event->type() != QEvent::ShortcutOverride)
        return false;
    if (!isVisible())
        return false;
    auto key = static_cast<QKeyEvent *>(event);
    if (key->modifiers() & ~Qt::KeypadModifier)
        return false;
    switch (key->key()) {
    case Qt::Key_Up:
    case Qt::Key_Down:
    case Qt::Key_PageUp:
    case Qt::Key_PageDown:
    case Qt::Key_Tab:
    case Qt::Key_Return:
    case Qt::Key_Enter:
    case Qt::Key_Escape:
        break;
    default:
        return false;
    }
    if (event->type() == QEvent::ShortcutOverride) {
        event->accept(); // the list takes these keys before any shortcut does
        return true;
    }
    switch (key->key()) {
    case Qt::Key_Tab:
    case Qt::Key_Return:
    case Qt::Key_Enter:
        accept(m_popup->currentName());
        break;
    case Qt::Key_Escape:
        hide();
        break;
    default:
        m_popup->moveSelection(key->key());
        break;
    }
    return true;
}

} // namespace Sandpiper::Ui
