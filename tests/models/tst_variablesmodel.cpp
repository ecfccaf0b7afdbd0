// The Variables dock's model: applying the engine's diffs, and what each column shows and
// sorts by.
#include "variablesmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTest>

using namespace Sandpiper;
using Models::VariablesModel;
using Protocol::VariablesDiff;
using Protocol::VariableSummary;

namespace {

VariableSummary summary(const QString &name,
                        const QString &repr = QStringLiteral("1"),
                        QList<qint64> shape = {},
                        qint64 bytes = 28)
{
    VariableSummary s;
    s.name = name;
    s.type = QStringLiteral("int");
    s.kind = QStringLiteral("scalar");
    s.shape = shape;
    s.bytes = bytes;
    s.repr = repr;
    return s;
}

VariablesDiff diff(QList<VariableSummary> changed, QStringList removed = {}, bool reset = false)
{
    VariablesDiff d;
    d.changed = changed;
    d.removed = removed;
    d.reset = reset;
    return d;
}

VariableSummary expandable(const QString &name, const QString &type = QStringLiteral("dict"))
{
    VariableSummary s = summary(name);
    s.type = type;
    s.kind = QStringLiteral("collection");
    s.expandable = true;
    return s;
}

// Members "[start]" .. of a list of `total`, as the engine would answer.
Protocol::MemberList members(qint64 start, int count, qint64 total, const QString &prefix = {})
{
    Protocol::MemberList list;
    list.total = total;
    list.start = start;
    for (qint64 i = start; i < std::min<qint64>(start + count, total); ++i)
        list.members.append(summary(QStringLiteral("[%1]").arg(i), prefix + QString::number(i)));
    return list;
}

// Expand requests as the model sends them, answered by the test.
struct FakeEngine
{
    struct Asked
    {
        Protocol::ExpandRequest request;
        VariablesModel::MembersDone done;
    };
    QList<Asked> asked;

    VariablesModel::MembersFetcher fetcher()
    {
        return [this](const Protocol::ExpandRequest &request,
                      const VariablesModel::MembersDone &done) {
            asked.append({request, done});
        };
    }
    void answer(int i, const Protocol::MemberList &list) { asked.at(i).done(list); }
};

QStringList names(const QAbstractItemModel &model)
{
    QStringList out;
    for (int row = 0; row < model.rowCount(); ++row)
        out << model.index(row, VariablesModel::Name).data().toString();
    return out;
}

} // namespace

class TestVariablesModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void appliesResetChangesAndRemovals()
    {
        VariablesModel model;
        QAbstractItemModelTester tester(&model);
        model.apply(diff({summary("a"), summary("b")}, {}, true));
        QCOMPARE(names(model), (QStringList{"a", "b"}));

        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.apply(diff({summary("b", "2"), summary("c")}, {"a"}));
        QCOMPARE(names(model), (QStringList{"b", "c"}));
        QCOMPARE(changed.size(), 1);
        QCOMPARE(model.summary("b")->repr, QStringLiteral("2"));
        QCOMPARE(model.indexOf("c", VariablesModel::Value).row(), 1);
        QCOMPARE(model.indexOf("c", VariablesModel::Value).column(), int(VariablesModel::Value));
        QVERIFY(!model.indexOf("a").isValid());
        QCOMPARE(model.index(0, VariablesModel::Value).data().toString(), QStringLiteral("2"));

        // A removed name that is not there, and an empty diff, change nothing.
        model.apply(diff({}, {"nope"}));
        QCOMPARE(names(model), (QStringList{"b", "c"}));

        // A reset replaces everything, even names not mentioned.
        model.apply(diff({summary("z")}, {}, true));
        QCOMPARE(names(model), (QStringList{"z"}));
        QVERIFY(!model.summary("b"));
    }

    void manyRemovalsAtOnce()
    {
        VariablesModel model;
        QAbstractItemModelTester tester(&model);
        QList<VariableSummary> all;
        QStringList gone;
        for (int i = 0; i < 5000; ++i) {
            all << summary(QStringLiteral("v%1").arg(i));
            if (i % 2)
                gone << QStringLiteral("v%1").arg(i);
        }
        model.apply(diff(all, {}, true));
        QCOMPARE(model.rowCount(), 5000);
        model.apply(diff({summary("v0", "changed")}, gone));
        QCOMPARE(model.rowCount(), 2500);
        QCOMPARE(model.summary("v0")->repr, QStringLiteral("changed"));
        QVERIFY(!model.summary("v1"));
        QCOMPARE(model.summary("v4998")->name, QStringLiteral("v4998"));
        // Row lookups still match after the rows moved.
        for (int row = 0; row < model.rowCount(); ++row)
            QCOMPARE(model.summary(model.summaryAt(row).name), &model.summaryAt(row));
    }

    void columnsShowAndSortNaturally()
    {
        VariablesModel model;
        model.apply(diff({summary("small", "[1]", {20}, 100),
                          summary("wide", "frame", {10, 3}, 2048),
                          summary("scalar", "1", {}, -1)},
                         {},
                         true));
        const auto cell = [&](const QString &name, int column, int role = Qt::DisplayRole) {
            for (int row = 0; row < model.rowCount(); ++row) {
                if (model.summaryAt(row).name == name)
                    return model.index(row, column).data(role);
            }
            return QVariant();
        };
        QCOMPARE(cell("wide", VariablesModel::Shape).toString(), QStringLiteral("10 \u00d7 3"));
        QCOMPARE(cell("small", VariablesModel::Shape).toString(), QStringLiteral("20"));
        QCOMPARE(cell("scalar", VariablesModel::Shape).toString(), QString());
        QCOMPARE(cell("scalar", VariablesModel::Memory).toString(), QString()); // unknown
        QVERIFY(!cell("wide", VariablesModel::Memory).toString().isEmpty());

        QSortFilterProxyModel proxy;
        proxy.setSourceModel(&model);
        proxy.setSortRole(VariablesModel::SortRole);
        proxy.sort(VariablesModel::Shape);
        // By number of elements: scalar (none), wide (30 = 10 x 3) after small (20).
        QCOMPARE(names(proxy), (QStringList{"scalar", "small", "wide"}));
        proxy.sort(VariablesModel::Memory, Qt::DescendingOrder);
        QCOMPARE(names(proxy), (QStringList{"wide", "small", "scalar"}));
    }

    void membersComeAPageAtATime()
    {
        // (No QAbstractItemModelTester here: it fetches every level itself; see
        // treePassesTheModelTester.)
        VariablesModel model;
        FakeEngine engine;
        model.setMembersFetcher(engine.fetcher());
        model.apply(diff({expandable("d"), summary("x")}, {}, true));
        const QModelIndex d = model.indexOf("d");
        QVERIFY(model.hasChildren(d));
        QVERIFY(!model.hasChildren(model.indexOf("x")));
        QVERIFY(!model.canFetchMore(model.indexOf("x")));
        QVERIFY(model.canFetchMore(d));
        model.fetchMore(d);
        QCOMPARE(engine.asked.size(), 1);
        QCOMPARE(engine.asked[0].request.name, QStringLiteral("d"));
        QVERIFY(engine.asked[0].request.path.isEmpty());
        QCOMPARE(engine.asked[0].request.start, 0);
        QCOMPARE(engine.asked[0].request.count, VariablesModel::MembersPage);
        // A loading row meanwhile (from the event loop), and no second request.
        QCOMPARE(model.rowCount(d), 0);
        QCoreApplication::processEvents();
        QCOMPARE(model.rowCount(d), 1);
        const QModelIndex loading = model.index(0, 0, d);
        QCOMPARE(model.rowKind(loading), VariablesModel::RowKind::Status);
        QCOMPARE(loading.data().toString(), QStringLiteral("Loading…"));
        QVERIFY(!model.canFetchMore(d));

        engine.answer(0, members(0, 100, 250));
        QCOMPARE(model.rowCount(d), 101);
        QCOMPARE(model.index(3, VariablesModel::Name, d).data().toString(), QStringLiteral("[3]"));
        QCOMPARE(model.index(3, VariablesModel::Value, d).data().toString(), QStringLiteral("3"));
        QCOMPARE(model.index(3, 0, d).data(VariablesModel::NameRole).toString(),
                 QStringLiteral("d[3]"));
        const QModelIndex more = model.index(100, 0, d);
        QCOMPARE(model.rowKind(more), VariablesModel::RowKind::Status);
        QCOMPARE(more.data().toString(), QStringLiteral("Show 100 more (100 of 250 shown)"));
        // Members sort by their position, not by their text: [10] after [9].
        QVERIFY(model.index(9, 0, d).data(VariablesModel::SortRole).toLongLong()
                < model.index(10, 0, d).data(VariablesModel::SortRole).toLongLong());

        model.fetchNextMembers(more);
        model.fetchNextMembers(more); // a second click while the first is out does nothing
        QCOMPARE(engine.asked.size(), 2);
        QCOMPARE(engine.asked[1].request.start, 100);
        engine.answer(1, members(100, 100, 250));
        QCOMPARE(model.rowCount(d), 201);
        model.fetchNextMembers(model.index(200, 0, d));
        engine.answer(2, members(200, 100, 250));
        QCOMPARE(model.rowCount(d), 250); // all there: no status row
        QCOMPARE(model.rowKind(model.index(249, 0, d)), VariablesModel::RowKind::Member);

        // A member expands in turn: the request names the path down to it.
        VariableSummary inner = expandable(QStringLiteral("['rows']"), QStringLiteral("list"));
        Protocol::MemberList withInner = members(0, 100, 250);
        withInner.members[0] = inner;
        // (a refresh brings the expandable member; see membersFollowRuns)
        model.apply(diff({}));
        QCOMPARE(engine.asked.size(), 4);
        QCOMPARE(engine.asked[3].request.count, 250);
        engine.answer(3, withInner);
        const QModelIndex rows = model.index(0, 0, d);
        QCOMPARE(rows.data().toString(), QStringLiteral("['rows']"));
        QVERIFY(model.canFetchMore(rows));
        model.fetchMore(rows);
        const Protocol::ExpandRequest nested = engine.asked.last().request;
        QCOMPARE(nested.name, QStringLiteral("d"));
        QCOMPARE(nested.path, (QList<Protocol::MemberStep>{{0, QStringLiteral("['rows']")}}));
        engine.answer(int(engine.asked.size()) - 1, members(0, 2, 2));
        QCOMPARE(model.rowCount(rows), 2);
        const Models::TableSource source = model.sourceAt(model.index(1, 0, rows));
        QCOMPARE(source.name, QStringLiteral("d"));
        QCOMPARE(source.expression(), QStringLiteral("d['rows'][1]"));
    }

    void membersFollowRuns()
    {
        VariablesModel model;
        FakeEngine engine;
        model.setMembersFetcher(engine.fetcher());
        model.apply(diff({expandable("d")}, {}, true));
        const QModelIndex d = model.indexOf("d");
        model.fetchMore(d);
        Protocol::MemberList list = members(0, 10, 10);
        list.members[2].expandable = true;
        engine.answer(0, list);
        const QPersistentModelIndex third = model.index(2, 0, d);
        const QPersistentModelIndex eighth = model.index(7, 0, d);
        model.fetchMore(third);
        engine.answer(1, members(0, 3, 3));
        QCOMPARE(model.rowCount(third), 3);

        // Every diff asks again for what is listed: d and its member [2].
        model.apply(diff({}));
        QCOMPARE(engine.asked.size(), 4);
        QStringList asked;
        for (int i = 2; i < 4; ++i)
            asked << engine.asked[i].request.name
                             + QString::number(engine.asked[i].request.path.size());
        QVERIFY2(asked.contains("d0") && asked.contains("d1"), qPrintable(asked.join(',')));
        const int forD = engine.asked[2].request.path.isEmpty() ? 2 : 3;
        const int forThird = 5 - forD;
        // The same names from the start keep their rows (and [2] its members); from the first
        // that differs on, rows are replaced. A value that changed shows.
        Protocol::MemberList changed = members(0, 6, 6, QStringLiteral("v"));
        changed.members[2].expandable = true;
        changed.members[5].name = QStringLiteral("['new']");
        QSignalSpy dataChanged(&model, &QAbstractItemModel::dataChanged);
        engine.answer(forD, changed);
        QCOMPARE(model.rowCount(d), 6);
        QVERIFY(third.isValid());
        QCOMPARE(third.row(), 2);
        QCOMPARE(model.rowCount(third), 3);
        QVERIFY(!eighth.isValid()); // gone: the list is shorter
        QCOMPARE(model.index(1, VariablesModel::Value, d).data().toString(), QStringLiteral("v1"));
        QCOMPARE(model.index(5, 0, d).data().toString(), QStringLiteral("['new']"));
        QVERIFY(!dataChanged.isEmpty());
        engine.answer(forThird, members(0, 1, 1));
        QCOMPARE(model.rowCount(third), 1);

        // An error shows on the status row, in place of the members.
        model.apply(diff({}));
        Protocol::MemberList gone;
        gone.error = QStringLiteral("d has no member [2] any more");
        for (qsizetype i = engine.asked.size() - 2; i < engine.asked.size(); ++i) {
            if (!engine.asked[i].request.path.isEmpty())
                engine.answer(int(i), gone);
        }
        QCOMPARE(model.rowCount(third), 1);
        QCOMPARE(model.index(0, 0, third).data().toString(),
                 QStringLiteral("No members: d has no member [2] any more"));
        QVERIFY(!model.canFetchMore(third)); // no retry loop; the next run asks again

        // A variable removed while its members are asked for: the late reply finds nothing.
        const qsizetype pending = engine.asked.size();
        model.apply(diff({}));
        model.apply(diff({}, {"d"}));
        QCOMPARE(model.rowCount(), 0);
        for (qsizetype i = pending; i < engine.asked.size(); ++i)
            engine.answer(int(i), members(0, 10, 10));
        QCOMPARE(model.rowCount(), 0);

        // A variable no longer expandable loses its members.
        model.apply(diff({expandable("e")}));
        const QModelIndex e = model.indexOf("e");
        model.fetchMore(e);
        engine.answer(int(engine.asked.size()) - 1, members(0, 4, 4));
        QCOMPARE(model.rowCount(e), 4);
        model.apply(diff({summary("e")}));
        QCOMPARE(model.rowCount(model.indexOf("e")), 0);
        QVERIFY(!model.hasChildren(model.indexOf("e")));
    }

    void treePassesTheModelTester()
    {
        // An engine that answers later, like the real one: three levels of members, pages of
        // 100 out of 150; the tester walks (and fetches) the whole tree at every change.
        VariablesModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        int answered = 0;
        model.setMembersFetcher([&model, &answered](const Protocol::ExpandRequest &request,
                                                    const VariablesModel::MembersDone &done) {
            Protocol::MemberList list = members(request.start, request.count, 150);
            for (VariableSummary &member : list.members)
                member.expandable = request.path.size() < 2 && member.name == QStringLiteral("[1]");
            QMetaObject::invokeMethod(
                    &model,
                    [done, list, &answered] {
                        ++answered;
                        done(list);
                    },
                    Qt::QueuedConnection);
        });
        model.apply(diff({expandable("d"), expandable("e"), summary("x")}, {}, true));
        const auto settle = [&] {
            for (int i = 0; i < 50; ++i)
                QCoreApplication::processEvents();
        };
        model.fetchMore(model.indexOf("d"));
        settle();
        QVERIFY(answered > 0);
        const QModelIndex d = model.indexOf("d");
        QCOMPARE(model.rowCount(d), 101);
        QCOMPARE(model.rowCount(model.index(1, 0, d)), 101);
        model.fetchNextMembers(model.index(100, 0, d));
        settle();
        QCOMPARE(model.rowCount(d), 150);
        // Runs refresh, remove and change what is listed while replies are out.
        model.apply(diff({}));
        model.apply(diff({summary("e")}));
        settle();
        model.apply(diff({}));
        model.apply(diff({}, {"d"}));
        settle();
        QCOMPARE(model.rowCount(), 2);
        model.apply(diff({expandable("d")}));
        model.fetchMore(model.indexOf("d"));
        model.clear();
        settle();
        QCOMPARE(model.rowCount(), 0);
    }

    void hugeShapesDoNotOverflow()
    {
        VariablesModel model;
        model.apply(diff({summary("big", "x", {INT64_MAX / 2, 4})}, {}, true));
        QCOMPARE(model.index(0, VariablesModel::Shape).data(VariablesModel::SortRole).toLongLong(),
                 INT64_MAX);
    }
};

QTEST_GUILESS_MAIN(TestVariablesModel)
#include "tst_variablesmodel.moc"
