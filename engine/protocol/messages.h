#pragma once

// The typed messages exchanged between the GUI side (client) and an engine. Compiled into both
// sides. Every body is a CBOR map with "type" (text) and "id" (unsigned request id; engine
// messages carry the id of the request they answer). Binary data travels as CBOR byte strings.
//
// client -> engine: execute, ping, shutdown
// engine -> client: hello (once, unsolicited, id 0), stream, display, variables, result, pong
// Code intelligence (see the end of this file): complete -> completions, signature -> signatures,
// inspect -> documentation, format -> formatted, lint -> diagnostics, scan -> diagnostics (the
// security scan's findings); cancel.
//
// fromCbor() functions validate field types strictly: engine frames are untrusted, so anything
// missing or of the wrong type is an error with a message, never a default that hides it.

#include <QByteArray>
#include <QCborArray>
#include <QCborMap>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <algorithm>
#include <optional>
#include <utility>

namespace Sandpiper::Protocol {

inline constexpr int ProtocolVersion = 2;
// The engine's thread that warms code intelligence up at idle priority; the client finds it
// by this name (/proc/PID/task/TID/comm, at most 15 bytes) to show its CPU as warm-up.
inline constexpr char WarmUpThreadName[] = "sp-warm-up";

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
inline constexpr QLatin1StringView Complete{"complete"};
inline constexpr QLatin1StringView Completions{"completions"};
inline constexpr QLatin1StringView Signature{"signature"};
inline constexpr QLatin1StringView Signatures{"signatures"};
inline constexpr QLatin1StringView Inspect{"inspect"};
inline constexpr QLatin1StringView Documentation{"documentation"};
inline constexpr QLatin1StringView Format{"format"};
inline constexpr QLatin1StringView Formatted{"formatted"};
inline constexpr QLatin1StringView Lint{"lint"};
inline constexpr QLatin1StringView Diagnostics{"diagnostics"};
inline constexpr QLatin1StringView Scan{"scan"};
inline constexpr QLatin1StringView Cancel{"cancel"};
inline constexpr QLatin1StringView Page{"page"};
inline constexpr QLatin1StringView Rows{"rows"};
inline constexpr QLatin1StringView Summarize{"summarize"};
inline constexpr QLatin1StringView Summary{"summary"};
inline constexpr QLatin1StringView Find{"find"};
inline constexpr QLatin1StringView Found{"found"};
inline constexpr QLatin1StringView Release{"release"};
inline constexpr QLatin1StringView Released{"released"};
inline constexpr QLatin1StringView Expand{"expand"};
inline constexpr QLatin1StringView Members{"members"};
inline constexpr QLatin1StringView Sniff{"sniff"};
inline constexpr QLatin1StringView Sniffed{"sniffed"};
inline constexpr QLatin1StringView Count{"count"};
inline constexpr QLatin1StringView Counted{"counted"};
inline constexpr QLatin1StringView Cluster{"cluster"};
inline constexpr QLatin1StringView ClusterInfo{"cluster-info"};
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
    QString type; // e.g. "DataFrame", "int", "ndarray"
    // "dataframe", "series", "array", "scalar", "collection", "object", "daskframe", "daskarray"
    QString kind;
    QList<qint64> shape;     // empty when not applicable; -1: an extent not known (Dask)
    QString dtypes;          // short text, e.g. "int64, float64 (3 columns)"; may be empty
    qint64 bytes = -1;       // memory size estimate; -1 when unknown
    QString repr;            // bounded in length and in time
    bool expandable = false; // optional: it has members ("expand" lists them)

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
    // false: objects the run did not name may have changed in place; the engine looks at them
    // while idle and sends what it finds as another diff, settled, with id 0.
    bool settled = true;

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

// --- code intelligence ------------------------------------------------------------------------
//
// complete, signature and inspect go to a session engine, where "live" requests use the real
// namespace and are answered even while code runs, or to the code-intelligence engine (static
// analysis of the text). format and lint go to the code-intelligence engine. Every request gets
// exactly one reply carrying its id; "cancel" (id = the request's id) drops a request that has not
// started yet, whose reply then comes at once and empty.
//
// Positions: line 1-based, column 0-based, counted in Unicode code points (as Python does).

inline constexpr int MaxCodeIntelItems = 1000;         // completions, signatures, diagnostics
inline constexpr int MaxCodeIntelDocChars = 20 * 1024; // documentation text
inline constexpr int MaxCodeIntelTextChars = 8 * 1024; // names, labels, signatures, messages
inline constexpr int MaxFormatRanges = 1000;

enum class CodeSource { Live, Static };
QString toString(CodeSource source);
std::optional<CodeSource> codeSourceFromString(const QString &text);

// The completion kinds (jedi's types): module, class, function, instance, keyword, param, path,
// statement, property.
const QStringList &completionKinds();

// complete / signature / inspect: the same query about a position in a text.
struct CodeQuery
{
    QLatin1StringView type = MessageType::Complete; // Complete, Signature or Inspect
    quint64 id = 0;
    QString code;
    int line = 1;
    int column = 0;
    CodeSource source = CodeSource::Live;
    QString path; // the file the text belongs to; may be empty

