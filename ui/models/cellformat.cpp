#include "cellformat.h"

#include <cmath>

namespace Sandpiper::Models {

CellFormat::CellFormat(const QLocale &locale, int decimals)
    : m_locale(locale)
{
    setDecimals(decimals);
}

void CellFormat::setDecimals(int decimals)
{
    m_decimals = std::clamp(decimals, 0, MaxDecimals);
}

CellFormat::Kind CellFormat::kindOf(const QCborValue &value)
{
    if (value.isInvalid() || value.isUndefined())
        return Kind::Missing;
    if (value.isNull())
        return Kind::Null;
    if (value.isBool())
        return Kind::Bool;
    if (value.isInteger())
        return Kind::Integer;
    if (value.isDouble())
        return Kind::Real;
    return Kind::Text;
}

QString CellFormat::nullText(const QString &dtype)
{
    if (dtype.startsWith(QLatin1String("float")) || dtype.startsWith(QLatin1String("complex")))
        return QStringLiteral("NaN");
    if (dtype.startsWith(QLatin1String("datetime")) || dtype.startsWith(QLatin1String("timedelta"))
        || dtype.startsWith(QLatin1String("<M8")) || dtype.startsWith(QLatin1String("<m8"))) {
        return QStringLiteral("NaT");
    }
    // pandas' nullable dtypes (Int64, Float64, boolean, string) say <NA>.
    if (!dtype.isEmpty()
        && (dtype.at(0).isUpper() || dtype == QLatin1String("boolean")
            || dtype == QLatin1String("string"))) {
        return QStringLiteral("<NA>");
    }
    return QStringLiteral("None");
}

QString CellFormat::text(const QCborValue &value, const QString &dtype) const
{
    switch (kindOf(value)) {
    case Kind::Missing:
        return {};
    case Kind::Null:
        return nullText(dtype);
    case Kind::Bool:
        return value.toBool() ? QStringLiteral("True") : QStringLiteral("False");
    case Kind::Integer:
        return m_locale.toString(value.toInteger());
    case Kind::Real: {
        const double number = value.toDouble();
        if (std::isinf(number))
            return number > 0 ? QStringLiteral("inf") : QStringLiteral("-inf");
        const double magnitude = std::abs(number);
        // Very large and very small numbers would be all zeros or all digits in fixed notation.
        if (magnitude >= 1e15 || (magnitude > 0 && magnitude < std::pow(10.0, -m_decimals)))
            return m_locale.toString(number, 'e', std::max(1, m_decimals));
        return m_locale.toString(number, 'f', m_decimals);
    }
    case Kind::Text:
        break;
    }
    QString text = value.toString();
    // ISO datetimes from the engine: "2024-05-01T12:00:00" reads better with a space.
    if (dtype.startsWith(QLatin1String("datetime")) && text.size() > 10
        && text.at(10) == QLatin1Char('T')) {
        text[10] = QLatin1Char(' ');
    }
    return text;
}

bool CellFormat::alignsRight(const QCborValue &value)
{
    const Kind kind = kindOf(value);
    return kind == Kind::Integer || kind == Kind::Real;
}

QString CellFormat::plainText(const QCborValue &value)
{
    switch (kindOf(value)) {
    case Kind::Missing:
    case Kind::Null:
        return {};
    case Kind::Bool:
        return value.toBool() ? QStringLiteral("True") : QStringLiteral("False");
    case Kind::Integer:
        return QString::number(value.toInteger());
    case Kind::Real:
        return QString::number(value.toDouble(), 'g', QLocale::FloatingPointShortest);
    case Kind::Text:
        break;
    }
    return value.toString();
}

QCborValue CellFormat::valueFromText(const QString &text, const QString &dtype, bool *ok) const
{
    const QString trimmed = text.trimmed();
    *ok = true;
    const auto number = [this, &trimmed, ok](bool integer) -> QCborValue {
        bool parsed = false;
        if (integer) {
            qint64 value = m_locale.toLongLong(trimmed, &parsed);
            if (!parsed)
                value = trimmed.toLongLong(&parsed);
            if (parsed)
                return QCborValue(value);
        }
        double value = m_locale.toDouble(trimmed, &parsed);
        if (!parsed)
            value = trimmed.toDouble(&parsed);
        *ok = parsed;
        return parsed ? QCborValue(value) : QCborValue(nullptr);
    };
    if (dtype.startsWith(QLatin1String("int")) || dtype.startsWith(QLatin1String("uint"))
        || dtype.startsWith(QLatin1String("Int")) || dtype.startsWith(QLatin1String("UInt"))) {
        return number(true);
    }
    if (dtype.startsWith(QLatin1String("float")) || dtype.startsWith(QLatin1String("Float")))
        return number(false);
    if (dtype == QLatin1String("bool") || dtype == QLatin1String("boolean")) {
        const QString lower = trimmed.toLower();
        if (lower == QLatin1String("true") || lower == QLatin1String("1"))
            return QCborValue(true);
        if (lower == QLatin1String("false") || lower == QLatin1String("0"))
            return QCborValue(false);
        *ok = false;
        return QCborValue(nullptr);
    }
    return QCborValue(text.left(Protocol::MaxCellChars));
}

} // namespace Sandpiper::Models
