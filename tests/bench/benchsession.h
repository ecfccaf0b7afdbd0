#pragma once

// What the benchmarks that drive a real session share: medians, giving up with a message, and
// running code to the end.

#include "waituntil.h"

#include <session.h>

#include <QList>
#include <QString>

#include <algorithm>
#include <cstdio>
#include <cstdlib>

namespace Sandpiper::Bench {

// Prefixes what fail() prints ("bench data: ...").
inline const char *benchName = "bench";

inline double median(QList<double> samples)
{
    std::sort(samples.begin(), samples.end());
    return samples.at(samples.size() / 2);
}

[[noreturn]] inline void fail(const char *what)
{
    std::fprintf(stderr, "%s: %s\n", benchName, what);
    std::exit(1);
}

// Runs code to the end and returns what it printed; a run that fails or never ends fails the
// benchmark.
inline QString run(Client::Session &session, const QString &code, int timeoutMs)
{
    QString out;
    bool done = false;
    Client::RunOutcome outcome;
    Client::Execution *execution = session.execute(code);
    QObject::connect(
            execution, &Client::Execution::output, [&out](auto, const QByteArray &data, bool) {
                out += QString::fromUtf8(data);
            });
    QObject::connect(execution, &Client::Execution::finished, [&](const Client::RunOutcome &o) {
        outcome = o;
        done = true;
    });
    if (!Testing::waitUntil([&done] { return done; }, timeoutMs)
        || outcome.status != Client::RunStatus::Ok) {
        std::fprintf(stderr,
                     "%s\n%s %s\n",
                     qPrintable(code),
                     qPrintable(outcome.error.message),
                     qPrintable(outcome.detail));
        fail("a run failed");
    }
    return out;
}

} // namespace Sandpiper::Bench