    QCborMap toCbor() const;
    // Accepts the three query types; the one found is in 'type'.
    static std::optional<CodeQuery> fromCbor(const QCborMap &body, QString *error);
};

struct CompletionItem
{
    QString name;         // the text that replaces the last prefixLength characters
    QString kind;         // one of completionKinds()
    QString signature;    // may be empty
    QString doc;          // short, may be empty
    int prefixLength = 0; // characters before the cursor that 'name' replaces

    QCborMap toCbor() const;
    static std::optional<CompletionItem> fromCbor(const QCborMap &map, QString *error);
    friend bool operator==(const CompletionItem &, const CompletionItem &) = default;
};

struct Completions
{
    quint64 id = 0;
    QList<CompletionItem> items;

    QCborMap toCbor() const;
    static std::optional<Completions> fromCbor(const QCborMap &body, QString *error);
};

struct SignatureInfo
{
    QString label;        // e.g. "read_csv(filepath_or_buffer, *, sep=..., ...)"
    QStringList params;   // each parameter as written in the label
    int activeParam = -1; // index into params of the argument at the cursor; -1 none
    QString doc;

    QCborMap toCbor() const;
    static std::optional<SignatureInfo> fromCbor(const QCborMap &map, QString *error);
    friend bool operator==(const SignatureInfo &, const SignatureInfo &) = default;
};

struct Signatures
{
    quint64 id = 0;
    QList<SignatureInfo> items;

    QCborMap toCbor() const;
    static std::optional<Signatures> fromCbor(const QCborMap &body, QString *error);
};

struct Documentation
{
    quint64 id = 0;
    QString name; // empty: nothing documented at that position
    QString kind; // one of completionKinds(), or empty
    QString signature;
    QString doc; // plain text
    // Where it is defined; empty path and line -1 when unknown.
    QString definitionPath;
    int definitionLine = -1;
    int definitionColumn = -1;

    QCborMap toCbor() const;
    static std::optional<Documentation> fromCbor(const QCborMap &body, QString *error);
};

struct FormatRequest
{
    quint64 id = 0;
    QString code;
    QList<std::pair<int, int>> lineRanges; // 1-based, inclusive; empty: the whole text
    int lineLength = 88;

    QCborMap toCbor() const;
    static std::optional<FormatRequest> fromCbor(const QCborMap &body, QString *error);
};

struct FormatResult
{
    quint64 id = 0;
    bool ok = false;
    QString code;         // the formatted text when ok; empty otherwise
    QString errorMessage; // why not, e.g. "Cannot parse: 3:7: ..."
    int errorLine = -1;   // 1-based line of a syntax error, -1 unknown

