#include "findbar.h"

#include "codeeditor.h"

#include <QCheckBox>
#include <QGridLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QShortcut>
#include <QToolButton>

namespace Sandpiper::Ui {

namespace {
using Base = QsciScintillaBase;
}

FindBar::FindBar(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("FindBar"));
    m_find = new QLineEdit(this);
    m_find->setObjectName(QStringLiteral("FindText"));
    m_find->setPlaceholderText(tr("Find"));
    m_find->setClearButtonEnabled(true);
    m_replace = new QLineEdit(this);
    m_replace->setObjectName(QStringLiteral("ReplaceText"));
    m_replace->setPlaceholderText(tr("Replace with"));
    m_case = new QCheckBox(tr("Match &case"), this);
    m_words = new QCheckBox(tr("&Whole words"), this);
    m_regex = new QCheckBox(tr("Regular e&xpression"), this);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("FindStatus"));
    m_status->hide();

    auto previous = new QPushButton(tr("Previous"), this);
    auto next = new QPushButton(tr("Next"), this);
    auto replaceOne = new QPushButton(tr("Replace"), this);
    auto replaceAllButton = new QPushButton(tr("Replace All"), this);
    auto closeButton = new QToolButton(this);
    closeButton->setObjectName(QStringLiteral("FindClose"));
    closeButton->setAutoRaise(true);
    closeButton->setText(QStringLiteral("\u00d7"));
    closeButton->setToolTip(tr("Close (Esc)"));
    for (auto button : {previous, next, replaceOne, replaceAllButton})
        button->setAutoDefault(false);

    auto layout = new QGridLayout(this);
    layout->setContentsMargins(6, 4, 6, 4);
    layout->setVerticalSpacing(4);
    layout->addWidget(m_find, 0, 0);
    layout->addWidget(previous, 0, 1);
    layout->addWidget(next, 0, 2);
    auto options = new QHBoxLayout;
    options->addWidget(m_case);
    options->addWidget(m_words);
    options->addWidget(m_regex);
    options->addStretch(1);
    layout->addLayout(options, 0, 3);
    layout->addWidget(closeButton, 0, 4);

    layout->addWidget(m_replace, 1, 0);
    layout->addWidget(replaceOne, 1, 1);
    layout->addWidget(replaceAllButton, 1, 2);
    layout->addWidget(m_status, 1, 3);
    layout->setColumnStretch(0, 2);
    layout->setColumnStretch(3, 3);
    m_replaceWidgets = {m_replace, replaceOne, replaceAllButton};

    connect(next, &QPushButton::clicked, this, &FindBar::findNext);
    connect(previous, &QPushButton::clicked, this, &FindBar::findPrevious);
    connect(replaceOne, &QPushButton::clicked, this, &FindBar::replaceNext);
    connect(replaceAllButton, &QPushButton::clicked, this, &FindBar::replaceAll);
    connect(closeButton, &QToolButton::clicked, this, &FindBar::close);
    connect(m_find, &QLineEdit::textEdited, this, [this] {
        // Incremental: widen the current match as the text grows rather than jumping on.
        if (m_find->text().isEmpty())
            setStatus(QString(), false);
        else
            find(Direction::Forward, true);
    });
    connect(m_replace, &QLineEdit::returnPressed, this, &FindBar::replaceNext);
    for (auto box : {m_case, m_words, m_regex})
        connect(box, &QCheckBox::toggled, this, [this] { setStatus(QString(), false); });
    m_find->installEventFilter(this);

    auto escape = new QShortcut(QKeySequence(Qt::Key_Escape), this);
    escape->setContext(Qt::WidgetWithChildrenShortcut);
    connect(escape, &QShortcut::activated, this, &FindBar::close);
    setReplaceVisible(false);
}

void FindBar::setEditor(CodeEditor *editor)
{
    m_editor = editor;
    setStatus(QString(), false);
}

bool FindBar::isReplaceVisible() const
{
    return isVisible() && m_replace->isVisible();
}

