#include "sandboxstatus.h"

#include <QCborArray>
#include <QHash>

namespace Sandpiper::Client {

namespace {

constexpr qsizetype MaxPrimitives = 64;
constexpr qsizetype MaxText = 400;

QString boundedText(const QCborValue &value)
{
    return value.isString() ? value.toString().left(MaxText) : QString();
}

qint64 nonNegative(const QCborValue &value)
{
    return value.isInteger() ? qMax<qint64>(0, value.toInteger()) : 0;
}

} // namespace

SandboxStatus SandboxStatus::fromHello(const QCborMap &sandbox)
{
    SandboxStatus status;
    if (sandbox.isEmpty())
        return status;
    status.received = true;
    status.enabled = sandbox.value(QStringLiteral("enabled")).toBool(false);
    status.landlockAbi = int(qBound(
            qint64(0), sandbox.value(QStringLiteral("landlockAbi")).toInteger(), qint64(1000)));
    status.workspace = boundedText(sandbox.value(QStringLiteral("workspace")));
    const QCborArray primitives = sandbox.value(QStringLiteral("primitives")).toArray();
    for (const QCborValue &value : primitives) {
        if (status.primitives.size() >= MaxPrimitives)
            break;
        const QCborMap map = value.toMap();
        Primitive primitive;
        primitive.name = boundedText(map.value(QStringLiteral("name")));
        primitive.active = map.value(QStringLiteral("active")).toBool(false);
        primitive.detail = boundedText(map.value(QStringLiteral("detail")));
        if (!primitive.name.isEmpty())
            status.primitives.append(primitive);
    }
    const QCborMap limits = sandbox.value(QStringLiteral("limits")).toMap();
    status.memoryBytes = nonNegative(limits.value(QStringLiteral("memoryBytes")));
    status.cpuSeconds = nonNegative(limits.value(QStringLiteral("cpuSeconds")));
    status.processes = nonNegative(limits.value(QStringLiteral("processes")));
    status.openFiles = nonNegative(limits.value(QStringLiteral("openFiles")));
    status.fileSizeBytes = nonNegative(limits.value(QStringLiteral("fileSizeBytes")));
    return status;
}

SandboxStatus::Level SandboxStatus::level() const
{
    if (!received)
        return Level::Unknown;
    if (!enabled)
        return Level::None;
    bool anyActive = false;
    for (const Primitive &primitive : primitives)
        anyActive = anyActive || primitive.active;
    if (!anyActive)
        return Level::None;
    // Decided here from the list rather than from the engine's own "fullyIsolated".
    return missing().isEmpty() ? Level::Full : Level::Partial;
}

const SandboxStatus::Primitive *SandboxStatus::find(const QString &name) const
{
    for (const Primitive &primitive : primitives) {
        if (primitive.name == name)
            return &primitive;
    }
    return nullptr;
}

QStringList SandboxStatus::missing() const
{
    QStringList names;
    for (const Primitive &primitive : primitives) {
        if (!primitive.active && primitive.name != QLatin1StringView("cgroup"))
            names << primitive.name;
    }
    return names;
}

QString SandboxStatus::summary() const
{
    switch (level()) {
    case Level::Unknown:
        return tr("Sandbox: not started");
    case Level::Full:
        return tr("Sandboxed");
    case Level::Partial:
        return tr("Partly sandboxed");
    case Level::None:
        return tr("Not sandboxed");
    }
    return {};
}

QString SandboxStatus::displayName(const QString &name)
{
    static const QHash<QString, const char *> names = {
            {QStringLiteral("user-namespace"), QT_TR_NOOP("User namespace")},
            {QStringLiteral("mount-namespace"), QT_TR_NOOP("Mount namespace")},
            {QStringLiteral("pid-namespace"), QT_TR_NOOP("PID namespace")},
            {QStringLiteral("network-namespace"),
             QT_TR_NOOP("Network namespace (its own loopback only)")},
            {QStringLiteral("ipc-namespace"), QT_TR_NOOP("IPC namespace")},
            {QStringLiteral("private-root"), QT_TR_NOOP("Private root file system")},
            {QStringLiteral("private-tmp"), QT_TR_NOOP("Private /tmp and /dev/shm")},
            {QStringLiteral("private-proc"), QT_TR_NOOP("Private /proc")},
            {QStringLiteral("capabilities"), QT_TR_NOOP("Capabilities dropped")},
            {QStringLiteral("workspace"), QT_TR_NOOP("Workspace")},
            {QStringLiteral("rlimits"), QT_TR_NOOP("Resource limits")},
            {QStringLiteral("process-limit"), QT_TR_NOOP("Process limit")},
            {QStringLiteral("no-new-privs"), QT_TR_NOOP("No new privileges")},
            {QStringLiteral("landlock"), QT_TR_NOOP("Landlock file access rules")},
            {QStringLiteral("seccomp"), QT_TR_NOOP("Seccomp system call filter")},
            {QStringLiteral("cgroup"), QT_TR_NOOP("Control group (optional)")},
    };
    const auto it = names.constFind(name);
    return it == names.constEnd() ? name : tr(it.value());
}

} // namespace Sandpiper::Client