    QCborMap toCbor() const;
    static std::optional<FormatResult> fromCbor(const QCborMap &body, QString *error);
};

struct LintRequest
{
    quint64 id = 0;
    QString code;
    QString path; // the file linted; may be empty
    // The project's flake8 configuration (INI text) and where it is; both empty: the engine
    // looks for setup.cfg, tox.ini or .flake8 from path upwards itself, if it can see them.
    QString config;
    QString configPath;

    QCborMap toCbor() const;
    static std::optional<LintRequest> fromCbor(const QCborMap &body, QString *error);
};

// The security scan (tools engine): what the code would do that its user should know. Answered
// by diagnostics whose code is the rule ("SP101") and message the reason.
struct ScanRequest
{
    quint64 id = 0;
    QString code;

    QCborMap toCbor() const;
    static std::optional<ScanRequest> fromCbor(const QCborMap &body, QString *error);
};

enum class Severity { Error, Warning, Info };
QString toString(Severity severity);
std::optional<Severity> severityFromString(const QString &text);

struct Diagnostic
{
    int line = 1;
    int column = 0;
    QString code; // e.g. "F401"
    QString message;
    Severity severity = Severity::Warning;

    QCborMap toCbor() const;
    static std::optional<Diagnostic> fromCbor(const QCborMap &map, QString *error);
    friend bool operator==(const Diagnostic &, const Diagnostic &) = default;
};

struct Diagnostics
{
    quint64 id = 0;
    QList<Diagnostic> items;

    QCborMap toCbor() const;
    static std::optional<Diagnostics> fromCbor(const QCborMap &body, QString *error);
};

struct CancelRequest
{
    quint64 id = 0; // the request to cancel
    QCborMap toCbor() const;
    static std::optional<CancelRequest> fromCbor(const QCborMap &body, QString *error);
};

// --- data ----------------------------------------------------------------------------------------
//
// "page" asks a session engine for a window of a table-like variable (a DataFrame or Series, a
// numpy array of one or two dimensions, a list of records, a dict of lists): rows
// [rowStart, rowStart + rowCount) and columns likewise. It is a side request: answered while code
// runs, never changing the object. The reply "rows" has the table's full extent, the window's
// column names, dtypes and index labels, and its cells, or an error saying why there is none.
// A cell is null (NaN, None, NaT, pd.NA), a boolean, an integer, a double or text; anything
// else comes as its text, and text longer than MaxCellChars is cut.

inline constexpr int MaxPageRows = 1000;
inline constexpr int MaxPageColumns = 200;
inline constexpr int MaxCellChars = 1000;
inline constexpr int MaxVariableNameChars = 256;
// An index of more levels comes as one level of joined labels.
inline constexpr int MaxIndexLevels = 16;

// A page may come from a view of the table: its rows filtered, then sorted. The engine computes
// the view (a row order it keeps for the next pages of the same view) and never changes the
// object; rows are numbered in the view, the index labels stay the object's.
//
// A viewer may hold its object: a page with a nonzero 'hold' (an id the window picks, one per
// viewer) shows the object held under it, taking what 'name' names when nothing is held yet or
// when 'follow' is set. The engine keeps the object alive until "release" lets go of the hold,
// so a viewer can go on showing an object whose name was deleted or bound to another ('rebound'
// in the page says so). At most MaxHolds are held at once.
inline constexpr int MaxHolds = 256;

// A member of a variable, one step of a path: its position among its parent's members and its
// name, the access as code writes it ("['key']", "[3]", ".attr"). The engine takes the member at
// that position when its name matches, else looks for the name, so a member that moved is still
// found; one that is gone is an error.
inline constexpr int MaxMemberDepth = 32;
inline constexpr int MaxMemberNameChars = 256;
struct MemberStep
{
    qint64 at = 0;
    QString name; // 1..MaxMemberNameChars characters
    friend bool operator==(const MemberStep &, const MemberStep &) = default;
};
inline constexpr int MaxSortKeys = 8;
inline constexpr int MaxFilterConditions = 32;
inline constexpr int MaxFilterValues = 1000;

struct SortKey
{
    qint64 column = 0;
    bool ascending = true;
    friend bool operator==(const SortKey &, const SortKey &) = default;
};

// Compare ops and the text ops (contains, startswith, endswith, regex) take one value, between
// two (inclusive), isnull and notnull none, in 1..MaxFilterValues. A value is null, a boolean, a
// number or text of at most MaxCellChars.
enum class FilterOp {
    Equal,
    NotEqual,
    Less,
    LessEqual,
    Greater,
    GreaterEqual,
    Between,
    IsNull,
    NotNull,
    Contains,
    StartsWith,
    EndsWith,
    Regex,
    In,
};
QString toString(FilterOp op);
std::optional<FilterOp> filterOpFromString(const QString &text);

struct FilterCondition
{
    qint64 column = 0;
    FilterOp op = FilterOp::Equal;
    QCborArray values;
    friend bool operator==(const FilterCondition &, const FilterCondition &) = default;
};

struct TableFilter
{
    bool matchAll = true; // all conditions (AND) or any (OR)
    QList<FilterCondition> conditions;
    bool isEmpty() const { return conditions.isEmpty(); }
    friend bool operator==(const TableFilter &, const TableFilter &) = default;
};

struct PageRequest
{
    quint64 id = 0;
    QString name; // a variable of the session's namespace
    qint64 rowStart = 0;
    int rowCount = 0; // 1..MaxPageRows
    qint64 columnStart = 0;
    int columnCount = 0;      // 1..MaxPageColumns
    QList<SortKey> sort;      // optional; the first key sorts first
    TableFilter filter;       // optional
    QList<MemberStep> path{}; // optional: a member of the variable (see ExpandRequest)
    quint64 hold = 0;         // optional; see MaxHolds
    bool follow = false;      // optional; hold what 'name' (and 'path') names now
    // optional: of a Dask DataFrame, the partition the rows are of (of the sorted and filtered
    // frame with a view); see Page::partitions.
    qint64 partition = 0;

