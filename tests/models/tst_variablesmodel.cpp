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
