#include "limitssettings.h"

#include <QSettings>

namespace Sandpiper::Ui::LimitsSettings {

namespace {

template<typename T>
T value(const QSettings &settings, const char *key, T fallback)
{
    bool ok = false;
    const qlonglong number = settings.value(QLatin1StringView(key)).toLongLong(&ok);
    return ok && number >= 0 ? T(number) : fallback;
}

} // namespace

Client::SessionLimits load()
{
    const Client::SessionLimits defaults = Client::SessionLimits::defaults();
    QSettings settings;
    Client::SessionLimits limits;
    limits.memoryBytes = value(settings, "limits/memoryBytes", defaults.memoryBytes);
    limits.wallTimeMs = value(settings, "limits/wallTimeMs", defaults.wallTimeMs);
    limits.cpuTimeMs = value(settings, "limits/cpuTimeMs", defaults.cpuTimeMs);
    limits.outputBytes = value(settings, "limits/outputBytes", defaults.outputBytes);
    limits.processes = value(settings, "limits/processes", defaults.processes);
    limits.openFiles = value(settings, "limits/openFiles", defaults.openFiles);
    limits.fileSizeBytes = value(settings, "limits/fileSizeBytes", defaults.fileSizeBytes);
    limits.transferBytes = value(settings, "limits/transferBytes", defaults.transferBytes);
    limits.diskBytes = value(settings, "limits/diskBytes", defaults.diskBytes);
    limits.runsPerMinute
            = std::max(0, value(settings, "limits/runsPerMinute", defaults.runsPerMinute));
    // A session needs room to start Python at all.
    if (limits.memoryBytes > 0 && limits.memoryBytes < (64ull << 20))
        limits.memoryBytes = defaults.memoryBytes;
    if (limits.processes > 0 && limits.processes < 16)
        limits.processes = defaults.processes;
    if (limits.openFiles > 0 && limits.openFiles < 64)
        limits.openFiles = defaults.openFiles;
    return limits;
}

void save(const Client::SessionLimits &limits)
{
    QSettings settings;
    settings.setValue(QStringLiteral("limits/memoryBytes"), qulonglong(limits.memoryBytes));
    settings.setValue(QStringLiteral("limits/wallTimeMs"), qlonglong(limits.wallTimeMs));
    settings.setValue(QStringLiteral("limits/cpuTimeMs"), qlonglong(limits.cpuTimeMs));
    settings.setValue(QStringLiteral("limits/outputBytes"), qulonglong(limits.outputBytes));
    settings.setValue(QStringLiteral("limits/processes"), qulonglong(limits.processes));
    settings.setValue(QStringLiteral("limits/openFiles"), qulonglong(limits.openFiles));
    settings.setValue(QStringLiteral("limits/fileSizeBytes"), qulonglong(limits.fileSizeBytes));
    settings.setValue(QStringLiteral("limits/transferBytes"), qulonglong(limits.transferBytes));
    settings.setValue(QStringLiteral("limits/diskBytes"), qulonglong(limits.diskBytes));
    settings.setValue(QStringLiteral("limits/runsPerMinute"), limits.runsPerMinute);
}

bool keepWorkspace()
{
    return QSettings().value(QStringLiteral("limits/keepWorkspace"), false).toBool();
}

void setKeepWorkspace(bool keep)
{
    QSettings().setValue(QStringLiteral("limits/keepWorkspace"), keep);
}

} // namespace Sandpiper::Ui::LimitsSettings