    QCborMap toCbor() const;
    static std::optional<PageRequest> fromCbor(const QCborMap &body, QString *error);
};

struct PageColumn
{
    QString name;
    QString dtype;
    friend bool operator==(const PageColumn &, const PageColumn &) = default;
};

struct Page
{
    quint64 id = 0;
    QString error;        // why there is no page; empty when there is one
    qint64 totalRows = 0; // of the view: after the filter
    qint64 totalColumns = 0;
    qint64 sourceRows = 0; // of the object, before the filter (>= totalRows)
    qint64 rowStart = 0;
    qint64 columnStart = 0;
    QList<PageColumn> columns;
    // The index's labels, row by row, one per level (rows × levels); the levels' names (empty
    // text for none) in indexNames, empty for one unnamed level.
    QStringList index;
    QStringList indexNames;
    QList<QCborArray> rows; // each as long as columns
    // The held object is no longer what the name names (deleted, or bound to another object).
    bool rebound = false;
    // A Dask DataFrame is read a partition at a time: its partitions (0 for any other table),
    // and the one the page's rows (totalRows, sourceRows) are of.
    qint64 partitions = 0;
    qint64 partition = 0;

    qsizetype indexLevels() const { return std::max<qsizetype>(1, indexNames.size()); }

    QCborMap toCbor() const;
    static std::optional<Page> fromCbor(const QCborMap &body, QString *error);
};

// "summarize" asks for a summary of one column of a table-like variable (a side request like
// "page"): counts, nulls, distinct values, statistics of numbers, the most frequent values, and
// a histogram of numbers. Work on a large column may use a sample of it: 'sampled' then says how
// many rows the quantiles, the distinct count and the top values come from.
inline constexpr int MaxSummaryStats = 16;
inline constexpr int MaxSummaryTop = 20;
inline constexpr int MaxHistogramBins = 100;

struct SummaryRequest
{
    quint64 id = 0;
    QString name;
    qint64 column = 0;
    quint64 hold = 0;         // optional: the held object (see MaxHolds)
    QList<MemberStep> path{}; // optional: a member of the variable (see ExpandRequest)

