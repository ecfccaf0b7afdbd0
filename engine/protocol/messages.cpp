#include "messages.h"

#include <QCborArray>
#include <QCborValue>

#include <limits>

// Field names on the wire (all bodies also carry "type" and "id"):
//   hello:     protocolVersion int, pid int, pythonVersion text, libraries {text: text},
//              sandbox map
//   execute:   code text, cellName text, silent bool, outputLimitBytes uint
//   stream:    name "stdout"|"stderr", data bytes, truncated bool
//   display:   data {mime text: text|bytes} (image/png must be bytes), metadata map
//   variables: changed [summary], removed [text], reset bool
//              summary: name, type, kind, dtypes, repr text; shape [int >= 0]; bytes int >= -1
//   result:    status "ok"|"error"|"interrupted", error {type text, message text,
//              traceback [text], line int}, wallSeconds, cpuSeconds number,
//              outputBytes uint, outputTruncated bool
//   ping, pong, shutdown: no payload

namespace Sandpiper::Protocol {

namespace {

const QString kType = QStringLiteral("type");
const QString kId = QStringLiteral("id");

// Strict readers: each reports "field 'x' is missing" or "... must be <kind>" and returns false.
class Reader
{
public:
    Reader(const QCborMap &map, QString *error)
        : m_map(map)
        , m_error(error)
    {}

    bool fail(const QString &message)
    {
        if (m_error)
            *m_error = message;
        return false;
    }

    bool value(const QString &key, QCborValue *out)
    {
        const auto it = m_map.constFind(key);
        if (it == m_map.constEnd())
            return fail(QStringLiteral("field '%1' is missing").arg(key));
        *out = it.value();
        return true;
    }

    bool wrongType(const QString &key, const char *kind)
    {
        return fail(QStringLiteral("field '%1' must be %2").arg(key, QLatin1StringView(kind)));
    }

    bool text(const QString &key, QString *out)
    {
        QCborValue v;
        if (!value(key, &v))
            return false;
        if (!v.isString())
            return wrongType(key, "text");
        *out = v.toString();
        return true;
    }

    bool bytes(const QString &key, QByteArray *out)
    {
        QCborValue v;
        if (!value(key, &v))
            return false;
        if (!v.isByteArray())
            return wrongType(key, "a byte string");
        *out = v.toByteArray();
        return true;
    }

    bool boolean(const QString &key, bool *out)
    {
        QCborValue v;
        if (!value(key, &v))
            return false;
        if (!v.isBool())
            return wrongType(key, "a boolean");
        *out = v.toBool();
        return true;
    }

    bool integer(const QString &key, qint64 *out, qint64 minimum)
    {
        QCborValue v;
        if (!value(key, &v))
            return false;
        if (!v.isInteger() || v.toInteger() < minimum)
            return fail(
                    QStringLiteral("field '%1' must be an integer >= %2").arg(key).arg(minimum));
        *out = v.toInteger();
        return true;
    }

    bool unsignedInteger(const QString &key, quint64 *out)
    {
        qint64 v = 0;
        if (!integer(key, &v, 0))
            return false;
        *out = quint64(v);
        return true;
    }

    bool number(const QString &key, double *out)
    {
        QCborValue v;
        if (!value(key, &v))
            return false;
        if (v.isDouble())
            *out = v.toDouble();
        else if (v.isInteger())
            *out = double(v.toInteger());
        else
            return wrongType(key, "a number");
        return true;
    }

    bool map(const QString &key, QCborMap *out)
    {
        QCborValue v;
        if (!value(key, &v))
            return false;
        if (!v.isMap())
            return wrongType(key, "a map");
        *out = v.toMap();
        return true;
    }

    bool array(const QString &key, QCborArray *out)
    {
        QCborValue v;
        if (!value(key, &v))
            return false;
        if (!v.isArray())
            return wrongType(key, "an array");
        *out = v.toArray();
        return true;
    }

