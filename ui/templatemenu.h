#pragma once

#include <QMenu>

class QsciScintilla;

namespace Sandpiper::Ui {

class EditorTabs;

// Tools ▸ Templates: one submenu per group of the TemplateLibrary; choosing a template
// inserts its code into the current editor.
class TemplateMenu : public QMenu
{
    Q_OBJECT

public:
    explicit TemplateMenu(EditorTabs *editors, QWidget *parent = nullptr);

    // The action that inserts the template with this id, or nullptr.
    QAction *actionFor(const QString &id) const;

    // Inserts code at the cursor, replacing the selection, as a single undo step. A cursor
    // after text on its line starts the code on the next line; the caret ends after the code.
    static void insertSnippet(QsciScintilla *editor, const QString &code);

Q_SIGNALS:
    void statusMessage(const QString &message);

private:
    void insertTemplate(const QString &id, const QString &title);

    EditorTabs *m_editors;
};

} // namespace Sandpiper::Ui
