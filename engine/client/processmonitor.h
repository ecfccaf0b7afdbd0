#pragma once

#include "runledger.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QTimer>

#include <algorithm>
#include <atomic>
#include <memory>
#include <optional>

#include <sys/types.h>

namespace Sandpiper::Client {

// One reading of a whole process tree (the engine and everything it started).
struct ResourceSample
{
    qint64 elapsedMs = 0; // since monitoring started
    // Of one core, summed over the tree (200 = two cores busy), without the warm-up's: the
    // user's own work.
    double cpuPercent = 0;
    // The engine's completion warm-up (at idle priority, while nothing runs) is alive, and
    // what it used of one core since the previous sample.
    bool warmingUp = false;
    double warmUpCpuPercent = 0;
    // The session's memory, the one figure the memory limit, the Resources dock and the usage
    // records use: its processes' private memory (resident anonymous pages: heap, stacks) plus
    // its shared memory, which is the larger of the shared pages they map (MAP_SHARED, shm) and
    // what its private /tmp and /dev/shm hold (a mapped tmpfs file is in both). File pages of
    // programs and libraries are not counted: the kernel can drop and reread them at any time.
    qint64 memoryBytes = 0;
    qint64 privateBytes = 0;   // resident anonymous memory, summed
    qint64 sharedBytes = 0;    // resident shared memory mapped by the processes, summed
    qint64 temporaryBytes = 0; // used in the sandbox's private /tmp and /dev/shm (one tmpfs)
    // With more processes than the sandbox's three, private and shared are proportional set
    // sizes (a page shared by n processes counts 1/n in each), read on a thread of their own:
    // a forked copy shares its parent's pages, and a plain sum would count them once per copy.
    bool proportional = false;
    double cpuSeconds = 0; // CPU time the tree used since the previous sample
    // Bytes the tree's processes made the kernel write to storage since the previous sample
    // (write_bytes of /proc/<pid>/io: files on disk, not pipes or tmpfs). A process that has
    // ended counts through its reaper, which the kernel credits with all the child wrote.
    qint64 diskWrittenBytes = 0;
    // Bytes the tree's processes read with read() and the like since the previous sample
    // (rchar: files, cached or not, and pipes): how far a run reading a file has come.
    qint64 readBytes = 0;
    int processes = 0;
    int threads = 0;
    int openFiles = 0;

    void updateMemory() { memoryBytes = privateBytes + std::max(sharedBytes, temporaryBytes); }
};

// Private and shared memory of processes, as proportional set sizes (Pss_Anon and Pss_Shmem of
// /proc/PID/smaps_rollup).
struct ProportionalMemory
{
    qint64 privateBytes = 0;
    qint64 sharedBytes = 0;
};

// How much a tree of processes read or wrote since the previous sample, from a cumulative
// counter of each living process (write_bytes, rchar). A process that is gone was reaped, and the
// kernel added all it wrote to its reaper, which is in the tree: what was counted of it must not
// count twice. Samples are not atomic (the reaper may be read before a child is reaped and the
// child after it is gone), so one may come out negative; what it owes is taken from later samples,
// never lost.
class IoBytesCounter
{
public:
    // counts: each living process's counter now. Returns the bytes since the previous call (0
    // on the first, which only sets the baseline).
    qint64 add(const QHash<pid_t, qint64> &counts);

private:
    QHash<pid_t, qint64> m_previous;
    qint64 m_owed = 0;
    bool m_hasBaseline = false;
};

// Finds the engine's warm-up thread (Protocol::WarmUpThreadName) among a session's first
// processes and reads its CPU ticks. Done, the thread takes another name and stays, idle, so
// its last ticks are still told apart from the session's. The watch looks for a few samples
// only (an engine without a warm-up has none) and stops for good after the last reading.
class WarmUpThreadWatch
{
public:
    struct Reading
    {
        quint64 ticks = 0; // user+system, since the thread started
        bool warming = false;
    };
    // nullopt when there is no warm-up thread (any more) to read.
    std::optional<Reading> read(const QList<pid_t> &processes);

private:
    static constexpr int SamplesToFind = 10;
    pid_t m_pid = 0;
    pid_t m_tid = 0;
    int m_misses = 0;
    bool m_over = false;
};

// Reads /proc for a process and its descendants. Stateless apart from the previous sample's
// CPU times (which turn tick counts into a percentage) and disk-write counts.
class ProcessTreeReader
{
public:
    // The root and all its descendants that exist now.
    static QList<pid_t> tree(pid_t root);
    // Total user+system CPU seconds of one process (its own, not its children's).
    static double cpuSeconds(pid_t pid);
    // Slower than read() (the kernel walks the page tables, and waits for a process that forks
    // in a loop), so not on the GUI thread. Without Pss_Anon (kernels before 5.2) the plain
    // resident sizes are summed.
    static ProportionalMemory proportionalMemory(const QList<pid_t> &pids);
    // Bytes used in the file system that holds path (0 when it cannot be read).
    static qint64 usedBytes(const QByteArray &path);
    // The root and its descendants with their parents, start times and thread counts.
    static QList<ProcessInfo> processes(pid_t root);
    // Now, in the clock of ProcessInfo::startTicks.
    static quint64 nowInTicks();
    // Signals the process only if it is still the one described (same start time), through a
    // pidfd, so a pid reused meanwhile is never hit.
    static bool signalProcess(const ProcessInfo &process, int signal);

    // Sums the tree; cpuPercent needs a previous call to have a baseline. With
    // countTemporarySpace, the tree runs in the sandbox and its private /tmp is measured
    // through /proc/PID/root of one of its processes.
    ResourceSample read(pid_t root, bool countTemporarySpace = false);

private:
    QHash<pid_t, quint64> m_previousTicks;
    WarmUpThreadWatch m_warmUp;
    std::optional<quint64> m_previousWarmUpTicks;
    IoBytesCounter m_written;
    IoBytesCounter m_read;
    QElapsedTimer m_sinceLast;
};

// Samples a process tree on a timer (default twice a second) and keeps the peak memory since
// the last mark, for usage records.
class ProcessMonitor : public QObject
{
    Q_OBJECT

public:
    // More processes than this (the sandbox's supervisor, init and engine) share pages.
    static constexpr int ProcessesWithoutSharing = 3;

    explicit ProcessMonitor(QObject *parent = nullptr);

    void setInterval(int ms) { m_timer.setInterval(ms); }
    // 0 stops. countTemporarySpace: the tree is a sandboxed session with a private /tmp.
    void watch(pid_t root, bool countTemporarySpace = false);
    pid_t watched() const { return m_root; }

    // Starts a new peak window (at the start of an execution) and reads it at the end.
    void markPeak();
    qint64 peakMemoryBytes() const { return m_peakMemory; }
    ResourceSample last() const { return m_last; }

    // Samples now (also used at the end of an execution for an up-to-date peak).
    ResourceSample sampleNow();

Q_SIGNALS:
    void sampled(const Sandpiper::Client::ResourceSample &sample);

private:
    // A proportional reading in progress on a thread of its own; shared with it.
    struct ProportionalReading
    {
        std::atomic<bool> done{false};
        ProportionalMemory memory;
    };
    void useProportionalMemory(ResourceSample &sample);

    ProcessTreeReader m_reader;
    QTimer m_timer;
    QElapsedTimer m_clock;
    pid_t m_root = 0;
    bool m_countTemporarySpace = false;
    qint64 m_peakMemory = 0;
    ResourceSample m_last;
    std::shared_ptr<ProportionalReading> m_reading;
    std::optional<ProportionalMemory> m_proportional; // the latest, for this root
};

} // namespace Sandpiper::Client
