#include "pythonlexer.h"

namespace Sandpiper::Ui {

PythonLexer::PythonLexer(QObject *parent)
    : QsciLexerPython(parent)
{
    // An attribute named like a builtin (df.count, obj.type) is not the builtin.
    setHighlightSubidentifiers(false);
    setFoldComments(true);
    setFoldQuotes(true);
    setV3BinaryOctalAllowed(true);
    setV3BytesAllowed(true);
    setIndentationWarning(QsciLexerPython::Inconsistent);
}

const char *PythonLexer::keywords(int set) const
{
    if (set == 1) {
        return "False None True and as assert async await break class continue def del elif "
               "else except finally for from global if import in is lambda nonlocal not or "
               "pass raise return try while with yield";
    }
    if (set == 2) {
        return "abs aiter all anext any ascii bin bool breakpoint bytearray bytes callable chr "
               "classmethod compile complex delattr dict dir divmod enumerate eval exec filter "
               "float format frozenset getattr globals hasattr hash help hex id input int "
               "isinstance issubclass iter len list locals map max memoryview min next object "
               "oct open ord pow print property range repr reversed round set setattr slice "
               "sorted staticmethod str sum super tuple type vars zip self cls __name__ "
               "__file__ NotImplemented Ellipsis";
    }
    return QsciLexerPython::keywords(set);
}

} // namespace Sandpiper::Ui
