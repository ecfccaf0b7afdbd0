#include "fakesession.h"

#include <clusterview.h>
#include <resourcesview.h>

#include <QDir>
#include <QPushButton>
#include <QTest>

using namespace Sandpiper;

class TestResourcesView : public QObject
{
    Q_OBJECT

private:
    static Client::ResourceSample sample(qint64 ms, qint64 memoryMb, double cpu)
    {
        Client::ResourceSample s;
        s.elapsedMs = ms;
        s.privateBytes = memoryMb * 1024 * 1024;
        s.updateMemory();
        s.cpuPercent = cpu;
        s.processes = 2;
        s.threads = 5;
        s.openFiles = 12;
        return s;
    }

private Q_SLOTS:
    // The cluster's workers as the scheduler reports them: shown while there is a cluster, asked
    // for about once a second and one question at a time, gone with a restart.
    void daskClusterIsShownFromTheSchedulersInformation()
    {
        Testing::FakeSession session;
        session.start();
        Ui::ResourcesView view;
        view.resize(600, 500);
        view.show();
        view.setSession(&session);
        Ui::ClusterView *cluster = view.clusterView();
        QTRY_VERIFY(session.clusterAsks >= 1);
        QVERIFY(!cluster->isVisibleTo(&view));
        QVERIFY(!cluster->hasCluster());

        for (int i = 0; i < 2; ++i) {
            Protocol::ClusterWorker worker;
            worker.address = QStringLiteral("tcp://127.0.0.1:4%1000").arg(i);
            worker.memory = 96ll << 20;
            worker.memoryLimit = 192ll << 20;
            worker.cpu = 100 + 50 * i;
            worker.running = 1;
            worker.queued = 3 + i;
            worker.spilled = i * (50ll << 20);
            worker.threads = 1;
            session.cluster.workers.append(worker);
        }
        const int asked = session.clusterAsks;
        QTRY_VERIFY_WITH_TIMEOUT(cluster->hasCluster(), 3000);
        QVERIFY(session.clusterAsks <= asked + 2); // not a busy loop
        QVERIFY(cluster->isVisibleTo(&view));
        QCOMPARE(cluster->barCount(), 2);
        const QString text = cluster->summaryText();
        QVERIFY2(text.contains(u"Dask cluster: 2 workers, 192 MiB in memory"), qPrintable(text));
        QVERIFY2(text.contains(u"2 running, 7 queued"), qPrintable(text));
        QVERIFY2(text.contains(u"spilled to disk: 50 MiB"), qPrintable(text));
        if (!qEnvironmentVariableIsEmpty("SANDPIPER_SCREENSHOT_DIR"))
            view.grab().save(QDir(qEnvironmentVariable("SANDPIPER_SCREENSHOT_DIR"))
                                     .filePath(QStringLiteral("resources-cluster.png")));

        // Close Cluster asks the engine to end it, once however often it is clicked.
        QVERIFY(cluster->closeButton()->isVisibleTo(&view));
        QTest::mouseClick(cluster->closeButton(), Qt::LeftButton);
        QVERIFY(!cluster->closeButton()->isEnabled());
        QTest::mouseClick(cluster->closeButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!cluster->hasCluster(), 3000);
        QCOMPARE(session.clusterCloses, 1);
        QVERIFY(!cluster->isVisibleTo(&view));
        QVERIFY(cluster->closeButton()->isEnabled());

        // A restart ends the cluster with the engine: nothing is shown while it is down.
        session.cluster.workers = {session.cluster.workers.value(0)};
        session.cluster.workers[0].address = QStringLiteral("tcp://127.0.0.1:45000");
        QTRY_VERIFY_WITH_TIMEOUT(cluster->hasCluster(), 3000);
        session.cluster.workers.clear();
        session.setState(Client::SessionState::Restarting);
        QTRY_VERIFY_WITH_TIMEOUT(!cluster->hasCluster(), 3000);
        QVERIFY(!cluster->isVisibleTo(&view));
        // Another session's view starts empty.
        Testing::FakeSession other;
        view.setSession(&other);
        QVERIFY(!cluster->hasCluster());
    }

