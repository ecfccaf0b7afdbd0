#include "sandboxdialog.h"

#include "sandboxindicator.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace Sandpiper::Ui {

using Level = Client::SandboxStatus::Level;

namespace {

QTreeWidget *table(const QString &objectName, const QStringList &headers)
{
    auto view = new QTreeWidget;
    view->setObjectName(objectName);
    view->setRootIsDecorated(false);
    view->setHeaderLabels(headers);
    view->setSelectionMode(QAbstractItemView::NoSelection);
    view->setWordWrap(true);
    view->header()->setStretchLastSection(true);
    return view;
}

} // namespace

SandboxDialog::SandboxDialog(const Client::SandboxStatus &status,
                             const Client::SessionLimits &limits,
                             const QString &workspace,
                             QWidget *parent)
    : QDialog(parent)
    , m_primitives(table(QStringLiteral("SandboxPrimitives"),
                         {tr("Protection"), tr("State"), tr("Detail")}))
    , m_limits(table(QStringLiteral("SandboxLimits"), {tr("Limit"), tr("Value")}))
{
    setObjectName(QStringLiteral("SandboxDialog"));
    setWindowTitle(tr("Session Sandbox"));
    const Level level = status.level();

    QString headline;
    switch (level) {
    case Level::Unknown:
        headline = tr("The Python session has not started yet.");
        break;
    case Level::Full:
        headline = tr("The Python session is sandboxed: it has no network but a loopback of its "
                      "own (it can talk to itself, e.g. a Dask cluster, and to nothing else), "
                      "sees only the system's programs and libraries and its own workspace, "
                      "cannot reach your other processes, and runs within the limits below.");
        break;
    case Level::Partial:
        headline = tr("The Python session is only partly sandboxed: this system lacks some of "
                      "the protections below. Do not run code you do not trust.");
        break;
    case Level::None:
        headline = tr("The Python session runs without a sandbox: its code can read and change "
                      "your files and use the network like any program you start.");
        break;
    }
    auto title
            = new QLabel(QStringLiteral("<b style='color:%1'>%2</b>")
                                 .arg(SandboxIndicator::colourFor(level).name(), status.summary()));
    title->setObjectName(QStringLiteral("SandboxSummary"));
    auto text = new QLabel(headline);
    text->setWordWrap(true);

    const QColor good = SandboxIndicator::colourFor(Level::Full);
    const QColor bad = SandboxIndicator::colourFor(Level::None);
    for (const Client::SandboxStatus::Primitive &primitive : status.primitives) {
        const bool optional = primitive.name == QLatin1StringView("cgroup");
        auto item = new QTreeWidgetItem(m_primitives,
                                        {Client::SandboxStatus::displayName(primitive.name),
                                         primitive.active ? tr("Active") : tr("Unavailable"),
                                         primitive.detail});
        item->setForeground(
                1,
                primitive.active ? good
                                 : (optional ? palette().color(QPalette::PlaceholderText) : bad));
        item->setToolTip(2, primitive.detail);
    }
    const Client::SandboxStatus::Primitive *seccomp = status.find(QStringLiteral("seccomp"));
    auto details = new QLabel(
            tr("Landlock ABI: %1 · Seccomp: %2")
                    .arg(status.landlockAbi > 0 ? QString::number(status.landlockAbi)
                                                : tr("not available"),
                         seccomp ? (seccomp->active ? tr("filter active") : tr("unavailable"))
                                 : tr("unknown")));
    details->setObjectName(QStringLiteral("SandboxDetails"));

    const QLocale locale;
    const auto bytes = [&](qint64 value) {
        return value > 0 ? locale.formattedDataSize(value) : tr("No limit");
    };
    const auto count = [&](qint64 value) {
        return value > 0 ? locale.toString(value) : tr("No limit");
    };
    const auto seconds = [&](qint64 ms) {
        return ms > 0 ? tr("%1 s").arg(locale.toString(double(ms) / 1000.0, 'g', 6))
                      : tr("No limit");
    };
    // The engine's own figures where it reported them (what is really in force).
    const qint64 memory = status.memoryBytes > 0 ? status.memoryBytes : qint64(limits.memoryBytes);
    // /tmp and /dev/shm are one tmpfs inside the memory limit: files there are memory.
    const Client::SandboxStatus::Primitive *privateTmp = status.find(QStringLiteral("private-tmp"));
    const QString temporary = !privateTmp || !privateTmp->active ? tr("Not private")
                              : memory > 0 ? tr("%1 together, counted as memory").arg(bytes(memory))
                                           : tr("No limit");
    const QList<std::pair<QString, QString>> rows = {
            {tr("Memory"), bytes(memory)},
            {tr("Temporary files (/tmp and /dev/shm)"), temporary},
            {tr("Time per run"), seconds(limits.wallTimeMs)},
            {tr("CPU time per run"), seconds(limits.cpuTimeMs)},
            {tr("Output per run"), bytes(qint64(limits.outputBytes))},
            {tr("Processes and threads"),
             count(status.processes > 0 ? status.processes : qint64(limits.processes))},
            {tr("Open files per process"),
             count(status.openFiles > 0 ? status.openFiles : qint64(limits.openFiles))},
            {tr("Largest file written"),
             bytes(status.fileSizeBytes > 0 ? status.fileSizeBytes : qint64(limits.fileSizeBytes))},
            {tr("Disk written per run"),
             limits.diskBytes > 0 ? bytes(qint64(limits.diskBytes))
                                  : tr("No limit (the disk is kept from filling up)")},
            {tr("Largest file copied in or out"), bytes(qint64(limits.transferBytes))},
            {tr("Workspace"), workspace.isEmpty() ? status.workspace : workspace},
    };
    for (const auto &[name, value] : rows)
        new QTreeWidgetItem(m_limits, {name, value});

    for (QTreeWidget *view : {m_primitives, m_limits}) {
        for (int column = 0; column + 1 < view->columnCount(); ++column)
            view->resizeColumnToContents(column);
    }
    // Every limit in view without scrolling; the protections take the rest.
    m_limits->setFixedHeight(m_limits->sizeHintForRow(0) * (int(rows.size()) + 2));

    auto buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto layout = new QVBoxLayout(this);
    layout->addWidget(title);
    layout->addWidget(text);
    layout->addWidget(m_primitives, 2);
    layout->addWidget(details);
    layout->addWidget(m_limits, 1);
    layout->addWidget(buttons);
    resize(760, 620);
}

} // namespace Sandpiper::Ui