    QCborMap toCbor() const;
    static std::optional<SummaryRequest> fromCbor(const QCborMap &body, QString *error);
};

struct ValueCount
{
    QString value;
    qint64 count = 0;
    friend bool operator==(const ValueCount &, const ValueCount &) = default;
};

struct ColumnSummary
{
    quint64 id = 0;
    QString error; // why there is none; empty when there is one
    QString name;
    QString dtype;
    qint64 rows = 0;
    qint64 nulls = 0;
    qint64 distinct = -1; // -1: not known
    qint64 sampled = 0;   // rows the sampled figures come from (== rows - nulls when exact)
    // In this order, those that apply: min, max, mean, std, 25%, 50%, 75%; numbers, or text for
    // dates.
    QList<std::pair<QString, QCborValue>> stats;
    QList<ValueCount> top; // most frequent first
    QList<double> edges;   // histogram: bins + 1 ascending edges
    QList<qint64> counts;  // one per bin

    QCborMap toCbor() const;
    static std::optional<ColumnSummary> fromCbor(const QCborMap &body, QString *error);
};

// "find" looks for the next cell whose value matches a text, in a view of a table (side request).
// Cells are numbered row by row in the view: position = row * totalColumns + column. The engine
// looks at 'count' positions from 'start' on (or back, with 'backward'), going round past the
// end, and stops early when its time is up: the reply says where it found a cell, or how many
// positions it looked at, so the window can go on from there. Text cells match when they contain
// the text; numbers when they equal it at its precision ("3.14" finds 3.14159); dates, booleans
// and the names of objects by their text.
struct FindRequest
{
    quint64 id = 0;
    QString name;
    QList<MemberStep> path{}; // optional: a member of the variable (see ExpandRequest)
    quint64 hold = 0;
    QList<SortKey> sort;
    TableFilter filter;
    QString text; // 1..MaxCellChars characters
    qint64 start = 0;
    qint64 count = 0;
    bool backward = false;
    bool matchCase = false;

    QCborMap toCbor() const;
    static std::optional<FindRequest> fromCbor(const QCborMap &body, QString *error);
};

struct FindResult
{
    quint64 id = 0;
    QString error;
    bool found = false;
    qint64 row = 0; // of the cell found, in the view
    qint64 column = 0;
    qint64 scanned = 0; // positions looked at before the one found, or all when none was

    QCborMap toCbor() const;
    static std::optional<FindResult> fromCbor(const QCborMap &body, QString *error);
};

// "count" counts the rows of a viewer's Dask DataFrame (in its view) in the background; the
// first request starts the count, later ones say how far it is ("counted"), 'cancel' stops it
// and 'restart' begins it again. A side request.
struct RowCountRequest
{
    quint64 id = 0;
    QString name;
    QList<MemberStep> path{};
    quint64 hold = 0;
    QList<SortKey> sort;
    TableFilter filter;
    bool cancel = false;
    bool restart = false;

    QCborMap toCbor() const;
    static std::optional<RowCountRequest> fromCbor(const QCborMap &body, QString *error);
};

struct RowCount
{
    quint64 id = 0;
    QString error;    // why there is no count; empty when it goes on or is done
    qint64 done = 0;  // partitions counted
    qint64 of = 0;    // partitions in all
    qint64 rows = -1; // the total once finished without error; -1 before
    bool finished = false;
    bool cancelled = false;

