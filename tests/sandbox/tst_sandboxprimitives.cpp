// Runs sandbox_probe (enter() + one hostile action) and checks that each action is stopped by
// the primitive meant to stop it. A row whose protecting primitives are all unavailable on this
// host is skipped with the report's reason; the control rows run the same actions without the
// sandbox to show that the probe does detect success.

#include "hostsupport.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <fcntl.h>
#include <memory>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {

struct ProbeRun
{
    bool finished = false;
    QProcess::ExitStatus exitStatus = QProcess::NormalExit;
    int exitCode = -1;
    QString verdict;
    QString detail;
    QJsonObject report;
    QString output;
};

QString token()
{
    return QString::number(QRandomGenerator::global()->generate64(), 36);
}

// Processes (of any user) whose comm is exactly name.
QList<qint64> processesNamed(const QString &name)
{
    QList<qint64> found;
    const QStringList entries = QDir(u"/proc"_s).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &entry : entries) {
        bool isPid = false;
        const qint64 pid = entry.toLongLong(&isPid);
        if (!isPid)
            continue;
        QFile comm(u"/proc/%1/comm"_s.arg(entry));
        if (comm.open(QIODevice::ReadOnly) && QString::fromUtf8(comm.readAll()).trimmed() == name)
            found << pid;
    }
    return found;
}

// Processes whose command line contains text.
QList<qint64> processesWithArgument(const QString &text)
{
    QList<qint64> found;
    const QStringList entries = QDir(u"/proc"_s).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &entry : entries) {
        bool isPid = false;
        const qint64 pid = entry.toLongLong(&isPid);
        if (!isPid || pid == QCoreApplication::applicationPid())
            continue;
        QFile cmdline(u"/proc/%1/cmdline"_s.arg(entry));
        if (cmdline.open(QIODevice::ReadOnly) && cmdline.readAll().contains(text.toUtf8()))
            found << pid;
    }
    return found;
}

// Waits until the process has printed text (output is accumulated across reads).
bool waitForOutput(QProcess &process, const QByteArray &text, int timeoutMs = 10000)
{
    QByteArray seen;
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < timeoutMs) {
        seen += process.readAllStandardOutput();
        if (seen.contains(text))
            return true;
        process.waitForReadyRead(100);
    }
    return false;
}

} // namespace

class TestSandboxPrimitives : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void reportListsEveryPrimitive();
    void hostile_data();
    void hostile();
    void privateLoopbackIsTheSessionsOwn();
    void controlRun_data();
    void controlRun();
    void escapedGrandchildDiesWithTheSession();
    void tmpLeftoversAreNotShared();
    void engineKeepsWhatItNeeds();
    void hostTreeFallback();
    void pythonStackRuns();
    void exitStatusIsMirrored();
    void signalsAreForwarded_data();
    void signalsAreForwarded();
    void killingTheSupervisorKillsTheSession();

private:
    ProbeRun runProbe(const QStringList &options, const QStringList &action, bool sandbox = true);
    QString unprotectedReason(const QStringList &protectors) const;
    bool isActive(const QString &name) const;

    QString m_probe;
    QTemporaryDir m_workspace;
    std::unique_ptr<QTemporaryDir> m_outside;
    QString m_token = token();
    QString m_secret = u"SANDPIPER_TEST_SECRET="_s + token();
    QProcess m_victim;
    QTcpServer m_tcp;
    int m_abstractFd = -1;
    QString m_abstractName = u"sandpiper-test-"_s + token();
    int m_socketFd = -1;
    QString m_socketPath;
    QJsonObject m_report;
    QHash<QString, QJsonObject> m_primitives;
};

ProbeRun TestSandboxPrimitives::runProbe(const QStringList &options,
                                         const QStringList &action,
                                         bool sandbox)
{
    QProcess process;
    QStringList arguments{u"--workspace"_s, m_workspace.path()};
    arguments << options;
    if (!sandbox)
        arguments << u"--no-sandbox"_s;
    arguments << action;
    process.start(m_probe, arguments);
    ProbeRun run;
    run.finished = process.waitForFinished(60000);
    if (!run.finished)
        process.kill();
    run.exitStatus = process.exitStatus();
    run.exitCode = process.exitCode();
    run.output = QString::fromUtf8(process.readAllStandardOutput());
    const QString errors = QString::fromUtf8(process.readAllStandardError());
    if (!errors.isEmpty())
        run.output += u"\n[stderr] "_s + errors;
    for (const QString &line : run.output.split(u'\n')) {
        if (line.startsWith(u"report "_s)) {
            run.report = QJsonDocument::fromJson(line.mid(7).toUtf8()).object();
        } else if (line.startsWith(u"result "_s)) {
            const QString rest = line.mid(7);
            const qsizetype space = rest.indexOf(u' ');
            run.verdict = rest.left(space);
            run.detail = space < 0 ? QString() : rest.mid(space + 1);
        }
    }
    if (run.exitStatus == QProcess::CrashExit)
        run.verdict = u"signal:%1"_s.arg(run.exitCode);
    return run;
}

bool TestSandboxPrimitives::isActive(const QString &name) const
{
    return m_primitives.value(name).value(u"active"_s).toBool();
}

