// CodeIntelDispatcher without an engine: what is sent when, which replies are accepted (engine
// frames are untrusted), cancellation, stale requests, the end of an engine, and columns.

#include "codeinteldispatcher.h"

#include <QSignalSpy>
#include <QTest>

using namespace Sandpiper::Client;
using namespace Sandpiper::Protocol;

namespace {

struct Harness
{
    QList<QCborMap> sent;
    CodeIntelDispatcher dispatcher{[this](const QCborMap &body) {
        sent.append(body);
    }};
    QObject owner;
    quint64 nextId = 1;

    CodeIntelRequest *submit(CodeIntelKind kind,
                             const QString &path = {},
                             const QString &code = {},
                             int line = 1,
                             int column = 0)
    {
        auto request = new CodeIntelRequest(kind, nextId++, path, &owner);
        CodeQuery query;
        query.id = request->id();
        query.code = code;
        dispatcher.submit(request, query.toCbor(), code, line, column);
        return request;
    }
};

QCborMap completions(quint64 id, const QList<CompletionItem> &items = {})
{
    return Completions{id, items}.toCbor();
}

} // namespace

class tst_CodeIntelDispatcher : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void waitsForReady();
    void replyFinishesOnce();
    void unknownAndWrongReplies_data();
    void unknownAndWrongReplies();
    void cancelBeforeAndAfterSending();
    void newerRequestCancelsOlder();
    void failAllEndsEverything();
    void prefixLengthInQChars();
    void diagnosticColumnsInQChars();
    void columnConversion_data();
    void columnConversion();
};

void tst_CodeIntelDispatcher::waitsForReady()
{
    Harness h;
    h.submit(CodeIntelKind::Complete, QStringLiteral("a.py"));
    h.submit(CodeIntelKind::Lint, QStringLiteral("a.py"));
    QVERIFY(h.sent.isEmpty());
    h.dispatcher.setReady(true);
    QCOMPARE(h.sent.size(), 2);
    QCOMPARE(messageId(h.sent.at(0)), std::optional<quint64>(1));
    QCOMPARE(messageId(h.sent.at(1)), std::optional<quint64>(2));
    h.dispatcher.setReady(true); // nothing is sent twice
    QCOMPARE(h.sent.size(), 2);
    h.submit(CodeIntelKind::Format);
    QCOMPARE(h.sent.size(), 3);
}

void tst_CodeIntelDispatcher::replyFinishesOnce()
{
    Harness h;
    h.dispatcher.setReady(true);
    CodeIntelRequest *request = h.submit(CodeIntelKind::Complete);
    QSignalSpy finished(request, &CodeIntelRequest::finished);
    QString error;
    QVERIFY2(h.dispatcher.handleReply(
                     completions(1, {{QStringLiteral("x"), QStringLiteral("instance"), {}, {}, 0}}),
                     &error),
             qPrintable(error));
    QCOMPARE(finished.size(), 1);
    const auto result = finished.at(0).at(0).value<CodeIntelResult>();
    QVERIFY(result.answered);
    QCOMPARE(result.completions.items.size(), 1);
    QVERIFY(request->isFinished());
    // A second reply for the same id answers nothing that is pending: a violation.
    QVERIFY(!h.dispatcher.handleReply(completions(1), &error));
    QCOMPARE(finished.size(), 1);
    QCOMPARE(h.dispatcher.pendingCount(), 0);
}

void tst_CodeIntelDispatcher::unknownAndWrongReplies_data()
{
    QTest::addColumn<QCborMap>("reply");
    QTest::newRow("never asked") << completions(99);
    QTest::newRow("wrong kind") << Diagnostics{1, {}}.toCbor();
    QCborMap noId = completions(1);
    noId.remove(QStringLiteral("id"));
    QTest::newRow("no id") << noId;
    QCborMap malformed = completions(1);
    malformed.insert(QStringLiteral("items"), 3);
    QTest::newRow("malformed") << malformed;
    QCborMap badItem
            = completions(1, {{QStringLiteral("x"), QStringLiteral("instance"), {}, {}, 0}});
    QCborArray items = badItem.value(QStringLiteral("items")).toArray();
    QCborMap item = items.at(0).toMap();
    item.insert(QStringLiteral("kind"), QStringLiteral("rocket"));
    items[0] = item;
    badItem.insert(QStringLiteral("items"), items);
    QTest::newRow("unknown kind") << badItem;
}

