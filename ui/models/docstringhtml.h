#pragma once

#include <QString>

namespace Sandpiper::Models {

// How docstringHtml() draws code and secondary text.
struct DocstringStyle
{
    QString codeFont;  // a font family for code
    QString codeColor; // a CSS colour for code
    QString dimColor;  // a CSS colour for notes (version added, deprecated)
};

// A docstring as Python libraries write them (numpydoc, reStructuredText, or plain text) as
// HTML for the Help dock, as Spyder's rich help shows them: section headings, parameters as a
// definition list with their types, examples and literal blocks as code, bullet lists,
// ``code``, *emphasis*, **strong**, :role:`targets`, and notes for versionadded, deprecated and
// the like. Everything in the text is escaped: only these rules make markup. What they do not
// recognise stays as paragraphs, so nothing is lost.
QString docstringHtml(const QString &docstring, const DocstringStyle &style);

} // namespace Sandpiper::Models
