#pragma once

#include <QCborMap>
#include <QCoreApplication>
#include <QList>
#include <QString>

namespace Sandpiper::Client {

// What protects a session, read from the "sandbox" map of the engine's hello (see
// engine/worker/main.cpp and Sandbox::Report). The hello is sent before any user code runs, so
// the report describes the engine as it was set up; it is still parsed defensively (bounded
// sizes, wrong types ignored).
struct SandboxStatus
{
    Q_DECLARE_TR_FUNCTIONS(Sandpiper::Client::SandboxStatus)

public:
    enum class Level {
        Unknown, // no report yet (engine not started)
        Full,    // every primitive active (cgroup is optional)
        Partial, // sandboxed, but the host lacks some primitive
        None,    // started without the sandbox, or nothing could be applied
    };

    struct Primitive
    {
        QString name;
        bool active = false;
        QString detail;
    };

    bool received = false;
    bool enabled = false;
    int landlockAbi = 0;
    QList<Primitive> primitives;
    QString workspace;
    // Limits the engine applied (0: none).
    qint64 memoryBytes = 0;
    qint64 cpuSeconds = 0;
    qint64 processes = 0;
    qint64 openFiles = 0;
    qint64 fileSizeBytes = 0;

    static SandboxStatus fromHello(const QCborMap &sandbox);

    Level level() const;
    const Primitive *find(const QString &name) const;
    // Names of the primitives that are not active, apart from the optional "cgroup".
    QStringList missing() const;
    // A short line for the status bar: "Sandboxed", "Partly sandboxed", "Not sandboxed".
    QString summary() const;
    // A human name for a primitive ("pid-namespace" -> "PID namespace").
    static QString displayName(const QString &name);
};

} // namespace Sandpiper::Client