void tst_CodeIntelDispatcher::unknownAndWrongReplies()
{
    QFETCH(QCborMap, reply);
    Harness h;
    CodeIntelRequest *request = h.submit(CodeIntelKind::Complete);
    h.submit(CodeIntelKind::Lint); // id 2: a diagnostics reply for it would be fine, not for 1
    QString error;
    // Before it was sent, not even the right reply is accepted.
    QVERIFY(!h.dispatcher.handleReply(completions(1), &error));
    h.dispatcher.setReady(true);
    QSignalSpy finished(request, &CodeIntelRequest::finished);
    error.clear();
    QVERIFY(!h.dispatcher.handleReply(reply, &error));
    QVERIFY(!error.isEmpty());
    QCOMPARE(finished.size(), 0);
}

void tst_CodeIntelDispatcher::cancelBeforeAndAfterSending()
{
    Harness h;
    CodeIntelRequest *unsent = h.submit(CodeIntelKind::Format, QStringLiteral("a.py"));
    QSignalSpy unsentFinished(unsent, &CodeIntelRequest::finished);
    unsent->cancel();
    QVERIFY(unsent->isCancelled());
    h.dispatcher.setReady(true);
    QVERIFY(h.sent.isEmpty()); // never sent, no cancel needed

    CodeIntelRequest *sent = h.submit(CodeIntelKind::Format, QStringLiteral("a.py"));
    QSignalSpy sentFinished(sent, &CodeIntelRequest::finished);
    sent->cancel();
    QCOMPARE(h.sent.size(), 2);
    QCOMPARE(messageType(h.sent.at(1)), QStringLiteral("cancel"));
    QCOMPARE(messageId(h.sent.at(1)), std::optional<quint64>(sent->id()));
    // Its reply still comes and is dropped quietly (once); it is checked like any frame.
    QString error;
    FormatResult cancelled;
    cancelled.id = sent->id();
    cancelled.errorMessage = QStringLiteral("cancelled");
    QVERIFY2(h.dispatcher.handleReply(cancelled.toCbor(), &error), qPrintable(error));
    QVERIFY(!h.dispatcher.handleReply(cancelled.toCbor(), &error));
    QCoreApplication::processEvents();
    QCOMPARE(unsentFinished.size(), 0);
    QCOMPARE(sentFinished.size(), 0);
}

void tst_CodeIntelDispatcher::newerRequestCancelsOlder()
{
    Harness h;
    h.dispatcher.setReady(true);
    CodeIntelRequest *older = h.submit(CodeIntelKind::Complete, QStringLiteral("a.py"));
    CodeIntelRequest *otherFile = h.submit(CodeIntelKind::Complete, QStringLiteral("b.py"));
    CodeIntelRequest *otherKind = h.submit(CodeIntelKind::Signature, QStringLiteral("a.py"));
    CodeIntelRequest *newer = h.submit(CodeIntelKind::Complete, QStringLiteral("a.py"));
    QVERIFY(older->isCancelled());
    QVERIFY(!otherFile->isCancelled());
    QVERIFY(!otherKind->isCancelled());
    QVERIFY(!newer->isCancelled());
    QCOMPARE(h.dispatcher.pendingCount(), 3);
    QString error;
    QVERIFY(h.dispatcher.handleReply(completions(older->id()), &error)); // dropped
    QSignalSpy finished(newer, &CodeIntelRequest::finished);
    QVERIFY(h.dispatcher.handleReply(completions(newer->id()), &error));
    QCOMPARE(finished.size(), 1);
}

void tst_CodeIntelDispatcher::failAllEndsEverything()
{
    Harness h;
    CodeIntelRequest *waiting = h.submit(CodeIntelKind::Lint);
    h.dispatcher.setReady(true);
    CodeIntelRequest *cancelled = h.submit(CodeIntelKind::Inspect);
    cancelled->cancel();
    CodeIntelRequest *sent = h.submit(CodeIntelKind::Format);
    QSignalSpy waitingFinished(waiting, &CodeIntelRequest::finished);
    QSignalSpy sentFinished(sent, &CodeIntelRequest::finished);
    h.dispatcher.failAll(QStringLiteral("gone"));
    QCOMPARE(h.dispatcher.pendingCount(), 0);
    QCOMPARE(waitingFinished.size(), 0); // from the event loop, not from inside failAll()
    QTRY_COMPARE(waitingFinished.size(), 1);
    QTRY_COMPARE(sentFinished.size(), 1);
    const auto result = sentFinished.at(0).at(0).value<CodeIntelResult>();
    QVERIFY(!result.answered);
    QCOMPARE(result.error, QStringLiteral("gone"));
    // A new engine: the old ids mean nothing any more, the cancelled one's included.
    QString error;
    QVERIFY(!h.dispatcher.handleReply(Documentation{}.toCbor(), &error));
    h.dispatcher.setReady(true);
    FormatResult late;
    late.id = sent->id();
    late.ok = true;
    QVERIFY(!h.dispatcher.handleReply(late.toCbor(), &error));
}