    bool textList(const QString &key, QStringList *out)
    {
        QCborArray array;
        if (!this->array(key, &array))
            return false;
        out->clear();
        out->reserve(array.size());
        for (const QCborValue &item : array) {
            if (!item.isString())
                return fail(QStringLiteral("field '%1' must be an array of text").arg(key));
            out->append(item.toString());
        }
        return true;
    }

private:
    const QCborMap &m_map;
    QString *m_error;
};

// Checks "type" and reads "id"; every fromCbor starts with it.
bool readHeader(Reader &reader, const QCborMap &body, QLatin1StringView expected, quint64 *id)
{
    const QString type = messageType(body);
    if (type.isEmpty())
        return reader.fail(QStringLiteral("field 'type' is missing or not text"));
    if (type != expected)
        return reader.fail(
                QStringLiteral("expected a '%1' message, got '%2'").arg(expected, type.left(64)));
    const auto messageIdValue = messageId(body);
    if (!messageIdValue)
        return reader.fail(QStringLiteral("field 'id' is missing or not a non-negative integer"));
    *id = *messageIdValue;
    return true;
}

QCborMap header(QLatin1StringView type, quint64 id)
{
    QCborMap map;
    map.insert(kType, QString(type));
    map.insert(kId, qint64(id));
    return map;
}

// Payload-free messages (ping, pong, shutdown) share these.
template<typename T>
std::optional<T> emptyFromCbor(const QCborMap &body, QLatin1StringView type, QString *error)
{
    Reader reader(body, error);
    T message;
    if (!readHeader(reader, body, type, &message.id))
        return std::nullopt;
    return message;
}

QString streamNameToString(StreamName name)
{
    return name == StreamName::Stdout ? QStringLiteral("stdout") : QStringLiteral("stderr");
}

} // namespace

QString messageType(const QCborMap &body)
{
    const QCborValue v = body.value(kType);
    return v.isString() ? v.toString() : QString();
}

std::optional<quint64> messageId(const QCborMap &body)
{
    const QCborValue v = body.value(kId);
    if (!v.isInteger() || v.toInteger() < 0)
        return std::nullopt;
    return quint64(v.toInteger());
}

// --- Hello ------------------------------------------------------------------------------------

QCborMap Hello::toCbor() const
{
    QCborMap map = header(MessageType::Hello, 0);
    map.insert(QStringLiteral("protocolVersion"), protocolVersion);
    map.insert(QStringLiteral("pid"), pid);
    map.insert(QStringLiteral("pythonVersion"), pythonVersion);
    QCborMap libs;
    for (auto it = libraries.cbegin(); it != libraries.cend(); ++it)
        libs.insert(it.key(), it.value());
    map.insert(QStringLiteral("libraries"), libs);
    map.insert(QStringLiteral("sandbox"), sandbox);
    return map;
}

std::optional<Hello> Hello::fromCbor(const QCborMap &body, QString *error)
{
    Reader reader(body, error);
    quint64 id = 0;
    if (!readHeader(reader, body, MessageType::Hello, &id))
        return std::nullopt;
    Hello hello;
    qint64 version = 0;
    // The version comes first: with another version the rest may legitimately differ.
    if (!reader.integer(QStringLiteral("protocolVersion"), &version, 0))
        return std::nullopt;
    if (version != ProtocolVersion) {
        reader.fail(QStringLiteral("the engine speaks protocol version %1, this build needs "
                                   "version %2")
                            .arg(version)
                            .arg(ProtocolVersion));
        return std::nullopt;
    }
    hello.protocolVersion = int(version);
    QCborMap libs;
    if (!reader.integer(QStringLiteral("pid"), &hello.pid, 0)
        || !reader.text(QStringLiteral("pythonVersion"), &hello.pythonVersion)
        || !reader.map(QStringLiteral("libraries"), &libs)
        || !reader.map(QStringLiteral("sandbox"), &hello.sandbox)) {
        return std::nullopt;
    }
    for (auto it = libs.constBegin(); it != libs.constEnd(); ++it) {
        if (!it.key().isString() || !it.value().isString()) {
            reader.fail(QStringLiteral("field 'libraries' must map text to text"));
            return std::nullopt;
        }
        hello.libraries.insert(it.key().toString(), it.value().toString());
    }
    return hello;
}

// --- StreamOutput -----------------------------------------------------------------------------

QCborMap StreamOutput::toCbor() const
{
    QCborMap map = header(MessageType::Stream, id);
    map.insert(QStringLiteral("name"), streamNameToString(name));
    map.insert(QStringLiteral("data"), data);
    map.insert(QStringLiteral("truncated"), truncated);
    return map;
}

std::optional<StreamOutput> StreamOutput::fromCbor(const QCborMap &body, QString *error)
{
    Reader reader(body, error);
    StreamOutput out;
    QString name;
    if (!readHeader(reader, body, MessageType::Stream, &out.id)
        || !reader.text(QStringLiteral("name"), &name)
        || !reader.bytes(QStringLiteral("data"), &out.data)
        || !reader.boolean(QStringLiteral("truncated"), &out.truncated)) {
        return std::nullopt;
    }
    if (name == QLatin1StringView("stdout")) {
        out.name = StreamName::Stdout;
    } else if (name == QLatin1StringView("stderr")) {
        out.name = StreamName::Stderr;
    } else {
        reader.fail(QStringLiteral("field 'name' must be \"stdout\" or \"stderr\""));
        return std::nullopt;
    }
    return out;
}

// --- DisplayData ------------------------------------------------------------------------------

QCborMap DisplayData::toCbor() const
{
    QCborMap map = header(MessageType::Display, id);
    map.insert(QStringLiteral("data"), data);
    map.insert(QStringLiteral("metadata"), metadata);
    return map;
}

std::optional<DisplayData> DisplayData::fromCbor(const QCborMap &body, QString *error)
{
    Reader reader(body, error);
    DisplayData out;
    if (!readHeader(reader, body, MessageType::Display, &out.id)
        || !reader.map(QStringLiteral("data"), &out.data)
        || !reader.map(QStringLiteral("metadata"), &out.metadata)) {
        return std::nullopt;
    }
    for (auto it = out.data.constBegin(); it != out.data.constEnd(); ++it) {
        if (!it.key().isString()) {
            reader.fail(QStringLiteral("field 'data' must have text keys (mime types)"));
            return std::nullopt;
        }
        const QString mime = it.key().toString();
        const QCborValue content = it.value();
        if (mime == QLatin1StringView("image/png") && !content.isByteArray()) {
            reader.fail(QStringLiteral("display 'image/png' must be a byte string"));
            return std::nullopt;
        }
        if (!content.isString() && !content.isByteArray()) {
            reader.fail(QStringLiteral("display '%1' must be text or a byte string")
                                .arg(mime.left(64)));
            return std::nullopt;
        }
    }
    return out;
}

// --- Variables --------------------------------------------------------------------------------

QCborMap VariableSummary::toCbor() const
{
    QCborMap map;
    map.insert(QStringLiteral("name"), name);
    map.insert(QStringLiteral("type"), type);
    map.insert(QStringLiteral("kind"), kind);
    QCborArray dims;
    for (qint64 d : shape)
        dims.append(d);
    map.insert(QStringLiteral("shape"), dims);
    map.insert(QStringLiteral("dtypes"), dtypes);
    map.insert(QStringLiteral("bytes"), bytes);
    map.insert(QStringLiteral("repr"), repr);
    return map;
}

std::optional<VariableSummary> VariableSummary::fromCbor(const QCborMap &map, QString *error)
{
    Reader reader(map, error);
    VariableSummary out;
    QCborArray dims;
    if (!reader.text(QStringLiteral("name"), &out.name)
        || !reader.text(QStringLiteral("type"), &out.type)
        || !reader.text(QStringLiteral("kind"), &out.kind)
        || !reader.array(QStringLiteral("shape"), &dims)
        || !reader.text(QStringLiteral("dtypes"), &out.dtypes)
        || !reader.integer(QStringLiteral("bytes"), &out.bytes, -1)
        || !reader.text(QStringLiteral("repr"), &out.repr)) {
        return std::nullopt;
    }
    out.shape.reserve(dims.size());
    for (const QCborValue &d : dims) {
        if (!d.isInteger() || d.toInteger() < 0) {
            reader.fail(QStringLiteral("field 'shape' must be an array of integers >= 0"));
            return std::nullopt;
        }
        out.shape.append(d.toInteger());
    }
    return out;
}

QCborMap VariablesDiff::toCbor() const
{
    QCborMap map = header(MessageType::Variables, id);
    QCborArray list;
    for (const VariableSummary &v : changed)
        list.append(v.toCbor());
    map.insert(QStringLiteral("changed"), list);
    map.insert(QStringLiteral("removed"), QCborArray::fromStringList(removed));
    map.insert(QStringLiteral("reset"), reset);
    return map;
}

std::optional<VariablesDiff> VariablesDiff::fromCbor(const QCborMap &body, QString *error)
{
    Reader reader(body, error);
    VariablesDiff out;
    QCborArray list;
    if (!readHeader(reader, body, MessageType::Variables, &out.id)
        || !reader.array(QStringLiteral("changed"), &list)
        || !reader.textList(QStringLiteral("removed"), &out.removed)
        || !reader.boolean(QStringLiteral("reset"), &out.reset)) {
        return std::nullopt;
    }
    out.changed.reserve(list.size());
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QCborValue item = list.at(i);
        if (!item.isMap()) {
            reader.fail(QStringLiteral("field 'changed' must be an array of maps"));
            return std::nullopt;
        }
        QString itemError;
        auto summary = VariableSummary::fromCbor(item.toMap(), &itemError);
        if (!summary) {
            reader.fail(QStringLiteral("variable %1: %2").arg(i).arg(itemError));
            return std::nullopt;
        }
        out.changed.append(*summary);
    }
    return out;
}

