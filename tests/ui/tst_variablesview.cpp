// The Variables dock against a fake session: diffs, sorting, the filter box, the selection
// across runs, copy and delete by keys and menu, and a restart clearing it.
#include "fakesession.h"
#include "variablesmodel.h"
#include "variablesview.h"

#include <QAction>
#include <QClipboard>
#include <QGuiApplication>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QTest>
#include <QTreeView>

using namespace Sandpiper;
using Sandpiper::Testing::FakeSession;
using Ui::VariablesView;

namespace {

Protocol::VariableSummary summary(const QString &name, const QString &repr = QStringLiteral("1"))
{
    Protocol::VariableSummary s;
    s.name = name;
    s.type = QStringLiteral("int");
    s.kind = QStringLiteral("scalar");
    s.repr = repr;
    return s;
}

void send(FakeSession &session,
          const QList<Protocol::VariableSummary> &changed,
          const QStringList &removed = {},
          bool reset = false)
{
    Protocol::VariablesDiff diff;
    diff.changed = changed;
    diff.removed = removed;
    diff.reset = reset;
    Q_EMIT session.variablesChanged(diff);
}

QStringList shownNames(const VariablesView &view)
{
    QStringList names;
    const QAbstractItemModel *model = view.view()->model();
    for (int row = 0; row < model->rowCount(); ++row)
        names << model->index(row, 0).data().toString();
    return names;
}

void clickRow(VariablesView &view, int row, Qt::KeyboardModifiers modifiers = {})
{
    const QRect rect = view.view()->visualRect(view.view()->model()->index(row, 0));
    QTest::mouseClick(view.view()->viewport(), Qt::LeftButton, modifiers, rect.center());
}

} // namespace

