#include "processmonitor.h"

#include <cstdlib>

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

namespace Sandpiper::Client {

namespace {

// Small /proc files with plain system calls: this runs twice a second over the whole process
// table, and a fork bomb makes that table long.
QByteArray readProcFile(const char *path)
{
    const int fd = ::open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return {};
    QByteArray data;
    char buffer[4096];
    for (;;) {
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n <= 0)
            break;
        data.append(buffer, n); // /proc files report size 0: read until EOF
        if (data.size() > (1 << 20))
            break;
    }
    ::close(fd);
    return data;
}

QByteArray procPath(pid_t pid, const char *file)
{
    return "/proc/" + QByteArray::number(pid) + '/' + file;
}

// Fields of /proc/PID/stat after the command name, which may hold spaces and parentheses.
QList<QByteArray> statFields(pid_t pid)
{
    const QByteArray stat = readProcFile(procPath(pid, "stat").constData());
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

// Every process's stat fields, by pid.
QHash<pid_t, QList<QByteArray>> processTable()
{
    QHash<pid_t, QList<QByteArray>> table;
    DIR *proc = ::opendir("/proc");
    if (!proc)
        return table;
    while (const dirent *entry = ::readdir(proc)) {
        char *end = nullptr;
        const long pid = std::strtol(entry->d_name, &end, 10);
        if (pid <= 0 || *end != '\0')
            continue;
        QList<QByteArray> fields = statFields(pid_t(pid));
        if (fields.size() > rssPagesIndex)
            table.insert(pid_t(pid), std::move(fields));
    }
    ::closedir(proc);
    return table;
}

QList<pid_t> descendants(const QHash<pid_t, QList<QByteArray>> &table, pid_t root)
{
    QList<pid_t> result;
    if (!table.contains(root))
        return result;
    QHash<pid_t, QList<pid_t>> children;
    for (auto it = table.cbegin(); it != table.cend(); ++it)
        children[pid_t(it.value().at(ppidIndex).toInt())].append(it.key());
    result.append(root);
    for (qsizetype i = 0; i < result.size(); ++i)
        result += children.value(result.at(i));
    return result;
}

// write_bytes of /proc/<pid>/io, or -1 when it cannot be read.
qint64 writtenBytes(pid_t pid)
{
    const QByteArray io = readProcFile(procPath(pid, "io").constData());
    const QByteArray key = QByteArrayLiteral("\nwrite_bytes:");
    const qsizetype at = io.indexOf(key);
    if (at < 0)
        return -1;
    const qsizetype end = io.indexOf('\n', at + 1);
    bool ok = false;
    const qint64 bytes = io.mid(at + key.size(), end - at - key.size()).trimmed().toLongLong(&ok);
    return ok ? bytes : -1;
}

int countEntries(const QByteArray &path)
{
    DIR *dir = ::opendir(path.constData());
    if (!dir)
        return 0;
    int count = 0;
    while (const dirent *entry = ::readdir(dir))
        count += entry->d_name[0] != '.';
    ::closedir(dir);
    return count;
}

} // namespace

QList<pid_t> ProcessTreeReader::tree(pid_t root)
{
    return descendants(processTable(), root);
}

double ProcessTreeReader::cpuSeconds(pid_t pid)
{
    const QList<QByteArray> fields = statFields(pid);
    if (fields.size() <= stimeIndex)
        return 0;
    const quint64 ticks = fields.at(utimeIndex).toULongLong() + fields.at(stimeIndex).toULongLong();
    return double(ticks) / double(sysconf(_SC_CLK_TCK));
}

qint64 ProcessTreeReader::proportionalAnonymousBytes(const QList<pid_t> &pids)
{
    qint64 total = 0;
    for (const pid_t pid : pids) {
        const QByteArray rollup = readProcFile(procPath(pid, "smaps_rollup").constData());
        qint64 kib = -1;
        for (const QByteArray &key :
             {QByteArrayLiteral("Pss_Anon:"), QByteArrayLiteral("Anonymous:")}) {
            const qsizetype at = rollup.indexOf(key);
            if (at >= 0) {
                const qsizetype end = rollup.indexOf('\n', at);
                kib = rollup.mid(at + key.size(), end - at - key.size())
                              .trimmed()
                              .split(' ')
                              .value(0)
                              .toLongLong();
                break;
            }
        }
        if (kib > 0)
            total += kib * 1024;
    }
    return total;
}

ResourceSample ProcessTreeReader::read(pid_t root)
{
    ResourceSample sample;
    const qint64 pageSize = sysconf(_SC_PAGESIZE);
    const QHash<pid_t, QList<QByteArray>> table = processTable();
    QHash<pid_t, quint64> ticks;
    QHash<pid_t, qint64> written;
    quint64 deltaTicks = 0;
    for (const pid_t pid : descendants(table, root)) {
        const QList<QByteArray> &fields = table[pid];
        ++sample.processes;
        sample.threads += fields.at(threadsIndex).toInt();
        sample.rssBytes += fields.at(rssPagesIndex).toLongLong() * pageSize;
        // statm: size resident shared text lib data dt, in pages; shared = file + shmem.
        const QList<QByteArray> statm = readProcFile(procPath(pid, "statm").constData()).split(' ');
        if (statm.size() >= 3)
            sample.anonymousBytes
                    += qMax<qint64>(0, statm.at(1).toLongLong() - statm.at(2).toLongLong())
                       * pageSize;
        const quint64 t = fields.at(utimeIndex).toULongLong() + fields.at(stimeIndex).toULongLong();
        ticks.insert(pid, t);
        deltaTicks += t - qMin(t, m_previousTicks.value(pid, t));
        sample.openFiles += countEntries(procPath(pid, "fd"));
        if (const qint64 bytes = writtenBytes(pid); bytes >= 0) {
            written.insert(pid, bytes);
            // A process born since the previous sample wrote all of it since then.
            sample.diskWrittenBytes += bytes - qMin(bytes, m_previousWritten.value(pid, 0));
        }
    }
    if (m_sinceLast.isValid())
        sample.cpuSeconds = double(deltaTicks) / double(sysconf(_SC_CLK_TCK));
    if (m_sinceLast.isValid()) {
        const double seconds = double(m_sinceLast.nsecsElapsed()) / 1e9;
        if (seconds > 0)
            sample.cpuPercent = 100.0 * double(deltaTicks) / double(sysconf(_SC_CLK_TCK)) / seconds;
    }
    // A process gone since the previous sample was reaped, and the kernel added all it wrote
    // to its reaper's count, which is in the tree (the engine, or the sandbox's init): what
    // was counted of it already must not count twice.
    for (auto it = m_previousWritten.cbegin(); it != m_previousWritten.cend(); ++it) {
        if (!written.contains(it.key()))
            sample.diskWrittenBytes -= it.value();
    }
    sample.diskWrittenBytes = qMax<qint64>(0, sample.diskWrittenBytes);
    if (!m_sinceLast.isValid())
        sample.diskWrittenBytes = 0; // no baseline yet
    m_sinceLast.start();
    m_previousTicks = ticks;
    m_previousWritten = written;
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
