#include "processmonitor.h"

#include <QDir>
#include <QFile>

#include <unistd.h>

namespace Sandpiper::Client {

namespace {

QByteArray readProcFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll(); // /proc files report size 0: read until EOF
}

// Fields of /proc/PID/stat after the command name, which may hold spaces and parentheses.
QList<QByteArray> statFields(pid_t pid)
{
    const QByteArray stat = readProcFile(QStringLiteral("/proc/%1/stat").arg(pid));
    const qsizetype close = stat.lastIndexOf(')');
    if (close < 0 || close + 2 >= stat.size())
        return {};
    return stat.mid(close + 2).split(' ');
}

// Field numbers from proc(5), shifted by the two that precede the command's closing ')'.
constexpr int ppidIndex = 4 - 3;
constexpr int utimeIndex = 14 - 3;
constexpr int stimeIndex = 15 - 3;
constexpr int threadsIndex = 20 - 3;
constexpr int rssPagesIndex = 24 - 3;

} // namespace

QList<pid_t> ProcessTreeReader::tree(pid_t root)
{
    // Parent links of every process, read once; then a walk from the root.
    QHash<pid_t, QList<pid_t>> children;
    const QStringList entries = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs);
    for (const QString &entry : entries) {
        bool isPid = false;
        const pid_t pid = entry.toInt(&isPid);
        if (!isPid)
            continue;
        const QList<QByteArray> fields = statFields(pid);
        if (fields.size() > ppidIndex)
            children[pid_t(fields.at(ppidIndex).toInt())].append(pid);
    }
    QList<pid_t> result;
    if (!QFile::exists(QStringLiteral("/proc/%1").arg(root)))
        return result;
    result.append(root);
    for (qsizetype i = 0; i < result.size(); ++i)
        result += children.value(result.at(i));
    return result;
}

double ProcessTreeReader::cpuSeconds(pid_t pid)
{
    const QList<QByteArray> fields = statFields(pid);
    if (fields.size() <= stimeIndex)
        return 0;
    const quint64 ticks = fields.at(utimeIndex).toULongLong() + fields.at(stimeIndex).toULongLong();
    return double(ticks) / double(sysconf(_SC_CLK_TCK));
}

ResourceSample ProcessTreeReader::read(pid_t root)
{
    ResourceSample sample;
    const qint64 pageSize = sysconf(_SC_PAGESIZE);
    QHash<pid_t, quint64> ticks;
    quint64 deltaTicks = 0;
    for (pid_t pid : tree(root)) {
        const QList<QByteArray> fields = statFields(pid);
        if (fields.size() <= rssPagesIndex)
            continue; // exited between the listing and now
        ++sample.processes;
        sample.threads += fields.at(threadsIndex).toInt();
        sample.rssBytes += fields.at(rssPagesIndex).toLongLong() * pageSize;
        // statm: size resident shared text lib data dt, in pages; shared = file + shmem.
        const QList<QByteArray> statm
                = readProcFile(QStringLiteral("/proc/%1/statm").arg(pid)).split(' ');
        if (statm.size() >= 3)
            sample.anonymousBytes
                    += qMax<qint64>(0, statm.at(1).toLongLong() - statm.at(2).toLongLong())
                       * pageSize;
        const quint64 t = fields.at(utimeIndex).toULongLong() + fields.at(stimeIndex).toULongLong();
        ticks.insert(pid, t);
        deltaTicks += t - qMin(t, m_previousTicks.value(pid, t));
        sample.openFiles
                += int(QDir(QStringLiteral("/proc/%1/fd").arg(pid))
                               .entryList(QDir::AllEntries | QDir::System | QDir::NoDotAndDotDot)
                               .size());
    }
    if (m_sinceLast.isValid())
        sample.cpuSeconds = double(deltaTicks) / double(sysconf(_SC_CLK_TCK));
    if (m_sinceLast.isValid()) {
        const double seconds = double(m_sinceLast.nsecsElapsed()) / 1e9;
        if (seconds > 0)
            sample.cpuPercent = 100.0 * double(deltaTicks) / double(sysconf(_SC_CLK_TCK)) / seconds;
    }
    m_sinceLast.start();
    m_previousTicks = ticks;
    return sample;
}

ProcessMonitor::ProcessMonitor(QObject *parent)
    : QObject(parent)
{
    m_timer.setInterval(500);
    connect(&m_timer, &QTimer::timeout, this, [this] { sampleNow(); });
}

void ProcessMonitor::watch(pid_t root)
{
    m_root = root;
    m_reader = {};
    m_peakRss = 0;
    if (root <= 0) {
        m_timer.stop();
        return;
    }
    m_clock.start();
    m_last = m_reader.read(root); // baseline for CPU percentages; memory is already right
    m_last.cpuPercent = 0;
    m_last.cpuSeconds = 0;
    m_timer.start();
}

void ProcessMonitor::markPeak()
{
    m_peakRss = m_last.rssBytes;
}

ResourceSample ProcessMonitor::sampleNow()
{
    if (m_root <= 0)
        return {};
    ResourceSample sample = m_reader.read(m_root);
    sample.elapsedMs = m_clock.elapsed();
    m_last = sample;
    m_peakRss = qMax(m_peakRss, sample.rssBytes);
    Q_EMIT sampled(sample);
    return sample;
}

} // namespace Sandpiper::Client
