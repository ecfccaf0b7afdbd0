#pragma once

#include <abstractsession.h>

#include <QDialog>

class QCheckBox;
class QSpinBox;

namespace Sandpiper::Ui {

// Edits the limits of the session (and the defaults for new ones): memory, time and CPU time per
// run, output per run, processes, open files, the largest file written, disk written per run,
// the largest file copied into or out of the workspace, and whether the workspace folder is kept
// when the session closes.
class LimitsDialog : public QDialog
{
    Q_OBJECT

public:
    LimitsDialog(const Client::SessionLimits &limits,
                 bool keepWorkspace,
                 QWidget *parent = nullptr);

    Client::SessionLimits limits() const;
    bool keepWorkspace() const;

private:
    void setValues(const Client::SessionLimits &limits);

    QSpinBox *m_memory;
    QSpinBox *m_wallTime;
    QSpinBox *m_cpuTime;
    QSpinBox *m_output;
    QSpinBox *m_processes;
    QSpinBox *m_openFiles;
    QSpinBox *m_fileSize;
    QSpinBox *m_disk;
    QSpinBox *m_transfer;
    QSpinBox *m_runsPerMinute;
    QCheckBox *m_keepWorkspace;
};

} // namespace Sandpiper::Ui
