// DataDispatcher without an engine: pages are sent once the engine is ready, a reply must fit the
// window that was asked (engine frames are untrusted), cancelled requests stay quiet, and every
// request ends when the engine does.

#include "abstractsession.h"
#include "datarequest.h"

#include <QSignalSpy>
#include <QTest>

using namespace Sandpiper::Client;
using namespace Sandpiper::Protocol;

namespace {

struct Harness
{
    QList<QCborMap> sent;
    DataDispatcher dispatcher{[this](const QCborMap &body) {
        sent.append(body);
    }};
    QObject owner;
    quint64 nextId = 1;

    PageFetch *submit(qint64 row = 0, int rows = 10, qint64 column = 0, int columns = 3)
    {
        PageRequest window;
        window.name = QStringLiteral("df");
        window.rowStart = row;
        window.rowCount = rows;
        window.columnStart = column;
        window.columnCount = columns;
        auto fetch = new PageFetch(AbstractSession::pageRequest(nextId++, window), &owner);
        dispatcher.submit(fetch);
        return fetch;
    }
};

Page pageFor(quint64 id, qint64 row, int rows, int columns, qint64 totalRows = 1'000'000)
{
    Page page;
    page.id = id;
    page.totalRows = totalRows;
    page.totalColumns = 10;
    page.sourceRows = totalRows;
    page.rowStart = row;
    for (int c = 0; c < columns; ++c)
        page.columns.append({QStringLiteral("c%1").arg(c), QStringLiteral("int64")});
    for (int r = 0; r < rows; ++r) {
        page.index.append(QString::number(row + r));
        QCborArray cells;
        for (int c = 0; c < columns; ++c)
            cells.append(r);
        page.rows.append(cells);
    }
    return page;
}

} // namespace

class tst_DataDispatcher : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void windowIsClamped();
    void replyFinishesTheFetch();
    void largerPageThanAskedIsAViolation();
    void cancelledReplyIsCheckedAndDropped();
    void failAllEndsEveryFetch();
    void defaultSessionSaysUnsupported();
    void findAndReleaseReplies();
    void membersReplies();
    void daskReplies();
};

void tst_DataDispatcher::windowIsClamped()
{
    PageRequest asked;
    asked.name = QString(1000, QLatin1Char('x'));
    asked.rowStart = -5;
    asked.rowCount = 1'000'000;
    asked.columnStart = -1;
    asked.columnCount = 0;
    asked.sort = QList<SortKey>(MaxSortKeys + 3);
    asked.filter.conditions = QList<FilterCondition>(MaxFilterConditions + 1);
    const PageRequest window = AbstractSession::pageRequest(3, asked);
    QCOMPARE(window.id, 3u);
    QCOMPARE(window.sort.size(), MaxSortKeys);
    QCOMPARE(window.filter.conditions.size(), MaxFilterConditions);
    QCOMPARE(window.name.size(), MaxVariableNameChars);
    QCOMPARE(window.rowStart, 0);
    QCOMPARE(window.rowCount, MaxPageRows);
    QCOMPARE(window.columnStart, 0);
    QCOMPARE(window.columnCount, 1);
}

void tst_DataDispatcher::replyFinishesTheFetch()
{
    Harness h;
    PageFetch *fetch = h.submit(500, 10);
    QVERIFY(h.sent.isEmpty());
    h.dispatcher.setReady(true);
    QCOMPARE(h.sent.size(), 1);
    QCOMPARE(messageType(h.sent.first()), QString(MessageType::Page));
    QSignalSpy finished(fetch, &PageFetch::finished);
    QString error;
    QVERIFY2(h.dispatcher.handleReply(pageFor(fetch->id(), 500, 10, 3).toCbor(), &error),
             qPrintable(error));
    QCOMPARE(finished.size(), 1);
    const Page page = finished.first().first().value<Page>();
    QCOMPARE(page.rowStart, 500);
    QCOMPARE(page.rows.size(), 10);
    // A second reply for the same id answers nothing.
    QVERIFY(!h.dispatcher.handleReply(pageFor(1, 500, 10, 3).toCbor(), &error));
}

void tst_DataDispatcher::largerPageThanAskedIsAViolation()
{
    Harness h;
    h.dispatcher.setReady(true);
    PageFetch *fetch = h.submit(0, 10, 0, 3);
    QString error;
    QVERIFY(!h.dispatcher.handleReply(pageFor(fetch->id(), 0, 11, 3).toCbor(), &error));
    QVERIFY(error.contains(QLatin1String("11")));
    PageFetch *wide = h.submit(0, 10, 0, 3);
    QVERIFY(!h.dispatcher.handleReply(pageFor(wide->id(), 0, 10, 4).toCbor(), &error));
    // A reply of another family to a page request is one too.
    PageFetch *other = h.submit();
    QVERIFY(!h.dispatcher.handleReply(Completions{other->id(), {}}.toCbor(), &error));
}

