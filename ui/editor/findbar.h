#pragma once

#include <QPointer>
#include <QWidget>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace Sandpiper::Ui {

class CodeEditor;

// Find and replace for the current editor: plain text or regular expression (ECMAScript, with
// \1..\9 for groups in the replacement), case and whole-word options, wrap-around, replace all
// as one undo step. Esc closes the bar and gives the focus back to the editor.
class FindBar : public QWidget
{
    Q_OBJECT

public:
    explicit FindBar(QWidget *parent = nullptr);

    void setEditor(CodeEditor *editor);
    CodeEditor *editor() const { return m_editor; }

    // Shows the bar with the selection (if on one line) as the text to find.
    void showFind();
    void showReplace();
    bool isReplaceVisible() const;

    QString findText() const;
    void setFindText(const QString &text);
    QString replaceText() const;
    void setReplaceText(const QString &text);
    void setRegularExpression(bool on);
    void setCaseSensitive(bool on);
    void setWholeWords(bool on);
    QString statusText() const;

public Q_SLOTS:
    bool findNext();
    bool findPrevious();
    // Replaces the selection when it is a match, then selects the next match.
    bool replaceNext();
    int replaceAll();
    void close();

Q_SIGNALS:
    void closed();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    enum class Direction { Forward, Backward };
    int searchFlags() const;
    // Searches [from, to) (backwards when from > to). Returns the match start or -1, and -2
    // for an invalid expression.
    long search(long from, long to) const;
    bool find(Direction direction, bool fromSelectionStart);
    bool selectionIsMatch() const;
    long replaceTarget();
    void setStatus(const QString &text, bool failed);
    void setReplaceVisible(bool visible);

    QPointer<CodeEditor> m_editor;
    QLineEdit *m_find = nullptr;
    QLineEdit *m_replace = nullptr;
    QList<QWidget *> m_replaceWidgets;
    QCheckBox *m_case = nullptr;
    QCheckBox *m_words = nullptr;
    QCheckBox *m_regex = nullptr;
    QLabel *m_status = nullptr;
};

} // namespace Sandpiper::Ui