void tst_CodeIntelDispatcher::prefixLengthInQChars()
{
    Harness h;
    h.dispatcher.setReady(true);
    // "s = '😀'; s.up": the emoji is one code point and two QChars, before the prefix.
    const QString code = QStringLiteral("x = 1\ns = '\U0001F600'; s.up");
    CodeIntelRequest *request
            = h.submit(CodeIntelKind::Complete, {}, code, 2, int(code.section('\n', 1).size()));
    QSignalSpy finished(request, &CodeIntelRequest::finished);
    QString error;
    // A key completion replacing the emoji too: 6 code points before the cursor.
    QVERIFY(h.dispatcher.handleReply(
            completions(request->id(),
                        {{QStringLiteral("upper"), QStringLiteral("function"), {}, {}, 2},
                         {QStringLiteral("x"), QStringLiteral("instance"), {}, {}, 8}}),
            &error));
    const auto result = finished.at(0).at(0).value<CodeIntelResult>();
    QCOMPARE(result.completions.items.at(0).prefixLength, 2);
    QCOMPARE(result.completions.items.at(1).prefixLength, 9);
}

void tst_CodeIntelDispatcher::diagnosticColumnsInQChars()
{
    Harness h;
    h.dispatcher.setReady(true);
    const QString code = QStringLiteral("import os\ns = '\U0001F600';y=1\n");
    auto request = new CodeIntelRequest(CodeIntelKind::Lint, 1, {}, &h.owner);
    LintRequest lint;
    lint.id = 1;
    lint.code = code;
    h.dispatcher.submit(request, lint.toCbor(), code);
    QSignalSpy finished(request, &CodeIntelRequest::finished);
    Diagnostics reply{1,
                      {{1, 0, QStringLiteral("F401"), QStringLiteral("m"), Severity::Warning},
                       {2, 7, QStringLiteral("E702"), QStringLiteral("m"), Severity::Warning},
                       {3, 0, QStringLiteral("W391"), QStringLiteral("m"), Severity::Info},
                       {9, 4, QStringLiteral("E999"), QStringLiteral("m"), Severity::Error}}};
    QString error;
    QVERIFY2(h.dispatcher.handleReply(reply.toCbor(), &error), qPrintable(error));
    const auto result = finished.at(0).at(0).value<CodeIntelResult>();
    QList<int> columns;
    for (const Diagnostic &d : result.diagnostics.items)
        columns.append(d.column);
    QCOMPARE(columns, QList<int>({0, 8, 0, 4}));
}

void tst_CodeIntelDispatcher::columnConversion_data()
{
    QTest::addColumn<QString>("code");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("qchars");
    QTest::addColumn<int>("points");
    QTest::newRow("ascii") << QStringLiteral("abc\ndef") << 2 << 2 << 2;
    QTest::newRow("bmp") << QStringLiteral("ü€x") << 1 << 3 << 3;
    QTest::newRow("pair") << QStringLiteral("a\U0001F600b") << 1 << 4 << 3;
    QTest::newRow("inside pair") << QStringLiteral("a\U0001F600b") << 1 << 2 << 2;
    QTest::newRow("past end") << QStringLiteral("ab") << 1 << 5 << 2;
    QTest::newRow("no such line") << QStringLiteral("ab") << 3 << 1 << 0;
}

void tst_CodeIntelDispatcher::columnConversion()
{
    QFETCH(QString, code);
    QFETCH(int, line);
    QFETCH(int, qchars);
    QFETCH(int, points);
    QCOMPARE(codePointColumn(code, line, qchars), points);
    if (QTest::currentDataTag() == QByteArray("pair")
        || QTest::currentDataTag() == QByteArray("bmp")
        || QTest::currentDataTag() == QByteArray("ascii"))
        QCOMPARE(qcharColumn(code, line, points), qchars);
}

QTEST_GUILESS_MAIN(tst_CodeIntelDispatcher)
#include "tst_codeinteldispatcher.moc"