// --- ExecutionResult --------------------------------------------------------------------------

QString toString(ExecutionStatus status)
{
    switch (status) {
    case ExecutionStatus::Ok:
        return QStringLiteral("ok");
    case ExecutionStatus::Error:
        return QStringLiteral("error");
    case ExecutionStatus::Interrupted:
        return QStringLiteral("interrupted");
    }
    return QString();
}

std::optional<ExecutionStatus> executionStatusFromString(const QString &text)
{
    for (ExecutionStatus s :
         {ExecutionStatus::Ok, ExecutionStatus::Error, ExecutionStatus::Interrupted}) {
        if (text == toString(s))
            return s;
    }
    return std::nullopt;
}

QCborMap ExecutionResult::toCbor() const
{
    QCborMap map = header(MessageType::Result, id);
    map.insert(QStringLiteral("status"), toString(status));
    QCborMap err;
    err.insert(QStringLiteral("type"), error.type);
    err.insert(QStringLiteral("message"), error.message);
    err.insert(QStringLiteral("traceback"), QCborArray::fromStringList(error.traceback));
    err.insert(QStringLiteral("line"), error.line);
    map.insert(QStringLiteral("error"), err);
    map.insert(QStringLiteral("wallSeconds"), wallSeconds);
    map.insert(QStringLiteral("cpuSeconds"), cpuSeconds);
    map.insert(QStringLiteral("outputBytes"), qint64(outputBytes));
    map.insert(QStringLiteral("outputTruncated"), outputTruncated);
    return map;
}

