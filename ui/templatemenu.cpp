#include "templatemenu.h"

#include "editor/codeeditor.h"
#include "editor/editortabs.h"

#include <templatelibrary.h>

namespace Sandpiper::Ui {

using Resources::TemplateLibrary;

TemplateMenu::TemplateMenu(EditorTabs *editors, QWidget *parent)
    : QMenu(tr("&Templates"), parent)
    , m_editors(editors)
{
    setObjectName(QStringLiteral("TemplatesMenu"));
    const QList<Resources::CodeTemplate> templates = TemplateLibrary::templates();
    for (const QString &group : TemplateLibrary::groups()) {
        QMenu *groupMenu = addMenu(group);
        groupMenu->setToolTipsVisible(true);
        for (const Resources::CodeTemplate &entry : templates) {
            if (entry.group != group)
                continue;
            QAction *action = groupMenu->addAction(entry.title);
            action->setObjectName(QStringLiteral("Template_") + entry.id);
            action->setData(entry.id);
            action->setToolTip(entry.description);
            action->setStatusTip(entry.description);
            connect(action, &QAction::triggered, this, [this, id = entry.id, title = entry.title] {
                insertTemplate(id, title);
            });
        }
    }
}

QAction *TemplateMenu::actionFor(const QString &id) const
{
    return findChild<QAction *>(QStringLiteral("Template_") + id);
}

void TemplateMenu::insertTemplate(const QString &id, const QString &title)
{
    const QString code = TemplateLibrary::code(id);
    if (code.isEmpty())
        return;
    CodeEditor *editor = m_editors->currentEditor();
    if (!editor || editor->isReadOnly() || !editor->isPython())
        editor = m_editors->newDocument();
    if (!editor)
        return;
    insertSnippet(editor, code);
    editor->setFocus();
    Q_EMIT statusMessage(
            tr("Inserted \"%1\": set DATA_PATH and the column names at its top to your data.")
                    .arg(title));
}

void TemplateMenu::insertSnippet(QsciScintilla *editor, const QString &code)
{
    QString text = code;
    if (!text.endsWith(u'\n'))
        text += u'\n';
    // The file's own line endings.
    const QString eol = editor->eolMode() == QsciScintilla::EolWindows ? QStringLiteral("\r\n")
                        : editor->eolMode() == QsciScintilla::EolMac   ? QStringLiteral("\r")
                                                                       : QStringLiteral("\n");
    if (eol != QLatin1String("\n"))
        text.replace(u'\n', eol);
    editor->beginUndoAction();
    editor->removeSelectedText();
    // Positions are in UTF-8 bytes; the line's text up to the caret decides about a newline.
    const long position = editor->SendScintilla(QsciScintilla::SCI_GETCURRENTPOS);
    const long line = editor->SendScintilla(QsciScintilla::SCI_LINEFROMPOSITION, position);
    const long lineStart = editor->SendScintilla(QsciScintilla::SCI_POSITIONFROMLINE, line);
    const QByteArray before = editor->text(int(line)).toUtf8().left(position - lineStart);
    if (!before.trimmed().isEmpty())
        text.prepend(eol);
    editor->replaceSelectedText(text); // inserts at the caret and moves it past the text
    editor->endUndoAction();
    editor->ensureCursorVisible();
}

} // namespace Sandpiper::Ui