void tst_DataDispatcher::cancelledReplyIsCheckedAndDropped()
{
    Harness h;
    h.dispatcher.setReady(true);
    PageFetch *fetch = h.submit();
    const quint64 id = fetch->id();
    QSignalSpy finished(fetch, &PageFetch::finished);
    fetch->cancel();
    QCOMPARE(messageType(h.sent.last()), QString(MessageType::Cancel));
    QString error;
    QVERIFY2(h.dispatcher.handleReply(pageFor(id, 0, 10, 3).toCbor(), &error), qPrintable(error));
    QCOMPARE(finished.size(), 0);
    QCOMPARE(h.dispatcher.pendingCount(), 0);
}

void tst_DataDispatcher::failAllEndsEveryFetch()
{
    Harness h;
    QPointer<PageFetch> waiting = h.submit();
    h.dispatcher.setReady(true);
    QPointer<PageFetch> sent = h.submit();
    QSignalSpy first(waiting.data(), &PageFetch::finished);
    QSignalSpy second(sent.data(), &PageFetch::finished);
    h.dispatcher.failAll(QStringLiteral("gone"));
    QCOMPARE(first.size(), 0); // from the event loop
    QTRY_COMPARE(first.size(), 1);
    QTRY_COMPARE(second.size(), 1);
    QCOMPARE(first.first().first().value<Page>().error, QStringLiteral("gone"));
    QString error;
    QVERIFY(!h.dispatcher.handleReply(pageFor(2, 0, 10, 3).toCbor(), &error));
}

namespace {
class Minimal : public AbstractSession
{
public:
    SessionState state() const override { return SessionState::Idle; }
    Hello engineInfo() const override { return {}; }
    void start() override {}
    Execution *execute(const QString &, const QString &, RunPriority) override { return nullptr; }
    void interrupt() override {}
    void restart() override {}
    void shutdown() override {}
};
} // namespace

void tst_DataDispatcher::defaultSessionSaysUnsupported()
{
    Minimal session;
    PageRequest window;
    window.name = QStringLiteral("df");
    PageFetch *fetch = session.fetchPage(window);
    QSignalSpy finished(fetch, &PageFetch::finished);
    QTRY_COMPARE(finished.size(), 1);
    QVERIFY(!finished.first().first().value<Page>().error.isEmpty());
}

void tst_DataDispatcher::findAndReleaseReplies()
{
    Harness h;
    h.dispatcher.setReady(true);
    FindRequest asked;
    asked.id = h.nextId++;
    asked.name = QStringLiteral("df");
    asked.text = QStringLiteral("x");
    asked.count = 100;
    auto find = new FindFetch(asked, &h.owner);
    h.dispatcher.submit(find);
    QCOMPARE(messageType(h.sent.last()), QString(MessageType::Find));
    QSignalSpy finished(find, &FindFetch::finished);
    FindResult result;
    result.id = asked.id;
    result.found = true;
    result.row = 3;
    result.column = 1;
    result.scanned = 7;
    QString error;
    QVERIFY2(h.dispatcher.handleReply(result.toCbor(), &error), qPrintable(error));
    QCOMPARE(finished.size(), 1);
    QCOMPARE(finished.first().first().value<FindResult>().row, 3);

    // A cell "found" past the positions it was asked to look at is a violation.
    asked.id = h.nextId++;
    h.dispatcher.submit(new FindFetch(asked, &h.owner));
    result.id = asked.id;
    result.scanned = 101;
    QVERIFY(!h.dispatcher.handleReply(result.toCbor(), &error));

    // A release is answered and ends quietly; its reply is checked like any other.
    auto release = new HoldRelease(ReleaseRequest{h.nextId++, 4}, &h.owner);
    QPointer<HoldRelease> watch = release;
    h.dispatcher.submit(release);
    QCOMPARE(messageType(h.sent.last()), QString(MessageType::Release));
    QVERIFY(!h.dispatcher.handleReply(Released{release->id() + 100}.toCbor(), &error));
    QVERIFY2(h.dispatcher.handleReply(Released{release->id()}.toCbor(), &error), qPrintable(error));
    QVERIFY(release->isFinished());
    QTRY_VERIFY(watch.isNull()); // deleted once answered

    Minimal session;
    FindFetch *unsupported = session.find(asked);
    QSignalSpy unanswered(unsupported, &FindFetch::finished);
    QTRY_COMPARE(unanswered.size(), 1);
    QVERIFY(!unanswered.first().first().value<FindResult>().error.isEmpty());
    session.releaseHold(4); // nothing held: nothing to do
}

