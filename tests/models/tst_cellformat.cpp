// How the data viewer writes cells: locale, decimals, nulls by dtype, plain text for copying.

#include "cellformat.h"

#include <QTest>

using namespace Sandpiper::Models;

class tst_CellFormat : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void text_data();
    void text();
    void decimalsAreClamped();
    void plainText();
    void valueFromText_data();
    void valueFromText();
};

void tst_CellFormat::text_data()
{
    QTest::addColumn<QCborValue>("value");
    QTest::addColumn<QString>("dtype");
    QTest::addColumn<QString>("locale");
    QTest::addColumn<int>("decimals");
    QTest::addColumn<QString>("expected");
    const QString c = QStringLiteral("C");
    QTest::newRow("missing") << QCborValue(QCborValue::Invalid) << "int64" << c << 2 << "";
    QTest::newRow("int") << QCborValue(1234567) << "int64" << c << 2 << "1234567";
    QTest::newRow("int en") << QCborValue(1234567) << "int64" << "en_US" << 2 << "1,234,567";
    QTest::newRow("int de") << QCborValue(1234567) << "int64" << "de_DE" << 2 << "1.234.567";
    QTest::newRow("real") << QCborValue(3.14159) << "float64" << c << 2 << "3.14";
    QTest::newRow("real de") << QCborValue(3.5) << "float64" << "de_DE" << 3 << "3,500";
    QTest::newRow("real tiny") << QCborValue(1e-9) << "float64" << c << 2 << "1.00e-09";
    QTest::newRow("real huge") << QCborValue(2e20) << "float64" << c << 2 << "2.00e+20";
    QTest::newRow("real zero") << QCborValue(0.0) << "float64" << c << 2 << "0.00";
    QTest::newRow("inf") << QCborValue(qInf()) << "float64" << c << 2 << "inf";
    QTest::newRow("NaN") << QCborValue(nullptr) << "float64" << c << 2 << "NaN";
    QTest::newRow("NaT") << QCborValue(nullptr) << "datetime64[ns]" << c << 2 << "NaT";
    QTest::newRow("None") << QCborValue(nullptr) << "object" << c << 2 << "None";
    QTest::newRow("<NA> Int64") << QCborValue(nullptr) << "Int64" << c << 2 << "<NA>";
    QTest::newRow("<NA> string") << QCborValue(nullptr) << "string" << c << 2 << "<NA>";
    QTest::newRow("bool") << QCborValue(true) << "bool" << c << 2 << "True";
    QTest::newRow("datetime") << QCborValue(QStringLiteral("2024-01-01T10:30:00"))
                              << "datetime64[ns]" << c << 2 << "2024-01-01 10:30:00";
    QTest::newRow("text with T") << QCborValue(QStringLiteral("abcdefghijTxyz")) << "object" << c
                                 << 2 << "abcdefghijTxyz";
}

void tst_CellFormat::text()
{
    QFETCH(QCborValue, value);
    QFETCH(QString, dtype);
    QFETCH(QString, locale);
    QFETCH(int, decimals);
    QFETCH(QString, expected);
    QCOMPARE(CellFormat(QLocale(locale), decimals).text(value, dtype), expected);
}

void tst_CellFormat::decimalsAreClamped()
{
    CellFormat format(QLocale::c(), 99);
    QCOMPARE(format.decimals(), CellFormat::MaxDecimals);
    format.setDecimals(-3);
    QCOMPARE(format.decimals(), 0);
    QCOMPARE(format.text(QCborValue(2.25), QStringLiteral("float64")), QStringLiteral("2"));
}

void tst_CellFormat::plainText()
{
    QCOMPARE(CellFormat::plainText(QCborValue(0.1)), QStringLiteral("0.1"));
    QCOMPARE(CellFormat::plainText(QCborValue(1234567)), QStringLiteral("1234567"));
    QCOMPARE(CellFormat::plainText(QCborValue(nullptr)), QString());
    QCOMPARE(CellFormat::plainText(QCborValue(false)), QStringLiteral("False"));
    QCOMPARE(CellFormat::plainText(QCborValue(QStringLiteral("a\tb"))), QStringLiteral("a\tb"));
}

void tst_CellFormat::valueFromText_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("dtype");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QCborValue>("expected");
    QTest::newRow("int") << " 42 " << "int64" << true << QCborValue(42);
    QTest::newRow("int grouped") << "1,234" << "int64" << true << QCborValue(1234);
    QTest::newRow("int as real") << "2.5" << "int64" << true << QCborValue(2.5);
    QTest::newRow("int bad") << "abc" << "int64" << false << QCborValue(nullptr);
    QTest::newRow("real") << "1e3" << "float64" << true << QCborValue(1000.0);
    QTest::newRow("nullable int") << "7" << "Int64" << true << QCborValue(7);
    QTest::newRow("bool") << "True" << "bool" << true << QCborValue(true);
    QTest::newRow("bool bad") << "maybe" << "bool" << false << QCborValue(nullptr);
    QTest::newRow("text") << " padded " << "object" << true
                          << QCborValue(QStringLiteral(" padded "));
    QTest::newRow("date") << "2024-01-02" << "datetime64[ns]" << true
                          << QCborValue(QStringLiteral("2024-01-02"));
}

void tst_CellFormat::valueFromText()
{
    QFETCH(QString, text);
    QFETCH(QString, dtype);
    QFETCH(bool, ok);
    QFETCH(QCborValue, expected);
    bool parsed = false;
    const QCborValue value
            = CellFormat(QLocale(QStringLiteral("en_US"))).valueFromText(text, dtype, &parsed);
    QCOMPARE(parsed, ok);
    QCOMPARE(value, expected);
}

QTEST_GUILESS_MAIN(tst_CellFormat)
#include "tst_cellformat.moc"
