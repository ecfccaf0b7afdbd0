#include <processmonitor.h>

#include <QDir>
#include <QElapsedTimer>
#include <QProcess>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <csignal>
#include <thread>

#include <messages.h>
#include <pthread.h>

using Sandpiper::Client::ProcessMonitor;
using Sandpiper::Client::ProcessTreeReader;
using Sandpiper::Client::ResourceSample;
using Sandpiper::Client::WarmUpThreadWatch;

// A thread named like the engine's warm-up (Protocol::WarmUpThreadName), spinning or sleeping
// until it goes out of scope; named by the time the constructor returns.
class NamedThread
{
public:
    enum Work { Spin, Sleep };

    explicit NamedThread(Work work)
        : m_thread([this, work] {
            pthread_setname_np(pthread_self(), Sandpiper::Protocol::WarmUpThreadName);
            m_named = true;
            while (!m_stop.load()) {
                if (work == Sleep)
                    std::this_thread::sleep_for(std::chrono::milliseconds(5));
            }
        })
    {
        while (!m_named.load())
            std::this_thread::yield();
    }
    ~NamedThread()
    {
        m_stop = true;
        m_thread.join();
    }
    // As the engine's thread does when its warm-up is done.
    void rename(const char *name) { pthread_setname_np(m_thread.native_handle(), name); }

private:
    std::atomic<bool> m_stop{false};
    std::atomic<bool> m_named{false};
    std::thread m_thread;
};

class TestProcessMonitor : public QObject
{
    Q_OBJECT

private:
    // A shell with background children: the tree is the shell plus its children.
    static void startTree(QProcess &process, const QString &script)
    {
        process.start(QStringLiteral("/bin/sh"), {QStringLiteral("-c"), script});
        QVERIFY(process.waitForStarted());
    }

private Q_SLOTS:
    // A thread named like the engine's warm-up is found and its CPU read while it works; the
    // reading that sees it renamed (done) is the last, and so is one after it has ended.
    void warmUpThreadIsFoundAndFollowed()
    {
        const QList<pid_t> self{::getpid()};
        WarmUpThreadWatch watch;
        {
            NamedThread spinner(NamedThread::Spin);
            const auto first = watch.read(self);
            QVERIFY(first && first->warming);
            QTRY_VERIFY(watch.read(self).value_or(WarmUpThreadWatch::Reading{}).ticks
                        > first->ticks + 5); // it spins: ticks grow
            spinner.rename("sp-warmed-up");
            const auto last = watch.read(self);
            QVERIFY(last && !last->warming && last->ticks > first->ticks);
            QVERIFY(!watch.read(self));
        }
        {
            // A thread of that name made later belongs to nothing this watch follows.
            const NamedThread again(NamedThread::Sleep);
            QVERIFY(!watch.read(self));
        }

        WarmUpThreadWatch ended;
        {
            const NamedThread short_(NamedThread::Sleep);
            QVERIFY(ended.read(self));
        }
        QVERIFY(!ended.read(self));
    }

    // Without such a thread (an engine that does not warm up) it stops looking.
    void noWarmUpThreadStopsTheSearch()
    {
        WarmUpThreadWatch watch;
        const QList<pid_t> self{::getpid()};
        for (int i = 0; i < 20; ++i)
            QVERIFY(!watch.read(self));
        const NamedThread late(NamedThread::Sleep);
        QVERIFY(!watch.read(self));
    }

    void treeIncludesDescendants()
    {
        QProcess process;
        startTree(process, QStringLiteral("sleep 30 & (sleep 30 & wait) & wait"));
        const pid_t root = pid_t(process.processId());
        QTRY_VERIFY(ProcessTreeReader::tree(root).size() >= 4); // sh, sleep, subshell, sleep
        QCOMPARE(ProcessTreeReader::tree(root).first(), root);
        for (pid_t pid : ProcessTreeReader::tree(root))
            ::kill(pid, SIGKILL);
        process.waitForFinished();
    }

    void goneProcessHasEmptyTree()
    {
        QProcess process;
        startTree(process, QStringLiteral("exit 0"));
        const pid_t root = pid_t(process.processId());
        process.waitForFinished();
        QVERIFY(ProcessTreeReader::tree(root).isEmpty());
        ProcessTreeReader reader;
        QCOMPARE(reader.read(root).processes, 0);
    }

