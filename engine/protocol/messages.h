#pragma once

// The typed messages exchanged between the GUI side (client) and an engine. Compiled into both
// sides. Every body is a CBOR map with "type" (text) and "id" (unsigned request id; engine
// messages carry the id of the request they answer). Binary data travels as CBOR byte strings.
//
// client -> engine: execute, ping, shutdown
// engine -> client: hello (once, unsolicited, id 0), stream, display, variables, result, pong
//
// fromCbor() functions validate field types strictly: engine frames are untrusted, so anything
// missing or of the wrong type is an error with a message, never a default that hides it.

#include <QByteArray>
#include <QCborMap>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>

namespace Sandpiper::Protocol {

inline constexpr int ProtocolVersion = 1;

namespace MessageType {
inline constexpr QLatin1StringView Hello{"hello"};
inline constexpr QLatin1StringView Execute{"execute"};
inline constexpr QLatin1StringView Stream{"stream"};
inline constexpr QLatin1StringView Display{"display"};
inline constexpr QLatin1StringView Variables{"variables"};
inline constexpr QLatin1StringView Result{"result"};
inline constexpr QLatin1StringView Ping{"ping"};
inline constexpr QLatin1StringView Pong{"pong"};
inline constexpr QLatin1StringView Shutdown{"shutdown"};
} // namespace MessageType

// "type" of a body, or an empty string when absent or not text.
QString messageType(const QCborMap &body);
// "id" of a body, or nullopt when absent or not a non-negative integer.
std::optional<quint64> messageId(const QCborMap &body);

// --- engine -> client -------------------------------------------------------------------------

struct Hello
{
    int protocolVersion = ProtocolVersion;
    qint64 pid = 0;
    QString pythonVersion;            // e.g. "3.13.5"
    QMap<QString, QString> libraries; // "pandas" -> "2.2.3"; may be empty
    QCborMap sandbox;                 // the sandbox report (see engine/sandbox), may be empty

    QCborMap toCbor() const;
    static std::optional<Hello> fromCbor(const QCborMap &body, QString *error);
};

enum class StreamName { Stdout, Stderr };

struct StreamOutput
{
    quint64 id = 0;
    StreamName name = StreamName::Stdout;
    QByteArray data;        // raw bytes as written to fd 1/2: may be invalid UTF-8
    bool truncated = false; // the execution's output cap was reached; later output is dropped

    QCborMap toCbor() const;
    static std::optional<StreamOutput> fromCbor(const QCborMap &body, QString *error);
};

struct DisplayData
{
    quint64 id = 0;
    // mime type -> content: text types as CBOR text, binary types (image/png) as byte strings.
    // Known types: text/plain, text/html, image/png, image/svg+xml,
    // application/vnd.plotly.v1+json, application/vnd.vegalite.v5+json (JSON as text).
    QCborMap data;
    QCborMap metadata; // optional, e.g. {"width": 640, "height": 480}

    QCborMap toCbor() const;
    static std::optional<DisplayData> fromCbor(const QCborMap &body, QString *error);
};

struct VariableSummary
{
    QString name;
    QString type;        // e.g. "DataFrame", "int", "ndarray"
    QString kind;        // "dataframe", "series", "array", "scalar", "collection", "object"
    QList<qint64> shape; // empty when not applicable
    QString dtypes;      // short text, e.g. "int64, float64 (3 columns)"; may be empty
    qint64 bytes = -1;   // memory size estimate; -1 when unknown
    QString repr;        // bounded in length and in time

    QCborMap toCbor() const;
    static std::optional<VariableSummary> fromCbor(const QCborMap &map, QString *error);
    friend bool operator==(const VariableSummary &, const VariableSummary &) = default;
};

struct VariablesDiff
{
    quint64 id = 0;
    QList<VariableSummary> changed; // added or changed since the previous diff
    QStringList removed;
    bool reset = false; // true: 'changed' is the complete list (e.g. a new session)

    QCborMap toCbor() const;
    static std::optional<VariablesDiff> fromCbor(const QCborMap &body, QString *error);
};

enum class ExecutionStatus { Ok, Error, Interrupted };

struct ExecutionError
{
    QString type; // exception class name, e.g. "ZeroDivisionError"
    QString message;
    QStringList traceback; // formatted lines, trimmed to the user's code
    int line = -1;         // 1-based line in the executed code where it was raised, -1 unknown
};

struct ExecutionResult
{
    quint64 id = 0;
    ExecutionStatus status = ExecutionStatus::Ok;
    ExecutionError error; // set when status is Error or Interrupted
    double wallSeconds = 0;
    double cpuSeconds = 0;
    quint64 outputBytes = 0; // bytes written to stdout/stderr by this execution
    bool outputTruncated = false;

    QCborMap toCbor() const;
    static std::optional<ExecutionResult> fromCbor(const QCborMap &body, QString *error);
};

struct Pong
{
    quint64 id = 0;
    QCborMap toCbor() const;
    static std::optional<Pong> fromCbor(const QCborMap &body, QString *error);
};

// --- client -> engine -------------------------------------------------------------------------

struct ExecuteRequest
{
    quint64 id = 0;
    QString code;
    QString cellName;             // file name used in tracebacks, e.g. "<cell 3>"
    bool silent = false;          // no display of the trailing expression, no variables diff
    quint64 outputLimitBytes = 0; // 0: the engine's default

    QCborMap toCbor() const;
    static std::optional<ExecuteRequest> fromCbor(const QCborMap &body, QString *error);
};

struct Ping
{
    quint64 id = 0;
    QCborMap toCbor() const;
    static std::optional<Ping> fromCbor(const QCborMap &body, QString *error);
};

struct ShutdownRequest
{
    quint64 id = 0;
    QCborMap toCbor() const;
    static std::optional<ShutdownRequest> fromCbor(const QCborMap &body, QString *error);
};

QString toString(ExecutionStatus status);
std::optional<ExecutionStatus> executionStatusFromString(const QString &text);

} // namespace Sandpiper::Protocol
