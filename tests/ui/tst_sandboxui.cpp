// The sandbox in the GUI: the status bar indicator, its details dialog, the limits dialog and
// the stored defaults, with a fake session that reports what a real engine would.

#include "fakesession.h"
#include "screenshotpath.h"

#include <mainwindow.h>
#include <resources/resourcesview.h>
#include <sandbox/limitsdialog.h>
#include <sandbox/limitssettings.h>
#include <sandbox/sandboxdialog.h>
#include <sandbox/sandboxindicator.h>

#include <QCborArray>
#include <QCheckBox>
#include <QDir>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStatusBar>
#include <QTest>
#include <QTreeWidget>

using namespace Sandpiper;
using Level = Client::SandboxStatus::Level;

namespace {

const QStringList primitiveNames = {"user-namespace",
                                    "mount-namespace",
                                    "pid-namespace",
                                    "network-namespace",
                                    "ipc-namespace",
                                    "private-root",
                                    "private-tmp",
                                    "private-proc",
                                    "capabilities",
                                    "workspace",
                                    "rlimits",
                                    "process-limit",
                                    "no-new-privs",
                                    "landlock",
                                    "seccomp",
                                    "cgroup"};

// A hello's sandbox map; the primitives named in missing are unavailable (cgroup always is).
QCborMap sandboxMap(const QStringList &missing, bool enabled = true)
{
    QCborArray primitives;
    for (const QString &name : primitiveNames) {
        const bool active = name != QLatin1String("cgroup") && !missing.contains(name);
        primitives.append(QCborMap{
                {QStringLiteral("name"), name},
                {QStringLiteral("active"), active},
                {QStringLiteral("detail"),
                 active ? QStringLiteral("applied") : QStringLiteral("not on this host")}});
    }
    return QCborMap{{QStringLiteral("enabled"), enabled},
                    {QStringLiteral("fullyIsolated"), missing.isEmpty()},
                    {QStringLiteral("landlockAbi"), 6},
                    {QStringLiteral("primitives"), enabled ? primitives : QCborArray()},
                    {QStringLiteral("workspace"), QStringLiteral("/home/u/ws/session-1")},
                    {QStringLiteral("limits"),
                     QCborMap{{QStringLiteral("memoryBytes"), qint64(2) << 30},
                              {QStringLiteral("processes"), 256},
                              {QStringLiteral("openFiles"), 1024},
                              {QStringLiteral("fileSizeBytes"), qint64(1) << 30}}}};
}

} // namespace

using Testing::screenshotPath;

class tst_SandboxUi : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { QSettings().clear(); }

    void statusFromHello_data();
    void statusFromHello();
    void hostileReportsAreBounded();
    void indicatorFollowsTheSession();
    void detailsDialogListsEverything();
    void limitsDialogRoundTrip();
    void settingsFallBackOnNonsense();
    void mainWindowShowsAndAppliesLimits();
    void resourcesShowTheSandbox();
};

void tst_SandboxUi::statusFromHello_data()
{
    QTest::addColumn<QCborMap>("map");
    QTest::addColumn<int>("level");
    QTest::addColumn<QString>("text");
    QTest::newRow("no hello yet") << QCborMap() << int(Level::Unknown) << "Sandbox: not started";
    QTest::newRow("everything") << sandboxMap({}) << int(Level::Full) << "Sandboxed";
    QTest::newRow("no landlock") << sandboxMap({"landlock"}) << int(Level::Partial)
                                 << "Partly sandboxed";
    QTest::newRow("off") << sandboxMap({}, false) << int(Level::None) << "Not sandboxed";
    QTest::newRow("nothing applied")
            << sandboxMap(primitiveNames) << int(Level::None) << "Not sandboxed";
    // The engine's own claim is not what decides.
    QCborMap liar = sandboxMap({"seccomp"});
    liar.insert(QStringLiteral("fullyIsolated"), true);
    QTest::newRow("claims full, lacks seccomp")
            << liar << int(Level::Partial) << "Partly sandboxed";
}

void tst_SandboxUi::statusFromHello()
{
    QFETCH(QCborMap, map);
    QFETCH(int, level);
    QFETCH(QString, text);
    const Client::SandboxStatus status = Client::SandboxStatus::fromHello(map);
    QCOMPARE(int(status.level()), level);
    QCOMPARE(status.summary(), text);
    Ui::SandboxIndicator indicator;
    indicator.setStatus(status);
    QCOMPARE(indicator.text(), text);
    QVERIFY(!indicator.toolTip().isEmpty());
    QVERIFY(!indicator.icon().isNull());
}