void tst_DataDispatcher::membersReplies()
{
    Harness h;
    h.dispatcher.setReady(true);
    ExpandRequest asked;
    asked.id = h.nextId++;
    asked.name = QStringLiteral("data");
    asked.path = {{1, QStringLiteral("['rows']")}};
    asked.start = 100;
    asked.count = 2;
    auto expand = new MembersFetch(asked, &h.owner);
    h.dispatcher.submit(expand);
    QCOMPARE(messageType(h.sent.last()), QString(MessageType::Expand));
    QCOMPARE(ExpandRequest::fromCbor(h.sent.last(), nullptr)->path, asked.path);
    QSignalSpy finished(expand, &MembersFetch::finished);
    MemberList reply;
    reply.id = asked.id;
    reply.total = 500;
    reply.start = 100;
    VariableSummary member;
    member.name = QStringLiteral("[100]");
    member.type = QStringLiteral("int");
    member.kind = QStringLiteral("scalar");
    reply.members = {member, member};
    QString error;
    QVERIFY2(h.dispatcher.handleReply(reply.toCbor(), &error), qPrintable(error));
    QCOMPARE(finished.size(), 1);
    QCOMPARE(finished.first().first().value<MemberList>().members.size(), 2);

    // More members than asked for, or from another start, are a violation.
    for (const auto &[count, start] : {std::pair{3, 100}, std::pair{2, 99}}) {
        asked.id = h.nextId++;
        h.dispatcher.submit(new MembersFetch(asked, &h.owner));
        reply.id = asked.id;
        reply.start = start;
        reply.members = QList<VariableSummary>(count, member);
        QVERIFY(!h.dispatcher.handleReply(reply.toCbor(), &error));
        QVERIFY2(error.contains(QString::number(count)), qPrintable(error));
    }
    // An error answers with no members.
    asked.id = h.nextId++;
    auto gone = new MembersFetch(asked, &h.owner);
    h.dispatcher.submit(gone);
    QSignalSpy goneFinished(gone, &MembersFetch::finished);
    MemberList failed;
    failed.id = asked.id;
    failed.error = QStringLiteral("data has no member ['rows'] any more");
    QVERIFY2(h.dispatcher.handleReply(failed.toCbor(), &error), qPrintable(error));
    QCOMPARE(goneFinished.first().first().value<MemberList>().error, failed.error);

    Minimal session;
    MembersFetch *unsupported = session.expand(asked);
    QSignalSpy unanswered(unsupported, &MembersFetch::finished);
    QTRY_COMPARE(unanswered.size(), 1);
    QVERIFY(!unanswered.first().first().value<MemberList>().error.isEmpty());
}

QTEST_GUILESS_MAIN(tst_DataDispatcher)
// A page of another partition than asked, and the count and cluster replies, through the
// dispatcher; the default session answers neither.
void tst_DataDispatcher::daskReplies()
{
    Harness h;
    h.dispatcher.setReady(true);
    PageRequest window;
    window.name = QStringLiteral("big");
    window.rowCount = 10;
    window.columnCount = 3;
    window.partition = 2;
    auto fetch = new PageFetch(AbstractSession::pageRequest(h.nextId++, window), &h.owner);
    h.dispatcher.submit(fetch);
    QCOMPARE(h.sent.last().value(QStringLiteral("partition")).toInteger(), 2);
    Page page = pageFor(fetch->id(), 0, 10, 3, 250);
    page.partitions = 4;
    page.partition = 3;
    QString error;
    QVERIFY(!h.dispatcher.handleReply(page.toCbor(), &error));
    QVERIFY2(error.contains(u"partition 4 for a request of partition 3"), qPrintable(error));
    auto right = new PageFetch(AbstractSession::pageRequest(h.nextId++, window), &h.owner);
    h.dispatcher.submit(right);
    QSignalSpy pageFinished(right, &PageFetch::finished);
    page.id = right->id();
    page.partition = 2;
    QVERIFY2(h.dispatcher.handleReply(page.toCbor(), &error), qPrintable(error));
    QCOMPARE(pageFinished.first().first().value<Page>().partitions, 4);

    RowCountRequest count;
    count.id = h.nextId++;
    count.name = QStringLiteral("big");
    auto counting = new RowCountFetch(count, &h.owner);
    h.dispatcher.submit(counting);
    QCOMPARE(messageType(h.sent.last()), QString(MessageType::Count));
    QSignalSpy counted(counting, &RowCountFetch::finished);
    QVERIFY2(h.dispatcher.handleReply(RowCount{count.id, {}, 2, 4, -1, false, false}.toCbor(),
                                      &error),
             qPrintable(error));
    QCOMPARE(counted.first().first().value<RowCount>().done, 2);

    auto cluster = new ClusterFetch(ClusterRequest{h.nextId++}, &h.owner);
    h.dispatcher.submit(cluster);
    QCOMPARE(messageType(h.sent.last()), QString(MessageType::Cluster));
    // A count's reply to a cluster request is a violation.
    QVERIFY(!h.dispatcher.handleReply(RowCount{cluster->id(), {}, 0, 0, -1, true, false}.toCbor(),
                                      &error));

    Minimal session;
    QSignalSpy unsupported(session.clusterInfo(), &ClusterFetch::finished);
    QTRY_COMPARE(unsupported.size(), 1);
    QVERIFY(!unsupported.first().first().value<ClusterInfo>().error.isEmpty());
}

#include "tst_datadispatcher.moc"