    QCborMap toCbor() const;
    static std::optional<RowCount> fromCbor(const QCborMap &body, QString *error);
};

// "cluster" asks what the session's Dask cluster is doing, from its scheduler's information;
// "cluster-info" answers (no workers: there is no cluster). A side request.
inline constexpr int MaxClusterWorkers = 256;
inline constexpr int MaxClusterAddressChars = 200;
inline constexpr int MaxClusterProcesses = 4096;

struct ClusterRequest
{
    quint64 id = 0;
    bool close = false; // end the session's clusters first (their workers' processes go too)
    QCborMap toCbor() const;
    static std::optional<ClusterRequest> fromCbor(const QCborMap &body, QString *error);
};

struct ClusterWorker
{
    QString address; // e.g. "tcp://127.0.0.1:40123"
    QString name;
    qint64 memory = 0; // bytes the worker process uses
    qint64 memoryLimit = 0;
    double cpu = 0; // percent of one core
    qint64 running = 0;
    qint64 queued = 0;
    qint64 spilled = 0; // bytes on disk
    qint64 threads = 0;
    friend bool operator==(const ClusterWorker &, const ClusterWorker &) = default;
};

struct ClusterInfo
{
    quint64 id = 0;
    QString error;
    QString scheduler; // its address; empty without a cluster
    QList<ClusterWorker> workers;
    // The processes the session runs on purpose (the clusters' and multiprocessing's resource
    // tracker and fork server), by their start time (clock ticks since boot, field 22 of
    // /proc/PID/stat: the same inside and outside the sandbox's PID namespace). They are the
    // session's on purpose, not left over by a run (see RunLedger).
    QList<quint64> processes;

    QCborMap toCbor() const;
    static std::optional<ClusterInfo> fromCbor(const QCborMap &body, QString *error);
};

// "release" lets go of a viewer's hold (see MaxHolds) and what the engine kept for its views;
// "released" answers it.
struct ReleaseRequest
{
    quint64 id = 0;
    quint64 hold = 0;

    QCborMap toCbor() const;
    static std::optional<ReleaseRequest> fromCbor(const QCborMap &body, QString *error);
};

struct Released
{
    quint64 id = 0;
    QCborMap toCbor() const;
    static std::optional<Released> fromCbor(const QCborMap &body, QString *error);
};

// "expand" lists the members of a variable (or of a member of it, by 'path'): the entries of a
// dict, the items of a list or tuple, the columns of a DataFrame, the attributes of a module or
// an object, from 'start', at most 'count' (1..MaxMembers). A side request; no user code runs to
// answer it. "members" answers with their total and their summaries, each named by its access
// ("['key']", "[3]", ".attr", see MemberStep), or an error saying why there are none.
inline constexpr int MaxMembers = 500;

struct ExpandRequest
{
    quint64 id = 0;
    QString name;
    QList<MemberStep> path{}; // 0..MaxMemberDepth steps
    qint64 start = 0;
    int count = 0;

    QCborMap toCbor() const;
    static std::optional<ExpandRequest> fromCbor(const QCborMap &body, QString *error);
};

struct MemberList
{
    quint64 id = 0;
    QString error;
    qint64 total = 0;
    qint64 start = 0;
    QList<VariableSummary> members; // at most MaxMembers

