#include "sandbox.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;
using Sandpiper::Sandbox::PrimitiveStatus;
using Sandpiper::Sandbox::Report;

class TestSandboxReport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void jsonRoundTrip_data();
    void jsonRoundTrip();
    void fullyIsolated_data();
    void fullyIsolated();
    void find();
};

void TestSandboxReport::jsonRoundTrip_data()
{
    QTest::addColumn<QString>("detail");
    QTest::newRow("plain") << u"ABI 6: 21 path rules"_s;
    QTest::newRow("quotes and backslashes") << uR"(open "/tmp/a\b": Permission denied)"_s;
    QTest::newRow("control characters") << u"line1\nline2\tTab\r\u0001\u001f end"_s;
    QTest::newRow("non-ASCII") << u"工作区 /home/usér/数据"_s;
    QTest::newRow("empty") << QString();
}

void TestSandboxReport::jsonRoundTrip()
{
    QFETCH(QString, detail);
    Report report;
    report.landlockAbi = 6;
    report.primitives
            = {{"landlock", true, detail.toStdString()}, {"cgroup", false, "no cgroup v2"}};
    const std::string json = report.toJson();
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(QByteArray::fromStdString(json), &error);
    QVERIFY2(error.error == QJsonParseError::NoError,
             qPrintable(error.errorString() + u": "_s + QString::fromStdString(json)));
    const QJsonObject root = document.object();
    QCOMPARE(root.value(u"landlockAbi"_s).toInt(), 6);
    QCOMPARE(root.value(u"fullyIsolated"_s).toBool(), true);
    const QJsonArray primitives = root.value(u"primitives"_s).toArray();
    QCOMPARE(primitives.size(), 2);
    QCOMPARE(primitives.at(0)[u"name"_s].toString(), u"landlock"_s);
    QCOMPARE(primitives.at(0)[u"active"_s].toBool(), true);
    QCOMPARE(primitives.at(0)[u"detail"_s].toString(), detail);
    QCOMPARE(primitives.at(1)[u"active"_s].toBool(), false);
}

void TestSandboxReport::fullyIsolated_data()
{
    QTest::addColumn<bool>("landlock");
    QTest::addColumn<bool>("seccomp");
    QTest::addColumn<bool>("cgroup");
    QTest::addColumn<bool>("expected");
    QTest::newRow("all") << true << true << true << true;
    QTest::newRow("cgroup is optional") << true << true << false << true;
    QTest::newRow("no landlock") << false << true << true << false;
    QTest::newRow("no seccomp") << true << false << false << false;
}

void TestSandboxReport::fullyIsolated()
{
    QFETCH(bool, landlock);
    QFETCH(bool, seccomp);
    QFETCH(bool, cgroup);
    QFETCH(bool, expected);
    Report report;
    report.primitives
            = {{"landlock", landlock, "x"}, {"seccomp", seccomp, "x"}, {"cgroup", cgroup, "x"}};
    QCOMPARE(report.fullyIsolated(), expected);
    QCOMPARE(QByteArray::fromStdString(report.toJson()).contains("\"fullyIsolated\":true"),
             expected);
    QVERIFY2(!Report().fullyIsolated(), "an empty report (enter() not run) claims isolation");
}

void TestSandboxReport::find()
{
    Report report;
    report.primitives = {{"seccomp", true, "12 rules"}};
    QVERIFY(report.find("seccomp"));
    QCOMPARE(report.find("seccomp")->detail, std::string("12 rules"));
    QVERIFY(!report.find("landlock"));
}

QTEST_GUILESS_MAIN(TestSandboxReport)
#include "tst_sandboxreport.moc"