void tst_SandboxUi::hostileReportsAreBounded()
{
    QCborArray primitives;
    for (int i = 0; i < 10000; ++i)
        primitives.append(QCborMap{{QStringLiteral("name"), QString(5000, u'x')},
                                   {QStringLiteral("active"), QStringLiteral("yes")},
                                   {QStringLiteral("detail"), 42}});
    const QCborMap map{{QStringLiteral("enabled"), true},
                       {QStringLiteral("landlockAbi"), -5},
                       {QStringLiteral("primitives"), primitives},
                       {QStringLiteral("limits"), QStringLiteral("not a map")}};
    const Client::SandboxStatus status = Client::SandboxStatus::fromHello(map);
    QVERIFY(status.primitives.size() <= 64);
    QVERIFY(status.primitives.first().name.size() <= 400);
    QVERIFY(!status.primitives.first().active); // "yes" is not a boolean
    QCOMPARE(status.landlockAbi, 0);
    QCOMPARE(status.memoryBytes, 0);
    QCOMPARE(int(status.level()), int(Level::None));
}

void tst_SandboxUi::indicatorFollowsTheSession()
{
    Testing::FakeSession session;
    Ui::SandboxIndicator indicator;
    indicator.setSession(&session);
    QCOMPARE(int(indicator.status().level()), int(Level::Unknown));
    Protocol::Hello hello;
    hello.sandbox = sandboxMap({"landlock", "seccomp"});
    session.setEngineInfo(hello);
    session.start();
    QCOMPARE(indicator.text(), QStringLiteral("Partly sandboxed"));
    QVERIFY(indicator.toolTip().contains(QLatin1String("Landlock")));
    QVERIFY(indicator.toolTip().contains(QLatin1String("Seccomp")));
    QVERIFY(indicator.font().bold());
    indicator.resize(indicator.sizeHint());
    QVERIFY(indicator.grab().save(screenshotPath(QStringLiteral("indicator-partial.png"))));
    // A restart that brings a complete sandbox shows it.
    hello.sandbox = sandboxMap({});
    session.setEngineInfo(hello);
    session.start();
    QCOMPARE(indicator.text(), QStringLiteral("Sandboxed"));
    QVERIFY(!indicator.font().bold());
    QSignalSpy clicked(&indicator, &Ui::SandboxIndicator::detailsRequested);
    QTest::mouseClick(&indicator, Qt::LeftButton);
    QCOMPARE(clicked.size(), 1);
}

void tst_SandboxUi::detailsDialogListsEverything()
{
    Client::SessionLimits limits = Client::SessionLimits::defaults();
    limits.wallTimeMs = 30000;
    const Client::SandboxStatus status = Client::SandboxStatus::fromHello(sandboxMap({"landlock"}));
    Ui::SandboxDialog dialog(status, limits, QStringLiteral("/home/u/ws/session-1"));
    QTreeWidget *primitives = dialog.primitivesView();
    QCOMPARE(primitives->topLevelItemCount(), primitiveNames.size());
    int unavailable = 0;
    for (int i = 0; i < primitives->topLevelItemCount(); ++i)
        unavailable += primitives->topLevelItem(i)->text(1) == QLatin1String("Unavailable");
    QCOMPARE(unavailable, 2); // landlock, and the optional cgroup
    const auto row = [&](const QString &name) {
        const auto found = dialog.limitsView()->findItems(name, Qt::MatchExactly);
        return found.isEmpty() ? QString() : found.first()->text(1);
    };
    QCOMPARE(row(QStringLiteral("Memory")), QLocale().formattedDataSize(qint64(2) << 30));
    QCOMPARE(row(QStringLiteral("Temporary files (/tmp and /dev/shm)")),
             QLocale().formattedDataSize(qint64(2) << 30)
                     + QStringLiteral(" together, counted as memory"));
    QCOMPARE(row(QStringLiteral("Time per run")), QStringLiteral("30 s"));
    QCOMPARE(row(QStringLiteral("CPU time per run")), QStringLiteral("No limit"));
    QCOMPARE(row(QStringLiteral("Workspace")), QStringLiteral("/home/u/ws/session-1"));
    QVERIFY(dialog.findChild<QLabel *>(QStringLiteral("SandboxDetails"))
                    ->text()
                    .contains(QLatin1String("Landlock ABI: 6")));
    dialog.show();
    QVERIFY(dialog.grab().save(screenshotPath(QStringLiteral("sandboxdialog.png"))));
}

