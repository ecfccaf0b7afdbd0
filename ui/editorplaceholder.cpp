#include "editorplaceholder.h"

#include "qscintilla.h"

#include <QCoreApplication>
#include <QFontDatabase>

namespace Sandpiper::Ui {

QWidget *createEditorPlaceholder(QWidget *parent)
{
    auto editor = new QsciScintilla(parent);
    editor->setObjectName(QStringLiteral("Editor"));
    auto lexer = new QsciLexerPython(editor);
    // One monospaced font for every style: the lexer's defaults mix in proportional fonts.
    lexer->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    editor->setLexer(lexer);
    editor->setUtf8(true);
    editor->setScrollWidth(1);
    editor->setScrollWidthTracking(true);
    editor->setMarginType(0, QsciScintilla::NumberMargin);
    editor->setMarginWidth(0, QStringLiteral("00000"));
    editor->setFolding(QsciScintilla::BoxedTreeFoldStyle);
    editor->setBraceMatching(QsciScintilla::SloppyBraceMatch);
    editor->setIndentationsUseTabs(false);
    editor->setIndentationWidth(4);
    editor->setAutoIndent(true);
    editor->setText(QCoreApplication::translate("Sandpiper::Ui::Editor",
                                                "# %%\n"
                                                "# Write Python here. Cells start with '# %%'.\n"
                                                "import pandas as pd\n"));
    return editor;
}

} // namespace Sandpiper::Ui