// Empty when one of the primitives is active; otherwise why none of them protects this host.
QString TestSandboxPrimitives::unprotectedReason(const QStringList &protectors) const
{
    QStringList reasons;
    for (const QString &name : protectors) {
        if (isActive(name))
            return {};
        // Only what the host lacks is a reason to skip (initTestCase failed for the rest).
        const QString lacks = Sandpiper::Testing::hostLacks(name);
        reasons << name + u": "_s
                           + (lacks.isEmpty()
                                      ? m_primitives.value(name).value(u"detail"_s).toString()
                                      : lacks);
    }
    return u"this host cannot protect against this (%1)"_s.arg(reasons.join(u"; "_s));
}

void TestSandboxPrimitives::initTestCase()
{
    // Next to the test (both go to the build tree's tests/), so a copy of the pair runs anywhere.
    m_probe = QCoreApplication::applicationDirPath() + u"/sandbox_probe"_s;
    QVERIFY2(QFile::exists(m_probe), qPrintable(m_probe));
    QVERIFY(m_workspace.isValid());
    // Outside every allowed path, and not under /tmp (hidden by the private tmpfs anyway).
    m_outside = std::make_unique<QTemporaryDir>(QCoreApplication::applicationDirPath()
                                                + u"/outside-XXXXXX"_s);
    QVERIFY(m_outside->isValid());
    QFile secret(m_outside->filePath(u"secret.txt"_s));
    QVERIFY(secret.open(QIODevice::WriteOnly));
    secret.write("secret\n");
    secret.close();

    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(m_secret.section(u'=', 0, 0), m_secret.section(u'=', 1));
    m_victim.setProcessEnvironment(environment);
    m_victim.start(u"/bin/sleep"_s, {u"600"_s});
    QVERIFY(m_victim.waitForStarted());

    QVERIFY(m_tcp.listen(QHostAddress::LocalHost));

    m_abstractFd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    QVERIFY(m_abstractFd >= 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    const QByteArray name = m_abstractName.toUtf8();
    memcpy(address.sun_path + 1, name.constData(), size_t(name.size()));
    QCOMPARE(bind(m_abstractFd,
                  reinterpret_cast<sockaddr *>(&address),
                  socklen_t(offsetof(sockaddr_un, sun_path) + 1 + name.size())),
             0);
    QCOMPARE(listen(m_abstractFd, 16), 0);

    // A socket file outside the policy, like the D-Bus session bus or docker.sock.
    m_socketPath = m_outside->filePath(u"listener.sock"_s);
    m_socketFd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_un socketAddress{};
    socketAddress.sun_family = AF_UNIX;
    const QByteArray socketPath = m_socketPath.toUtf8();
    QVERIFY(size_t(socketPath.size()) < sizeof socketAddress.sun_path);
    memcpy(socketAddress.sun_path, socketPath.constData(), size_t(socketPath.size()));
    QCOMPARE(bind(m_socketFd, reinterpret_cast<sockaddr *>(&socketAddress), sizeof socketAddress),
             0);
    QCOMPARE(listen(m_socketFd, 16), 0);

    const ProbeRun run = runProbe({u"--procs"_s, u"64"_s, u"--memory"_s, u"1024"_s}, {u"report"_s});
    QVERIFY2(run.verdict == u"ok"_s, qPrintable(run.output));
    m_report = run.report;
    QVERIFY2(!m_report.isEmpty(), qPrintable(run.output));
    const int abi = m_report.value(u"landlockAbi"_s).toInt();
    for (const QJsonValue &value : m_report.value(u"primitives"_s).toArray()) {
        const QJsonObject primitive = value.toObject();
        m_primitives.insert(primitive.value(u"name"_s).toString(), primitive);
        qInfo("%-18s %-3s %s",
              qPrintable(primitive.value(u"name"_s).toString()),
              primitive.value(u"active"_s).toBool() ? "on" : "OFF",
              qPrintable(primitive.value(u"detail"_s).toString()));
    }
    // What the host supports must be active: a silently broken protection fails here.
    const QStringList broken = Sandpiper::Testing::supportedButInactive(
            m_report.value(u"primitives"_s).toArray(),
            [](const QJsonValue &p) { return p.toObject().value(u"name"_s).toString(); },
            [](const QJsonValue &p) { return p.toObject().value(u"active"_s).toBool(); },
            [](const QJsonValue &p) { return p.toObject().value(u"detail"_s).toString(); });
    QVERIFY2(broken.isEmpty(), qPrintable(broken.join(u"; "_s)));
    // Parts of Landlock that depend on the ABI, as pseudo-primitives for the rows below.
    const bool landlock = isActive(u"landlock"_s);
    m_primitives.insert(u"landlock-tcp"_s,
                        {{u"active"_s, landlock && abi >= 4},
                         {u"detail"_s, u"Landlock ABI %1 (TCP rules need 4)"_s.arg(abi)}});
    m_primitives.insert(u"landlock-scope"_s,
                        {{u"active"_s, landlock && abi >= 6},
                         {u"detail"_s, u"Landlock ABI %1 (scopes need 6)"_s.arg(abi)}});
}

void TestSandboxPrimitives::cleanupTestCase()
{
    m_victim.kill();
    m_victim.waitForFinished();
    if (m_abstractFd >= 0)
        close(m_abstractFd);
    if (m_socketFd >= 0)
        close(m_socketFd);
}

void TestSandboxPrimitives::reportListsEveryPrimitive()
{
    const QStringList expected{u"user-namespace"_s,
                               u"mount-namespace"_s,
                               u"pid-namespace"_s,
                               u"network-namespace"_s,
                               u"ipc-namespace"_s,
                               u"private-root"_s,
                               u"private-tmp"_s,
                               u"private-proc"_s,
                               u"capabilities"_s,
                               u"workspace"_s,
                               u"rlimits"_s,
                               u"process-limit"_s,
                               u"no-new-privs"_s,
                               u"landlock"_s,
                               u"seccomp"_s,
                               u"cgroup"_s};
    QStringList names;
    bool allButCgroup = true;
    for (const QJsonValue &value : m_report.value(u"primitives"_s).toArray()) {
        const QJsonObject primitive = value.toObject();
        names << primitive.value(u"name"_s).toString();
        QVERIFY2(!primitive.value(u"detail"_s).toString().isEmpty(), qPrintable(names.last()));
        if (names.last() != u"cgroup"_s)
            allButCgroup = allButCgroup && primitive.value(u"active"_s).toBool();
    }
    QCOMPARE(names, expected);
    QCOMPARE(m_report.value(u"fullyIsolated"_s).toBool(), allButCgroup);
    const int abi = m_report.value(u"landlockAbi"_s).toInt();
    QVERIFY(abi >= 0);
    if (isActive(u"landlock"_s)) {
        QVERIFY(abi >= 1);
        QVERIFY(m_primitives.value(u"landlock"_s)
                        .value(u"detail"_s)
                        .toString()
                        .startsWith(u"ABI %1"_s.arg(abi)));
    }
    QVERIFY(isActive(u"workspace"_s));
    QVERIFY(isActive(u"no-new-privs"_s));
}

void TestSandboxPrimitives::hostile_data()
{
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<QStringList>("action");
    QTest::addColumn<QStringList>("protectors");
    QTest::addColumn<QString>(
            "expected"); // verdict, or "blocked" plus an errno name: "blocked EPERM"
    QTest::addColumn<QString>("mustNotExist");

    const QString victim = QString::number(m_victim.processId());
    const QString outsideFile = m_outside->filePath(u"written.txt"_s);
    const QString hostTmp = u"/tmp/sandpiper-outside-"_s + m_token;
    const QString usrFile = u"/usr/sandpiper-probe-"_s + m_token;
    const QStringList none;

    // files
    QTest::newRow("read /etc/shadow")
            << none << QStringList{u"read"_s, u"/etc/shadow"_s}
            << QStringList{u"private-root"_s, u"landlock"_s} << u"blocked"_s << QString();
    QTest::newRow("read /etc/debian_version")
            << none << QStringList{u"read"_s, u"/etc/debian_version"_s}
            << QStringList{u"private-root"_s, u"landlock"_s} << u"blocked"_s << QString();
    QTest::newRow("read a file outside")
            << none << QStringList{u"read"_s, m_outside->filePath(u"secret.txt"_s)}
            << QStringList{u"private-root"_s, u"landlock"_s} << u"blocked"_s << QString();
    QTest::newRow("write outside")
            << none << QStringList{u"write"_s, outsideFile}
            << QStringList{u"private-root"_s, u"landlock"_s} << u"blocked"_s << outsideFile;
    // The workspace sits next to the secret here, on the same mount, so only the sandbox (not
    // EXDEV between mounts) can refuse the link.
    const QString besideSecret = m_outside->filePath(u"workspace"_s);
    QDir().mkpath(besideSecret);
    QTest::newRow("hardlink a file outside into the workspace")
            << QStringList{u"--workspace"_s, besideSecret}
            << QStringList{u"hardlink"_s, m_outside->filePath(u"secret.txt"_s)}
            << QStringList{u"private-root"_s, u"landlock"_s} << u"blocked"_s
            << besideSecret + u"/hardlink"_s;
    QTest::newRow("read through a symlink in the workspace")
            << none << QStringList{u"read-via-symlink"_s, m_outside->filePath(u"secret.txt"_s)}
            << QStringList{u"private-root"_s, u"landlock"_s} << u"blocked"_s << QString();
    QTest::newRow("write into /usr")
            << none << QStringList{u"write"_s, usrFile}
            << QStringList{u"private-root"_s, u"landlock"_s} << u"blocked"_s << usrFile;
    // Visible but not writable / listable: only Landlock stands in the way.
    QTest::newRow("write /proc/self/comm")
            << none << QStringList{u"write-existing"_s, u"/proc/self/comm"_s}
            << QStringList{u"landlock"_s} << u"blocked EACCES"_s << QString();
    QTest::newRow("list /etc") << none << QStringList{u"list"_s, u"/etc"_s}
                               << QStringList{u"landlock"_s} << u"blocked EACCES"_s << QString();
    // Landlock does not cover connect() to a socket file; only the private root hides them.
    QTest::newRow("connect to a UNIX socket outside")
            << none << QStringList{u"unix-connect"_s, m_socketPath}
            << QStringList{u"private-root"_s} << u"blocked"_s << QString();
    QTest::newRow("write host /tmp") << none << QStringList{u"write"_s, hostTmp}
                                     << QStringList{u"private-tmp"_s, u"landlock"_s} << u"any"_s
                                     << hostTmp; // private /tmp, or refused
    QTest::newRow("read victim environ")
            << none << QStringList{u"read-proc-environ"_s, victim, m_secret}
            << QStringList{u"private-proc"_s, u"landlock"_s} << u"blocked"_s << QString();
    QTest::newRow("read /proc/1/environ")
            << none << QStringList{u"read-proc-environ"_s, u"1"_s, m_secret}
            << QStringList{u"private-proc"_s, u"landlock"_s} << u"blocked"_s << QString();
    // network
    QTest::newRow("tcp to a loopback listener")
            << none
            << QStringList{u"tcp-connect"_s, u"127.0.0.1"_s, QString::number(m_tcp.serverPort())}
            << QStringList{u"network-namespace"_s} << u"blocked ECONNREFUSED"_s << QString();
    QTest::newRow("udp") << none << QStringList{u"udp"_s} << QStringList{u"network-namespace"_s}
                         << u"blocked ENETUNREACH"_s << QString();
    QTest::newRow("dns") << none << QStringList{u"dns"_s, u"deb.debian.org"_s}
                         << QStringList{u"network-namespace"_s} << u"blocked"_s << QString();
    QTest::newRow("sequenced packets on the loopback's family")
            << none << QStringList{u"seqpacket-socket"_s} << QStringList{u"seccomp"_s}
            << u"blocked EAFNOSUPPORT"_s << QString();
    QTest::newRow("raw socket") << none << QStringList{u"raw-socket"_s} << QStringList{u"seccomp"_s}
                                << u"blocked EAFNOSUPPORT"_s << QString();
    QTest::newRow("packet socket")
            << none << QStringList{u"packet-socket"_s} << QStringList{u"seccomp"_s}
            << u"blocked EAFNOSUPPORT"_s << QString();
    QTest::newRow("netlink socket")
            << none << QStringList{u"netlink"_s} << QStringList{u"seccomp"_s}
            << u"blocked EAFNOSUPPORT"_s << QString();
    QTest::newRow("abstract unix socket outside")
            << none << QStringList{u"unix-abstract"_s, m_abstractName}
            << QStringList{u"network-namespace"_s, u"landlock-scope"_s} << u"blocked"_s
            << QString();
    // other processes
    QTest::newRow("ptrace a process outside")
            << none << QStringList{u"ptrace"_s, victim} << QStringList{u"seccomp"_s}
            << u"blocked EPERM"_s << QString();
    QTest::newRow("ptrace the GUI (the test)")
            << none << QStringList{u"ptrace"_s, QString::number(QCoreApplication::applicationPid())}
            << QStringList{u"seccomp"_s} << u"blocked EPERM"_s << QString();
    QTest::newRow("process_vm_readv outside")
            << none << QStringList{u"vm-read"_s, victim} << QStringList{u"seccomp"_s}
            << u"blocked EPERM"_s << QString();
    QTest::newRow("signal a process outside")
            << none << QStringList{u"signal"_s, victim}
            << QStringList{u"pid-namespace"_s, u"landlock-scope"_s} << u"blocked"_s << QString();
    // escalation
    QTest::newRow("unshare user") << none << QStringList{u"unshare-user"_s}
                                  << QStringList{u"seccomp"_s} << u"blocked EPERM"_s << QString();
    QTest::newRow("clone newuser") << none << QStringList{u"clone-newuser"_s}
                                   << QStringList{u"seccomp"_s} << u"blocked EPERM"_s << QString();
    QTest::newRow("clone newnet") << none << QStringList{u"clone-newnet"_s}
                                  << QStringList{u"seccomp"_s} << u"blocked EPERM"_s << QString();
    QTest::newRow("clone3") << none << QStringList{u"clone3"_s} << QStringList{u"seccomp"_s}
                            << u"blocked ENOSYS"_s << QString();
    QTest::newRow("io_uring") << none << QStringList{u"io-uring"_s} << QStringList{u"seccomp"_s}
                              << u"blocked EPERM"_s << QString();
    QTest::newRow("bpf") << none << QStringList{u"bpf"_s} << QStringList{u"seccomp"_s}
                         << u"blocked EPERM"_s << QString();
    QTest::newRow("perf_event_open")
            << none << QStringList{u"perf-event"_s} << QStringList{u"seccomp"_s}
            << u"blocked EPERM"_s << QString();
    QTest::newRow("keyctl") << none << QStringList{u"keyctl"_s} << QStringList{u"seccomp"_s}
                            << u"blocked EPERM"_s << QString();
    QTest::newRow("mount") << none << QStringList{u"mount"_s} << QStringList{u"seccomp"_s}
                           << u"blocked EPERM"_s << QString();
    QTest::newRow("TIOCSTI") << none << QStringList{u"tiocsti"_s} << QStringList{u"seccomp"_s}
                             << u"blocked EPERM"_s << QString();
    QTest::newRow("x32 syscall") << none << QStringList{u"x32-syscall"_s}
                                 << QStringList{u"seccomp"_s} << u"signal:%1"_s.arg(SIGSYS)
                                 << QString();
    QTest::newRow("i386 syscall") << none << QStringList{u"i386-syscall"_s}
                                  << QStringList{u"seccomp"_s} << u"signal:%1"_s.arg(SIGSYS)
                                  << QString();
    QTest::newRow("raise rlimits") << QStringList{u"--files"_s,
                                                  u"64"_s,
                                                  u"--memory"_s,
                                                  u"512"_s,
                                                  u"--fsize"_s,
                                                  u"64"_s,
                                                  u"--procs"_s,
                                                  u"64"_s}
                                   << QStringList{u"raise-rlimit"_s} << QStringList{u"rlimits"_s}
                                   << u"blocked"_s << QString();
    QTest::newRow("setuid 0") << none << QStringList{u"setuid0"_s}
                              << QStringList{u"user-namespace"_s} << u"blocked"_s << QString();
    // resources
    QTest::newRow("fork bomb") << QStringList{u"--procs"_s, u"32"_s}
                               << QStringList{u"fork-bomb"_s, u"3000"_s}
                               << QStringList{u"process-limit"_s} << u"blocked EAGAIN"_s
                               << QString();
    QTest::newRow("fill the disk")
            << QStringList{u"--fsize"_s, u"8"_s} << QStringList{u"fill-disk"_s, u"64"_s}
            << QStringList{u"rlimits"_s} << u"blocked EFBIG"_s << QString();
    QTest::newRow("exhaust fds") << QStringList{u"--files"_s, u"64"_s}
                                 << QStringList{u"exhaust-fds"_s, u"100000"_s}
                                 << QStringList{u"rlimits"_s} << u"blocked EMFILE"_s << QString();
    QTest::newRow("cpu time") << QStringList{u"--cpu"_s, u"1"_s} << QStringList{u"spin"_s, u"20"_s}
                              << QStringList{u"rlimits"_s} << u"signal:%1"_s.arg(SIGXCPU)
                              << QString();
    QTest::newRow("memory") << QStringList{u"--memory"_s, u"256"_s}
                            << QStringList{u"memory"_s, u"1024"_s} << QStringList{u"rlimits"_s}
                            << u"blocked"_s << QString();
}

void TestSandboxPrimitives::hostile()
{
    QFETCH(QStringList, options);
    QFETCH(QStringList, action);
    QFETCH(QStringList, protectors);
    QFETCH(QString, expected);
    QFETCH(QString, mustNotExist);

    if (action.first() == u"read"_s && !QFile::exists(action.at(1)))
        QSKIP(qPrintable(action.at(1) + u" does not exist on this host"_s));
    const QString reason = unprotectedReason(protectors);
    if (!reason.isEmpty())
        QSKIP(qPrintable(reason));
    if (action.first() == u"i386-syscall"_s) {
        // The attack must be possible here at all: a kernel without IA32 emulation faults on
        // int 0x80 (SIGSEGV) with or without the sandbox, and there is nothing to block.
        const ProbeRun control = runProbe(options, action, false);
        if (control.verdict == u"signal:%1"_s.arg(SIGSEGV))
            QSKIP("this kernel runs no i386 system calls (no IA32 emulation): int 0x80 faults "
                  "without the sandbox too");
        QVERIFY2(control.verdict == u"allowed"_s, qPrintable(control.output));
    }

    const ProbeRun run = runProbe(options, action);
    qInfo("%s: %s %s", qPrintable(action.first()), qPrintable(run.verdict), qPrintable(run.detail));
    const QString message = u"%1 -> %2"_s.arg(action.join(u' '), run.output.trimmed());
    QVERIFY2(run.finished, qPrintable(message));
    const QString expectedVerdict = expected.section(u' ', 0, 0);
    const QString expectedErrno = expected.section(u' ', 1);
    if (expectedVerdict == u"any"_s)
        QVERIFY2(run.verdict == u"allowed"_s || run.verdict == u"blocked"_s, qPrintable(message));
    else
        QVERIFY2(run.verdict == expectedVerdict, qPrintable(message));
    if (!expectedErrno.isEmpty())
        QVERIFY2(run.detail.contains(expectedErrno), qPrintable(message));
    if (!mustNotExist.isEmpty()) {
        const bool leaked = QFile::exists(mustNotExist);
        QFile::remove(mustNotExist);
        QVERIFY2(!leaked, qPrintable(mustNotExist + u" was created outside the sandbox"_s));
    }
    if (action.first() == u"tcp-connect"_s)
        QVERIFY2(!m_tcp.waitForNewConnection(100), "the listener outside got a connection");

    // Limits hold close to the value asked for, not just eventually.
    const auto count = [&run](const QString &word) {
        return run.detail.section(word + u' ', 1).section(u' ', 0, 0).toLongLong();
    };
    if (action.first() == u"fork-bomb"_s)
        QVERIFY2(count(u"forked"_s) < 400,
                 qPrintable(run.detail)); // pid_max 332 or RLIMIT_NPROC 32
    if (action.first() == u"exhaust-fds"_s)
        QVERIFY2(count(u"opened"_s) <= 64, qPrintable(run.detail));
    if (action.first() == u"fill-disk"_s)
        QVERIFY2(count(u"wrote"_s) <= 8, qPrintable(run.detail));
    if (action.first() == u"memory"_s)
        QVERIFY2(count(u"allocated"_s) <= 256, qPrintable(run.detail));
}

// The session's network namespace holds its loopback and nothing else, up: TCP from the session
// to itself works (a Dask cluster's scheduler and workers), over IPv4 and IPv6; the host's own
// listener on 127.0.0.1 is another loopback (the "tcp to a loopback listener" row).
void TestSandboxPrimitives::privateLoopbackIsTheSessionsOwn()
{
    if (const QString reason = unprotectedReason({u"network-namespace"_s}); !reason.isEmpty())
        QSKIP(qPrintable(reason));
    QVERIFY2(m_primitives.value(u"network-namespace"_s)
                     .value(u"detail"_s)
                     .toString()
                     .contains(u"own loopback only"_s),
             qPrintable(m_primitives.value(u"network-namespace"_s).value(u"detail"_s).toString()));
    const ProbeRun inside = runProbe({}, {u"interfaces"_s});
    QCOMPARE(inside.verdict, u"allowed"_s);
    QCOMPARE(inside.detail, u"interfaces lo"_s);
    const ProbeRun host = runProbe({}, {u"interfaces"_s}, false);
    QVERIFY2(host.detail.startsWith(u"interfaces "_s), qPrintable(host.output));
    qInfo("the host's: %s", qPrintable(host.detail));
    const ProbeRun tcp = runProbe({}, {u"loopback-self"_s});
    QVERIFY2(tcp.verdict == u"allowed"_s, qPrintable(tcp.output));
    const ProbeRun tcp6 = runProbe({}, {u"loopback6-self"_s});
    if (tcp6.detail.contains(u"EADDRNOTAVAIL"_s) || tcp6.detail.contains(u"EAFNOSUPPORT"_s))
        qInfo("no IPv6 here: %s", qPrintable(tcp6.detail));
    else
        QVERIFY2(tcp6.verdict == u"allowed"_s, qPrintable(tcp6.output));
}

void TestSandboxPrimitives::controlRun_data()
{
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<QStringList>("action");
    const QStringList none;
    const QString victim = QString::number(m_victim.processId());
    QTest::newRow("read a file outside")
            << none << QStringList{u"read"_s, m_outside->filePath(u"secret.txt"_s)};
    QTest::newRow("write outside")
            << none << QStringList{u"write"_s, m_outside->filePath(u"control.txt"_s)};
    QTest::newRow("read victim environ")
            << none << QStringList{u"read-proc-environ"_s, victim, m_secret};
    const QString besideSecret = m_outside->filePath(u"workspace"_s);
    QTest::newRow("hardlink a file outside into the workspace")
            << QStringList{u"--workspace"_s, besideSecret}
            << QStringList{u"hardlink"_s, m_outside->filePath(u"secret.txt"_s)};
    QTest::newRow("read through a symlink")
            << none << QStringList{u"read-via-symlink"_s, m_outside->filePath(u"secret.txt"_s)};
    QTest::newRow("tcp to a loopback listener")
            << none
            << QStringList{u"tcp-connect"_s, u"127.0.0.1"_s, QString::number(m_tcp.serverPort())};
    QTest::newRow("abstract unix socket outside")
            << none << QStringList{u"unix-abstract"_s, m_abstractName};
    QTest::newRow("connect to a UNIX socket outside")
            << none << QStringList{u"unix-connect"_s, m_socketPath};
    QTest::newRow("write /proc/self/comm")
            << none << QStringList{u"write-existing"_s, u"/proc/self/comm"_s};
    QTest::newRow("list /etc") << none << QStringList{u"list"_s, u"/etc"_s};
    QTest::newRow("netlink socket") << none << QStringList{u"netlink"_s};
    QTest::newRow("unshare user") << none << QStringList{u"unshare-user"_s};
    QTest::newRow("fork") << none << QStringList{u"fork-bomb"_s, u"40"_s};
    QTest::newRow("fill the disk") << none << QStringList{u"fill-disk"_s, u"4"_s};
    QTest::newRow("exhaust fds") << none << QStringList{u"exhaust-fds"_s, u"100"_s};
    QTest::newRow("memory") << none << QStringList{u"memory"_s, u"64"_s};
}

// Without the sandbox the same actions succeed: the probe's "blocked" is not an artefact.
void TestSandboxPrimitives::controlRun()
{
    QFETCH(QStringList, options);
    QFETCH(QStringList, action);
    const ProbeRun run = runProbe(options, action, false);
    QVERIFY2(run.verdict == u"allowed"_s, qPrintable(action.join(u' ') + u" -> "_s + run.output));
    if (action.first() == u"tcp-connect"_s) {
        QVERIFY(m_tcp.waitForNewConnection(2000));
        delete m_tcp.nextPendingConnection();
    }
    if (action.first() == u"unix-abstract"_s || action.first() == u"unix-connect"_s) {
        const int listener = action.first() == u"unix-abstract"_s ? m_abstractFd : m_socketFd;
        const int accepted = accept4(listener, nullptr, nullptr, SOCK_CLOEXEC);
        QVERIFY(accepted >= 0);
        close(accepted);
    }
    QFile::remove(m_outside->filePath(u"control.txt"_s));
    QFile::remove(m_outside->filePath(u"workspace/hardlink"_s));
}

void TestSandboxPrimitives::escapedGrandchildDiesWithTheSession()
{
    // comm is at most 15 characters and must be unique to this run.
    const QString name = u"sp-"_s + m_token.left(12);
    for (const bool sandbox : {false, true}) {
        QProcess process;
        QStringList arguments{u"--workspace"_s, m_workspace.path()};
        if (!sandbox)
            arguments << u"--no-sandbox"_s;
        process.start(m_probe, arguments << u"escape-setsid"_s << name);
        QVERIFY(waitForOutput(process, "result spawned"));
        QVERIFY2(!processesNamed(name).isEmpty(),
                 "the grandchild is not visible: the test is blind");
        QVERIFY(process.waitForFinished(10000));
        if (!sandbox) {
            // Control: without the sandbox it survives its session.
            const QList<qint64> survivors = processesNamed(name);
            QVERIFY(!survivors.isEmpty());
            for (const qint64 pid : survivors)
                ::kill(pid_t(pid), SIGKILL);
            QTRY_VERIFY(processesNamed(name).isEmpty());
        } else {
            // pid 1 of the namespace exits only after the kernel has killed everything inside.
            QVERIFY2(processesNamed(name).isEmpty(), "a setsid grandchild outlived the session");
        }
    }
}

void TestSandboxPrimitives::tmpLeftoversAreNotShared()
{
    if (const QString reason = unprotectedReason({u"private-tmp"_s}); !reason.isEmpty())
        QSKIP(qPrintable(reason));
    const QString name = u"sandpiper-leftover-"_s + m_token;
    const ProbeRun write = runProbe({}, {u"tmp-write"_s, m_token});
    QVERIFY2(write.verdict == u"ok"_s, qPrintable(write.output));
    QVERIFY(!QFile::exists(u"/tmp/"_s + name));
    QVERIFY(!QFile::exists(u"/dev/shm/"_s + name));
    const ProbeRun check = runProbe({}, {u"tmp-check"_s, m_token});
    QVERIFY2(check.verdict == u"blocked"_s, qPrintable(check.output));
}

void TestSandboxPrimitives::engineKeepsWhatItNeeds()
{
    // A Python stdlib file: what the engine must still read under Landlock.
    const QStringList candidates = QDir(u"/usr/lib"_s).entryList({u"python3.*"_s}, QDir::Dirs);
    QVERIFY(!candidates.isEmpty());
    const QString stdlibFile = u"/usr/lib/"_s + candidates.last() + u"/os.py"_s;
    QVERIFY(QFile::exists(stdlibFile));

    // An extra read-only path of the policy is readable; its sibling is not (see hostile()).
    const QString allowedFile = m_outside->filePath(u"allowed.txt"_s);
    QFile allowed(allowedFile);
    QVERIFY(allowed.open(QIODevice::WriteOnly));
    allowed.write("allowed\n");
    allowed.close();

    int pair[2];
    QCOMPARE(socketpair(AF_UNIX, SOCK_STREAM, 0, pair), 0);
    fcntl(pair[0], F_SETFD, FD_CLOEXEC); // ours; pair[1] is inherited by the probe
    QCOMPARE(::write(pair[0], "ping", 4), ssize_t(4));
    const ProbeRun run
            = runProbe({u"--procs"_s, u"64"_s, u"--memory"_s, u"1024"_s, u"--files"_s, u"256"_s},
                       {u"sanity"_s, QString::number(pair[1]), stdlibFile});
    ::close(pair[1]);
    char reply[5] = {};
    const ssize_t got = ::read(pair[0], reply, 4);
    ::close(pair[0]);
    QVERIFY2(run.verdict == u"ok"_s, qPrintable(run.output));
    QCOMPARE(got, ssize_t(4));
    QCOMPARE(QByteArray(reply), QByteArray("pong"));
    // init is pid 1; the engine must not be, or it would ignore default-action signals.
    if (isActive(u"pid-namespace"_s))
        QCOMPARE(run.detail, u"pid 2"_s);
}

// A policy that shows "/" cannot have a private root: the host's tree stays, with private /tmp,
// /dev/shm and /proc on top, and Landlock as the only filesystem limit.
void TestSandboxPrimitives::hostTreeFallback()
{
    if (!isActive(u"mount-namespace"_s))
        QSKIP(qPrintable(unprotectedReason({u"mount-namespace"_s})));
    const QStringList everything{u"--ro"_s, u"/"_s};
    const ProbeRun report = runProbe(everything, {u"report"_s});
    QHash<QString, QJsonObject> primitives;
    for (const QJsonValue &value : report.report.value(u"primitives"_s).toArray())
        primitives.insert(value[u"name"_s].toString(), value.toObject());
    QVERIFY2(!primitives[u"private-root"_s][u"active"_s].toBool(), qPrintable(report.output));
    QVERIFY2(primitives[u"private-root"_s][u"detail"_s].toString().contains(u"whole filesystem"_s),
             qPrintable(report.output));
    QCOMPARE(primitives[u"private-tmp"_s][u"active"_s].toBool(), isActive(u"private-tmp"_s));
    QCOMPARE(primitives[u"private-proc"_s][u"active"_s].toBool(), isActive(u"private-proc"_s));

    const QString token = u"fallback-"_s + m_token;
    const ProbeRun write = runProbe(everything, {u"tmp-write"_s, token});
    QVERIFY2(write.verdict == u"ok"_s, qPrintable(write.output));
    QVERIFY(!QFile::exists(u"/tmp/sandpiper-leftover-"_s + token));
    const ProbeRun check = runProbe(everything, {u"tmp-check"_s, token});
    QVERIFY2(check.verdict == u"blocked"_s, qPrintable(check.output));

    const QString outside = m_outside->filePath(u"fallback.txt"_s);
    const ProbeRun writeOutside = runProbe(everything, {u"write"_s, outside});
    QVERIFY2(writeOutside.verdict == u"blocked"_s, qPrintable(writeOutside.output));
    QVERIFY(!QFile::exists(outside));
    // "/" is read-only, not hidden. (A file under the build tree would do, but the build tree
    // may itself be under /tmp, which the private tmpfs covers.)
    const ProbeRun read = runProbe(everything, {u"read"_s, u"/etc/os-release"_s});
    QVERIFY2(read.verdict == u"allowed"_s, qPrintable(read.output));
}

// The policy's paths are enough for the Python stack the engine embeds.
void TestSandboxPrimitives::pythonStackRuns()
{
    const QString python = u"/usr/bin/python3"_s;
    if (!QFile::exists(python))
        QSKIP("no /usr/bin/python3 on this host");
    const QString script = uR"(
import os, subprocess, tempfile, threading
import numpy, pandas, scipy.linalg, sklearn.linear_model, matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
a = numpy.random.default_rng(0).normal(size=(200, 200))
assert abs(scipy.linalg.det(a @ a.T)) > 0
frame = pandas.DataFrame({"x": range(100), "y": numpy.arange(100) * 2.0})
model = sklearn.linear_model.LinearRegression().fit(frame[["x"]], frame["y"])
assert abs(model.coef_[0] - 2.0) < 1e-9
plt.plot(frame.x, frame.y)
plt.savefig("figure.png")
with tempfile.TemporaryFile() as f:
    f.write(b"x")
assert subprocess.run(["/bin/true"]).returncode == 0
t = threading.Thread(target=lambda: None)
t.start()
t.join()
print("python-ok", os.getcwd())
)"_s;
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"MPLCONFIGDIR"_s, m_workspace.filePath(u".matplotlib"_s));
    process.setProcessEnvironment(environment);
    process.start(m_probe,
                  {u"--workspace"_s,
                   m_workspace.path(),
                   u"--memory"_s,
                   u"2048"_s,
                   u"--procs"_s,
                   u"256"_s,
                   u"--files"_s,
                   u"1024"_s,
                   u"exec"_s,
                   python,
                   u"-c"_s,
                   script});
    QVERIFY(process.waitForFinished(120000));
    const QString output
            = QString::fromUtf8(process.readAllStandardOutput() + process.readAllStandardError());
    QVERIFY2(process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0,
             qPrintable(output));
    QVERIFY2(output.contains(u"python-ok "_s + m_workspace.path()), qPrintable(output));
    QVERIFY(QFile::exists(m_workspace.filePath(u"figure.png"_s)));
}

