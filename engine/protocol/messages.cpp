#include "messages.h"

#include <QCborArray>
#include <QCborValue>

#include <cmath>
#include <limits>

// Field names on the wire (all bodies also carry "type" and "id"):
//   hello:     protocolVersion int, pid int, pythonVersion text, libraries {text: text},
//              sandbox map
//   execute:   code text, cellName text, silent bool, outputLimitBytes uint
//   stream:    name "stdout"|"stderr", data bytes, truncated bool
//   display:   data {mime text: text|bytes} (image/png must be bytes), metadata map
//   variables: changed [summary], removed [text], reset bool, settled bool
//              summary: name, type, kind, dtypes, repr text; shape [int >= -1]; bytes int >= -1;
//              expandable bool (optional)
//   result:    status "ok"|"error"|"interrupted", error {type text, message text,
//              traceback [text], line int}, wallSeconds, cpuSeconds number,
//              outputBytes uint, outputTruncated bool
//   ping, pong, shutdown: no payload
//   complete, signature, inspect: code text, line int >= 1, column int >= 0,
//              source "live"|"static", path text
//   completions: items [{name text, kind text (see completionKinds), signature text, doc text,
//              prefixLength int >= 0}]
//   signatures: items [{label text, params [text], activeParam int >= -1, doc text}]
//   documentation: name, type, signature, doc text; definition {path text, line int >= -1,
//              column int >= -1}
//   format:    code text, lineRanges [[start int >= 1, end int >= start]], lineLength int >= 1
//   formatted: ok bool, code text, error {message text, line int >= -1}
//   lint:      code text, path text, config text, configPath text
//   scan:      code text (answered by diagnostics)
//   diagnostics: items [{line int >= 1, column int >= 0, code text, message text,
//              severity "error"|"warning"|"info"}]
//   cancel:    no payload ("id" is the request to cancel)
//   page:      name text, rowStart int >= 0, rowCount 1..MaxPageRows, columnStart int >= 0,
//              columnCount 1..MaxPageColumns; optional sort [{column, ascending}], filter
//              {all bool, conditions [{column, op, values}]}, path, hold uint, follow bool
//   rows:      error text, totalRows, totalColumns, sourceRows, rowStart, columnStart int >= 0,
//              columns [{name, dtype text}], index [text], rows [[null|bool|int|double|text]];
//              optional indexNames [text], rebound bool
//   summarize: name text, column int >= 0; optional path, hold
//   find:      name, text; start, count int >= 0; backward, matchCase bool; optional sort,
//              filter, path, hold.  found: error text, found bool, row, column, scanned int
//   release:   hold uint.  released: no payload
//   expand:    name text, start int >= 0, count 1..MaxMembers; optional path
//   members:   error text, total, start int >= 0, members [summary] (see variables)
//   path:      [{at int >= 0, name text}] (MemberStep), at most MaxMemberDepth
//   sniff:     path, name text; options map (see ImportOptions); rows 1..MaxImportRows
//   sniffed:   error text, warnings [text], options map, sheets [text], columns [column],
//              rows [[null|text]], more bool, bytes int >= 0, code text
//              options: format, encoding, delimiter, quotechar, escapechar, decimal, thousands,
//              comment, sheet, json_orient, on_bad_lines, variable null|text; skip_rows,
//              nrows int >= 0; header bool; na_values [text]; columns [column]
//              column: name, dtype, format, rename text, keep bool
//   Lists hold at most MaxCodeIntelItems entries; texts are bounded (MaxCodeIntelTextChars, and
//   MaxCodeIntelDocChars for documentation).

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
    if (expandable)
        map.insert(QStringLiteral("expandable"), true);
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
        || !reader.text(QStringLiteral("repr"), &out.repr)
        || (map.contains(QStringLiteral("expandable"))
            && !reader.boolean(QStringLiteral("expandable"), &out.expandable))) {
        return std::nullopt;
    }
    out.shape.reserve(dims.size());
    for (const QCborValue &d : dims) {
        if (!d.isInteger() || d.toInteger() < -1) {
            reader.fail(QStringLiteral("field 'shape' must be an array of integers >= -1"));
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
    map.insert(QStringLiteral("settled"), settled);
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
        || !reader.boolean(QStringLiteral("reset"), &out.reset)
        || !reader.boolean(QStringLiteral("settled"), &out.settled)) {
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

// --- Code intelligence ------------------------------------------------------------------------

namespace {

bool boundedText(Reader &reader, const QString &key, QString *out, int maxChars)
{
    if (!reader.text(key, out))
        return false;
    if (out->size() > maxChars)
        return reader.fail(
                QStringLiteral("field '%1' is longer than %2 characters").arg(key).arg(maxChars));
    return true;
}

bool intField(Reader &reader, const QString &key, int *out, int minimum)
{
    qint64 value = 0;
    if (!reader.integer(key, &value, minimum))
        return false;
    if (value > std::numeric_limits<int>::max())
        return reader.fail(QStringLiteral("field '%1' is out of range").arg(key));
    *out = int(value);
    return true;
}

// An array of maps, each read by T::fromCbor, at most MaxCodeIntelItems of them.
template<typename T>
bool itemList(Reader &reader, const QString &key, QList<T> *out)
{
    QCborArray array;
    if (!reader.array(key, &array))
        return false;
    if (array.size() > MaxCodeIntelItems)
        return reader.fail(QStringLiteral("field '%1' has more than %2 items")
                                   .arg(key)
                                   .arg(MaxCodeIntelItems));
    out->clear();
    out->reserve(array.size());
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QCborValue item = array.at(i);
        if (!item.isMap())
            return reader.fail(QStringLiteral("field '%1' must be an array of maps").arg(key));
        QString itemError;
        auto parsed = T::fromCbor(item.toMap(), &itemError);
        if (!parsed)
            return reader.fail(QStringLiteral("%1 item %2: %3").arg(key).arg(i).arg(itemError));
        out->append(*parsed);
    }
    return true;
}

template<typename T>
QCborArray itemArray(const QList<T> &items)
{
    QCborArray array;
    for (const T &item : items)
        array.append(item.toCbor());
    return array;
}

const QLatin1StringView kCodeQueryTypes[]
        = {MessageType::Complete, MessageType::Signature, MessageType::Inspect};

} // namespace

QString toString(CodeSource source)
{
    return source == CodeSource::Live ? QStringLiteral("live") : QStringLiteral("static");
}

std::optional<CodeSource> codeSourceFromString(const QString &text)
{
    if (text == QLatin1StringView("live"))
        return CodeSource::Live;
    if (text == QLatin1StringView("static"))
        return CodeSource::Static;
    return std::nullopt;
}

const QStringList &completionKinds()
{
    static const QStringList kinds = {QStringLiteral("module"),
                                      QStringLiteral("class"),
                                      QStringLiteral("function"),
                                      QStringLiteral("instance"),
                                      QStringLiteral("keyword"),
                                      QStringLiteral("param"),
                                      QStringLiteral("path"),
                                      QStringLiteral("statement"),
                                      QStringLiteral("property")};
    return kinds;
}

QCborMap CodeQuery::toCbor() const
{
    QCborMap map = header(type, id);
    map.insert(QStringLiteral("code"), code);
    map.insert(QStringLiteral("line"), line);
    map.insert(QStringLiteral("column"), column);
    map.insert(QStringLiteral("source"), toString(source));
    map.insert(QStringLiteral("path"), path);
    return map;
}

std::optional<CodeQuery> CodeQuery::fromCbor(const QCborMap &body, QString *error)
{
    Reader reader(body, error);
    CodeQuery out;
    const QString type = messageType(body);
    bool known = false;
    for (QLatin1StringView candidate : kCodeQueryTypes) {
        if (type == candidate) {
            out.type = candidate;
            known = true;
        }
    }
    if (!known && !type.isEmpty()) {
        reader.fail(QStringLiteral("expected a 'complete', 'signature' or 'inspect' message, "
                                   "got '%1'")
                            .arg(type.left(64)));
        return std::nullopt;
    }
    QString source;
    if (!readHeader(reader, body, out.type, &out.id)
        || !reader.text(QStringLiteral("code"), &out.code)
        || !intField(reader, QStringLiteral("line"), &out.line, 1)
        || !intField(reader, QStringLiteral("column"), &out.column, 0)
        || !reader.text(QStringLiteral("source"), &source)
        || !boundedText(reader, QStringLiteral("path"), &out.path, MaxCodeIntelTextChars)) {
        return std::nullopt;
    }
    const auto parsedSource = codeSourceFromString(source);
    if (!parsedSource) {
        reader.fail(QStringLiteral("field 'source' must be \"live\" or \"static\""));
        return std::nullopt;
    }
    out.source = *parsedSource;
    return out;
}

QCborMap CompletionItem::toCbor() const
{
    QCborMap map;
    map.insert(QStringLiteral("name"), name);
    map.insert(QStringLiteral("kind"), kind);
    map.insert(QStringLiteral("signature"), signature);
    map.insert(QStringLiteral("doc"), doc);
    map.insert(QStringLiteral("prefixLength"), prefixLength);
    return map;
}

std::optional<CompletionItem> CompletionItem::fromCbor(const QCborMap &map, QString *error)
{
    Reader reader(map, error);
    CompletionItem out;
    if (!boundedText(reader, QStringLiteral("name"), &out.name, MaxCodeIntelTextChars)
        || !reader.text(QStringLiteral("kind"), &out.kind)
        || !boundedText(reader, QStringLiteral("signature"), &out.signature, MaxCodeIntelTextChars)
        || !boundedText(reader, QStringLiteral("doc"), &out.doc, MaxCodeIntelTextChars)
        || !intField(reader, QStringLiteral("prefixLength"), &out.prefixLength, 0)) {
        return std::nullopt;
    }
    if (!completionKinds().contains(out.kind)) {
        reader.fail(
                QStringLiteral("field 'kind' is not a known kind: '%1'").arg(out.kind.left(64)));
        return std::nullopt;
    }
    return out;
}

QCborMap Completions::toCbor() const
{
    QCborMap map = header(MessageType::Completions, id);
    map.insert(QStringLiteral("items"), itemArray(items));
    return map;
}

std::optional<Completions> Completions::fromCbor(const QCborMap &body, QString *error)
{
    Reader reader(body, error);
    Completions out;
    if (!readHeader(reader, body, MessageType::Completions, &out.id)
        || !itemList(reader, QStringLiteral("items"), &out.items)) {
        return std::nullopt;
    }
    return out;
}

QCborMap SignatureInfo::toCbor() const
{
    QCborMap map;
    map.insert(QStringLiteral("label"), label);
    map.insert(QStringLiteral("params"), QCborArray::fromStringList(params));
    map.insert(QStringLiteral("activeParam"), activeParam);
    map.insert(QStringLiteral("doc"), doc);
    return map;
}

std::optional<SignatureInfo> SignatureInfo::fromCbor(const QCborMap &map, QString *error)
{
    Reader reader(map, error);
    SignatureInfo out;
    if (!boundedText(reader, QStringLiteral("label"), &out.label, MaxCodeIntelTextChars)
        || !reader.textList(QStringLiteral("params"), &out.params)
        || !intField(reader, QStringLiteral("activeParam"), &out.activeParam, -1)
        || !boundedText(reader, QStringLiteral("doc"), &out.doc, MaxCodeIntelDocChars)) {
        return std::nullopt;
    }
    if (out.params.size() > MaxCodeIntelItems) {
        reader.fail(QStringLiteral("field 'params' has more than %1 items").arg(MaxCodeIntelItems));
        return std::nullopt;
    }
    for (const QString &param : std::as_const(out.params)) {
        if (param.size() > MaxCodeIntelTextChars) {
            reader.fail(QStringLiteral("field 'params' holds a text longer than %1 characters")
                                .arg(MaxCodeIntelTextChars));
            return std::nullopt;
        }
    }
    if (out.activeParam >= out.params.size()) {
        reader.fail(QStringLiteral("field 'activeParam' is not an index into 'params'"));
        return std::nullopt;
    }
    return out;
}

QCborMap Signatures::toCbor() const
{
    QCborMap map = header(MessageType::Signatures, id);
    map.insert(QStringLiteral("items"), itemArray(items));
    return map;
}

std::optional<Signatures> Signatures::fromCbor(const QCborMap &body, QString *error)
{
    Reader reader(body, error);
    Signatures out;
    if (!readHeader(reader, body, MessageType::Signatures, &out.id)
        || !itemList(reader, QStringLiteral("items"), &out.items)) {
        return std::nullopt;
    }
    return out;
}

QCborMap Documentation::toCbor() const
{
    QCborMap map = header(MessageType::Documentation, id);
    map.insert(QStringLiteral("name"), name);
    map.insert(QStringLiteral("kind"), kind);
    map.insert(QStringLiteral("signature"), signature);
    map.insert(QStringLiteral("doc"), doc);
    QCborMap definition;
    definition.insert(QStringLiteral("path"), definitionPath);
    definition.insert(QStringLiteral("line"), definitionLine);
    definition.insert(QStringLiteral("column"), definitionColumn);
    map.insert(QStringLiteral("definition"), definition);
    return map;
}

std::optional<Documentation> Documentation::fromCbor(const QCborMap &body, QString *error)
{
    Reader reader(body, error);
    Documentation out;
    QCborMap definition;
    if (!readHeader(reader, body, MessageType::Documentation, &out.id)
        || !boundedText(reader, QStringLiteral("name"), &out.name, MaxCodeIntelTextChars)
        || !reader.text(QStringLiteral("kind"), &out.kind)
        || !boundedText(reader, QStringLiteral("signature"), &out.signature, MaxCodeIntelTextChars)
        || !boundedText(reader, QStringLiteral("doc"), &out.doc, MaxCodeIntelDocChars)
        || !reader.map(QStringLiteral("definition"), &definition)) {
        return std::nullopt;
    }
    if (!out.kind.isEmpty() && !completionKinds().contains(out.kind)) {
        reader.fail(
                QStringLiteral("field 'kind' is not a known kind: '%1'").arg(out.kind.left(64)));
        return std::nullopt;
    }
    QString definitionError;
    Reader definitionReader(definition, &definitionError);
    if (!boundedText(definitionReader,
                     QStringLiteral("path"),
                     &out.definitionPath,
                     MaxCodeIntelTextChars)
        || !intField(definitionReader, QStringLiteral("line"), &out.definitionLine, -1)
        || !intField(definitionReader, QStringLiteral("column"), &out.definitionColumn, -1)) {
        reader.fail(QStringLiteral("field 'definition': %1").arg(definitionError));
        return std::nullopt;
    }
    if (out.definitionLine == 0) {
        reader.fail(QStringLiteral("field 'definition': field 'line' must be -1 or >= 1"));
        return std::nullopt;
    }
    return out;
}

// --- Format -----------------------------------------------------------------------------------

QCborMap FormatRequest::toCbor() const
{
    QCborMap map = header(MessageType::Format, id);
    map.insert(QStringLiteral("code"), code);
    QCborArray ranges;
    for (const auto &[start, end] : lineRanges)
        ranges.append(QCborArray{start, end});
    map.insert(QStringLiteral("lineRanges"), ranges);
    map.insert(QStringLiteral("lineLength"), lineLength);
    return map;
}

std::optional<FormatRequest> FormatRequest::fromCbor(const QCborMap &body, QString *error)
{
    Reader reader(body, error);
    FormatRequest out;
    QCborArray ranges;
    if (!readHeader(reader, body, MessageType::Format, &out.id)
        || !reader.text(QStringLiteral("code"), &out.code)
        || !reader.array(QStringLiteral("lineRanges"), &ranges)
        || !intField(reader, QStringLiteral("lineLength"), &out.lineLength, 1)) {
        return std::nullopt;
    }
    if (ranges.size() > MaxFormatRanges) {
        reader.fail(
                QStringLiteral("field 'lineRanges' has more than %1 ranges").arg(MaxFormatRanges));
        return std::nullopt;
    }
    for (const QCborValue &range : ranges) {
        const QCborArray pair = range.toArray();
        const bool valid = range.isArray() && pair.size() == 2 && pair.at(0).isInteger()
                           && pair.at(1).isInteger() && pair.at(0).toInteger() >= 1
                           && pair.at(1).toInteger() >= pair.at(0).toInteger()
                           && pair.at(1).toInteger() <= std::numeric_limits<int>::max();
        if (!valid) {
            reader.fail(QStringLiteral("field 'lineRanges' must hold [start, end] pairs with "
                                       "1 <= start <= end"));
            return std::nullopt;
        }
        out.lineRanges.append({int(pair.at(0).toInteger()), int(pair.at(1).toInteger())});
    }
    return out;
}

QCborMap FormatResult::toCbor() const
{
    QCborMap map = header(MessageType::Formatted, id);
    map.insert(QStringLiteral("ok"), ok);
    map.insert(QStringLiteral("code"), code);
    QCborMap err;
    err.insert(QStringLiteral("message"), errorMessage);
    err.insert(QStringLiteral("line"), errorLine);
    map.insert(QStringLiteral("error"), err);
    return map;
}

std::optional<FormatResult> FormatResult::fromCbor(const QCborMap &body, QString *error)
{
    Reader reader(body, error);
    FormatResult out;
    QCborMap err;
    if (!readHeader(reader, body, MessageType::Formatted, &out.id)
        || !reader.boolean(QStringLiteral("ok"), &out.ok)
        || !reader.text(QStringLiteral("code"), &out.code)
        || !reader.map(QStringLiteral("error"), &err)) {
        return std::nullopt;
    }
    QString errError;
    Reader errReader(err, &errError);
    if (!boundedText(errReader, QStringLiteral("message"), &out.errorMessage, MaxCodeIntelTextChars)
        || !intField(errReader, QStringLiteral("line"), &out.errorLine, -1)) {
        reader.fail(QStringLiteral("field 'error': %1").arg(errError));
        return std::nullopt;
    }
    if (!out.ok && out.errorMessage.isEmpty()) {
        reader.fail(QStringLiteral("field 'error': a failed format needs a message"));
        return std::nullopt;
    }
    return out;
}

// --- Lint -------------------------------------------------------------------------------------

QCborMap LintRequest::toCbor() const
{
    QCborMap map = header(MessageType::Lint, id);
    map.insert(QStringLiteral("code"), code);
    map.insert(QStringLiteral("path"), path);
    map.insert(QStringLiteral("config"), config);
    map.insert(QStringLiteral("configPath"), configPath);
    return map;
}

std::optional<LintRequest> LintRequest::fromCbor(const QCborMap &body, QString *error)
{
    Reader reader(body, error);
    LintRequest out;
    if (!readHeader(reader, body, MessageType::Lint, &out.id)
        || !reader.text(QStringLiteral("code"), &out.code)
        || !boundedText(reader, QStringLiteral("path"), &out.path, MaxCodeIntelTextChars)
        || !reader.text(QStringLiteral("config"), &out.config)
        || !boundedText(
                reader, QStringLiteral("configPath"), &out.configPath, MaxCodeIntelTextChars)) {
        return std::nullopt;
    }
    return out;
}

QCborMap ScanRequest::toCbor() const
{
    QCborMap map = header(MessageType::Scan, id);
    map.insert(QStringLiteral("code"), code);
    return map;
}

std::optional<ScanRequest> ScanRequest::fromCbor(const QCborMap &body, QString *error)
{
    Reader reader(body, error);
    ScanRequest out;
    if (!readHeader(reader, body, MessageType::Scan, &out.id)
        || !reader.text(QStringLiteral("code"), &out.code))
        return std::nullopt;
    return out;
}

QString toString(Severity severity)
{
    switch (severity) {
    case Severity::Error:
        return QStringLiteral("error");
    case Severity::Warning:
        return QStringLiteral("warning");
    case Severity::Info:
        return QStringLiteral("info");
    }
    return QString();
}

std::optional<Severity> severityFromString(const QString &text)
{
    for (Severity s : {Severity::Error, Severity::Warning, Severity::Info}) {
        if (text == toString(s))
            return s;
    }
    return std::nullopt;
}

QCborMap Diagnostic::toCbor() const
{
    QCborMap map;
    map.insert(QStringLiteral("line"), line);
    map.insert(QStringLiteral("column"), column);
    map.insert(QStringLiteral("code"), code);
    map.insert(QStringLiteral("message"), message);
    map.insert(QStringLiteral("severity"), toString(severity));
    return map;
}

std::optional<Diagnostic> Diagnostic::fromCbor(const QCborMap &map, QString *error)
{
    Reader reader(map, error);
    Diagnostic out;
    QString severity;
    if (!intField(reader, QStringLiteral("line"), &out.line, 1)
        || !intField(reader, QStringLiteral("column"), &out.column, 0)
        || !boundedText(reader, QStringLiteral("code"), &out.code, MaxCodeIntelTextChars)
        || !boundedText(reader, QStringLiteral("message"), &out.message, MaxCodeIntelTextChars)
        || !reader.text(QStringLiteral("severity"), &severity)) {
        return std::nullopt;
    }
    const auto parsed = severityFromString(severity);
    if (!parsed) {
        reader.fail(QStringLiteral("field 'severity' must be \"error\", \"warning\" or \"info\""));
        return std::nullopt;
    }
    out.severity = *parsed;
    return out;
}

QCborMap Diagnostics::toCbor() const
{
    QCborMap map = header(MessageType::Diagnostics, id);
    map.insert(QStringLiteral("items"), itemArray(items));
    return map;
}

std::optional<Diagnostics> Diagnostics::fromCbor(const QCborMap &body, QString *error)
{
    Reader reader(body, error);
    Diagnostics out;
    if (!readHeader(reader, body, MessageType::Diagnostics, &out.id)
        || !itemList(reader, QStringLiteral("items"), &out.items)) {
        return std::nullopt;
    }
    return out;
}

// --- Cancel and empty replies -----------------------------------------------------------------

QCborMap CancelRequest::toCbor() const
{
    return header(MessageType::Cancel, id);
}

std::optional<CancelRequest> CancelRequest::fromCbor(const QCborMap &body, QString *error)
{
    return emptyFromCbor<CancelRequest>(body, MessageType::Cancel, error);
}

// --- Data -------------------------------------------------------------------------------------

namespace {

constexpr std::pair<FilterOp, const char *> FilterOpNames[] = {
        {FilterOp::Equal, "eq"},
        {FilterOp::NotEqual, "ne"},
        {FilterOp::Less, "lt"},
        {FilterOp::LessEqual, "le"},
        {FilterOp::Greater, "gt"},
        {FilterOp::GreaterEqual, "ge"},
        {FilterOp::Between, "between"},
        {FilterOp::IsNull, "isnull"},
        {FilterOp::NotNull, "notnull"},
        {FilterOp::Contains, "contains"},
        {FilterOp::StartsWith, "startswith"},
        {FilterOp::EndsWith, "endswith"},
        {FilterOp::Regex, "regex"},
        {FilterOp::In, "in"},
};

// How many values a condition of this op takes.
std::pair<int, int> valueCount(FilterOp op)
{
    switch (op) {
    case FilterOp::Between:
        return {2, 2};
    case FilterOp::IsNull:
    case FilterOp::NotNull:
        return {0, 0};
    case FilterOp::In:
        return {1, MaxFilterValues};
    default:
        return {1, 1};
    }
}

bool validCell(const QCborValue &cell);

bool readSort(Reader &reader, const QCborMap &body, QList<SortKey> *out)
{
    if (!body.contains(QStringLiteral("sort")))
        return true;
    QCborArray keys;
    if (!reader.array(QStringLiteral("sort"), &keys))
        return false;
    if (keys.size() > MaxSortKeys)
        return reader.fail(QStringLiteral("field 'sort' holds at most %1 keys").arg(MaxSortKeys));
    for (const QCborValue &value : keys) {
        const QCborMap map = value.toMap();
        Reader keyReader(map, nullptr);
        SortKey key;
        if (!value.isMap() || !keyReader.integer(QStringLiteral("column"), &key.column, 0)
            || !keyReader.boolean(QStringLiteral("ascending"), &key.ascending)) {
            return reader.fail(QStringLiteral("field 'sort' must hold maps of 'column' (an "
                                              "integer >= 0) and 'ascending' (a boolean)"));
        }
        out->append(key);
    }
    return true;
}

bool readFilter(Reader &reader, const QCborMap &body, TableFilter *out)
{
    if (!body.contains(QStringLiteral("filter")))
        return true;
    QCborMap map;
    QCborArray conditions;
    if (!reader.map(QStringLiteral("filter"), &map))
        return false;
    Reader filterReader(map, nullptr);
    if (!filterReader.boolean(QStringLiteral("all"), &out->matchAll)
        || !filterReader.array(QStringLiteral("conditions"), &conditions)) {
        return reader.fail(QStringLiteral("field 'filter' must hold 'all' (a boolean) and "
                                          "'conditions' (an array)"));
    }
    if (conditions.size() > MaxFilterConditions)
        return reader.fail(QStringLiteral("field 'filter' holds at most %1 conditions")
                                   .arg(MaxFilterConditions));
    for (const QCborValue &value : conditions) {
        const QCborMap item = value.toMap();
        Reader itemReader(item, nullptr);
        FilterCondition condition;
        QString op;
        if (!value.isMap() || !itemReader.integer(QStringLiteral("column"), &condition.column, 0)
            || !itemReader.text(QStringLiteral("op"), &op)
            || !itemReader.array(QStringLiteral("values"), &condition.values)) {
            return reader.fail(QStringLiteral("a filter condition must hold 'column' (an integer "
                                              ">= 0), 'op' (text) and 'values' (an array)"));
        }
        const auto parsed = filterOpFromString(op);
        if (!parsed)
            return reader.fail(QStringLiteral("unknown filter op '%1'").arg(op.left(32)));
        condition.op = *parsed;
        const auto [least, most] = valueCount(condition.op);
        if (condition.values.size() < least || condition.values.size() > most)
            return reader.fail(QStringLiteral("filter op '%1' takes %2 to %3 values")
                                       .arg(op)
                                       .arg(least)
                                       .arg(most));
        for (const QCborValue &cell : std::as_const(condition.values)) {
            if (!validCell(cell))
                return reader.fail(QStringLiteral("field 'values' of a filter condition holds "
                                                  "null, booleans, numbers or text of at most "
                                                  "%1 characters")
                                           .arg(MaxCellChars));
        }
        out->conditions.append(condition);
    }
    return true;
}

void writeSortFilter(QCborMap &map, const QList<SortKey> &sort, const TableFilter &filter)
{
    if (!sort.isEmpty()) {
        QCborArray keys;
        for (const SortKey &key : sort)
            keys.append(QCborMap{{QStringLiteral("column"), key.column},
                                 {QStringLiteral("ascending"), key.ascending}});
        map.insert(QStringLiteral("sort"), keys);
    }
    if (!filter.isEmpty()) {
        QCborArray conditions;
        for (const FilterCondition &condition : filter.conditions)
            conditions.append(QCborMap{{QStringLiteral("column"), condition.column},
                                       {QStringLiteral("op"), toString(condition.op)},
                                       {QStringLiteral("values"), condition.values}});
        map.insert(QStringLiteral("filter"),
                   QCborMap{{QStringLiteral("all"), filter.matchAll},
                            {QStringLiteral("conditions"), conditions}});
    }
}

// Optional fields: absent keeps the default; present must be of the right type.
bool optionalHold(Reader &reader, const QCborMap &body, quint64 *out)
{
    return !body.contains(QStringLiteral("hold"))
           || reader.unsignedInteger(QStringLiteral("hold"), out);
}

bool optionalBoolean(Reader &reader, const QCborMap &body, const QString &key, bool *out)
{
    return !body.contains(key) || reader.boolean(key, out);
}

bool nonEmptyName(Reader &reader, const QString &name)
{
    return !name.isEmpty() || reader.fail(QStringLiteral("field 'name' is empty"));
}

// The optional 'path' of a member (see MemberStep).
bool readPath(Reader &reader, const QCborMap &body, QList<MemberStep> *out)
{
    if (!body.contains(QStringLiteral("path")))
        return true;
    QCborArray steps;
    if (!reader.array(QStringLiteral("path"), &steps))
        return false;
    if (steps.size() > MaxMemberDepth)
        return reader.fail(
                QStringLiteral("field 'path' holds at most %1 steps").arg(MaxMemberDepth));
    for (const QCborValue &value : steps) {
        const QCborMap map = value.toMap();
        Reader stepReader(map, nullptr);
        MemberStep step;
        if (!value.isMap() || !stepReader.integer(QStringLiteral("at"), &step.at, 0)
            || !stepReader.text(QStringLiteral("name"), &step.name) || step.name.isEmpty()
            || step.name.size() > MaxMemberNameChars) {
            return reader.fail(QStringLiteral("field 'path' must hold maps of 'at' (an integer "
                                              ">= 0) and 'name' (1 to %1 characters)")
                                       .arg(MaxMemberNameChars));
        }
        out->append(step);
    }
    return true;
}

void writePath(QCborMap &map, const QList<MemberStep> &path)
{
    if (path.isEmpty())
        return;
    QCborArray steps;
    for (const MemberStep &step : path)
        steps.append(
                QCborMap{{QStringLiteral("at"), step.at}, {QStringLiteral("name"), step.name}});
    map.insert(QStringLiteral("path"), steps);
}

} // namespace

QString toString(FilterOp op)
{
    for (const auto &[value, name] : FilterOpNames) {
        if (value == op)
            return QString::fromLatin1(name);
    }
    return QString();
}

std::optional<FilterOp> filterOpFromString(const QString &text)
{
    for (const auto &[value, name] : FilterOpNames) {
        if (text == QLatin1StringView(name))
            return value;
    }
    return std::nullopt;
}

QCborMap PageRequest::toCbor() const
{
    QCborMap map = header(MessageType::Page, id);
    map.insert(QStringLiteral("name"), name);
    map.insert(QStringLiteral("rowStart"), rowStart);
    map.insert(QStringLiteral("rowCount"), rowCount);
    map.insert(QStringLiteral("columnStart"), columnStart);
    map.insert(QStringLiteral("columnCount"), columnCount);
    writeSortFilter(map, sort, filter);
    writePath(map, path);
    if (hold != 0)
        map.insert(QStringLiteral("hold"), qint64(hold));
    if (follow)
        map.insert(QStringLiteral("follow"), true);
    if (partition != 0)
        map.insert(QStringLiteral("partition"), partition);
    return map;
}

std::optional<PageRequest> PageRequest::fromCbor(const QCborMap &body, QString *error)
{
    Reader reader(body, error);
    PageRequest out;
    if (!readHeader(reader, body, MessageType::Page, &out.id)
        || !boundedText(reader, QStringLiteral("name"), &out.name, MaxVariableNameChars)
        || !reader.integer(QStringLiteral("rowStart"), &out.rowStart, 0)
        || !intField(reader, QStringLiteral("rowCount"), &out.rowCount, 1)
        || !reader.integer(QStringLiteral("columnStart"), &out.columnStart, 0)
        || !intField(reader, QStringLiteral("columnCount"), &out.columnCount, 1)
        || !readSort(reader, body, &out.sort) || !readFilter(reader, body, &out.filter)
        || !readPath(reader, body, &out.path) || !optionalHold(reader, body, &out.hold)
        || !optionalBoolean(reader, body, QStringLiteral("follow"), &out.follow)
        || (body.contains(QStringLiteral("partition"))
            && !reader.integer(QStringLiteral("partition"), &out.partition, 0))
        || !nonEmptyName(reader, out.name)) {
        return std::nullopt;
    }
    if (out.rowCount > MaxPageRows || out.columnCount > MaxPageColumns) {
        reader.fail(QStringLiteral("fields 'rowCount' and 'columnCount' allow at most %1 rows "
                                   "and %2 columns")
                            .arg(MaxPageRows)
                            .arg(MaxPageColumns));
        return std::nullopt;
    }
    return out;
}

QCborMap Page::toCbor() const
{
    QCborMap map = header(MessageType::Rows, id);
    map.insert(QStringLiteral("error"), error);
    map.insert(QStringLiteral("totalRows"), totalRows);
    map.insert(QStringLiteral("totalColumns"), totalColumns);
    map.insert(QStringLiteral("sourceRows"), sourceRows);
    map.insert(QStringLiteral("rowStart"), rowStart);
    map.insert(QStringLiteral("columnStart"), columnStart);
    QCborArray columnList;
    for (const PageColumn &column : columns)
        columnList.append(QCborMap{{QStringLiteral("name"), column.name},
                                   {QStringLiteral("dtype"), column.dtype}});
    map.insert(QStringLiteral("columns"), columnList);
    map.insert(QStringLiteral("index"), QCborArray::fromStringList(index));
    if (!indexNames.isEmpty())
        map.insert(QStringLiteral("indexNames"), QCborArray::fromStringList(indexNames));
    QCborArray rowList;
    for (const QCborArray &row : rows)
        rowList.append(row);
    map.insert(QStringLiteral("rows"), rowList);
    if (rebound)
        map.insert(QStringLiteral("rebound"), true);
    if (partitions > 0) {
        map.insert(QStringLiteral("partitions"), partitions);
        map.insert(QStringLiteral("partition"), partition);
    }
    return map;
}

namespace {

bool validCell(const QCborValue &cell)
{
    return cell.isNull() || cell.isBool() || cell.isInteger() || cell.isDouble()
           || (cell.isString() && cell.toString().size() <= MaxCellChars);
}

} // namespace

std::optional<Page> Page::fromCbor(const QCborMap &body, QString *error)
{
    Reader reader(body, error);
    Page out;
    QCborArray columnList;
    QCborArray rowList;
    if (!readHeader(reader, body, MessageType::Rows, &out.id)
        || !boundedText(reader, QStringLiteral("error"), &out.error, MaxCellChars)
        || !reader.integer(QStringLiteral("totalRows"), &out.totalRows, 0)
        || !reader.integer(QStringLiteral("totalColumns"), &out.totalColumns, 0)
        || !reader.integer(QStringLiteral("sourceRows"), &out.sourceRows, out.totalRows)
        || !reader.integer(QStringLiteral("rowStart"), &out.rowStart, 0)
        || !reader.integer(QStringLiteral("columnStart"), &out.columnStart, 0)
        || !reader.array(QStringLiteral("columns"), &columnList)
        || !reader.textList(QStringLiteral("index"), &out.index)
        || !reader.array(QStringLiteral("rows"), &rowList)
        || !optionalBoolean(reader, body, QStringLiteral("rebound"), &out.rebound)
        || (body.contains(QStringLiteral("indexNames"))
            && !reader.textList(QStringLiteral("indexNames"), &out.indexNames))
        || (body.contains(QStringLiteral("partitions"))
            && (!reader.integer(QStringLiteral("partitions"), &out.partitions, 1)
                || !reader.integer(QStringLiteral("partition"), &out.partition, 0)))) {
        return std::nullopt;
    }
    if (out.partitions > 0 && out.partition >= out.partitions) {
        reader.fail(QStringLiteral("field 'partition' is past the last of 'partitions'"));
        return std::nullopt;
    }
    if (out.indexNames.size() > MaxIndexLevels) {
        reader.fail(
                QStringLiteral("field 'indexNames' names at most %1 levels").arg(MaxIndexLevels));
        return std::nullopt;
    }
    if (columnList.size() > MaxPageColumns || rowList.size() > MaxPageRows) {
        reader.fail(QStringLiteral("fields 'rows' and 'columns' hold at most %1 rows and %2 "
                                   "columns")
                            .arg(MaxPageRows)
                            .arg(MaxPageColumns));
        return std::nullopt;
    }
    // The window must lie inside the table (and the sums must not overflow).
    if (out.rowStart > out.totalRows - rowList.size()
        || out.columnStart > out.totalColumns - columnList.size()) {
        reader.fail(QStringLiteral("fields 'rowStart', 'columnStart', 'totalRows' and "
                                   "'totalColumns' put the page outside the table"));
        return std::nullopt;
    }
    for (const QCborValue &value : columnList) {
        const QCborMap map = value.toMap();
        PageColumn column;
        Reader columnReader(map, error);
        if (!value.isMap()
            || !boundedText(columnReader, QStringLiteral("name"), &column.name, MaxCellChars)
            || !boundedText(columnReader, QStringLiteral("dtype"), &column.dtype, MaxCellChars)) {
            if (!value.isMap())
                reader.fail(QStringLiteral("field 'columns' must be an array of maps"));
            return std::nullopt;
        }
        out.columns.append(column);
    }
    if (out.index.size() != rowList.size() * out.indexLevels()) {
        reader.fail(QStringLiteral(
                "fields 'index' and 'indexNames' must give one label per row and level"));
        return std::nullopt;
    }
    for (const QStringList &labels : {out.index, out.indexNames}) {
        for (const QString &label : labels) {
            if (label.size() > MaxCellChars) {
                reader.fail(QStringLiteral("fields 'index' and 'indexNames' hold a label longer "
                                           "than %1 characters")
                                    .arg(MaxCellChars));
                return std::nullopt;
            }
        }
    }
    for (const QCborValue &value : rowList) {
        const QCborArray row = value.toArray();
        if (!value.isArray() || row.size() != out.columns.size()) {
            reader.fail(QStringLiteral("field 'rows' must hold arrays of one cell per column"));
            return std::nullopt;
        }
        for (const QCborValue &cell : row) {
            if (!validCell(cell)) {
                reader.fail(QStringLiteral("field 'rows' holds a cell that is not null, a boolean, "
                                           "a number or text of at most %1 characters")
                                    .arg(MaxCellChars));
                return std::nullopt;
            }
        }
        out.rows.append(row);
    }
    if (!out.error.isEmpty() && (!out.rows.isEmpty() || !out.columns.isEmpty())) {
        reader.fail(QStringLiteral("field 'error' is set but the page has cells"));
        return std::nullopt;
    }
    return out;
}

QCborMap SummaryRequest::toCbor() const
{
    QCborMap map = header(MessageType::Summarize, id);
    map.insert(QStringLiteral("name"), name);
    map.insert(QStringLiteral("column"), column);
    writePath(map, path);
    if (hold != 0)
        map.insert(QStringLiteral("hold"), qint64(hold));
    return map;
}

std::optional<SummaryRequest> SummaryRequest::fromCbor(const QCborMap &body, QString *error)
{
    Reader reader(body, error);
    SummaryRequest out;
    if (!readHeader(reader, body, MessageType::Summarize, &out.id)
        || !boundedText(reader, QStringLiteral("name"), &out.name, MaxVariableNameChars)
        || !reader.integer(QStringLiteral("column"), &out.column, 0)
        || !readPath(reader, body, &out.path) || !optionalHold(reader, body, &out.hold)
        || !nonEmptyName(reader, out.name)) {
        return std::nullopt;
    }
    return out;
}

QCborMap ColumnSummary::toCbor() const
{
    QCborMap map = header(MessageType::Summary, id);
    map.insert(QStringLiteral("error"), error);
    map.insert(QStringLiteral("name"), name);
    map.insert(QStringLiteral("dtype"), dtype);
    map.insert(QStringLiteral("rows"), rows);
    map.insert(QStringLiteral("nulls"), nulls);
    map.insert(QStringLiteral("distinct"), distinct);
    map.insert(QStringLiteral("sampled"), sampled);
    QCborArray statList;
    for (const auto &[key, value] : stats)
        statList.append(QCborArray{key, value});
    map.insert(QStringLiteral("stats"), statList);
    QCborArray topList;
    for (const ValueCount &item : top)
        topList.append(QCborArray{item.value, item.count});
    map.insert(QStringLiteral("top"), topList);
    QCborArray edgeList;
    for (double edge : edges)
        edgeList.append(edge);
    map.insert(QStringLiteral("edges"), edgeList);
    QCborArray countList;
    for (qint64 count : counts)
        countList.append(count);
    map.insert(QStringLiteral("counts"), countList);
    return map;
}

std::optional<ColumnSummary> ColumnSummary::fromCbor(const QCborMap &body, QString *error)
{
    Reader reader(body, error);
    ColumnSummary out;
    QCborArray statList;
    QCborArray topList;
    QCborArray edgeList;
    QCborArray countList;
    if (!readHeader(reader, body, MessageType::Summary, &out.id)
        || !boundedText(reader, QStringLiteral("error"), &out.error, MaxCellChars)
        || !boundedText(reader, QStringLiteral("name"), &out.name, MaxCellChars)
        || !boundedText(reader, QStringLiteral("dtype"), &out.dtype, MaxCellChars)
        || !reader.integer(QStringLiteral("rows"), &out.rows, 0)
        || !reader.integer(QStringLiteral("nulls"), &out.nulls, 0)
        || !reader.integer(QStringLiteral("distinct"), &out.distinct, -1)
        || !reader.integer(QStringLiteral("sampled"), &out.sampled, 0)
        || !reader.array(QStringLiteral("stats"), &statList)
        || !reader.array(QStringLiteral("top"), &topList)
        || !reader.array(QStringLiteral("edges"), &edgeList)
        || !reader.array(QStringLiteral("counts"), &countList)) {
        return std::nullopt;
    }
    if (out.nulls > out.rows || out.sampled > out.rows) {
        reader.fail(QStringLiteral("fields 'nulls' and 'sampled' must not exceed 'rows'"));
        return std::nullopt;
    }
    if (statList.size() > MaxSummaryStats || topList.size() > MaxSummaryTop
        || countList.size() > MaxHistogramBins) {
        reader.fail(QStringLiteral("fields 'stats', 'top' and 'counts' hold at most %1, %2 and "
                                   "%3 items")
                            .arg(MaxSummaryStats)
                            .arg(MaxSummaryTop)
                            .arg(MaxHistogramBins));
        return std::nullopt;
    }
    for (const QCborValue &value : statList) {
        const QCborArray pair = value.toArray();
        if (!value.isArray() || pair.size() != 2 || !pair.at(0).isString()
            || pair.at(0).toString().size() > 32 || !validCell(pair.at(1))) {
            reader.fail(QStringLiteral("field 'stats' must hold [name, value] pairs"));
            return std::nullopt;
        }
        out.stats.append({pair.at(0).toString(), pair.at(1)});
    }
    for (const QCborValue &value : topList) {
        const QCborArray pair = value.toArray();
        if (!value.isArray() || pair.size() != 2 || !pair.at(0).isString()
            || pair.at(0).toString().size() > MaxCellChars || !pair.at(1).isInteger()
            || pair.at(1).toInteger() < 0) {
            reader.fail(QStringLiteral("field 'top' must hold [text, count] pairs"));
            return std::nullopt;
        }
        out.top.append({pair.at(0).toString(), pair.at(1).toInteger()});
    }
    if (!countList.isEmpty() && edgeList.size() != countList.size() + 1) {
        reader.fail(QStringLiteral("fields 'edges' and 'counts' must describe the same bins"));
        return std::nullopt;
    }
    if (countList.isEmpty() && !edgeList.isEmpty()) {
        reader.fail(QStringLiteral("fields 'edges' and 'counts' must describe the same bins"));
        return std::nullopt;
    }
    for (const QCborValue &value : edgeList) {
        if (!(value.isDouble() || value.isInteger()) || !std::isfinite(value.toDouble())
            || (!out.edges.isEmpty() && value.toDouble() < out.edges.last())) {
            reader.fail(QStringLiteral("field 'edges' must hold ascending finite numbers"));
            return std::nullopt;
        }
        out.edges.append(value.toDouble());
    }
    for (const QCborValue &value : countList) {
        if (!value.isInteger() || value.toInteger() < 0) {
            reader.fail(QStringLiteral("field 'counts' must hold integers >= 0"));
            return std::nullopt;
        }
        out.counts.append(value.toInteger());
    }
    return out;
}

QCborMap FindRequest::toCbor() const
{
    QCborMap map = header(MessageType::Find, id);
    map.insert(QStringLiteral("name"), name);
    writeSortFilter(map, sort, filter);
    writePath(map, path);
    if (hold != 0)
        map.insert(QStringLiteral("hold"), qint64(hold));
    map.insert(QStringLiteral("text"), text);
    map.insert(QStringLiteral("start"), start);
    map.insert(QStringLiteral("count"), count);
    map.insert(QStringLiteral("backward"), backward);
    map.insert(QStringLiteral("matchCase"), matchCase);
    return map;
}

std::optional<FindRequest> FindRequest::fromCbor(const QCborMap &body, QString *error)
{
    Reader reader(body, error);
    FindRequest out;
    if (!readHeader(reader, body, MessageType::Find, &out.id)
        || !boundedText(reader, QStringLiteral("name"), &out.name, MaxVariableNameChars)
        || !readSort(reader, body, &out.sort) || !readFilter(reader, body, &out.filter)
        || !readPath(reader, body, &out.path) || !optionalHold(reader, body, &out.hold)
        || !boundedText(reader, QStringLiteral("text"), &out.text, MaxCellChars)
        || !reader.integer(QStringLiteral("start"), &out.start, 0)
        || !reader.integer(QStringLiteral("count"), &out.count, 0)
        || !reader.boolean(QStringLiteral("backward"), &out.backward)
        || !reader.boolean(QStringLiteral("matchCase"), &out.matchCase)
        || !nonEmptyName(reader, out.name)) {
        return std::nullopt;
    }
    if (out.text.isEmpty()) {
        reader.fail(QStringLiteral("field 'text' is empty"));
        return std::nullopt;
    }
    return out;
}

QCborMap FindResult::toCbor() const
{
    QCborMap map = header(MessageType::Found, id);
    map.insert(QStringLiteral("error"), error);
    map.insert(QStringLiteral("found"), found);
    map.insert(QStringLiteral("row"), row);
    map.insert(QStringLiteral("column"), column);
    map.insert(QStringLiteral("scanned"), scanned);
    return map;
}

std::optional<FindResult> FindResult::fromCbor(const QCborMap &body, QString *error)
{
    Reader reader(body, error);
    FindResult out;
    if (!readHeader(reader, body, MessageType::Found, &out.id)
        || !boundedText(reader, QStringLiteral("error"), &out.error, MaxCellChars)
        || !reader.boolean(QStringLiteral("found"), &out.found)
        || !reader.integer(QStringLiteral("row"), &out.row, 0)
        || !reader.integer(QStringLiteral("column"), &out.column, 0)
        || !reader.integer(QStringLiteral("scanned"), &out.scanned, 0)) {
        return std::nullopt;
    }
    if (!out.error.isEmpty() && out.found) {
        reader.fail(QStringLiteral("field 'error' is set but a cell was found"));
        return std::nullopt;
    }
    return out;
}

QCborMap RowCountRequest::toCbor() const
{
    QCborMap map = header(MessageType::Count, id);
    map.insert(QStringLiteral("name"), name);
    writePath(map, path);
    writeSortFilter(map, sort, filter);
    if (hold != 0)
        map.insert(QStringLiteral("hold"), qint64(hold));
    if (cancel)
        map.insert(QStringLiteral("cancel"), true);
    if (restart)
        map.insert(QStringLiteral("restart"), true);
    return map;
}

std::optional<RowCountRequest> RowCountRequest::fromCbor(const QCborMap &body, QString *error)
{
    Reader reader(body, error);
    RowCountRequest out;
    if (!readHeader(reader, body, MessageType::Count, &out.id)
        || !boundedText(reader, QStringLiteral("name"), &out.name, MaxVariableNameChars)
        || !readPath(reader, body, &out.path) || !optionalHold(reader, body, &out.hold)
        || !readSort(reader, body, &out.sort) || !readFilter(reader, body, &out.filter)
        || !optionalBoolean(reader, body, QStringLiteral("cancel"), &out.cancel)
        || !optionalBoolean(reader, body, QStringLiteral("restart"), &out.restart)
        || !nonEmptyName(reader, out.name)) {
        return std::nullopt;
    }
    return out;
}

QCborMap RowCount::toCbor() const
{
    QCborMap map = header(MessageType::Counted, id);
    map.insert(QStringLiteral("error"), error);
    map.insert(QStringLiteral("done"), done);
    map.insert(QStringLiteral("of"), of);
    map.insert(QStringLiteral("rows"), rows);
    map.insert(QStringLiteral("finished"), finished);
    if (cancelled)
        map.insert(QStringLiteral("cancelled"), true);
    return map;
}

std::optional<RowCount> RowCount::fromCbor(const QCborMap &body, QString *error)
{
    Reader reader(body, error);
    RowCount out;
    if (!readHeader(reader, body, MessageType::Counted, &out.id)
        || !boundedText(reader, QStringLiteral("error"), &out.error, MaxCellChars)
        || !reader.integer(QStringLiteral("done"), &out.done, 0)
        || !reader.integer(QStringLiteral("of"), &out.of, 0)
        || !reader.integer(QStringLiteral("rows"), &out.rows, -1)
        || !reader.boolean(QStringLiteral("finished"), &out.finished)
        || !optionalBoolean(reader, body, QStringLiteral("cancelled"), &out.cancelled)) {
        return std::nullopt;
    }
    if (out.done > out.of) {
        reader.fail(QStringLiteral("field 'done' counts more partitions than 'of'"));
        return std::nullopt;
    }
    return out;
}

QCborMap ClusterRequest::toCbor() const
{
    QCborMap map = header(MessageType::Cluster, id);
    if (close)
        map.insert(QStringLiteral("close"), true);
    return map;
}

std::optional<ClusterRequest> ClusterRequest::fromCbor(const QCborMap &body, QString *error)
{
    Reader reader(body, error);
    ClusterRequest out;
    if (!readHeader(reader, body, MessageType::Cluster, &out.id)
        || !optionalBoolean(reader, body, QStringLiteral("close"), &out.close)) {
        return std::nullopt;
    }
    return out;
}

QCborMap ClusterInfo::toCbor() const
{
    QCborMap map = header(MessageType::ClusterInfo, id);
    if (!error.isEmpty())
        map.insert(QStringLiteral("error"), error);
    if (!scheduler.isEmpty())
        map.insert(QStringLiteral("scheduler"), scheduler);
    QCborArray list;
    for (const ClusterWorker &worker : workers)
        list.append(QCborMap{{QStringLiteral("address"), worker.address},
                             {QStringLiteral("name"), worker.name},
                             {QStringLiteral("memory"), worker.memory},
                             {QStringLiteral("memoryLimit"), worker.memoryLimit},
                             {QStringLiteral("cpu"), worker.cpu},
                             {QStringLiteral("running"), worker.running},
                             {QStringLiteral("queued"), worker.queued},
                             {QStringLiteral("spilled"), worker.spilled},
                             {QStringLiteral("threads"), worker.threads}});
    map.insert(QStringLiteral("workers"), list);
    if (!processes.isEmpty()) {
        QCborArray starts;
        for (quint64 start : processes)
            starts.append(qint64(start));
        map.insert(QStringLiteral("processes"), starts);
    }
    return map;
}

namespace {

bool readClusterWorker(Reader &reader, const QCborValue &value, QString *error, ClusterWorker *out)
{
    if (!value.isMap())
        return reader.fail(QStringLiteral("field 'workers' must be an array of maps"));
    const QCborMap map = value.toMap();
    Reader worker(map, error);
    if (!boundedText(worker, QStringLiteral("address"), &out->address, MaxClusterAddressChars)
        || !boundedText(worker, QStringLiteral("name"), &out->name, MaxClusterAddressChars)
        || !worker.integer(QStringLiteral("memory"), &out->memory, 0)
        || !worker.integer(QStringLiteral("memoryLimit"), &out->memoryLimit, 0)
        || !worker.number(QStringLiteral("cpu"), &out->cpu)
        || !worker.integer(QStringLiteral("running"), &out->running, 0)
        || !worker.integer(QStringLiteral("queued"), &out->queued, 0)
        || !worker.integer(QStringLiteral("spilled"), &out->spilled, 0)
        || !worker.integer(QStringLiteral("threads"), &out->threads, 0)) {
        return false;
    }
    if (!std::isfinite(out->cpu) || out->cpu < 0)
        return reader.fail(QStringLiteral("a worker's 'cpu' must be a number >= 0"));
    return true;
}

} // namespace

std::optional<ClusterInfo> ClusterInfo::fromCbor(const QCborMap &body, QString *error)
{
    Reader reader(body, error);
    ClusterInfo out;
    QCborArray list;
    if (!readHeader(reader, body, MessageType::ClusterInfo, &out.id)
        || (body.contains(QStringLiteral("error"))
            && !boundedText(reader, QStringLiteral("error"), &out.error, MaxCellChars))
        || (body.contains(QStringLiteral("scheduler"))
            && !boundedText(
                    reader, QStringLiteral("scheduler"), &out.scheduler, MaxClusterAddressChars))
        || !reader.array(QStringLiteral("workers"), &list)) {
        return std::nullopt;
    }
    if (list.size() > MaxClusterWorkers) {
        reader.fail(
                QStringLiteral("field 'workers' holds at most %1 workers").arg(MaxClusterWorkers));
        return std::nullopt;
    }
    for (const QCborValue &value : list) {
        ClusterWorker worker;
        if (!readClusterWorker(reader, value, error, &worker))
            return std::nullopt;
        out.workers.append(worker);
    }
    QCborArray starts;
    if (body.contains(QStringLiteral("processes"))
        && !reader.array(QStringLiteral("processes"), &starts)) {
        return std::nullopt;
    }
    if (starts.size() > MaxClusterProcesses) {
        reader.fail(QStringLiteral("field 'processes' holds at most %1 start times")
                            .arg(MaxClusterProcesses));
        return std::nullopt;
    }
    for (const QCborValue &start : starts) {
        if (!start.isInteger() || start.toInteger() < 0) {
            reader.fail(QStringLiteral("field 'processes' must hold integers >= 0"));
            return std::nullopt;
        }
        out.processes.append(quint64(start.toInteger()));
    }
    return out;
}

QCborMap ReleaseRequest::toCbor() const
{
    QCborMap map = header(MessageType::Release, id);
    map.insert(QStringLiteral("hold"), qint64(hold));
    return map;
}

std::optional<ReleaseRequest> ReleaseRequest::fromCbor(const QCborMap &body, QString *error)
{
    Reader reader(body, error);
    ReleaseRequest out;
    if (!readHeader(reader, body, MessageType::Release, &out.id)
        || !reader.unsignedInteger(QStringLiteral("hold"), &out.hold)) {
        return std::nullopt;
    }
    return out;
}

QCborMap Released::toCbor() const
{
    return header(MessageType::Released, id);
}

std::optional<Released> Released::fromCbor(const QCborMap &body, QString *error)
{
    return emptyFromCbor<Released>(body, MessageType::Released, error);
}

QCborMap ExpandRequest::toCbor() const
{
    QCborMap map = header(MessageType::Expand, id);
    map.insert(QStringLiteral("name"), name);
    writePath(map, path);
    map.insert(QStringLiteral("start"), start);
    map.insert(QStringLiteral("count"), count);
    return map;
}

std::optional<ExpandRequest> ExpandRequest::fromCbor(const QCborMap &body, QString *error)
{
    Reader reader(body, error);
    ExpandRequest out;
    if (!readHeader(reader, body, MessageType::Expand, &out.id)
        || !boundedText(reader, QStringLiteral("name"), &out.name, MaxVariableNameChars)
        || !readPath(reader, body, &out.path)
        || !reader.integer(QStringLiteral("start"), &out.start, 0)
        || !intField(reader, QStringLiteral("count"), &out.count, 1)
        || !nonEmptyName(reader, out.name)) {
        return std::nullopt;
    }
    if (out.count > MaxMembers) {
        reader.fail(QStringLiteral("field 'count' allows at most %1 members").arg(MaxMembers));
        return std::nullopt;
    }
    return out;
}

QCborMap MemberList::toCbor() const
{
    QCborMap map = header(MessageType::Members, id);
    map.insert(QStringLiteral("error"), error);
    map.insert(QStringLiteral("total"), total);
    map.insert(QStringLiteral("start"), start);
    QCborArray list;
    for (const VariableSummary &member : members)
        list.append(member.toCbor());
    map.insert(QStringLiteral("members"), list);
    return map;
}

std::optional<MemberList> MemberList::fromCbor(const QCborMap &body, QString *error)
{
    Reader reader(body, error);
    MemberList out;
    QCborArray list;
    if (!readHeader(reader, body, MessageType::Members, &out.id)
        || !boundedText(reader, QStringLiteral("error"), &out.error, MaxCellChars)
        || !reader.integer(QStringLiteral("total"), &out.total, 0)
        || !reader.integer(QStringLiteral("start"), &out.start, 0)
        || !reader.array(QStringLiteral("members"), &list)) {
        return std::nullopt;
    }
    if (list.size() > MaxMembers) {
        reader.fail(QStringLiteral("field 'members' holds at most %1 members").arg(MaxMembers));
        return std::nullopt;
    }
    if (!out.error.isEmpty() && !list.isEmpty()) {
        reader.fail(QStringLiteral("field 'error' is set but members came too"));
        return std::nullopt;
    }
    if (out.start > out.total || list.size() > out.total - out.start) {
        reader.fail(QStringLiteral("fields 'start' and 'total': members %1 to %2 of %3")
                            .arg(out.start)
                            .arg(out.start + list.size())
                            .arg(out.total));
        return std::nullopt;
    }
    for (qsizetype i = 0; i < list.size(); ++i) {
        QString itemError;
        auto member = list.at(i).isMap() ? VariableSummary::fromCbor(list.at(i).toMap(), &itemError)
                                         : std::nullopt;
        if (!member || member->name.isEmpty() || member->name.size() > MaxMemberNameChars) {
            reader.fail(QStringLiteral("field 'members', item %1: %2")
                                .arg(i)
                                .arg(itemError.isEmpty()
                                             ? QStringLiteral("not a map with a name of 1 to "
                                                              "%1 characters")
                                                       .arg(MaxMemberNameChars)
                                             : itemError));
            return std::nullopt;
        }
        out.members.append(*member);
    }
    return out;
}

// --- Import -------------------------------------------------------------------------------------

namespace {

// An optional text option: absent keeps *out, null is "none" (empty).
bool optionalNullableText(Reader &reader, const QCborMap &body, QLatin1StringView key, QString *out)
{
    const QString name(key);
    if (!body.contains(name))
        return true;
    if (body.value(name).isNull()) {
        out->clear();
        return true;
    }
    return boundedText(reader, name, out, MaxImportTextChars);
}

bool boundedTextList(Reader &reader, const QString &key, QStringList *out, int maxItems)
{
    if (!reader.textList(key, out))
        return false;
    if (out->size() > maxItems)
        return reader.fail(
                QStringLiteral("field '%1' has more than %2 items").arg(key).arg(maxItems));
    for (const QString &item : std::as_const(*out)) {
        if (item.size() > MaxImportTextChars)
            return reader.fail(QStringLiteral("field '%1' holds a text longer than %2 characters")
                                       .arg(key)
                                       .arg(MaxImportTextChars));
    }
    return true;
}

bool importColumns(Reader &reader, const QString &key, QList<ImportColumn> *out)
{
    QCborArray array;
    if (!reader.array(key, &array))
        return false;
    if (array.size() > MaxImportColumns)
        return reader.fail(QStringLiteral("field '%1' has more than %2 columns")
                                   .arg(key)
                                   .arg(MaxImportColumns));
    out->clear();
    for (qsizetype i = 0; i < array.size(); ++i) {
        QString itemError;
        const auto column = array.at(i).isMap()
                                    ? ImportColumn::fromCbor(array.at(i).toMap(), &itemError)
                                    : std::nullopt;
        if (!column)
            return reader.fail(
                    QStringLiteral("%1 item %2: %3")
                            .arg(key)
                            .arg(i)
                            .arg(itemError.isEmpty() ? QStringLiteral("not a map") : itemError));
        out->append(*column);
    }
    return true;
}

QCborValue nullableText(const QString &text)
{
    return text.isEmpty() ? QCborValue(QCborValue::Null) : QCborValue(text);
}

} // namespace

QCborMap ImportColumn::toCbor() const
{
    QCborMap map;
    map.insert(QStringLiteral("name"), name);
    map.insert(QStringLiteral("dtype"), dtype);
    map.insert(QStringLiteral("format"), format);
    map.insert(QStringLiteral("rename"), rename);
    map.insert(QStringLiteral("keep"), keep);
    return map;
}

std::optional<ImportColumn> ImportColumn::fromCbor(const QCborMap &body, QString *error)
{
    Reader reader(body, error);
    ImportColumn out;
    if (!boundedText(reader, QStringLiteral("name"), &out.name, MaxImportTextChars)
        || !boundedText(reader, QStringLiteral("dtype"), &out.dtype, MaxImportTextChars)
        || !optionalNullableText(reader, body, QLatin1StringView("format"), &out.format)
        || !optionalNullableText(reader, body, QLatin1StringView("rename"), &out.rename)
        || !optionalBoolean(reader, body, QStringLiteral("keep"), &out.keep)) {
        return std::nullopt;
    }
    return out;
}

QCborMap ImportOptions::toCbor(const QStringList &keys) const
{
    QCborMap map;
    const auto put = [&](QLatin1StringView key, const QCborValue &value) {
        if (keys.isEmpty() || keys.contains(QString(key)))
            map.insert(QString(key), value);
    };
    put(ImportKey::Format, nullableText(format));
    put(ImportKey::Encoding, nullableText(encoding));
    put(ImportKey::Delimiter, nullableText(delimiter));
    put(ImportKey::Quotechar, nullableText(quotechar));
    put(ImportKey::Escapechar, nullableText(escapechar));
    put(ImportKey::Decimal, nullableText(decimal));
    put(ImportKey::Thousands, nullableText(thousands));
    put(ImportKey::SkipRows, skipRows);
    put(ImportKey::Header, header);
    put(ImportKey::Comment, nullableText(comment));
    put(ImportKey::NaValues, QCborArray::fromStringList(naValues));
    put(ImportKey::Sheet, nullableText(sheet));
    put(ImportKey::JsonOrient, nullableText(jsonOrient));
    put(ImportKey::Nrows, nrows);
    put(ImportKey::OnBadLines, nullableText(onBadLines));
    put(ImportKey::Variable, nullableText(variable));
    QCborArray list;
    for (const ImportColumn &column : columns)
        list.append(column.toCbor());
    put(ImportKey::Columns, list);
    return map;
}

std::optional<ImportOptions> ImportOptions::fromCbor(const QCborMap &body, QString *error)
{
    Reader reader(body, error);
    ImportOptions out;
    const auto integer = [&](QLatin1StringView key, qint64 *value) {
        return !body.contains(QString(key)) || reader.integer(QString(key), value, 0);
    };
    const bool ok
            = optionalNullableText(reader, body, ImportKey::Format, &out.format)
              && optionalNullableText(reader, body, ImportKey::Encoding, &out.encoding)
              && optionalNullableText(reader, body, ImportKey::Delimiter, &out.delimiter)
              && optionalNullableText(reader, body, ImportKey::Quotechar, &out.quotechar)
              && optionalNullableText(reader, body, ImportKey::Escapechar, &out.escapechar)
              && optionalNullableText(reader, body, ImportKey::Decimal, &out.decimal)
              && optionalNullableText(reader, body, ImportKey::Thousands, &out.thousands)
              && integer(ImportKey::SkipRows, &out.skipRows)
              && optionalBoolean(reader, body, QString(ImportKey::Header), &out.header)
              && optionalNullableText(reader, body, ImportKey::Comment, &out.comment)
              && (!body.contains(QString(ImportKey::NaValues))
                  || boundedTextList(
                          reader, QString(ImportKey::NaValues), &out.naValues, MaxImportWarnings))
              && optionalNullableText(reader, body, ImportKey::Sheet, &out.sheet)
              && optionalNullableText(reader, body, ImportKey::JsonOrient, &out.jsonOrient)
              && integer(ImportKey::Nrows, &out.nrows)
              && optionalNullableText(reader, body, ImportKey::OnBadLines, &out.onBadLines)
              && optionalNullableText(reader, body, ImportKey::Variable, &out.variable)
              && (!body.contains(QString(ImportKey::Columns))
                  || importColumns(reader, QString(ImportKey::Columns), &out.columns));
    if (!ok)
        return std::nullopt;
    return out;
}

QCborMap SniffRequest::toCbor() const
{
    QCborMap map = header(MessageType::Sniff, id);
    map.insert(QStringLiteral("path"), path);
    map.insert(QStringLiteral("name"), name);
    map.insert(QStringLiteral("options"), options);
    map.insert(QStringLiteral("rows"), rows);
    return map;
}

std::optional<SniffRequest> SniffRequest::fromCbor(const QCborMap &body, QString *error)
{
    Reader reader(body, error);
    SniffRequest out;
    if (!readHeader(reader, body, MessageType::Sniff, &out.id)
        || !boundedText(reader, QStringLiteral("path"), &out.path, MaxImportPathChars)
        || !boundedText(reader, QStringLiteral("name"), &out.name, MaxImportTextChars)
        || !reader.map(QStringLiteral("options"), &out.options)
        || !intField(reader, QStringLiteral("rows"), &out.rows, 1)
        || !ImportOptions::fromCbor(out.options, error)) {
        return std::nullopt;
    }
    if (out.path.isEmpty() || out.name.isEmpty()) {
        reader.fail(QStringLiteral("field 'path' or 'name' is empty"));
        return std::nullopt;
    }
    if (out.rows > MaxImportRows) {
        reader.fail(QStringLiteral("field 'rows' allows at most %1 rows").arg(MaxImportRows));
        return std::nullopt;
    }
    return out;
}

QCborMap SniffResult::toCbor() const
{
    QCborMap map = header(MessageType::Sniffed, id);
    map.insert(QStringLiteral("error"), error);
    map.insert(QStringLiteral("warnings"), QCborArray::fromStringList(warnings));
    map.insert(QStringLiteral("options"), options.toCbor());
    map.insert(QStringLiteral("sheets"), QCborArray::fromStringList(sheets));
    QCborArray columnList;
    for (const ImportColumn &column : columns)
        columnList.append(column.toCbor());
    map.insert(QStringLiteral("columns"), columnList);
    QCborArray rowList;
    for (const QStringList &row : rows) {
        QCborArray cells;
        for (const QString &cell : row)
            cells.append(cell.isNull() ? QCborValue(QCborValue::Null) : QCborValue(cell));
        rowList.append(cells);
    }
    map.insert(QStringLiteral("rows"), rowList);
    map.insert(QStringLiteral("more"), more);
    map.insert(QStringLiteral("bytes"), bytes);
    map.insert(QStringLiteral("code"), code);
    return map;
}

std::optional<SniffResult> SniffResult::fromCbor(const QCborMap &body, QString *error)
{
    Reader reader(body, error);
    SniffResult out;
    QCborMap options;
    QCborArray rowList;
    if (!readHeader(reader, body, MessageType::Sniffed, &out.id)
        || !boundedText(reader, QStringLiteral("error"), &out.error, MaxImportTextChars)
        || !boundedTextList(reader, QStringLiteral("warnings"), &out.warnings, MaxImportWarnings)
        || !reader.map(QStringLiteral("options"), &options)
        || !boundedTextList(reader, QStringLiteral("sheets"), &out.sheets, MaxImportSheets)
        || !importColumns(reader, QStringLiteral("columns"), &out.columns)
        || !reader.array(QStringLiteral("rows"), &rowList)
        || !reader.boolean(QStringLiteral("more"), &out.more)
        || !reader.integer(QStringLiteral("bytes"), &out.bytes, 0)
        || !boundedText(reader, QStringLiteral("code"), &out.code, MaxImportCodeChars)) {
        return std::nullopt;
    }
    const auto parsedOptions = ImportOptions::fromCbor(options, error);
    if (!parsedOptions)
        return std::nullopt;
    out.options = *parsedOptions;
    if (rowList.size() > MaxImportRows) {
        reader.fail(QStringLiteral("field 'rows' has more than %1 rows").arg(MaxImportRows));
        return std::nullopt;
    }
    for (const QCborValue &rowValue : std::as_const(rowList)) {
        const QCborArray cells = rowValue.toArray();
        if (!rowValue.isArray() || cells.size() != out.columns.size()) {
            reader.fail(QStringLiteral("field 'rows' must hold one cell per column"));
            return std::nullopt;
        }
        QStringList row;
        row.reserve(cells.size());
        for (const QCborValue &cell : cells) {
            if (cell.isNull()) {
                row.append(QString());
            } else if (cell.isString() && cell.toString().size() <= MaxCellChars) {
                // An empty text is a value, not a missing one: never a null QString.
                const QString text = cell.toString();
                row.append(text.isNull() ? QStringLiteral("") : text);
            } else {
                reader.fail(QStringLiteral("a preview cell must be null or text of at most %1 "
                                           "characters")
                                    .arg(MaxCellChars));
                return std::nullopt;
            }
        }
        out.rows.append(row);
    }
    return out;
}

QString replyTypeFor(const QString &requestType)
{
    if (requestType == MessageType::Complete)
        return MessageType::Completions;
    if (requestType == MessageType::Signature)
        return MessageType::Signatures;
    if (requestType == MessageType::Inspect)
        return MessageType::Documentation;
    if (requestType == MessageType::Format)
        return MessageType::Formatted;
    if (requestType == MessageType::Lint || requestType == MessageType::Scan)
        return MessageType::Diagnostics;
    if (requestType == MessageType::Page)
        return MessageType::Rows;
    if (requestType == MessageType::Summarize)
        return MessageType::Summary;
    if (requestType == MessageType::Find)
        return MessageType::Found;
    if (requestType == MessageType::Release)
        return MessageType::Released;
    if (requestType == MessageType::Expand)
        return MessageType::Members;
    if (requestType == MessageType::Sniff)
        return MessageType::Sniffed;
    if (requestType == MessageType::Count)
        return MessageType::Counted;
    if (requestType == MessageType::Cluster)
        return MessageType::ClusterInfo;
    return QString();
}

std::optional<QCborMap> emptyReplyFor(const QString &requestType,
                                      quint64 id,
                                      const QString &message)
{
    if (requestType == MessageType::Summarize) {
        ColumnSummary summary;
        summary.id = id;
        summary.error
                = message.isEmpty() ? QStringLiteral("no summary") : message.left(MaxCellChars);
        return summary.toCbor();
    }
    if (requestType == MessageType::Find) {
        FindResult result;
        result.id = id;
        result.error
                = message.isEmpty() ? QStringLiteral("not searched") : message.left(MaxCellChars);
        return result.toCbor();
    }
    if (requestType == MessageType::Release)
        return Released{id}.toCbor();
    if (requestType == MessageType::Expand) {
        MemberList list;
        list.id = id;
        list.error = message.isEmpty() ? QStringLiteral("no members") : message.left(MaxCellChars);
        return list.toCbor();
    }
    if (requestType == MessageType::Sniff) {
        SniffResult result;
        result.id = id;
        result.error
                = message.isEmpty() ? QStringLiteral("not read") : message.left(MaxImportTextChars);
        return result.toCbor();
    }
    if (requestType == MessageType::Count) {
        RowCount count;
        count.id = id;
        count.finished = true;
        count.error
                = message.isEmpty() ? QStringLiteral("not counted") : message.left(MaxCellChars);
        return count.toCbor();
    }
    if (requestType == MessageType::Cluster) {
        ClusterInfo info;
        info.id = id;
        info.error = message.left(MaxCellChars);
        return info.toCbor();
    }
    if (requestType == MessageType::Page) {
        Page page;
        page.id = id;
        page.error = message.isEmpty() ? QStringLiteral("no page") : message.left(MaxCellChars);
        return page.toCbor();
    }
    if (requestType == MessageType::Complete)
        return Completions{id, {}}.toCbor();
    if (requestType == MessageType::Signature)
        return Signatures{id, {}}.toCbor();
    if (requestType == MessageType::Inspect) {
        Documentation documentation;
        documentation.id = id;
        return documentation.toCbor();
    }
    if (requestType == MessageType::Format) {
        FormatResult result;
        result.id = id;
        result.errorMessage = message.isEmpty() ? QStringLiteral("not formatted")
                                                : message.left(MaxCodeIntelTextChars);
        return result.toCbor();
    }
    if (requestType == MessageType::Lint || requestType == MessageType::Scan)
        return Diagnostics{id, {}}.toCbor();
    return std::nullopt;
}

} // namespace Sandpiper::Protocol
