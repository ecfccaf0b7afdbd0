#include "limitsdialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <unistd.h>

namespace Sandpiper::Ui {

namespace {

constexpr quint64 mebibyte = 1024ull * 1024ull;

QSpinBox *spinBox(const QString &objectName, int minimum, int maximum, const QString &suffix)
{
    auto box = new QSpinBox;
    box->setObjectName(objectName);
    box->setRange(minimum, maximum);
    box->setSuffix(suffix);
    box->setAccelerated(true);
    return box;
}

int physicalMebibytes()
{
    const long pages = ::sysconf(_SC_PHYS_PAGES);
    const long pageSize = ::sysconf(_SC_PAGESIZE);
    if (pages <= 0 || pageSize <= 0)
        return 1 << 20;
    return int(qMin<quint64>(quint64(pages) * quint64(pageSize) / mebibyte, 1u << 30));
}

} // namespace

LimitsDialog::LimitsDialog(const Client::SessionLimits &limits, bool keepWorkspace, QWidget *parent)
    : QDialog(parent)
    , m_memory(spinBox(QStringLiteral("MemoryLimit"), 64, physicalMebibytes(), tr(" MiB")))
    , m_wallTime(spinBox(QStringLiteral("WallTimeLimit"), 0, 7 * 24 * 3600, tr(" s")))
    , m_cpuTime(spinBox(QStringLiteral("CpuTimeLimit"), 0, 7 * 24 * 3600, tr(" s")))
    , m_output(spinBox(QStringLiteral("OutputLimit"), 1, 1024, tr(" MiB")))
    , m_processes(spinBox(QStringLiteral("ProcessLimit"), 16, 32768, QString()))
    , m_openFiles(spinBox(QStringLiteral("OpenFilesLimit"), 64, 1 << 20, QString()))
    , m_fileSize(spinBox(QStringLiteral("FileSizeLimit"), 1, 1 << 22, tr(" MiB")))
    , m_disk(spinBox(QStringLiteral("DiskLimit"), 0, 1 << 24, tr(" MiB")))
    , m_transfer(spinBox(QStringLiteral("TransferLimit"), 0, 1 << 22, tr(" MiB")))
    , m_runsPerMinute(spinBox(QStringLiteral("RunsPerMinute"), 0, 100000, QString()))
    , m_keepWorkspace(new QCheckBox(tr("Keep the workspace folder when the session closes")))
{
    setObjectName(QStringLiteral("LimitsDialog"));
    setWindowTitle(tr("Session Limits"));
    m_wallTime->setSpecialValueText(tr("No limit"));
    m_cpuTime->setSpecialValueText(tr("No limit"));
    m_disk->setSpecialValueText(tr("No limit"));
    m_transfer->setSpecialValueText(tr("No limit"));
    m_runsPerMinute->setSpecialValueText(tr("No limit"));
    m_runsPerMinute->setToolTip(tr("For scripted use: runs past this many in a minute wait "
                                   "their turn in the queue."));
    m_disk->setToolTip(tr("Without a limit a run is still stopped before the disk that holds the "
                          "workspace fills up."));
    m_keepWorkspace->setObjectName(QStringLiteral("KeepWorkspace"));
    m_keepWorkspace->setChecked(keepWorkspace);

    auto form = new QFormLayout;
    form->addRow(tr("&Memory:"), m_memory);
    form->addRow(tr("&Time per run:"), m_wallTime);
    form->addRow(tr("&CPU time per run:"), m_cpuTime);
    form->addRow(tr("&Output per run:"), m_output);
    form->addRow(tr("&Processes and threads:"), m_processes);
    form->addRow(tr("Open &files per process:"), m_openFiles);
    form->addRow(tr("&Largest file written:"), m_fileSize);
    form->addRow(tr("&Disk written per run:"), m_disk);
    form->addRow(tr("Largest file &copied in or out:"), m_transfer);
    form->addRow(tr("&Runs per minute:"), m_runsPerMinute);
    form->addRow(m_keepWorkspace);

    auto note = new QLabel(tr("Over a limit, the run stops and the console says which limit it "
                              "was. Memory, processes, open files and file size apply when the "
                              "session restarts; time, output and disk limits from the next run, "
                              "and the copy limit at once. These values are also the defaults for "
                              "new sessions."));
    note->setWordWrap(true);
    note->setEnabled(false);

    auto buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel
                                        | QDialogButtonBox::RestoreDefaults);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(buttons->button(QDialogButtonBox::RestoreDefaults),
            &QPushButton::clicked,
            this,
            [this] {
                setValues(Client::SessionLimits::defaults());
                m_keepWorkspace->setChecked(false);
            });

    auto layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(note);
    layout->addWidget(buttons);
    setValues(limits);
}

void LimitsDialog::setValues(const Client::SessionLimits &limits)
{
    const Client::SessionLimits defaults = Client::SessionLimits::defaults();
    const auto orDefault = [](quint64 value, quint64 fallback) {
        return value ? value : fallback;
    };
    m_memory->setValue(int(orDefault(limits.memoryBytes, defaults.memoryBytes) / mebibyte));
    m_wallTime->setValue(int(limits.wallTimeMs / 1000));
    m_cpuTime->setValue(int(limits.cpuTimeMs / 1000));
    m_output->setValue(
            int(qMax<quint64>(1, orDefault(limits.outputBytes, defaults.outputBytes) / mebibyte)));
    m_processes->setValue(int(orDefault(limits.processes, defaults.processes)));
    m_openFiles->setValue(int(orDefault(limits.openFiles, defaults.openFiles)));
    m_fileSize->setValue(int(
            qMax<quint64>(1, orDefault(limits.fileSizeBytes, defaults.fileSizeBytes) / mebibyte)));
    // 0 is "no limit" for these two: a limit under 1 MiB shows as 1 MiB, not as none.
    const auto mebibytesOrNone = [](quint64 bytes, int maximum) {
        return bytes == 0 ? 0 : int(qBound<quint64>(1, bytes / mebibyte, quint64(maximum)));
    };
    m_disk->setValue(mebibytesOrNone(limits.diskBytes, m_disk->maximum()));
    m_transfer->setValue(mebibytesOrNone(limits.transferBytes, m_transfer->maximum()));
    m_runsPerMinute->setValue(limits.runsPerMinute);
}

Client::SessionLimits LimitsDialog::limits() const
{
    Client::SessionLimits limits;
    limits.memoryBytes = quint64(m_memory->value()) * mebibyte;
    limits.wallTimeMs = qint64(m_wallTime->value()) * 1000;
    limits.cpuTimeMs = qint64(m_cpuTime->value()) * 1000;
    limits.outputBytes = quint64(m_output->value()) * mebibyte;
    limits.processes = quint64(m_processes->value());
    limits.openFiles = quint64(m_openFiles->value());
    limits.fileSizeBytes = quint64(m_fileSize->value()) * mebibyte;
    limits.diskBytes = quint64(m_disk->value()) * mebibyte;
    limits.transferBytes = quint64(m_transfer->value()) * mebibyte;
    limits.runsPerMinute = m_runsPerMinute->value();
    return limits;
}

bool LimitsDialog::keepWorkspace() const
{
    return m_keepWorkspace->isChecked();
}

} // namespace Sandpiper::Ui