    void busyLoopShowsCpuAndThreads()
    {
        QProcess process;
        startTree(process, QStringLiteral("while :; do :; done"));
        const pid_t root = pid_t(process.processId());
        ProcessMonitor monitor;
        monitor.setInterval(100);
        QSignalSpy spy(&monitor, &ProcessMonitor::sampled);
        monitor.watch(root);
        QTRY_VERIFY(spy.size() >= 5);
        // A busy loop shows up as CPU use; how much depends on what else the machine runs, so
        // the bound is low and taken over all samples.
        double busiest = 0;
        for (const auto &arguments : std::as_const(spy))
            busiest = qMax(busiest, arguments.first().value<ResourceSample>().cpuPercent);
        QVERIFY2(busiest > 5, qPrintable(QString::number(busiest)));
        const ResourceSample sample = monitor.last();
        QVERIFY(sample.memoryBytes > 0);
        QVERIFY(!sample.proportional); // one process: its own pages, no sharing
        QVERIFY(sample.threads >= 1);
        QVERIFY(sample.openFiles >= 3);
        QVERIFY(monitor.peakMemoryBytes() >= sample.memoryBytes);
        QVERIFY(ProcessTreeReader::cpuSeconds(root) > 0);
        process.kill();
        process.waitForFinished();
        monitor.watch(0);
    }

    void peakFollowsMemoryGrowth()
    {
        QProcess process;
        // Python allocates and touches 200 MB, then waits.
        process.start(QStringLiteral("python3"),
                      {QStringLiteral("-c"),
                       QStringLiteral("import time; b = bytearray(200 * 1024 * 1024); "
                                      "time.sleep(30)")});
        QVERIFY(process.waitForStarted());
        ProcessMonitor monitor;
        monitor.setInterval(100);
        monitor.watch(pid_t(process.processId()));
        QTRY_VERIFY_WITH_TIMEOUT(monitor.peakMemoryBytes() > 150 * 1024 * 1024, 10000);
        process.kill();
        process.waitForFinished();
    }

    // What a session really holds: its own pages once, however many forked copies share them
    // (a plain sum would say 100 x 200 MB = 20 GB), and shared memory that RLIMIT_DATA ignores.
    void memoryIsCountedOnce_data()
    {
        QTest::addColumn<QString>("script");
        QTest::addColumn<int>("processes");
        QTest::addColumn<int>("atLeastMb");
        QTest::addColumn<int>("atMostMb");
        const QString touch200 = QStringLiteral("b = bytearray(200 << 20)\n"
                                                "for i in range(0, len(b), 4096): b[i] = 1\n");
        QTest::newRow("800 MB in one process")
                << QStringLiteral("b = bytearray(800 << 20)\n"
                                  "for i in range(0, len(b), 4096): b[i] = 1\n")
                << 1 << 790 << 900;
        QTest::newRow("100 forked copies of 200 MB")
                << touch200
                           + QStringLiteral("for i in range(100):\n"
                                            "    if os.fork() == 0:\n"
                                            "        time.sleep(60)\n"
                                            "        os._exit(0)\n")
                << 101 << 190 << 600;
        QTest::newRow("200 MB of shared anonymous memory")
                << QStringLiteral("m = mmap.mmap(-1, 200 << 20)\n"
                                  "for i in range(0, len(m), 4096): m[i] = 1\n")
                << 1 << 195 << 300;
    }

    void memoryIsCountedOnce()
    {
        QFETCH(QString, script);
        QFETCH(int, processes);
        QFETCH(int, atLeastMb);
        QFETCH(int, atMostMb);
        QProcess process;
        process.start(QStringLiteral("python3"),
                      {QStringLiteral("-c"),
                       QStringLiteral("import mmap, os, sys, time\n") + script
                               + QStringLiteral("print('ready', flush=True)\ntime.sleep(60)\n")});
        QVERIFY(process.waitForStarted());
        const auto cleanup = qScopeGuard([&] {
            for (pid_t pid : ProcessTreeReader::tree(pid_t(process.processId())))
                ::kill(pid, SIGKILL);
            process.waitForFinished();
        });
        QByteArray output; // QTRY_ evaluates once more at the end: keep what was read
        QTRY_VERIFY_WITH_TIMEOUT((output += process.readAllStandardOutput()).contains("ready"),
                                 30000);
        ProcessMonitor monitor;
        monitor.setInterval(50);
        monitor.watch(pid_t(process.processId()));
        // With forked copies the figure comes from a proportional reading on a thread.
        QTRY_VERIFY_WITH_TIMEOUT(monitor.last().processes == processes
                                         && (processes <= ProcessMonitor::ProcessesWithoutSharing
                                             || monitor.last().proportional),
                                 20000);
        const qint64 mb = monitor.last().memoryBytes >> 20;
        qInfo("%lld MiB in %d processes; peak %lld MiB",
              mb,
              monitor.last().processes,
              monitor.peakMemoryBytes() >> 20);
        QVERIFY2(mb >= atLeastMb && mb <= atMostMb, qPrintable(QString::number(mb)));
        QVERIFY2((monitor.peakMemoryBytes() >> 20) >= atLeastMb
                         && (monitor.peakMemoryBytes() >> 20) <= atMostMb,
                 qPrintable(QString::number(monitor.peakMemoryBytes())));
    }

