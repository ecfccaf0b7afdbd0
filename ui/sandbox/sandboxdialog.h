#pragma once

#include <abstractsession.h>
#include <sandboxstatus.h>

#include <QDialog>

class QTreeWidget;

namespace Sandpiper::Ui {

// What protects the session, in full: each primitive of the sandbox (active or unavailable and
// why), the Landlock ABI, the seccomp filter, and the limits in force.
class SandboxDialog : public QDialog
{
    Q_OBJECT

public:
    SandboxDialog(const Client::SandboxStatus &status,
                  const Client::SessionLimits &limits,
                  const QString &workspace,
                  QWidget *parent = nullptr);

    QTreeWidget *primitivesView() const { return m_primitives; }
    QTreeWidget *limitsView() const { return m_limits; }

private:
    QTreeWidget *m_primitives;
    QTreeWidget *m_limits;
};

} // namespace Sandpiper::Ui
