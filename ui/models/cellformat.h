#pragma once

#include "messages.h"

#include <QCborValue>
#include <QLocale>
#include <QString>

namespace Sandpiper::Models {

// How the data viewer writes a cell: numbers in the user's locale with a chosen number of
// decimals, nulls named after their column's kind (NaN, NaT, None, <NA>), datetimes without the
// ISO "T".
class CellFormat
{
public:
    enum class Kind { Missing, Null, Bool, Integer, Real, Text };

    explicit CellFormat(const QLocale &locale = QLocale(), int decimals = 6);

    int decimals() const { return m_decimals; }
    void setDecimals(int decimals);
    static constexpr int MaxDecimals = 15;

    static Kind kindOf(const QCborValue &value);
    // The text shown for a cell of a column of this dtype; empty for a missing cell.
    QString text(const QCborValue &value, const QString &dtype) const;
    // What a null looks like in a column of this dtype.
    static QString nullText(const QString &dtype);
    // Numbers line up on the right.
    static bool alignsRight(const QCborValue &value);
    // The plain text of a cell for copying: no grouping, full precision, nulls empty.
    static QString plainText(const QCborValue &value);
    // What the user typed as a value for a column of this dtype (a filter's value): a number
    // for numeric dtypes (in this locale or plain), a boolean for bool, text otherwise.
    // ok false when the text is not a value of the dtype.
    QCborValue valueFromText(const QString &text, const QString &dtype, bool *ok) const;

private:
    QLocale m_locale;
    int m_decimals;
};

} // namespace Sandpiper::Models
