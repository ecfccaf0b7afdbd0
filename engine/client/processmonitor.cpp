#include "processmonitor.h"

#include "messages.h"

#include <cstdlib>
#include <system_error>
#include <thread>

#include <csignal>
#include <ctime>
#include <dirent.h>
#include <fcntl.h>

#include <sys/statvfs.h>
#include <sys/syscall.h>
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
// (A thread's: "PID/task/TID".)
QList<QByteArray> statFields(const QByteArray &process)
{
    const QByteArray stat = readProcFile(QByteArray("/proc/" + process + "/stat").constData());
    const qsizetype close = stat.lastIndexOf(')');
    if (close < 0 || close + 2 >= stat.size())
        return {};
    return stat.mid(close + 2).split(' ');
}

QList<QByteArray> statFields(pid_t pid)
{
    return statFields(QByteArray::number(pid));
}

// Field numbers from proc(5), shifted by the two that precede the command's closing ')'.
constexpr int ppidIndex = 4 - 3;
constexpr int utimeIndex = 14 - 3;
constexpr int stimeIndex = 15 - 3;
constexpr int threadsIndex = 20 - 3;
constexpr int startTimeIndex = 22 - 3;
constexpr int rssPagesIndex = 24 - 3; // the last field read: a shorter line is no process

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

// A field of /proc/<pid>/io ("write_bytes", "rchar"), or -1 when it cannot be read.
qint64 ioField(const QByteArray &io, const QByteArray &name)
{
    // A field at the start of a line: "rchar" is the first, the others follow a newline.
    const QByteArray field = name + QByteArrayLiteral(":");
    const QByteArray key = io.startsWith(field) ? field : QByteArrayLiteral("\n") + field;
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

// The number of a "Key:   123 kB" line, in bytes; -1 when the key is missing.
qint64 kibibyteField(const QByteArray &text, const QByteArray &key)
{
    // A key at the start of a line: the first line counts as following a newline.
    const qsizetype line = QByteArray('\n' + text).indexOf(QByteArray('\n' + key));
    if (line < 0)
        return -1;
    const qsizetype at = line + key.size();
    const qsizetype end = text.indexOf('\n', at);
    bool ok = false;
    const qint64 kib
            = text.mid(at, end < 0 ? -1 : end - at).trimmed().split(' ').value(0).toLongLong(&ok);
    return ok ? kib * 1024 : -1;
}

// Ticks of one thread from /proc/PID/task/TID/stat; nullopt when it is gone.
std::optional<quint64> threadTicks(pid_t pid, pid_t tid)
{
    const QList<QByteArray> fields
            = statFields(QByteArray::number(pid) + "/task/" + QByteArray::number(tid));
    if (fields.size() <= stimeIndex)
        return std::nullopt;
    return fields.at(utimeIndex).toULongLong() + fields.at(stimeIndex).toULongLong();
}

} // namespace

std::optional<WarmUpThreadWatch::Reading> WarmUpThreadWatch::read(const QList<pid_t> &processes)
{
    if (m_over)
        return std::nullopt;
    if (m_tid > 0) {
        const auto ticks = threadTicks(m_pid, m_tid);
        const QByteArray comm = readProcFile(QByteArray(procPath(m_pid, "task/")
                                                        + QByteArray::number(m_tid) + "/comm")
                                                     .constData())
                                        .trimmed();
        const bool warming = comm == Protocol::WarmUpThreadName;
        m_over = !ticks || !warming; // the reading that sees it done is the last
        if (!ticks)
            return std::nullopt;
        return Reading{*ticks, warming};
    }
    for (const pid_t pid : processes) {
        const QByteArray tasks = procPath(pid, "task");
        DIR *dir = ::opendir(tasks.constData());
        if (!dir)
            continue;
        while (const dirent *entry = ::readdir(dir)) {
            const pid_t tid = pid_t(std::strtol(entry->d_name, nullptr, 10));
            if (tid <= 0)
                continue;
            const QByteArray comm
                    = readProcFile(QByteArray(tasks + '/' + entry->d_name + "/comm").constData())
                              .trimmed();
            if (comm == Protocol::WarmUpThreadName) {
                m_pid = pid;
                m_tid = tid;
                break;
            }
        }
        ::closedir(dir);
        if (m_tid > 0)
            return read(processes);
    }
    m_over = ++m_misses >= SamplesToFind;
    return std::nullopt;
}

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

