#pragma once

#include "engineconnection.h"

#include <QCborMap>
#include <QObject>

#include <memory>
#include <optional>

namespace Sandpiper::Client {

// A spare engine, started ahead and left idle (no code of the user ever ran in it), so that a
// restart takes it at once. It serves only the command line it was started with (its key):
// the same program, limits, workspace and options. It only has to say hello; any other frame,
// a malformed one or its end, and it is dropped.
class EngineStandby : public QObject
{
    Q_OBJECT

public:
    explicit EngineStandby(quint32 maxFrameBytes, QObject *parent = nullptr);
    ~EngineStandby() override;

    void start(const QString &program,
               const QStringList &arguments,
               const QProcessEnvironment &environment,
               const QString &workingDirectory);
    bool isRunning() const { return bool(m_engine); }
    bool isReady() const { return m_engine && !m_hello.isEmpty(); }
    QStringList key() const { return m_key; }
    qint64 pid() const { return m_engine ? m_engine->pid() : 0; }

    struct Spare
    {
        std::unique_ptr<EngineConnection> engine;
        QCborMap hello;
    };
    // The ready spare when it was started with these arguments; otherwise nothing, and a spare
    // started with others is ended (the limits changed).
    std::optional<Spare> take(const QStringList &arguments);
    void discard();

Q_SIGNALS:
    void readyChanged(bool ready);

private:
    quint32 m_maxFrameBytes;
    std::unique_ptr<EngineConnection> m_engine;
    QCborMap m_hello;
    QStringList m_key;
};

} // namespace Sandpiper::Client