void FindBar::showFind()
{
    if (m_editor && m_editor->hasSelectedText()) {
        const QString selected = m_editor->selectedText();
        if (!selected.contains(QLatin1Char('\n')) && !selected.contains(QLatin1Char('\r')))
            m_find->setText(selected);
    }
    setReplaceVisible(false);
    show();
    m_find->setFocus();
    m_find->selectAll();
}

void FindBar::showReplace()
{
    showFind();
    setReplaceVisible(true);
}

void FindBar::setReplaceVisible(bool visible)
{
    for (QWidget *widget : std::as_const(m_replaceWidgets))
        widget->setVisible(visible);
}

QString FindBar::findText() const
{
    return m_find->text();
}

void FindBar::setFindText(const QString &text)
{
    m_find->setText(text);
}

QString FindBar::replaceText() const
{
    return m_replace->text();
}

void FindBar::setReplaceText(const QString &text)
{
    m_replace->setText(text);
}

void FindBar::setRegularExpression(bool on)
{
    m_regex->setChecked(on);
}

void FindBar::setCaseSensitive(bool on)
{
    m_case->setChecked(on);
}

void FindBar::setWholeWords(bool on)
{
    m_words->setChecked(on);
}

QString FindBar::statusText() const
{
    return m_status->text();
}

void FindBar::close()
{
    hide();
    if (m_editor)
        m_editor->setFocus();
    Q_EMIT closed();
}

