#pragma once

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QTimer>

#include <sys/types.h>

namespace Sandpiper::Client {

// One reading of a whole process tree (the engine and everything it started).
struct ResourceSample
{
    qint64 elapsedMs = 0;  // since monitoring started
    double cpuPercent = 0; // of one core, summed over the tree (200 = two cores busy)
    qint64 rssBytes = 0;   // resident memory, summed
    // Resident anonymous memory (heap, stacks; not file-backed or shared pages), summed: what
    // the memory limit is about, since file pages can be dropped and reread at any time.
    qint64 anonymousBytes = 0;
    double cpuSeconds = 0; // CPU time the tree used since the previous sample
    // Bytes the tree's processes made the kernel write to storage since the previous sample
    // (write_bytes of /proc/<pid>/io: files on disk, not pipes or tmpfs). A process that has
    // ended counts through its reaper, which the kernel credits with all the child wrote.
    qint64 diskWrittenBytes = 0;
    int processes = 0;
    int threads = 0;
    int openFiles = 0;
};

// Reads /proc for a process and its descendants. Stateless apart from the previous CPU times,
// which turn tick counts into a percentage.
class ProcessTreeReader
{
public:
    // The root and all its descendants that exist now.
    static QList<pid_t> tree(pid_t root);
    // Total user+system CPU seconds of one process (its own, not its children's).
    static double cpuSeconds(pid_t pid);
    // Anonymous memory of the processes with pages shared between them (after fork, copy on
    // write) counted once: the sum of their Pss_Anon. Slower than read() (the kernel walks the
    // page tables), so for confirming a suspicion only. Without Pss_Anon (kernels before 5.2)
    // the plain anonymous resident size is summed.
    static qint64 proportionalAnonymousBytes(const QList<pid_t> &pids);

    // Sums the tree; cpuPercent needs a previous call to have a baseline.
    ResourceSample read(pid_t root);

private:
    QHash<pid_t, quint64> m_previousTicks;
    QHash<pid_t, qint64> m_previousWritten;
    QElapsedTimer m_sinceLast;
};

// Samples a process tree on a timer (default twice a second) and keeps the peak memory since
// the last mark, for usage records.
class ProcessMonitor : public QObject
{
    Q_OBJECT

public:
    explicit ProcessMonitor(QObject *parent = nullptr);

    void setInterval(int ms) { m_timer.setInterval(ms); }
    void watch(pid_t root); // 0 stops
    pid_t watched() const { return m_root; }

    // Starts a new peak window (at the start of an execution) and reads it at the end.
    void markPeak();
    qint64 peakRssBytes() const { return m_peakRss; }
    ResourceSample last() const { return m_last; }

    // Samples now (also used at the end of an execution for an up-to-date peak).
    ResourceSample sampleNow();

Q_SIGNALS:
    void sampled(const Sandpiper::Client::ResourceSample &sample);

private:
    ProcessTreeReader m_reader;
    QTimer m_timer;
    QElapsedTimer m_clock;
    pid_t m_root = 0;
    qint64 m_peakRss = 0;
    ResourceSample m_last;
};

} // namespace Sandpiper::Client
