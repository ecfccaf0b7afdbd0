#pragma once

class QWidget;

namespace Sandpiper::Ui {

// A Python editor with the basics (lexer, line numbers, folding) until the editor component
// with cells, completion and linting takes its place.
QWidget *createEditorPlaceholder(QWidget *parent);

} // namespace Sandpiper::Ui