ProportionalMemory ProcessTreeReader::proportionalMemory(const QList<pid_t> &pids)
{
    ProportionalMemory memory;
    for (const pid_t pid : pids) {
        const QByteArray rollup = readProcFile(procPath(pid, "smaps_rollup").constData());
        qint64 privateBytes = kibibyteField(rollup, QByteArrayLiteral("Pss_Anon:"));
        qint64 sharedBytes = kibibyteField(rollup, QByteArrayLiteral("Pss_Shmem:"));
        if (privateBytes < 0 || sharedBytes < 0) {
            const QByteArray status = readProcFile(procPath(pid, "status").constData());
            privateBytes = kibibyteField(status, QByteArrayLiteral("RssAnon:"));
            sharedBytes = kibibyteField(status, QByteArrayLiteral("RssShmem:"));
        }
        memory.privateBytes += std::max<qint64>(0, privateBytes);
        memory.sharedBytes += std::max<qint64>(0, sharedBytes);
    }
    return memory;
}

qint64 ProcessTreeReader::usedBytes(const QByteArray &path)
{
    struct statvfs vfs{};
    if (::statvfs(path.constData(), &vfs) != 0)
        return 0;
    return qint64(vfs.f_blocks - std::min(vfs.f_blocks, vfs.f_bfree)) * qint64(vfs.f_frsize);
}

QList<ProcessInfo> ProcessTreeReader::processes(pid_t root)
{
    const QHash<pid_t, QList<QByteArray>> table = processTable();
    QList<ProcessInfo> result;
    for (const pid_t pid : descendants(table, root)) {
        const QList<QByteArray> &fields = table[pid];
        result.append({pid,
                       pid_t(fields.at(ppidIndex).toInt()),
                       fields.at(startTimeIndex).toULongLong(),
                       fields.at(threadsIndex).toInt(),
                       fields.at(0) == "Z"});
    }
    return result;
}

quint64 ProcessTreeReader::nowInTicks()
{
    timespec now{};
    ::clock_gettime(CLOCK_BOOTTIME, &now);
    const quint64 hz = quint64(sysconf(_SC_CLK_TCK));
    return quint64(now.tv_sec) * hz + quint64(now.tv_nsec) * hz / 1000000000u;
}

bool ProcessTreeReader::signalProcess(const ProcessInfo &process, int signal)
{
    const int pidfd = int(::syscall(SYS_pidfd_open, process.pid, 0));
    if (pidfd < 0)
        return false;
    // The pidfd holds this process from now on: if it still has the start time, it is the one.
    const QList<QByteArray> fields = statFields(process.pid);
    const bool same = fields.size() > startTimeIndex
                      && fields.at(startTimeIndex).toULongLong() == process.startTicks;
    const bool sent = same && ::syscall(SYS_pidfd_send_signal, pidfd, signal, nullptr, 0) == 0;
    ::close(pidfd);
    return sent;
}

ResourceSample ProcessTreeReader::read(pid_t root, bool countTemporarySpace)
{
    ResourceSample sample;
    const QHash<pid_t, QList<QByteArray>> table = processTable();
    QHash<pid_t, quint64> ticks;
    QHash<pid_t, qint64> written;
    QHash<pid_t, qint64> read;
    quint64 deltaTicks = 0;
    const QList<pid_t> pids = descendants(table, root);
    for (const pid_t pid : pids) {
        const QList<QByteArray> &fields = table[pid];
        ++sample.processes;
        sample.threads += fields.at(threadsIndex).toInt();
        const QByteArray status = readProcFile(procPath(pid, "status").constData());
        sample.privateBytes += std::max<qint64>(0, kibibyteField(status, "RssAnon:"));
        sample.sharedBytes += std::max<qint64>(0, kibibyteField(status, "RssShmem:"));
        const quint64 t = fields.at(utimeIndex).toULongLong() + fields.at(stimeIndex).toULongLong();
        ticks.insert(pid, t);
        deltaTicks += t - qMin(t, m_previousTicks.value(pid, t));
        sample.openFiles += countEntries(procPath(pid, "fd"));
        const QByteArray io = readProcFile(procPath(pid, "io").constData());
        if (const qint64 bytes = ioField(io, QByteArrayLiteral("write_bytes")); bytes >= 0)
            written.insert(pid, bytes);
        if (const qint64 bytes = ioField(io, QByteArrayLiteral("rchar")); bytes >= 0)
            read.insert(pid, bytes);
    }
    sample.diskWrittenBytes = m_written.add(written);
    sample.readBytes = m_read.add(read);
    // The warm-up's ticks are in its process's too; they are shown apart, not as the session's.
    // The engine is one of the first three processes (supervisor, init, engine).
    const auto warmUp = m_warmUp.read(pids.mid(0, 3));
    quint64 warmUpDelta = 0;
    if (warmUp && m_previousWarmUpTicks)
        warmUpDelta = warmUp->ticks - qMin(warmUp->ticks, *m_previousWarmUpTicks);
    warmUpDelta = qMin(warmUpDelta, deltaTicks);
    deltaTicks -= warmUpDelta;
    sample.warmingUp = warmUp && warmUp->warming;
    m_previousWarmUpTicks = warmUp ? std::optional<quint64>(warmUp->ticks) : std::nullopt;
    const double hertz = double(sysconf(_SC_CLK_TCK));
    if (m_sinceLast.isValid())
        sample.cpuSeconds = double(deltaTicks) / hertz;
    if (m_sinceLast.isValid()) {
        const double seconds = double(m_sinceLast.nsecsElapsed()) / 1e9;
        if (seconds > 0) {
            sample.cpuPercent = 100.0 * double(deltaTicks) / hertz / seconds;
            sample.warmUpCpuPercent = 100.0 * double(warmUpDelta) / hertz / seconds;
        }
    }
    // The second process of a sandboxed tree is the sandbox's init, whose root is the session's.
    if (countTemporarySpace && pids.size() > 1)
        sample.temporaryBytes = usedBytes(procPath(pids.at(1), "root/tmp"));
    sample.updateMemory();
    m_sinceLast.start();
    m_previousTicks = ticks;
    return sample;
}