    void diskWritesAreCounted()
    {
        // In the build tree, not /tmp: writes to a tmpfs are not disk writes.
        QTemporaryDir dir(QDir::current().filePath(QStringLiteral("written-XXXXXX")));
        QVERIFY(dir.isValid());
        QProcess process;
        process.start(
                QStringLiteral("python3"),
                {QStringLiteral("-c"),
                 QStringLiteral("import sys, time; time.sleep(0.3)\n"
                                "with open(sys.argv[1], 'wb') as f: f.write(b'x' * (8 << 20))\n"
                                "time.sleep(30)"),
                 dir.filePath(QStringLiteral("out.bin"))});
        QVERIFY(process.waitForStarted());
        ProcessTreeReader reader;
        const pid_t root = pid_t(process.processId());
        QCOMPARE(reader.read(root).diskWrittenBytes, 0); // the first read is the baseline
        qint64 written = 0;
        QTRY_VERIFY_WITH_TIMEOUT((written += reader.read(root).diskWrittenBytes) >= (8 << 20),
                                 10000);
        QVERIFY2(written < (9 << 20), qPrintable(QString::number(written)));
        process.kill();
        process.waitForFinished();
    }

    // Reads count whether the file comes from the disk or the page cache: how far an import is.
    void readsAreCounted()
    {
        QTemporaryDir dir;
        QFile file(dir.filePath(QStringLiteral("in.bin")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QByteArray(6 << 20, 'x'));
        file.close();
        QProcess process;
        process.start(QStringLiteral("python3"),
                      {QStringLiteral("-c"),
                       QStringLiteral("import sys, time; time.sleep(0.3)\n"
                                      "open(sys.argv[1], 'rb').read()\n"
                                      "time.sleep(30)"),
                       file.fileName()});
        QVERIFY(process.waitForStarted());
        ProcessTreeReader reader;
        const pid_t root = pid_t(process.processId());
        reader.read(root); // the baseline
        qint64 read = 0;
        QTRY_VERIFY_WITH_TIMEOUT((read += reader.read(root).readBytes) >= (6 << 20), 10000);
        process.kill();
        process.waitForFinished();
    }

    // A sample is not atomic: under load a reaper was read before it reaped a child that had
    // been counted while alive, and the child was gone when its turn came. That sample came
    // out negative and was clamped to 0; the next one counted the child again through its
    // reaper (a full test run saw 24 MiB for 16 written).
    void aChildReapedDuringASampleCountsOnce()
    {
        using Sandpiper::Client::IoBytesCounter;
        const pid_t shell = 100;
        const pid_t child = 101;
        const qint64 mib = 1 << 20;
        IoBytesCounter counter;
        QCOMPARE(counter.add({{shell, 0}}), 0); // the baseline
        QCOMPARE(counter.add({{shell, 0}, {child, 8 * mib}}), 8 * mib);
        // The shell read before it reaped the child; the child gone when read.
        QCOMPARE(counter.add({{shell, 0}}), 0);
        QCOMPARE(counter.add({{shell, 8 * mib}}), 0); // the reaper now holds the child's part
        QCOMPARE(counter.add({{shell, 9 * mib}}), 1 * mib);
        // The plain order: the child is gone and its reaper has its part in the same sample.
        QCOMPARE(counter.add({{shell, 9 * mib}, {child + 1, 2 * mib}}), 2 * mib);
        QCOMPARE(counter.add({{shell, 11 * mib}}), 0);
    }

    void endedWritersCountOnceThroughTheirReaper()
    {
        QTemporaryDir dir(QDir::current().filePath(QStringLiteral("written-XXXXXX")));
        QVERIFY(dir.isValid());
        // One writer ends before any sample can see it, the other after being seen; the shell
        // reaps both.
        const QString write = QStringLiteral(
                "python3 -c \"import sys, time; open(sys.argv[1], 'wb').write(b'x' * (8 << 20)); "
                "time.sleep(float(sys.argv[2]))\" ");
        QProcess process;
        startTree(process,
                  QStringLiteral("sleep 0.3; %1 %2/a 0; %1 %2/b 0.6; sleep 30")
                          .arg(write, dir.path()));
        ProcessTreeReader reader;
        const pid_t root = pid_t(process.processId());
        reader.read(root);
        qint64 written = 0;
        QElapsedTimer clock;
        clock.start();
        while (clock.elapsed() < 4000) { // both writers are done well before
            written += reader.read(root).diskWrittenBytes;
            QTest::qWait(100);
        }
        QVERIFY2(written >= (16 << 20) && written < (17 << 20),
                 qPrintable(QString::number(written)));
        for (pid_t pid : ProcessTreeReader::tree(root))
            ::kill(pid, SIGKILL);
        process.waitForFinished();
    }
};

QTEST_GUILESS_MAIN(TestProcessMonitor)
#include "tst_processmonitor.moc"
