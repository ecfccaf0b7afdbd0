#include "policydefaults.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <unistd.h>

using namespace Qt::StringLiterals;
namespace PolicyDefaults = Sandpiper::Sandbox::PolicyDefaults;

class TestSandboxPolicy : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void defaultLimits();
    void forSession();
    void nothingSecretIsReadable_data();
    void nothingSecretIsReadable();
};

namespace {
bool contains(const std::vector<std::string> &paths, const std::string &path)
{
    return std::find(paths.begin(), paths.end(), path) != paths.end();
}
} // namespace

void TestSandboxPolicy::defaultLimits()
{
    const auto limits = PolicyDefaults::defaultLimits();
    const std::uint64_t ram
            = std::uint64_t(sysconf(_SC_PHYS_PAGES)) * std::uint64_t(sysconf(_SC_PAGESIZE));
    QCOMPARE(limits.memoryBytes, std::min<std::uint64_t>(4ULL << 30, ram / 2));
    QCOMPARE(limits.openFiles, 1024u);
    QCOMPARE(limits.processes, 256u);
    QCOMPARE(limits.fileSizeBytes, 1ULL << 30);
    QCOMPARE(limits.cpuSeconds, 0u);
}

void TestSandboxPolicy::forSession()
{
    QTemporaryDir workspace;
    QTemporaryDir extra;
    QVERIFY(workspace.isValid() && extra.isValid());
    Sandpiper::Sandbox::Limits limits;
    limits.memoryBytes = 123 << 20;
    const auto policy = PolicyDefaults::forSession(workspace.path().toStdString(),
                                                   {extra.path().toStdString(), "/does/not/exist"},
                                                   limits);
    QCOMPARE(policy.workspace, workspace.path().toStdString());
    QCOMPARE(policy.limits.memoryBytes, limits.memoryBytes);
    QVERIFY(!policy.allowNetwork);
    QVERIFY(policy.readWritePaths.empty());
    QVERIFY(contains(policy.readOnlyPaths, "/usr"));
    QVERIFY(contains(policy.readOnlyPaths, extra.path().toStdString()));
    QVERIFY2(!contains(policy.readOnlyPaths, "/does/not/exist"), "missing paths must be dropped");
    for (const std::string &path : policy.readOnlyPaths)
        QVERIFY2(QFileInfo::exists(QString::fromStdString(path)), path.c_str());
    // No duplicates: each rule once.
    auto sorted = policy.readOnlyPaths;
    std::sort(sorted.begin(), sorted.end());
    QVERIFY(std::adjacent_find(sorted.begin(), sorted.end()) == sorted.end());
}

void TestSandboxPolicy::nothingSecretIsReadable_data()
{
    QTest::addColumn<QString>("path");
    QTest::newRow("shadow") << u"/etc/shadow"_s;
    QTest::newRow("ssh host keys") << u"/etc/ssh/ssh_host_ed25519_key"_s;
    QTest::newRow("home") << QDir::homePath() + u"/.ssh/id_ed25519"_s;
    QTest::newRow("root's home") << u"/root/.bash_history"_s;
    QTest::newRow("GUI config") << QDir::homePath() + u"/.config/sandpiper/sandpiper.conf"_s;
    QTest::newRow("/etc as a whole") << u"/etc/sudoers"_s;
}

// No read-only rule may cover these, whether or not they exist here.
void TestSandboxPolicy::nothingSecretIsReadable()
{
    QFETCH(QString, path);
    const auto policy = PolicyDefaults::forSession("/nonexistent-workspace", {}, {});
    const std::string target = path.toStdString();
    for (const std::string &allowed : PolicyDefaults::systemReadOnlyPaths()) {
        const bool covers = target == allowed || target.rfind(allowed + '/', 0) == 0;
        QVERIFY2(!covers, qPrintable(path + u" is under "_s + QString::fromStdString(allowed)));
    }
    QVERIFY(policy.readWritePaths.empty());
}

QTEST_GUILESS_MAIN(TestSandboxPolicy)
#include "tst_sandboxpolicy.moc"