class TestVariablesView : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        m_session = std::make_unique<FakeSession>();
        m_session->start();
        m_view = std::make_unique<VariablesView>();
        m_view->setSession(m_session.get());
        m_view->resize(600, 400);
        m_view->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
    }

    void cleanup()
    {
        m_view.reset();
        m_session.reset();
    }

    void showsTheSessionsNamesSorted()
    {
        // Empty, it says what will appear.
        QVERIFY(m_view->noticeLabel()->isVisible());
        QVERIFY(m_view->noticeLabel()->text().contains(QStringLiteral("appear here")));
        send(*m_session, {summary("zeta"), summary("Alpha"), summary("beta")}, {}, true);
        QCOMPARE(shownNames(*m_view), (QStringList{"Alpha", "beta", "zeta"}));
        // A click on a header sorts by that column, a second click reverses.
        QHeaderView *header = m_view->view()->header();
        const int x = header->sectionViewportPosition(0) + 5;
        QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, QPoint(x, header->height() / 2));
        QCOMPARE(shownNames(*m_view), (QStringList{"zeta", "beta", "Alpha"}));
        send(*m_session, {summary("gamma")}, {"zeta"});
        QCOMPARE(shownNames(*m_view), (QStringList{"gamma", "beta", "Alpha"}));
    }

    void filterBoxNarrowsByName()
    {
        send(*m_session, {summary("df_sales"), summary("df_costs"), summary("total")}, {}, true);
        QTest::keyClicks(m_view->filterEdit(), QStringLiteral("DF_"));
        QCOMPARE(shownNames(*m_view), (QStringList{"df_costs", "df_sales"}));
        // New names that match appear; those that do not stay hidden.
        send(*m_session, {summary("df_new"), summary("other")});
        QCOMPARE(shownNames(*m_view), (QStringList{"df_costs", "df_new", "df_sales"}));
        QVERIFY(!m_view->noticeLabel()->isVisible());
        QTest::keyClicks(m_view->filterEdit(), QStringLiteral("zzz"));
        QVERIFY(m_view->noticeLabel()->isVisible());
        QVERIFY(m_view->noticeLabel()->text().contains(QStringLiteral("No name matches")));
        m_view->filterEdit()->clear();
        QCOMPARE(shownNames(*m_view).size(), 5);
        QVERIFY(!m_view->noticeLabel()->isVisible());
    }

    void selectionSurvivesRunsAndResets()
    {
        send(*m_session, {summary("a"), summary("b"), summary("c")}, {}, true);
        clickRow(*m_view, 1);
        clickRow(*m_view, 2, Qt::ControlModifier);
        QCOMPARE(m_view->selectedNames(), (QStringList{"b", "c"}));
        send(*m_session, {summary("b", "2"), summary("d")});
        QCOMPARE(m_view->selectedNames(), (QStringList{"b", "c"}));
        send(*m_session, {summary("c"), summary("b"), summary("e")}, {}, true);
        QCOMPARE(m_view->selectedNames(), (QStringList{"b", "c"}));
        send(*m_session, {}, {"b"});
        QCOMPARE(m_view->selectedNames(), (QStringList{"c"}));
    }

    void copyByKeyAndMenu()
    {
        send(*m_session, {summary("x", "[1, 2, 3]"), summary("y")}, {}, true);
        clickRow(*m_view, 0);
        m_view->view()->setFocus();
        QTest::keyClick(m_view->view(), Qt::Key_C, Qt::ControlModifier);
        QCOMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("x"));
        std::unique_ptr<QMenu> menu(m_view->createContextMenu(nullptr));
        const QList<QAction *> actions = menu->actions();
        const auto copyValue = std::find_if(actions.begin(), actions.end(), [](QAction *a) {
            return a->text() == QStringLiteral("Copy Value Preview");
        });
        QVERIFY(copyValue != actions.end());
        QVERIFY((*copyValue)->isEnabled());
        (*copyValue)->trigger();
        QCOMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("[1, 2, 3]"));
    }

    void deleteAsksThenRunsInTheSession()
    {
        send(*m_session, {summary("keep"), summary("it's \\odd\n")}, {}, true);
        QStringList asked;
        bool answer = false;
        m_view->setDeleteConfirmation([&](QWidget *, const QStringList &names) {
            asked = names;
            return answer;
        });
        m_view->selectName(QStringLiteral("it's \\odd\n"));
        m_view->view()->setFocus();
        QTest::keyClick(m_view->view(), Qt::Key_Delete);
        QCOMPARE(asked, QStringList{"it's \\odd\n"});
        QVERIFY(m_session->executed.isEmpty()); // cancelled: nothing runs

        answer = true;
        QTest::keyClick(m_view->view(), Qt::Key_Delete);
        QCOMPARE(m_session->executed.size(), 1);
        const QString code = m_session->executed.first()->code();
        QVERIFY2(code.contains(QStringLiteral("'it\\'s \\\\odd\\U0000000a'")), qPrintable(code));
        QVERIFY(!code.contains(QStringLiteral("'keep'")));

        // A failed deletion says so in the dock.
        Client::RunOutcome failed;
        failed.status = Client::RunStatus::Error;
        failed.error.message = QStringLiteral("boom");
        m_session->executed.first()->finish(failed);
        QVERIFY(m_view->noticeLabel()->isVisible());
        QVERIFY(m_view->noticeLabel()->text().contains(QStringLiteral("boom")));
    }

    void restartClearsWithANotice()
    {
        send(*m_session, {summary("a")}, {}, true);
        QVERIFY(!m_view->noticeLabel()->isVisible());
        m_session->setState(Client::SessionState::Restarting);
        QCOMPARE(shownNames(*m_view), QStringList());
        QVERIFY(m_view->noticeLabel()->isVisible());
        QVERIFY(m_view->noticeLabel()->text().contains(QStringLiteral("restarted")));
        // The next run's names replace the notice.
        m_session->setState(Client::SessionState::Idle);
        send(*m_session, {summary("b")}, {}, true);
        QVERIFY(!m_view->noticeLabel()->isVisible());
        QCOMPARE(shownNames(*m_view), QStringList{"b"});
    }

    void fiveThousandNames()
    {
        QList<Protocol::VariableSummary> all;
        for (int i = 0; i < 5000; ++i)
            all << summary(QStringLiteral("v%1").arg(i, 4, 10, QLatin1Char('0')));
        send(*m_session, all, {}, true);
        QCOMPARE(m_view->view()->model()->rowCount(), 5000);
        // Each run changes a few: rows are updated in place, not rebuilt.
        for (int run = 0; run < 100; ++run)
            send(*m_session,
                 {summary(QStringLiteral("v%1").arg(run, 4, 10, QLatin1Char('0')), "x")});
        QCOMPARE(m_view->model()->summary(QStringLiteral("v0099"))->repr, QStringLiteral("x"));
        QCOMPARE(shownNames(*m_view).first(), QStringLiteral("v0000"));
    }

private:
    std::unique_ptr<FakeSession> m_session;
    std::unique_ptr<VariablesView> m_view;
};

QTEST_MAIN(TestVariablesView)
#include "tst_variablesview.moc"