std::optional<ExecutionResult> ExecutionResult::fromCbor(const QCborMap &body, QString *error)
{
    Reader reader(body, error);
    ExecutionResult out;
    QString status;
    QCborMap err;
    if (!readHeader(reader, body, MessageType::Result, &out.id)
        || !reader.text(QStringLiteral("status"), &status)
        || !reader.map(QStringLiteral("error"), &err)
        || !reader.number(QStringLiteral("wallSeconds"), &out.wallSeconds)
        || !reader.number(QStringLiteral("cpuSeconds"), &out.cpuSeconds)
        || !reader.unsignedInteger(QStringLiteral("outputBytes"), &out.outputBytes)
        || !reader.boolean(QStringLiteral("outputTruncated"), &out.outputTruncated)) {
        return std::nullopt;
    }
    const auto parsedStatus = executionStatusFromString(status);
    if (!parsedStatus) {
        reader.fail(QStringLiteral("field 'status' must be \"ok\", \"error\" or \"interrupted\""));
        return std::nullopt;
    }
    out.status = *parsedStatus;
    QString errError;
    Reader errReader(err, &errError);
    qint64 line = -1;
    if (!errReader.text(QStringLiteral("type"), &out.error.type)
        || !errReader.text(QStringLiteral("message"), &out.error.message)
        || !errReader.textList(QStringLiteral("traceback"), &out.error.traceback)
        || !errReader.integer(QStringLiteral("line"), &line, -1)) {
        reader.fail(QStringLiteral("field 'error': %1").arg(errError));
        return std::nullopt;
    }
    if (line > std::numeric_limits<int>::max()) {
        reader.fail(QStringLiteral("field 'error': field 'line' is out of range"));
        return std::nullopt;
    }
    out.error.line = int(line);
    return out;
}

// --- Ping / Pong / Shutdown -------------------------------------------------------------------

QCborMap Pong::toCbor() const
{
    return header(MessageType::Pong, id);
}

std::optional<Pong> Pong::fromCbor(const QCborMap &body, QString *error)
{
    return emptyFromCbor<Pong>(body, MessageType::Pong, error);
}

QCborMap Ping::toCbor() const
{
    return header(MessageType::Ping, id);
}

std::optional<Ping> Ping::fromCbor(const QCborMap &body, QString *error)
{
    return emptyFromCbor<Ping>(body, MessageType::Ping, error);
}

QCborMap ShutdownRequest::toCbor() const
{
    return header(MessageType::Shutdown, id);
}

std::optional<ShutdownRequest> ShutdownRequest::fromCbor(const QCborMap &body, QString *error)
{
    return emptyFromCbor<ShutdownRequest>(body, MessageType::Shutdown, error);
}

// --- ExecuteRequest ---------------------------------------------------------------------------

QCborMap ExecuteRequest::toCbor() const
{
    QCborMap map = header(MessageType::Execute, id);
    map.insert(QStringLiteral("code"), code);
    map.insert(QStringLiteral("cellName"), cellName);
    map.insert(QStringLiteral("silent"), silent);
    map.insert(QStringLiteral("outputLimitBytes"), qint64(outputLimitBytes));
    return map;
}

std::optional<ExecuteRequest> ExecuteRequest::fromCbor(const QCborMap &body, QString *error)
{
    Reader reader(body, error);
    ExecuteRequest out;
    if (!readHeader(reader, body, MessageType::Execute, &out.id)
        || !reader.text(QStringLiteral("code"), &out.code)
        || !reader.text(QStringLiteral("cellName"), &out.cellName)
        || !reader.boolean(QStringLiteral("silent"), &out.silent)
        || !reader.unsignedInteger(QStringLiteral("outputLimitBytes"), &out.outputLimitBytes)) {
        return std::nullopt;
    }
    return out;
}

} // namespace Sandpiper::Protocol
