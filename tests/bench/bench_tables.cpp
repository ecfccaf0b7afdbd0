// Tables benchmark: sends bench_tables.py to a sandboxed session and prints the one JSON object
// it reports (see that file for what is measured and how). The session gets room for a
// 10^7-row frame and its files.
#include "benchsession.h"
#include "waituntil.h"

#include <session.h>

#include <QCoreApplication>
#include <QFile>
#include <QTemporaryDir>

#include <cstdio>

using namespace Sandpiper;

int main(int argc, char *argv[])
{
    Bench::benchName = "bench tables";
    QCoreApplication app(argc, argv);
    if (argc != 2)
        Bench::fail("usage: bench_tables BENCH_TABLES_PY");
    QFile script(QString::fromLocal8Bit(argv[1]));
    if (!script.open(QIODevice::ReadOnly))
        Bench::fail("cannot read bench_tables.py");
    QTemporaryDir root;
    Client::SessionOptions options;
    options.workspaceRoot = root.path();
    options.limits.memoryBytes = 16ull << 30;
    options.limits.fileSizeBytes = 4ull << 30;
    options.limits.wallTimeMs = 0;
    Client::Session session(options);
    session.start();
    constexpr int timeout = 1'800'000;
    if (!Testing::waitUntil([&] { return session.state() == Client::SessionState::Idle; }, timeout))
        Bench::fail("the session did not start");
    QString code = QString::fromUtf8(script.readAll());
    // The session's environment is its own: a smoke run (SANDPIPER_BENCH_QUICK=1) says so in code.
    if (qgetenv("SANDPIPER_BENCH_QUICK") == "1")
        code.prepend(QStringLiteral("import os\nos.environ['SANDPIPER_BENCH_QUICK'] = '1'\n"));
    const QString out = Bench::run(session, code, timeout);
    for (const QString &line : out.split(u'\n')) {
        if (line.startsWith(QStringLiteral("BENCH "))) {
            std::printf("%s\n", qPrintable(line.mid(6)));
            return 0;
        }
    }
    std::fprintf(stderr, "%s\n", qPrintable(out));
    Bench::fail("no figures came back");
}