qint64 IoBytesCounter::add(const QHash<pid_t, qint64> &written)
{
    qint64 delta = 0;
    for (auto it = written.cbegin(); it != written.cend(); ++it) {
        // A process born since the previous sample wrote all of it since then.
        delta += it.value() - qMin(it.value(), m_previous.value(it.key(), 0));
    }
    for (auto it = m_previous.cbegin(); it != m_previous.cend(); ++it) {
        if (!written.contains(it.key()))
            delta -= it.value(); // now in its reaper's count (the engine, or the sandbox's init)
    }
    m_previous = written;
    if (!m_hasBaseline) {
        m_hasBaseline = true;
        return 0;
    }
    const qint64 balance = delta + m_owed;
    m_owed = qMin<qint64>(0, balance);
    return qMax<qint64>(0, balance);
}

ProcessMonitor::ProcessMonitor(QObject *parent)
    : QObject(parent)
{
    m_timer.setInterval(500);
    connect(&m_timer, &QTimer::timeout, this, [this] { sampleNow(); });
}

void ProcessMonitor::watch(pid_t root, bool countTemporarySpace)
{
    m_root = root;
    m_countTemporarySpace = countTemporarySpace;
    m_reader = {};
    m_peakMemory = 0;
    m_reading.reset(); // one in flight finishes on its own and is dropped
    m_proportional.reset();
    if (root <= 0) {
        m_timer.stop();
        return;
    }
    m_clock.start();
    m_last = {};
    ResourceSample baseline = m_reader.read(root, countTemporarySpace); // for CPU percentages
    if (baseline.processes > ProcessesWithoutSharing)
        useProportionalMemory(baseline);
    baseline.cpuPercent = 0;
    baseline.cpuSeconds = 0;
    m_last = baseline;
    m_peakMemory = baseline.memoryBytes;
    m_timer.start();
}

void ProcessMonitor::markPeak()
{
    m_peakMemory = m_last.memoryBytes;
}

void ProcessMonitor::useProportionalMemory(ResourceSample &sample)
{
    if (m_reading && m_reading->done.load(std::memory_order_acquire)) {
        m_proportional = m_reading->memory;
        m_reading.reset();
    }
    if (!m_reading) {
        auto reading = std::make_shared<ProportionalReading>();
        const QList<pid_t> pids = ProcessTreeReader::tree(m_root);
        try {
            std::thread([reading, pids] {
                reading->memory = ProcessTreeReader::proportionalMemory(pids);
                reading->done.store(true, std::memory_order_release);
            }).detach();
            m_reading = reading;
        } catch (const std::system_error &) {
            // No thread to be had (the machine is at its limit): the next sample tries again.
        }
    }
    // Until the first reading is in, the previous sample's figures stand in (never a plain sum
    // over several processes): the sums would count every forked copy's shared pages again.
    if (m_proportional) {
        sample.privateBytes = m_proportional->privateBytes;
        sample.sharedBytes = m_proportional->sharedBytes;
        sample.proportional = true;
        sample.updateMemory();
    } else {
        sample.privateBytes = m_last.privateBytes;
        sample.sharedBytes = m_last.sharedBytes;
        sample.updateMemory();
    }
}

ResourceSample ProcessMonitor::sampleNow()
{
    if (m_root <= 0)
        return {};
    ResourceSample sample = m_reader.read(m_root, m_countTemporarySpace);
    sample.elapsedMs = m_clock.elapsed();
    if (sample.processes > ProcessesWithoutSharing)
        useProportionalMemory(sample);
    else
        m_proportional.reset(); // the copies are gone; a later fork needs a fresh reading
    m_last = sample;
    m_peakMemory = qMax(m_peakMemory, sample.memoryBytes);
    Q_EMIT sampled(sample);
    return sample;
}

} // namespace Sandpiper::Client
