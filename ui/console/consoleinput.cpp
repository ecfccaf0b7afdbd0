#include "consoleinput.h"

#include <QFontDatabase>
#include <QKeyEvent>
#include <QSettings>
#include <QTextBlock>

namespace Sandpiper::Ui {

namespace {
const char historyKey[] = "console/history";
}

ConsoleInput::ConsoleInput(QWidget *parent)
    : QPlainTextEdit(parent)
{
    setObjectName(QStringLiteral("ConsoleInput"));
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setPlaceholderText(tr("Python code — Shift+Enter to run, Up/Down for history"));
    setTabChangesFocus(false);
    setLineWrapMode(QPlainTextEdit::NoWrap);
}

void ConsoleInput::loadHistory()
{
    m_history = QSettings().value(historyKey).toStringList();
    if (m_history.size() > m_historyLimit)
        m_history = m_history.mid(m_history.size() - m_historyLimit);
    m_historyIndex = int(m_history.size());
}

void ConsoleInput::saveHistory() const
{
    QSettings().setValue(historyKey, m_history);
}

void ConsoleInput::keyPressEvent(QKeyEvent *event)
{
    const bool enter = event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter;
    if (enter && (event->modifiers() & (Qt::ShiftModifier | Qt::ControlModifier))) {
        submit();
        return;
    }
    if (event->key() == Qt::Key_Tab && !(event->modifiers() & Qt::ControlModifier)) {
        insertPlainText(QStringLiteral("    "));
        return;
    }
    const QTextCursor cursor = textCursor();
    if (event->key() == Qt::Key_Up && event->modifiers() == Qt::NoModifier
        && cursor.block() == document()->firstBlock()) {
        recall(-1);
        return;
    }
    if (event->key() == Qt::Key_Down && event->modifiers() == Qt::NoModifier
        && cursor.block() == document()->lastBlock()) {
        recall(+1);
        return;
    }
    QPlainTextEdit::keyPressEvent(event);
}

void ConsoleInput::submit()
{
    const QString code = toPlainText();
    if (code.trimmed().isEmpty())
        return;
    if (m_history.isEmpty() || m_history.last() != code) {
        m_history.append(code);
        if (m_history.size() > m_historyLimit)
            m_history.removeFirst();
        saveHistory();
    }
    m_historyIndex = int(m_history.size());
    m_draft.clear();
    clear();
    Q_EMIT submitted(code);
}

void ConsoleInput::recall(int step)
{
    if (m_history.isEmpty())
        return;
    if (m_historyIndex == m_history.size())
        m_draft = toPlainText();
    const int next = qBound(0, m_historyIndex + step, int(m_history.size()));
    if (next == m_historyIndex)
        return;
    m_historyIndex = next;
    setPlainText(next == m_history.size() ? m_draft : m_history.at(next));
    moveCursor(QTextCursor::End);
}

} // namespace Sandpiper::Ui
