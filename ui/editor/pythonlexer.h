#pragma once

#include "qscintilla.h"

namespace Sandpiper::Ui {

// QScintilla's Python lexer with the builtins (print, len, range, ...) as the second keyword
// set, so that they get the theme's BuiltIn colour, and Python 3 keywords only.
class PythonLexer : public QsciLexerPython
{
    Q_OBJECT

public:
    explicit PythonLexer(QObject *parent = nullptr);

    const char *keywords(int set) const override;
};

} // namespace Sandpiper::Ui