    QCborMap toCbor() const;
    static std::optional<MemberList> fromCbor(const QCborMap &body, QString *error);
};

// --- Import: sniffing and previewing a dataset file ------------------------------------------

// "sniff" asks the tools engine how it would read the dataset file at 'path' (a file in a
// session's workspace, visible read-only to that engine) and for the first 'rows' rows read that
// way. 'name' is the file name the generated code uses (it runs in the workspace). 'options'
// holds what the user chose (ImportOptions' keys, a subset); every option not given is sniffed.
// "sniffed" answers with every option, the preview and the pandas code that loads the file, or
// an error saying why it cannot be read. Options cross the wire with the keys of
// `sandpiper --sniff` (snake_case), so the command line prints the same names.
inline constexpr int MaxImportRows = 200;
inline constexpr int MaxImportColumns = 2000;
inline constexpr int MaxImportSheets = 1000;
inline constexpr int MaxImportWarnings = 50;
inline constexpr int MaxImportTextChars = 1000; // option values, names, messages
inline constexpr int MaxImportPathChars = 4096;
inline constexpr int MaxImportCodeChars = 64 * 1024;

namespace ImportKey {
inline constexpr QLatin1StringView Format{"format"}; // "csv", "excel", "json", "parquet"
inline constexpr QLatin1StringView Encoding{"encoding"};
inline constexpr QLatin1StringView Delimiter{"delimiter"};
inline constexpr QLatin1StringView Quotechar{"quotechar"};
inline constexpr QLatin1StringView Escapechar{"escapechar"};
inline constexpr QLatin1StringView Decimal{"decimal"};
inline constexpr QLatin1StringView Thousands{"thousands"};
inline constexpr QLatin1StringView SkipRows{"skip_rows"};
inline constexpr QLatin1StringView Header{"header"};
inline constexpr QLatin1StringView Comment{"comment"};
inline constexpr QLatin1StringView NaValues{"na_values"};
inline constexpr QLatin1StringView Sheet{"sheet"};
inline constexpr QLatin1StringView JsonOrient{"json_orient"};
inline constexpr QLatin1StringView Nrows{"nrows"};
inline constexpr QLatin1StringView OnBadLines{"on_bad_lines"}; // "error", "skip", "warn"
inline constexpr QLatin1StringView Variable{"variable"};
inline constexpr QLatin1StringView Columns{"columns"};
} // namespace ImportKey

// One column of the file and what the user made of it. dtype: "int", "float", "bool",
// "datetime" (with a strftime 'format'), "category", "text", or "auto" (sniffed).
struct ImportColumn
{
    QString name; // as in the file
    QString dtype;
    QString format{};
    QString rename{}; // empty: keep the name
    bool keep = true;

    QCborMap toCbor() const;
    static std::optional<ImportColumn> fromCbor(const QCborMap &body, QString *error);
};

// How a file is read. Text options that are "none" (no thousands separator, no comment
// character, no sheet) are empty here and null on the wire.
struct ImportOptions
{
    QString format;
    QString encoding;
    QString delimiter;
    QString quotechar;
    QString escapechar;
    QString decimal;
    QString thousands;
    qint64 skipRows = 0;
    bool header = true;
    QString comment;
    QStringList naValues;
    QString sheet;
    QString jsonOrient;
    qint64 nrows = 0; // 0: every row
    QString onBadLines;
    QString variable;
    QList<ImportColumn> columns; // at most MaxImportColumns

    // Only the keys listed (ImportKey names); all of them when 'keys' is empty.
    QCborMap toCbor(const QStringList &keys = {}) const;
    // Keys that are absent keep their defaults; present ones must have the right type.
    static std::optional<ImportOptions> fromCbor(const QCborMap &body, QString *error);
};

struct SniffRequest
{
    quint64 id = 0;
    QString path;             // absolute, 1..MaxImportPathChars
    QString name;             // 1..MaxImportTextChars
    QCborMap options{};       // a subset of ImportOptions::toCbor()
    int rows = MaxImportRows; // 1..MaxImportRows

    QCborMap toCbor() const;
    static std::optional<SniffRequest> fromCbor(const QCborMap &body, QString *error);
};

struct SniffResult
{
    quint64 id = 0;
    QString error;
    QStringList warnings; // at most MaxImportWarnings
    ImportOptions options;
    QStringList sheets;          // Excel: every sheet, in workbook order
    QList<ImportColumn> columns; // the preview's columns: final name and dtype
    QList<QStringList> rows;     // cells as text, a null QString for a missing value
    bool more = false;           // the file has more rows than the preview (or may have)
    qint64 bytes = 0;
    QString code;

    QCborMap toCbor() const;
    static std::optional<SniffResult> fromCbor(const QCborMap &body, QString *error);
};

// The reply type for a request type ("complete" -> "completions", "page" -> "rows"), empty for
// others.
QString replyTypeFor(const QString &requestType);
// An empty but valid reply to a request of that type: no items, for format ok false with the
// message, for page the message as its error. nullopt for a type that is none of these.
std::optional<QCborMap> emptyReplyFor(const QString &requestType,
                                      quint64 id,
                                      const QString &message = {});

} // namespace Sandpiper::Protocol