bool FindBar::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_find && event->type() == QEvent::ShortcutOverride) {
        const auto key = static_cast<QKeyEvent *>(event);
        if (key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) {
            event->accept(); // Return is ours here, whatever else it is bound to
            return true;
        }
    }
    if (watched == m_find && event->type() == QEvent::KeyPress) {
        const auto key = static_cast<QKeyEvent *>(event);
        if (key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) {
            if (key->modifiers() & Qt::ShiftModifier)
                findPrevious();
            else
                findNext();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

int FindBar::searchFlags() const
{
    int flags = 0;
    if (m_case->isChecked())
        flags |= Base::SCFIND_MATCHCASE;
    if (m_words->isChecked())
        flags |= Base::SCFIND_WHOLEWORD;
    if (m_regex->isChecked())
        flags |= Base::SCFIND_REGEXP | Base::SCFIND_CXX11REGEX;
    return flags;
}

long FindBar::search(long from, long to) const
{
    const QByteArray needle = m_find->text().toUtf8();
    m_editor->SendScintilla(Base::SCI_SETSEARCHFLAGS, searchFlags());
    m_editor->SendScintilla(Base::SCI_SETTARGETSTART, from);
    m_editor->SendScintilla(Base::SCI_SETTARGETEND, to);
    const long found = m_editor->SendScintilla(Base::SCI_SEARCHINTARGET,
                                               static_cast<unsigned long>(needle.size()),
                                               needle.constData());
    // Scintilla reports a bad expression as "not found" plus a status warning.
    if (found == -1 && m_editor->SendScintilla(Base::SCI_GETSTATUS) == Base::SC_STATUS_WARNREGEX) {
        m_editor->SendScintilla(Base::SCI_SETSTATUS, Base::SC_STATUS_OK);
        return -2;
    }
    return found;
}

void FindBar::setStatus(const QString &text, bool failed)
{
    m_status->setText(text);
    m_status->setVisible(!text.isEmpty()); // an empty status takes no room
    QPalette palette = m_find->palette();
    palette.setColor(
            QPalette::Base,
            failed ? QColor(0xe0, 0x6c, 0x75)
                             .lighter(m_find->palette().color(QPalette::Base).lightness() > 128
                                              ? 150
                                              : 60)
                   : QPalette().color(QPalette::Base));
    m_find->setPalette(palette);
}

bool FindBar::find(Direction direction, bool fromSelectionStart)
{
    if (!m_editor || m_find->text().isEmpty())
        return false;
    const long length = m_editor->SendScintilla(Base::SCI_GETLENGTH);
    const long selStart = m_editor->SendScintilla(Base::SCI_GETSELECTIONSTART);
    const long selEnd = m_editor->SendScintilla(Base::SCI_GETSELECTIONEND);
    long found = -1;
    bool wrapped = false;
    if (direction == Direction::Forward) {
        const long from = fromSelectionStart ? selStart : selEnd;
        found = search(from, length);
        if (found == -1 && from > 0) {
            found = search(0, from);
            wrapped = true;
        }
    } else {
        found = search(selStart, 0);
        if (found == -1 && selStart < length) {
            found = search(length, selStart);
            wrapped = true;
        }
    }
    if (found == -2) {
        setStatus(tr("Invalid regular expression"), true);
        return false;
    }
    if (found < 0) {
        setStatus(tr("No matches"), true);
        return false;
    }
    const long start = m_editor->SendScintilla(Base::SCI_GETTARGETSTART);
    const long end = m_editor->SendScintilla(Base::SCI_GETTARGETEND);
    m_editor->SendScintilla(Base::SCI_SETSEL, start, end);
    m_editor->SendScintilla(Base::SCI_SCROLLRANGE, end, start);
    setStatus(wrapped ? tr("Search wrapped") : QString(), false);
    return true;
}

bool FindBar::findNext()
{
    return find(Direction::Forward, false);
}

bool FindBar::findPrevious()
{
    return find(Direction::Backward, false);
}

bool FindBar::selectionIsMatch() const
{
    const long selStart = m_editor->SendScintilla(Base::SCI_GETSELECTIONSTART);
    const long selEnd = m_editor->SendScintilla(Base::SCI_GETSELECTIONEND);
    if (selStart == selEnd)
        return false;
    // Sets the target to the match, which the replacement then uses.
    return search(selStart, selEnd) == selStart
           && m_editor->SendScintilla(Base::SCI_GETTARGETEND) == selEnd;
}

long FindBar::replaceTarget()
{
    const QByteArray replacement = m_replace->text().toUtf8();
    const int message = m_regex->isChecked() ? Base::SCI_REPLACETARGETRE : Base::SCI_REPLACETARGET;
    return m_editor->SendScintilla(
            message, static_cast<unsigned long>(replacement.size()), replacement.constData());
}

bool FindBar::replaceNext()
{
    if (!m_editor || m_find->text().isEmpty() || m_editor->isReadOnly())
        return false;
    if (selectionIsMatch()) {
        const long start = m_editor->SendScintilla(Base::SCI_GETTARGETSTART);
        const long replaced = replaceTarget();
        m_editor->SendScintilla(Base::SCI_SETSEL, start + replaced, start + replaced);
    }
    return find(Direction::Forward, false);
}

int FindBar::replaceAll()
{
    if (!m_editor || m_find->text().isEmpty() || m_editor->isReadOnly())
        return 0;
    int count = 0;
    long position = 0;
    m_editor->beginUndoAction();
    while (true) {
        const long length = m_editor->SendScintilla(Base::SCI_GETLENGTH);
        const long found = search(position, length);
        if (found == -2) {
            m_editor->endUndoAction();
            setStatus(tr("Invalid regular expression"), true);
            return 0;
        }
        if (found < 0)
            break;
        const long start = m_editor->SendScintilla(Base::SCI_GETTARGETSTART);
        const long end = m_editor->SendScintilla(Base::SCI_GETTARGETEND);
        const long replaced = replaceTarget();
        ++count;
        position = start + replaced;
        if (end == start) {
            // An empty match (such as ^ or \b) must not match at the same place forever.
            if (position >= m_editor->SendScintilla(Base::SCI_GETLENGTH))
                break;
            position = m_editor->SendScintilla(Base::SCI_POSITIONAFTER, position);
        }
    }
    m_editor->endUndoAction();
    if (count == 0)
        setStatus(tr("No matches"), true);
    else
        setStatus(tr("Replaced %n occurrence(s)", nullptr, count), false);
    return count;
}

} // namespace Sandpiper::Ui