void TestSandboxPrimitives::exitStatusIsMirrored()
{
    const ProbeRun exited = runProbe({}, {u"exit"_s, u"7"_s});
    QCOMPARE(exited.exitStatus, QProcess::NormalExit);
    QCOMPARE(exited.exitCode, 7);
    const ProbeRun crashed = runProbe({}, {u"crash"_s});
    QCOMPARE(crashed.exitStatus, QProcess::CrashExit);
    QCOMPARE(crashed.exitCode, SIGSEGV);
}

void TestSandboxPrimitives::signalsAreForwarded_data()
{
    QTest::addColumn<bool>("toGroup");
    QTest::newRow("to the supervisor") << false;
    QTest::newRow("to its process group (Ctrl+C)") << true;
}

void TestSandboxPrimitives::signalsAreForwarded()
{
    QFETCH(bool, toGroup);
    // SIGINT reaches the engine's handler (Python's KeyboardInterrupt path) exactly once.
    QProcess interrupted;
    interrupted.setUnixProcessParameters(QProcess::UnixProcessFlag::CreateNewSession);
    interrupted.start(m_probe, {u"--workspace"_s, m_workspace.path(), u"wait-signal"_s});
    QVERIFY(waitForOutput(interrupted, "ready"));
    const pid_t supervisor = pid_t(interrupted.processId());
    QCOMPARE(::kill(toGroup ? -supervisor : supervisor, SIGINT), 0);
    QVERIFY(interrupted.waitForFinished(10000));
    QCOMPARE(interrupted.exitStatus(), QProcess::NormalExit);
    QCOMPARE(interrupted.exitCode(), 41);

    // SIGTERM without a handler terminates the engine (it would not if the engine were pid 1),
    // and the supervisor dies of the same signal.
    QProcess terminated;
    terminated.start(m_probe, {u"--workspace"_s, m_workspace.path(), u"wait-signal"_s});
    QVERIFY(waitForOutput(terminated, "ready"));
    terminated.terminate();
    QVERIFY(terminated.waitForFinished(10000));
    QCOMPARE(terminated.exitStatus(), QProcess::CrashExit);
    QCOMPARE(terminated.exitCode(), SIGTERM);
}

void TestSandboxPrimitives::killingTheSupervisorKillsTheSession()
{
    QTemporaryDir workspace; // its unique path marks every process of this session
    QVERIFY(workspace.isValid());
    QProcess process;
    process.start(m_probe, {u"--workspace"_s, workspace.path(), u"wait-signal"_s});
    QVERIFY(waitForOutput(process, "ready"));
    QCOMPARE(processesWithArgument(workspace.path()).size(), 3); // supervisor, init, engine
    process.kill();
    QVERIFY(process.waitForFinished(10000));
    QTRY_VERIFY_WITH_TIMEOUT(processesWithArgument(workspace.path()).isEmpty(), 5000);
}

QTEST_GUILESS_MAIN(TestSandboxPrimitives)
#include "tst_sandboxprimitives.moc"