void tst_SandboxUi::limitsDialogRoundTrip()
{
    Client::SessionLimits limits = Client::SessionLimits::defaults();
    limits.memoryBytes = 1536ull << 20;
    limits.wallTimeMs = 120000;
    limits.cpuTimeMs = 0;
    limits.outputBytes = 5ull << 20;
    limits.processes = 100;
    limits.openFiles = 512;
    limits.fileSizeBytes = 64ull << 20;
    limits.transferBytes = 250ull << 20;
    limits.diskBytes = 3ull << 30;
    Ui::LimitsDialog dialog(limits, true);
    QCOMPARE(dialog.limits(), limits);
    QVERIFY(dialog.keepWorkspace());
    QCOMPARE(dialog.findChild<QSpinBox *>(QStringLiteral("CpuTimeLimit"))->text(),
             QStringLiteral("No limit"));
    limits.diskBytes = 0;
    limits.transferBytes = 0;
    const Ui::LimitsDialog unlimited(limits, false);
    QCOMPARE(unlimited.limits().diskBytes, 0u);
    QCOMPARE(unlimited.limits().transferBytes, 0u);
    QCOMPARE(unlimited.findChild<QSpinBox *>(QStringLiteral("DiskLimit"))->text(),
             QStringLiteral("No limit"));
    limits.diskBytes = 1000; // under 1 MiB: still a limit
    QCOMPARE(Ui::LimitsDialog(limits, false).limits().diskBytes, 1ull << 20);
    dialog.findChild<QSpinBox *>(QStringLiteral("MemoryLimit"))->setValue(2048);
    QCOMPARE(dialog.limits().memoryBytes, 2048ull << 20);
    dialog.show();
    QVERIFY(dialog.grab().save(screenshotPath(QStringLiteral("limitsdialog.png"))));
    const auto buttons = dialog.findChildren<QPushButton *>();
    for (QPushButton *button : buttons) {
        if (button->text().contains(QLatin1String("Defaults")))
            button->click();
    }
    QCOMPARE(dialog.limits().memoryBytes, Client::SessionLimits::defaults().memoryBytes);
    QCOMPARE(dialog.limits().wallTimeMs, 0);
    QVERIFY(!dialog.keepWorkspace());
}

void tst_SandboxUi::settingsFallBackOnNonsense()
{
    QCOMPARE(Ui::LimitsSettings::load(), Client::SessionLimits::defaults());
    Client::SessionLimits limits = Client::SessionLimits::defaults();
    limits.wallTimeMs = 5000;
    limits.memoryBytes = 700ull << 20;
    limits.transferBytes = 3ull << 30;
    limits.diskBytes = 0; // no limit stays no limit
    Ui::LimitsSettings::save(limits);
    Ui::LimitsSettings::setKeepWorkspace(true);
    QCOMPARE(Ui::LimitsSettings::load(), limits);
    QVERIFY(Ui::LimitsSettings::keepWorkspace());
    QSettings settings;
    settings.setValue(QStringLiteral("limits/memoryBytes"), 5); // no Python starts in 5 bytes
    settings.setValue(QStringLiteral("limits/processes"), -3);
    settings.setValue(QStringLiteral("limits/openFiles"), QStringLiteral("many"));
    const Client::SessionLimits loaded = Ui::LimitsSettings::load();
    QCOMPARE(loaded.memoryBytes, Client::SessionLimits::defaults().memoryBytes);
    QCOMPARE(loaded.processes, Client::SessionLimits::defaults().processes);
    QCOMPARE(loaded.openFiles, Client::SessionLimits::defaults().openFiles);
    QCOMPARE(loaded.wallTimeMs, 5000);
}

void tst_SandboxUi::mainWindowShowsAndAppliesLimits()
{
    Testing::FakeSession session;
    session.sessionLimits = Client::SessionLimits::defaults();
    Protocol::Hello hello;
    hello.sandbox = sandboxMap({});
    session.setEngineInfo(hello);
    Ui::MainWindow window;
    window.setSession(&session);
    session.start();
    window.show();
    QVERIFY(window.statusBar()->findChild<Ui::SandboxIndicator *>());
    QCOMPARE(window.sandboxIndicator()->text(), QStringLiteral("Sandboxed"));
    QVERIFY(window.grab().save(screenshotPath(QStringLiteral("mainwindow-sandboxed.png"))));

    // Run > Session Limits…: accepted values are stored and given to the session.
    QTimer::singleShot(0, this, [] {
        auto dialog = qobject_cast<Ui::LimitsDialog *>(QApplication::activeModalWidget());
        QVERIFY(dialog);
        dialog->findChild<QSpinBox *>(QStringLiteral("WallTimeLimit"))->setValue(42);
        dialog->findChild<QCheckBox *>(QStringLiteral("KeepWorkspace"))->setChecked(true);
        dialog->accept();
    });
    window.findChild<QAction *>(QStringLiteral("SessionLimitsAction"))->trigger();
    QCOMPARE(session.sessionLimits.wallTimeMs, 42000);
    QVERIFY(session.keepWorkspace);
    QCOMPARE(Ui::LimitsSettings::load().wallTimeMs, 42000);
    QVERIFY(Ui::LimitsSettings::keepWorkspace());
}

void tst_SandboxUi::resourcesShowTheSandbox()
{
    Testing::FakeSession session;
    Ui::ResourcesView view;
    view.setSession(&session);
    auto label = view.findChild<QLabel *>(QStringLiteral("ResourcesSandbox"));
    QVERIFY(label);
    QVERIFY(label->text().isEmpty()); // nothing known before the engine says
    Protocol::Hello hello;
    hello.sandbox = sandboxMap({}, false);
    session.setEngineInfo(hello);
    session.start();
    QVERIFY2(label->text().contains(QLatin1String("Not sandboxed")), qPrintable(label->text()));
    QVERIFY(label->text().contains(Ui::SandboxIndicator::colourFor(Level::None).name()));
}

QTEST_MAIN(tst_SandboxUi)

#include "tst_sandboxui.moc"