    void samplesFromTheSessionArePlotted()
    {
        Testing::FakeSession session;
        Ui::ResourcesView view;
        view.setSession(&session);
        for (int i = 0; i < 10; ++i)
            Q_EMIT session.resourcesSampled(sample(i * 500, 100 + i, 50));
        QCOMPARE(view.pointCount(), 10);
        QVERIFY(view.readingText().contains(QStringLiteral("processes 2")));
        QVERIFY(view.readingText().contains(QStringLiteral("threads 5")));
        QVERIFY(view.readingText().contains(QStringLiteral("open files 12")));
        QVERIFY(view.readingText().contains(QStringLiteral("50%")));
        QVERIFY(!view.readingText().contains(QStringLiteral("temporary")));
        // Temporary files count as memory, and the reading says how much of it they are.
        Client::ResourceSample withFiles = sample(5000, 100, 10);
        withFiles.temporaryBytes = 300ll << 20;
        withFiles.updateMemory();
        Q_EMIT session.resourcesSampled(withFiles);
        QVERIFY2(view.readingText().contains(QStringLiteral("Memory 400")),
                 qPrintable(view.readingText()));
        QVERIFY2(view.readingText().contains(QStringLiteral("temporary files 300")),
                 qPrintable(view.readingText()));

        view.setSession(nullptr);
        Q_EMIT session.resourcesSampled(sample(6000, 100, 1));
        QCOMPARE(view.pointCount(), 0); // detached and cleared
    }

    // The engine's completion warm-up is said apart from the session's own CPU.
    void warmUpIsShownApart()
    {
        Ui::ResourcesView view;
        Client::ResourceSample warming = sample(500, 100, 0);
        warming.warmingUp = true;
        warming.warmUpCpuPercent = 97;
        view.addSample(warming);
        QVERIFY2(view.readingText().contains(QStringLiteral("CPU 0%")),
                 qPrintable(view.readingText()));
        QVERIFY2(view.readingText().contains(
                         QStringLiteral("warming up completion (CPU 97%, idle priority)")),
                 qPrintable(view.readingText()));
        view.addSample(sample(1000, 100, 3));
        QVERIFY2(!view.readingText().contains(QStringLiteral("warming")),
                 qPrintable(view.readingText()));
    }

    void oldPointsLeaveTheWindow()
    {
        Ui::ResourcesView view;
        view.setWindowSeconds(10);
        for (int i = 0; i <= 100; ++i) // 50 s at 2 samples a second
            view.addSample(sample(i * 500, 100, 10));
        QVERIFY2(view.pointCount() <= 22, qPrintable(QString::number(view.pointCount())));
        QVERIFY(view.pointCount() >= 20);
    }

    void leftoversAreShownWithAWayToEndThem()
    {
        Testing::FakeSession session;
        Ui::ResourcesView view;
        view.setSession(&session);
        view.resize(700, 300);
        view.show();
        QCOMPARE(view.leftoversText(), QString());
        Q_EMIT session.leftoverProcesses(3, QStringLiteral("cell 1, cell 4"));
        QCOMPARE(view.leftoversText(),
                 QStringLiteral("Processes left running by cell 1, cell 4: 3"));
        QVERIFY(view.endLeftoversButton()->isVisible());
        QTest::mouseClick(view.endLeftoversButton(), Qt::LeftButton);
        QCOMPARE(session.leftoverEnds, 1);
        Q_EMIT session.leftoverProcesses(0, {});
        QCOMPARE(view.leftoversText(), QString());
        QVERIFY(!view.endLeftoversButton()->isVisible());
    }

    void aNewEngineStartsANewPlot()
    {
        Ui::ResourcesView view;
        for (int i = 0; i < 5; ++i)
            view.addSample(sample(10000 + i * 500, 100, 10));
        view.addSample(sample(0, 50, 0)); // the restarted engine's clock starts again
        QCOMPARE(view.pointCount(), 1);
    }

    void looksRight()
    {
        Ui::ResourcesView view;
        view.setMemoryLimit(512LL * 1024 * 1024);
        for (int i = 0; i < 60; ++i)
            view.addSample(sample(i * 500, 120 + (i * 7) % 200, (i * 13) % 100));
        view.resize(700, 260);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        const QImage image = view.grab().toImage();
        QVERIFY(!image.isNull());
        const QString dir = qEnvironmentVariable("SANDPIPER_SCREENSHOT_DIR");
        if (!dir.isEmpty())
            image.save(dir + QStringLiteral("/resourcesview.png"));
    }
};

QTEST_MAIN(TestResourcesView)
#include "tst_resourcesview.moc"
