#include "enginestandby.h"

#include "messages.h"

#include <QProcess>

namespace Sandpiper::Client {

EngineStandby::EngineStandby(quint32 maxFrameBytes, QObject *parent)
    : QObject(parent)
    , m_maxFrameBytes(maxFrameBytes)
{}

EngineStandby::~EngineStandby()
{
    discard();
}

void EngineStandby::start(const QString &program,
                          const QStringList &arguments,
                          const QProcessEnvironment &environment,
                          const QString &workingDirectory)
{
    discard();
    auto engine = std::make_unique<EngineConnection>(m_maxFrameBytes, this);
    QString error;
    if (!engine->open(&error))
        return;
    EngineConnection *spare = engine.get();
    connect(spare, &EngineConnection::frameReceived, this, [this, spare](const QCborMap &body) {
        if (m_engine.get() != spare)
            return;
        if (m_hello.isEmpty() && Protocol::messageType(body) == Protocol::MessageType::Hello) {
            m_hello = body;
            Q_EMIT readyChanged(true);
            return;
        }
        // An idle engine has nothing else to say.
        QMetaObject::invokeMethod(this, &EngineStandby::discard, Qt::QueuedConnection);
    });
    // Stays idle until taken: no code of the user runs in it.
    // Not from inside the connection's own signal: it is deleted by discard().
    const auto dropLater = [this, spare] {
        if (m_engine.get() == spare)
            QMetaObject::invokeMethod(this, &EngineStandby::discard, Qt::QueuedConnection);
    };
    connect(spare, &EngineConnection::ended, this, dropLater);
    connect(spare, &EngineConnection::malformed, this, dropLater);
    connect(spare, &EngineConnection::failedToStart, this, dropLater);
    m_engine = std::move(engine);
    m_key = arguments;
    if (!m_engine || !m_engine->start(program, arguments, environment, workingDirectory))
        discard();
}

std::optional<EngineStandby::Spare> EngineStandby::take(const QStringList &arguments)
{
    if (!isReady() || m_key != arguments) {
        if (m_engine && m_key != arguments)
            discard();
        return std::nullopt;
    }
    // Whatever it sent besides the hello is still unread: the session reads it as its own.
    disconnect(m_engine.get(), nullptr, this, nullptr);
    Spare spare{std::move(m_engine), m_hello};
    m_hello = {};
    m_key.clear();
    Q_EMIT readyChanged(false);
    return spare;
}

void EngineStandby::discard()
{
    const bool wasReady = isReady();
    m_hello = {};
    m_key.clear();
    if (!m_engine)
        return;
    const std::unique_ptr<EngineConnection> engine = std::move(m_engine);
    disconnect(engine.get(), nullptr, this, nullptr);
    // The process, when it still has to be reaped, deletes itself once it has.
    engine->kill();
    if (wasReady)
        Q_EMIT readyChanged(false);
}

} // namespace Sandpiper::Client
