#include "frame.h"
#include "messages.h"

#include <QCborArray>
#include <QTest>

using namespace Sandpiper::Protocol;

// Every message goes through toCbor -> frame -> decoder -> fromCbor and comes back equal; every
// field is checked for "missing" and "wrong type" because engine frames are untrusted.
class tst_Messages : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void helloRoundTrip();
    void helloVersionMismatch();
    void helloBadLibraries();
    void streamRoundTrip_data();
    void streamRoundTrip();
    void displayRoundTrip();
    void displayBadContent_data();
    void displayBadContent();
    void variablesRoundTrip();
    void variablesBadItems_data();
    void variablesBadItems();
    void resultRoundTrip_data();
    void resultRoundTrip();
    void resultBadFields_data();
    void resultBadFields();
    void executeRoundTrip();
    void emptyMessagesRoundTrip();
    void missingFields_data();
    void missingFields();
    void wrongFieldTypes_data();
    void wrongFieldTypes();
    void wrongMessageType();
    void idAndType_data();
    void idAndType();
    void statusStrings();
    void codeQueryRoundTrip_data();
    void codeQueryRoundTrip();
    void completionsRoundTrip();
    void signaturesRoundTrip();
    void documentationRoundTrip();
    void formatRoundTrip();
    void lintRoundTrip();
    void scanRoundTrip();
    void pageRoundTrip();
    void daskRoundTrip();
    void summaryRoundTrip();
    void findAndReleaseRoundTrip();
    void expandAndMembersRoundTrip();
    void sniffRoundTrip();
    void sniffBounds();
    void codeIntelBadFields_data();
    void codeIntelBadFields();
    void codeIntelBounds_data();
    void codeIntelBounds();
    void emptyReplies_data();
    void emptyReplies();
};

namespace {

// Through the wire for real: encode a frame and decode it again.
QCborMap throughWire(const QCborMap &body)
{
    FrameDecoder decoder;
    decoder.append(encodeFrame(body));
    auto decoded = decoder.next();
    if (!decoded)
        qFatal("frame did not decode: %s", qPrintable(decoder.errorString()));
    return *decoded;
}

Hello sampleHello()
{
    Hello h;
    h.pid = 4242;
    h.pythonVersion = QStringLiteral("3.13.5");
    h.libraries = {{QStringLiteral("pandas"), QStringLiteral("2.2.3")},
                   {QStringLiteral("numpy"), QStringLiteral("2.2.4")}};
    h.sandbox.insert(QStringLiteral("landlock"), true);
    h.sandbox.insert(QStringLiteral("level"), 3);
    return h;
}

VariableSummary sampleVariable(const QString &name)
{
    VariableSummary v;
    v.name = name;
    v.type = QStringLiteral("DataFrame");
    v.kind = QStringLiteral("dataframe");
    v.shape = {1000000, 3};
    v.dtypes = QStringLiteral("int64, float64 (3 columns)");
    v.bytes = 24000128;
    v.repr = QStringLiteral("   a  b\n0  1  2 — ünïcode");
    return v;
}

ExecutionResult sampleResult()
{
    ExecutionResult r;
    r.id = 17;
    r.status = ExecutionStatus::Error;
    r.error.type = QStringLiteral("ZeroDivisionError");
    r.error.message = QStringLiteral("division by zero");
    r.error.traceback = {QStringLiteral("  File \"<cell 1>\", line 2, in <module>"),
                         QStringLiteral("ZeroDivisionError: division by zero")};
    r.error.line = 2;
    r.wallSeconds = 0.25;
    r.cpuSeconds = 0.125;
    r.outputBytes = 1234;
    r.outputTruncated = true;
    return r;
}

ExecuteRequest sampleExecute()
{
    ExecuteRequest e;
    e.id = 9;
    e.code = QStringLiteral("x = 1\nx + 1");
    e.cellName = QStringLiteral("<cell 3>");
    e.silent = true;
    e.outputLimitBytes = 1 << 20;
    return e;
}

StreamOutput sampleStream()
{
    StreamOutput s;
    s.id = 3;
    s.name = StreamName::Stderr;
    s.data = QByteArray("bad utf-8: \xff\xfe and a NUL \0 end", 32);
    s.truncated = true;
    return s;
}

DisplayData sampleDisplay()
{
    DisplayData d;
    d.id = 5;
    d.data.insert(QStringLiteral("text/plain"), QStringLiteral("<Figure>"));
    d.data.insert(QStringLiteral("image/png"), QByteArray("\x89PNG\r\n\x1a\n\0\0", 10));
    d.data.insert(QStringLiteral("application/vnd.plotly.v1+json"),
                  QStringLiteral("{\"data\":[]}"));
    d.metadata.insert(QStringLiteral("width"), 640);
    return d;
}

VariablesDiff sampleVariables()
{
    VariablesDiff diff;
    diff.id = 8;
    diff.changed = {sampleVariable(QStringLiteral("df")), sampleVariable(QStringLiteral("x"))};
    diff.changed[1].shape = {};
    diff.changed[1].bytes = -1;
    diff.removed = {QStringLiteral("old"), QStringLiteral("gone")};
    diff.reset = true;
    return diff;
}

CodeQuery sampleQuery(QLatin1StringView type = MessageType::Complete)
{
    CodeQuery q;
    q.type = type;
    q.id = 21;
    q.code = QStringLiteral("import os\nos.pa — ü");
    q.line = 2;
    q.column = 5;
    q.source = CodeSource::Static;
    q.path = QStringLiteral("/work/analysis.py");
    return q;
}

Completions sampleCompletions()
{
    Completions c;
    c.id = 22;
    c.items = {CompletionItem{QStringLiteral("path"),
                              QStringLiteral("module"),
                              QString(),
                              QStringLiteral("Common pathname manipulations"),
                              2},
               CompletionItem{
                       QStringLiteral("\"key1\""), QStringLiteral("path"), QString(), QString(), 1},
               CompletionItem{QStringLiteral("pathsep"),
                              QStringLiteral("instance"),
                              QStringLiteral("str"),
                              QString(),
                              0}};
    return c;
}

Signatures sampleSignatures()
{
    Signatures s;
    s.id = 23;
    s.items = {SignatureInfo{QStringLiteral("read_csv(filepath_or_buffer, *, sep=',')"),
                             {QStringLiteral("filepath_or_buffer"),
                              QStringLiteral("*"),
                              QStringLiteral("sep=','")},
                             2,
                             QStringLiteral("Read a comma-separated values (csv) file.")},
               SignatureInfo{QStringLiteral("f()"), {}, -1, QString()}};
    return s;
}

Documentation sampleDocumentation()
{
    Documentation d;
    d.id = 24;
    d.name = QStringLiteral("head");
    d.kind = QStringLiteral("function");
    d.signature = QStringLiteral("head(n: int = 5) -> DataFrame");
    d.doc = QStringLiteral("Return the first `n` rows.");
    d.definitionPath = QStringLiteral("/usr/lib/python3/dist-packages/pandas/core/generic.py");
    d.definitionLine = 5800;
    d.definitionColumn = 4;
    return d;
}

FormatRequest sampleFormat()
{
    FormatRequest f;
    f.id = 25;
    f.code = QStringLiteral("x=[1,2]\n");
    f.lineRanges = {{1, 1}, {3, 7}};
    f.lineLength = 100;
    return f;
}

FormatResult sampleFormatted()
{
    FormatResult f;
    f.id = 26;
    f.ok = false;
    f.code = QString();
    f.errorMessage = QStringLiteral("Cannot parse: 1:6: def f(:");
    f.errorLine = 1;
    return f;
}

LintRequest sampleLint()
{
    LintRequest l;
    l.id = 27;
    l.code = QStringLiteral("import os\n");
    l.path = QStringLiteral("/work/project/a.py");
    l.config = QStringLiteral("[flake8]\nmax-line-length = 100\n");
    l.configPath = QStringLiteral("/work/project/setup.cfg");
    return l;
}

ScanRequest sampleScan()
{
    ScanRequest s;
    s.id = 28;
    s.code = QStringLiteral("import subprocess\nsubprocess.run(['ls'])\n");
    return s;
}

PageRequest samplePageRequest()
{
    PageRequest p;
    p.id = 29;
    p.name = QStringLiteral("df");
    p.rowStart = qint64(1) << 40; // row numbers are 64-bit
    p.rowCount = 50;
    p.columnStart = 2;
    p.columnCount = 3;
    p.sort = {{4, false}, {0, true}};
    p.filter.matchAll = false;
    p.filter.conditions = {{1, FilterOp::Between, QCborArray{1, 2.5}},
                           {2, FilterOp::In, QCborArray{QStringLiteral("a"), QCborValue(nullptr)}},
                           {3, FilterOp::IsNull, {}}};
    return p;
}

ColumnSummary sampleSummary()
{
    ColumnSummary s;
    s.id = 32;
    s.name = QStringLiteral("price");
    s.dtype = QStringLiteral("float64");
    s.rows = 10'000'000;
    s.nulls = 3;
    s.distinct = 9'000'000;
    s.sampled = 1'000'000;
    s.stats = {{QStringLiteral("min"), 0.0},
               {QStringLiteral("max"), 1.0},
               {QStringLiteral("mean"), 0.5}};
    s.top = {{QStringLiteral("0.25"), 4}, {QStringLiteral("0.5"), 2}};
    s.edges = {0.0, 0.5, 1.0};
    s.counts = {5'000'000, 4'999'997};
    return s;
}

FindRequest sampleFind()
{
    FindRequest f;
    f.id = 33;
    f.name = QStringLiteral("df");
    f.hold = 7;
    f.sort = {{1, true}};
    f.filter.conditions = {{0, FilterOp::Greater, QCborArray{3}}};
    f.text = QStringLiteral("Ada");
    f.start = qint64(1) << 45; // 10^9 rows × 10^5 columns are positions too
    f.count = (qint64(1) << 46) + 5;
    f.backward = true;
    f.matchCase = true;
    return f;
}

FindResult sampleFound()
{
    FindResult f;
    f.id = 33;
    f.found = true;
    f.row = qint64(1) << 35;
    f.column = 4;
    f.scanned = 12;
    return f;
}

ExpandRequest sampleExpand()
{
    ExpandRequest e;
    e.id = 35;
    e.name = QStringLiteral("data");
    e.path = {{2, QStringLiteral("['frames']")}, {0, QStringLiteral("[0]")}};
    e.start = 100;
    e.count = MaxMembers;
    return e;
}

MemberList sampleMembers()
{
    MemberList m;
    m.id = 35;
    m.total = 102;
    m.start = 100;
    VariableSummary frame = sampleVariable(QStringLiteral("['sales']"));
    frame.expandable = true;
    m.members = {frame, sampleVariable(QStringLiteral(".coef_"))};
    return m;
}

SniffRequest sampleSniff()
{
    SniffRequest s;
    s.id = 36;
    s.path = QStringLiteral("/ws/session-1/sales.csv");
    s.name = QStringLiteral("sales.csv");
    ImportOptions chosen;
    chosen.delimiter = QStringLiteral(";");
    chosen.thousands = QString(); // "none", sent as null
    chosen.variable = QStringLiteral("sales");
    s.options = chosen.toCbor({QString(ImportKey::Delimiter),
                               QString(ImportKey::Thousands),
                               QString(ImportKey::Variable)});
    s.rows = MaxImportRows;
    return s;
}

SniffResult sampleSniffed()
{
    SniffResult r;
    r.id = 36;
    r.warnings = {QStringLiteral("Line 7 has 4 fields")};
    r.options.format = QStringLiteral("csv");
    r.options.encoding = QStringLiteral("gb18030");
    r.options.delimiter = QStringLiteral(";");
    r.options.quotechar = QStringLiteral("\"");
    r.options.decimal = QStringLiteral(",");
    r.options.skipRows = 2;
    r.options.naValues = {QStringLiteral("n/a")};
    r.options.nrows = 1000;
    r.options.onBadLines = QStringLiteral("warn");
    r.options.variable = QStringLiteral("sales");
    r.options.columns
            = {{QStringLiteral("日期"), QStringLiteral("datetime"), QStringLiteral("%d.%m.%Y")},
               {QStringLiteral("price"), QStringLiteral("float"), {}, QStringLiteral("p"), false}};
    r.columns = {{QStringLiteral("日期"), QStringLiteral("datetime")},
                 {QStringLiteral("p"), QStringLiteral("float")}};
    r.rows = {{QStringLiteral("2026-01-02"), QStringLiteral("1.5")},
              {QString(), QStringLiteral("")}};
    r.more = true;
    r.bytes = qint64(1) << 33;
    r.code = QStringLiteral(
            "import pandas as pd\n\nsales = pd.read_csv(\"sales.csv\", sep=\";\")\n");
    return r;
}

Page samplePage()
{
    Page p;
    p.id = 30;
    p.totalRows = 1000;
    p.totalColumns = 5;
    p.sourceRows = 5000;
    p.rowStart = 998;
    p.columnStart = 3;
    p.columns = {{QStringLiteral("price"), QStringLiteral("float64")},
                 {QStringLiteral("name"), QStringLiteral("object")}};
    // A MultiIndex of two levels, the second unnamed: labels row by row.
    p.index = {
            QStringLiteral("a"), QStringLiteral("998"), QStringLiteral("b"), QStringLiteral("999")};
    p.indexNames = {QStringLiteral("group"), QString()};
    p.rows = {QCborArray{1.5, QStringLiteral("Ada")}, QCborArray{QCborValue(nullptr), true}};
    return p;
}

Diagnostics sampleDiagnostics()
{
    Diagnostics d;
    d.id = 28;
    d.items = {
            Diagnostic{1,
                       0,
                       QStringLiteral("F401"),
                       QStringLiteral("'os' imported but unused"),
                       Severity::Warning},
            Diagnostic{
                    3, 7, QStringLiteral("E999"), QStringLiteral("SyntaxError"), Severity::Error}};
    return d;
}

// A valid body of each message, for the field-mutation tests.
QCborMap validBody(const QString &type)
{
    if (type == MessageType::Hello)
        return sampleHello().toCbor();
    if (type == MessageType::Stream)
        return sampleStream().toCbor();
    if (type == MessageType::Display)
        return sampleDisplay().toCbor();
    if (type == MessageType::Variables)
        return sampleVariables().toCbor();
    if (type == MessageType::Result)
        return sampleResult().toCbor();
    if (type == MessageType::Execute)
        return sampleExecute().toCbor();
    if (type == MessageType::Ping)
        return Ping{7}.toCbor();
    if (type == MessageType::Pong)
        return Pong{7}.toCbor();
    if (type == MessageType::Shutdown)
        return ShutdownRequest{7}.toCbor();
    if (type == MessageType::Complete || type == MessageType::Signature
        || type == MessageType::Inspect) {
        for (QLatin1StringView t :
             {MessageType::Complete, MessageType::Signature, MessageType::Inspect}) {
            if (type == t)
                return sampleQuery(t).toCbor();
        }
    }
    if (type == MessageType::Completions)
        return sampleCompletions().toCbor();
    if (type == MessageType::Signatures)
        return sampleSignatures().toCbor();
    if (type == MessageType::Documentation)
        return sampleDocumentation().toCbor();
    if (type == MessageType::Format)
        return sampleFormat().toCbor();
    if (type == MessageType::Formatted)
        return sampleFormatted().toCbor();
    if (type == MessageType::Lint)
        return sampleLint().toCbor();
    if (type == MessageType::Scan)
        return sampleScan().toCbor();
    if (type == MessageType::Diagnostics)
        return sampleDiagnostics().toCbor();
    if (type == MessageType::Cancel)
        return CancelRequest{7}.toCbor();
    if (type == MessageType::Page)
        return samplePageRequest().toCbor();
    if (type == MessageType::Rows)
        return samplePage().toCbor();
    if (type == MessageType::Summarize)
        return SummaryRequest{31, QStringLiteral("df"), qint64(1) << 35}.toCbor();
    if (type == MessageType::Summary)
        return sampleSummary().toCbor();
    if (type == MessageType::Find)
        return sampleFind().toCbor();
    if (type == MessageType::Found)
        return sampleFound().toCbor();
    if (type == MessageType::Release)
        return ReleaseRequest{34, 7}.toCbor();
    if (type == MessageType::Released)
        return Released{34}.toCbor();
    if (type == MessageType::Expand)
        return sampleExpand().toCbor();
    if (type == MessageType::Members)
        return sampleMembers().toCbor();
    if (type == MessageType::Sniff)
        return sampleSniff().toCbor();
    if (type == MessageType::Sniffed)
        return sampleSniffed().toCbor();
    qFatal("unknown type");
}

// Parses body as the message of the given type; returns whether it parsed, and the error.
bool parse(const QString &type, const QCborMap &body, QString *error)
{
    if (type == MessageType::Hello)
        return Hello::fromCbor(body, error).has_value();
    if (type == MessageType::Stream)
        return StreamOutput::fromCbor(body, error).has_value();
    if (type == MessageType::Display)
        return DisplayData::fromCbor(body, error).has_value();
    if (type == MessageType::Variables)
        return VariablesDiff::fromCbor(body, error).has_value();
    if (type == MessageType::Result)
        return ExecutionResult::fromCbor(body, error).has_value();
    if (type == MessageType::Execute)
        return ExecuteRequest::fromCbor(body, error).has_value();
    if (type == MessageType::Ping)
        return Ping::fromCbor(body, error).has_value();
    if (type == MessageType::Pong)
        return Pong::fromCbor(body, error).has_value();
    if (type == MessageType::Shutdown)
        return ShutdownRequest::fromCbor(body, error).has_value();
    if (type == MessageType::Complete || type == MessageType::Signature
        || type == MessageType::Inspect) {
        // One parser for the three: it must also keep them apart.
        const auto query = CodeQuery::fromCbor(body, error);
        if (query && query->type != type) {
            *error = QStringLiteral("parsed as '%1'").arg(query->type);
            return false;
        }
        return query.has_value();
    }
    if (type == MessageType::Count)
        return RowCountRequest::fromCbor(body, error).has_value();
    if (type == MessageType::Counted)
        return RowCount::fromCbor(body, error).has_value();
    if (type == MessageType::Cluster)
        return ClusterRequest::fromCbor(body, error).has_value();
    if (type == MessageType::ClusterInfo)
        return ClusterInfo::fromCbor(body, error).has_value();
    if (type == MessageType::Completions)
        return Completions::fromCbor(body, error).has_value();
    if (type == MessageType::Signatures)
        return Signatures::fromCbor(body, error).has_value();
    if (type == MessageType::Documentation)
        return Documentation::fromCbor(body, error).has_value();
    if (type == MessageType::Format)
        return FormatRequest::fromCbor(body, error).has_value();
    if (type == MessageType::Formatted)
        return FormatResult::fromCbor(body, error).has_value();
    if (type == MessageType::Lint)
        return LintRequest::fromCbor(body, error).has_value();
    if (type == MessageType::Scan)
        return ScanRequest::fromCbor(body, error).has_value();
    if (type == MessageType::Diagnostics)
        return Diagnostics::fromCbor(body, error).has_value();
    if (type == MessageType::Cancel)
        return CancelRequest::fromCbor(body, error).has_value();
    if (type == MessageType::Page)
        return PageRequest::fromCbor(body, error).has_value();
    if (type == MessageType::Rows)
        return Page::fromCbor(body, error).has_value();
    if (type == MessageType::Summarize)
        return SummaryRequest::fromCbor(body, error).has_value();
    if (type == MessageType::Summary)
        return ColumnSummary::fromCbor(body, error).has_value();
    if (type == MessageType::Find)
        return FindRequest::fromCbor(body, error).has_value();
    if (type == MessageType::Found)
        return FindResult::fromCbor(body, error).has_value();
    if (type == MessageType::Expand)
        return ExpandRequest::fromCbor(body, error).has_value();
    if (type == MessageType::Members)
        return MemberList::fromCbor(body, error).has_value();
    if (type == MessageType::Release)
        return ReleaseRequest::fromCbor(body, error).has_value();
    if (type == MessageType::Released)
        return Released::fromCbor(body, error).has_value();
    if (type == MessageType::Sniff)
        return SniffRequest::fromCbor(body, error).has_value();
    if (type == MessageType::Sniffed)
        return SniffResult::fromCbor(body, error).has_value();
    qFatal("unknown type");
}

const QStringList allTypes
        = {MessageType::Hello,       MessageType::Stream,      MessageType::Display,
           MessageType::Variables,   MessageType::Result,      MessageType::Execute,
           MessageType::Ping,        MessageType::Pong,        MessageType::Shutdown,
           MessageType::Complete,    MessageType::Completions, MessageType::Signature,
           MessageType::Signatures,  MessageType::Inspect,     MessageType::Documentation,
           MessageType::Format,      MessageType::Formatted,   MessageType::Lint,
           MessageType::Diagnostics, MessageType::Cancel,      MessageType::Page,
           MessageType::Rows,        MessageType::Summarize,   MessageType::Summary,
           MessageType::Find,        MessageType::Found,       MessageType::Release,
           MessageType::Released,    MessageType::Sniff,       MessageType::Sniffed,
           MessageType::Scan};

} // namespace

void tst_Messages::helloRoundTrip()
{
    const Hello h = sampleHello();
    const QCborMap body = throughWire(h.toCbor());
    QCOMPARE(messageType(body), QStringLiteral("hello"));
    QCOMPARE(messageId(body), std::optional<quint64>(0));
    QString error;
    const auto back = Hello::fromCbor(body, &error);
    QVERIFY2(back, qPrintable(error));
    QCOMPARE(back->protocolVersion, ProtocolVersion);
    QCOMPARE(back->pid, h.pid);
    QCOMPARE(back->pythonVersion, h.pythonVersion);
    QCOMPARE(back->libraries, h.libraries);
    QCOMPARE(back->sandbox, h.sandbox);

    Hello empty; // no libraries, no sandbox report yet: still valid
    QVERIFY(Hello::fromCbor(throughWire(empty.toCbor()), &error));
}

void tst_Messages::helloVersionMismatch()
{
    Hello h = sampleHello();
    h.protocolVersion = ProtocolVersion + 1;
    QCborMap body = h.toCbor();
    // A future engine may change the other fields too: the version error must win.
    body.remove(QStringLiteral("pythonVersion"));
    QString error;
    QVERIFY(!Hello::fromCbor(body, &error));
    QVERIFY2(error.contains(QStringLiteral("protocol version %1").arg(ProtocolVersion + 1)),
             qPrintable(error));
    QVERIFY2(error.contains(QStringLiteral("needs version %1").arg(ProtocolVersion)),
             qPrintable(error));
}

void tst_Messages::helloBadLibraries()
{
    QCborMap body = sampleHello().toCbor();
    QCborMap libs;
    libs.insert(QStringLiteral("pandas"), 2);
    body.insert(QStringLiteral("libraries"), libs);
    QString error;
    QVERIFY(!Hello::fromCbor(body, &error));
    QVERIFY2(error.contains(QStringLiteral("libraries")), qPrintable(error));

    QCborMap libs2;
    libs2.insert(7, QStringLiteral("x"));
    body.insert(QStringLiteral("libraries"), libs2);
    QVERIFY(!Hello::fromCbor(body, &error));
}

void tst_Messages::streamRoundTrip_data()
{
    QTest::addColumn<int>("name");
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<bool>("truncated");
    QTest::newRow("stdout") << int(StreamName::Stdout) << QByteArray("hello\n") << false;
    QTest::newRow("stderr-binary")
            << int(StreamName::Stderr) << QByteArray("\xff\x00\x80", 3) << true;
    QTest::newRow("empty") << int(StreamName::Stdout) << QByteArray() << false;
    QTest::newRow("large") << int(StreamName::Stdout) << QByteArray(3 << 20, 'x') << false;
}

void tst_Messages::streamRoundTrip()
{
    QFETCH(int, name);
    QFETCH(QByteArray, data);
    QFETCH(bool, truncated);
    StreamOutput s;
    s.id = 123456789012ull;
    s.name = StreamName(name);
    s.data = data;
    s.truncated = truncated;
    QString error;
    const auto back = StreamOutput::fromCbor(throughWire(s.toCbor()), &error);
    QVERIFY2(back, qPrintable(error));
    QCOMPARE(back->id, s.id);
    QCOMPARE(int(back->name), name);
    QCOMPARE(back->data, data);
    QCOMPARE(back->truncated, truncated);
}

void tst_Messages::displayRoundTrip()
{
    const DisplayData d = sampleDisplay();
    QString error;
    const auto back = DisplayData::fromCbor(throughWire(d.toCbor()), &error);
    QVERIFY2(back, qPrintable(error));
    QCOMPARE(back->id, d.id);
    QCOMPARE(back->data, d.data);
    QCOMPARE(back->metadata, d.metadata);
    // Binary payloads travel as byte strings, not base64 text.
    QVERIFY(back->data.value(QStringLiteral("image/png")).isByteArray());
    QCOMPARE(back->data.value(QStringLiteral("image/png")).toByteArray(),
             QByteArray("\x89PNG\r\n\x1a\n\0\0", 10));
}

void tst_Messages::displayBadContent_data()
{
    QTest::addColumn<QCborValue>("key");
    QTest::addColumn<QCborValue>("value");
    QTest::newRow("png as text") << QCborValue(QStringLiteral("image/png"))
                                 << QCborValue(QStringLiteral("iVBORw0KGgo="));
    QTest::newRow("integer content") << QCborValue(QStringLiteral("text/plain")) << QCborValue(5);
    QTest::newRow("map content") << QCborValue(QStringLiteral("text/html"))
                                 << QCborValue(QCborMap());
    QTest::newRow("integer key") << QCborValue(1) << QCborValue(QStringLiteral("x"));
}

void tst_Messages::displayBadContent()
{
    QFETCH(QCborValue, key);
    QFETCH(QCborValue, value);
    QCborMap body = sampleDisplay().toCbor();
    QCborMap data;
    data.insert(key, value);
    body.insert(QStringLiteral("data"), data);
    QString error;
    QVERIFY(!DisplayData::fromCbor(body, &error));
    QVERIFY(!error.isEmpty());
}

void tst_Messages::variablesRoundTrip()
{
    const VariablesDiff diff = sampleVariables();
    QString error;
    const auto back = VariablesDiff::fromCbor(throughWire(diff.toCbor()), &error);
    QVERIFY2(back, qPrintable(error));
    QCOMPARE(back->id, diff.id);
    QCOMPARE(back->changed, diff.changed);
    QCOMPARE(back->removed, diff.removed);
    QCOMPARE(back->reset, diff.reset);

    VariablesDiff empty;
    const auto emptyBack = VariablesDiff::fromCbor(throughWire(empty.toCbor()), &error);
    QVERIFY(emptyBack);
    QVERIFY(emptyBack->changed.isEmpty());
    QVERIFY(!emptyBack->reset);
}

void tst_Messages::variablesBadItems_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QCborValue>("value");
    QTest::newRow("name int") << "name" << QCborValue(1);
    QTest::newRow("type missing") << "type" << QCborValue();
    QTest::newRow("shape negative") << "shape" << QCborValue(QCborArray{3, -2});
    QTest::newRow("shape text") << "shape" << QCborValue(QCborArray{QStringLiteral("3")});
    QTest::newRow("shape not array") << "shape" << QCborValue(3);
    QTest::newRow("bytes -2") << "bytes" << QCborValue(-2);
    QTest::newRow("bytes double") << "bytes" << QCborValue(1.5);
    QTest::newRow("repr bytes") << "repr" << QCborValue(QByteArray("x"));
    QTest::newRow("kind bool") << "kind" << QCborValue(true);
    QTest::newRow("dtypes null") << "dtypes" << QCborValue(QCborValue::Null);
}

void tst_Messages::variablesBadItems()
{
    QFETCH(QString, field);
    QFETCH(QCborValue, value);
    QCborMap item = sampleVariable(QStringLiteral("df")).toCbor();
    if (value.isUndefined())
        item.remove(field);
    else
        item.insert(field, value);
    QString error;
    QVERIFY(!VariableSummary::fromCbor(item, &error));
    QVERIFY2(error.contains(field), qPrintable(error));

    QCborMap body = sampleVariables().toCbor();
    body.insert(QStringLiteral("changed"),
                QCborArray{sampleVariable(QStringLiteral("a")).toCbor(), item});
    QVERIFY(!VariablesDiff::fromCbor(body, &error));
    QVERIFY2(error.startsWith(QStringLiteral("variable 1:")), qPrintable(error));

    body.insert(QStringLiteral("changed"), QCborArray{1, 2});
    QVERIFY(!VariablesDiff::fromCbor(body, &error));
    body.insert(QStringLiteral("changed"), QCborArray{});
    body.insert(QStringLiteral("removed"), QCborArray{QStringLiteral("a"), 2});
    QVERIFY(!VariablesDiff::fromCbor(body, &error));
}

void tst_Messages::resultRoundTrip_data()
{
    QTest::addColumn<int>("status");
    QTest::newRow("ok") << int(ExecutionStatus::Ok);
    QTest::newRow("error") << int(ExecutionStatus::Error);
    QTest::newRow("interrupted") << int(ExecutionStatus::Interrupted);
}

void tst_Messages::resultRoundTrip()
{
    QFETCH(int, status);
    ExecutionResult r = sampleResult();
    r.status = ExecutionStatus(status);
    QString error;
    const auto back = ExecutionResult::fromCbor(throughWire(r.toCbor()), &error);
    QVERIFY2(back, qPrintable(error));
    QCOMPARE(back->id, r.id);
    QCOMPARE(int(back->status), int(r.status));
    QCOMPARE(back->error.type, r.error.type);
    QCOMPARE(back->error.message, r.error.message);
    QCOMPARE(back->error.traceback, r.error.traceback);
    QCOMPARE(back->error.line, r.error.line);
    QCOMPARE(back->wallSeconds, r.wallSeconds);
    QCOMPARE(back->cpuSeconds, r.cpuSeconds);
    QCOMPARE(back->outputBytes, r.outputBytes);
    QCOMPARE(back->outputTruncated, r.outputTruncated);
}

void tst_Messages::resultBadFields_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QCborValue>("value");
    QTest::newRow("status unknown") << "status" << QCborValue(QStringLiteral("maybe"));
    QTest::newRow("status int") << "status" << QCborValue(0);
    QTest::newRow("wall text") << "wallSeconds" << QCborValue(QStringLiteral("1"));
    QTest::newRow("outputBytes negative") << "outputBytes" << QCborValue(-1);
    QTest::newRow("outputBytes double") << "outputBytes" << QCborValue(2.5);
    QTest::newRow("error not map") << "error" << QCborValue(QStringLiteral("boom"));
    QTest::newRow("error.line text") << "error.line" << QCborValue(QStringLiteral("2"));
    QTest::newRow("error.line huge") << "error.line" << QCborValue(qint64(1) << 40);
    QTest::newRow("error.line -5") << "error.line" << QCborValue(-5);
    QTest::newRow("error.traceback mixed")
            << "error.traceback" << QCborValue(QCborArray{QStringLiteral("a"), 1});
    QTest::newRow("error.type missing") << "error.type" << QCborValue();
    QTest::newRow("error.message bytes") << "error.message" << QCborValue(QByteArray("m"));
}

void tst_Messages::resultBadFields()
{
    QFETCH(QString, field);
    QFETCH(QCborValue, value);
    QCborMap body = sampleResult().toCbor();
    if (field.startsWith(QStringLiteral("error."))) {
        const QString sub = field.mid(6);
        QCborMap err = body.value(QStringLiteral("error")).toMap();
        if (value.isUndefined())
            err.remove(sub);
        else
            err.insert(sub, value);
        body.insert(QStringLiteral("error"), err);
    } else {
        body.insert(field, value);
    }
    QString error;
    QVERIFY(!ExecutionResult::fromCbor(body, &error));
    QVERIFY2(error.contains(field.section(QLatin1Char('.'), -1)), qPrintable(error));
}

void tst_Messages::executeRoundTrip()
{
    const ExecuteRequest e = sampleExecute();
    QString error;
    const auto back = ExecuteRequest::fromCbor(throughWire(e.toCbor()), &error);
    QVERIFY2(back, qPrintable(error));
    QCOMPARE(back->id, e.id);
    QCOMPARE(back->code, e.code);
    QCOMPARE(back->cellName, e.cellName);
    QCOMPARE(back->silent, e.silent);
    QCOMPARE(back->outputLimitBytes, e.outputLimitBytes);
}

void tst_Messages::emptyMessagesRoundTrip()
{
    QString error;
    const auto ping = Ping::fromCbor(throughWire(Ping{11}.toCbor()), &error);
    QVERIFY(ping);
    QCOMPARE(ping->id, 11u);
    const auto pong = Pong::fromCbor(throughWire(Pong{12}.toCbor()), &error);
    QVERIFY(pong);
    QCOMPARE(pong->id, 12u);
    const auto shutdown
            = ShutdownRequest::fromCbor(throughWire(ShutdownRequest{13}.toCbor()), &error);
    QVERIFY(shutdown);
    QCOMPARE(shutdown->id, 13u);
}

void tst_Messages::missingFields_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("field");
    for (const QString &type : allTypes) {
        const QCborMap body = validBody(type);
        for (auto it = body.constBegin(); it != body.constEnd(); ++it) {
            const QString field = it.key().toString();
            if (field == QLatin1StringView("type"))
                continue; // covered by wrongMessageType
            const bool view = field == QLatin1StringView("sort")
                              || field == QLatin1StringView("filter")
                              || field == QLatin1StringView("hold");
            if ((type == MessageType::Page || type == MessageType::Find) && view)
                continue; // optional: a page of the object itself (pageRoundTrip)
            if (type == MessageType::Page && field == QLatin1StringView("follow"))
                continue;
            if (type == MessageType::Rows
                && (field == QLatin1StringView("rebound")
                    || field == QLatin1StringView("indexNames"))) {
                continue; // absent: not rebound; one unnamed level
            }
            QTest::addRow("%s without %s", qPrintable(type), qPrintable(field)) << type << field;
        }
    }
}

void tst_Messages::missingFields()
{
    QFETCH(QString, type);
    QFETCH(QString, field);
    QCborMap body = validBody(type);
    QString error;
    QVERIFY2(parse(type, body, &error), qPrintable(error));
    body.remove(field);
    error.clear();
    QVERIFY(!parse(type, body, &error));
    QVERIFY2(error.contains(QStringLiteral("'%1'").arg(field)), qPrintable(error));
}

void tst_Messages::wrongFieldTypes_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QCborValue>("value");
    // Replace each field with values of every other CBOR kind; none may be accepted.
    const QList<std::pair<const char *, QCborValue>> wrongs = {
            {"int", QCborValue(7)},
            {"negative", QCborValue(-7)},
            {"double", QCborValue(0.5)},
            {"text", QCborValue(QStringLiteral("x"))},
            {"bytes", QCborValue(QByteArray("x"))},
            {"bool", QCborValue(true)},
            {"null", QCborValue(QCborValue::Null)},
            {"array", QCborValue(QCborArray{1})},
            {"map", QCborValue(QCborMap{{1, 2}})},
    };
    for (const QString &type : allTypes) {
        const QCborMap body = validBody(type);
        for (auto it = body.constBegin(); it != body.constEnd(); ++it) {
            const QString field = it.key().toString();
            if (field == QLatin1StringView("type"))
                continue;
            const QCborValue original = it.value();
            for (const auto &[name, value] : wrongs) {
                // Same kind as the valid value: not a wrong type (7 for an id is fine).
                if (value.type() == original.type())
                    continue;
                if (original.isInteger() && value.isInteger())
                    continue;
                if (original.isBool() && value.isBool())
                    continue;
                if (original.isDouble() && value.isInteger())
                    continue; // seconds: an integer is a number too
                QTest::addRow("%s.%s=%s", qPrintable(type), qPrintable(field), name)
                        << type << field << value;
            }
        }
    }
}

void tst_Messages::wrongFieldTypes()
{
    QFETCH(QString, type);
    QFETCH(QString, field);
    QFETCH(QCborValue, value);
    QCborMap body = validBody(type);
    body.insert(field, value);
    QString error;
    const bool parsed = parse(type, body, &error);
    QVERIFY2(
            !parsed,
            qPrintable(
                    QStringLiteral("accepted %1 for %2").arg(value.toDiagnosticNotation(), field)));
    QVERIFY(!error.isEmpty());
}

void tst_Messages::wrongMessageType()
{
    QString error;
    QCborMap body = sampleResult().toCbor();
    body.insert(QStringLiteral("type"), QStringLiteral("stream"));
    QVERIFY(!ExecutionResult::fromCbor(body, &error));
    QVERIFY2(error.contains(QStringLiteral("expected a 'result'")), qPrintable(error));
    body.insert(QStringLiteral("type"), 3);
    QVERIFY(!ExecutionResult::fromCbor(body, &error));
    body.remove(QStringLiteral("type"));
    QVERIFY(!ExecutionResult::fromCbor(body, &error));
    QVERIFY(!Hello::fromCbor(QCborMap(), &error));

    // A type nobody defined is refused by every parser, whatever else the body holds.
    for (const QString &type : allTypes) {
        QCborMap surprise = validBody(type);
        surprise.insert(QStringLiteral("type"), QStringLiteral("surprise"));
        for (const QString &parser : allTypes) {
            error.clear();
            QVERIFY2(!parse(parser, surprise, &error), qPrintable(type + u'/' + parser));
            QVERIFY2(error.contains(QStringLiteral("got 'surprise'")), qPrintable(error));
        }
    }
}

void tst_Messages::idAndType_data()
{
    QTest::addColumn<QCborValue>("id");
    QTest::addColumn<bool>("valid");
    QTest::newRow("zero") << QCborValue(0) << true;
    QTest::newRow("large") << QCborValue(std::numeric_limits<qint64>::max()) << true;
    QTest::newRow("negative") << QCborValue(-1) << false;
    QTest::newRow("double") << QCborValue(1.0) << false;
    QTest::newRow("text") << QCborValue(QStringLiteral("1")) << false;
    QTest::newRow("missing") << QCborValue() << false;
}

void tst_Messages::idAndType()
{
    QFETCH(QCborValue, id);
    QFETCH(bool, valid);
    QCborMap body;
    body.insert(QStringLiteral("type"), QStringLiteral("pong"));
    if (!id.isUndefined())
        body.insert(QStringLiteral("id"), id);
    QCOMPARE(messageId(body).has_value(), valid);
    QString error;
    QCOMPARE(Pong::fromCbor(body, &error).has_value(), valid);
    if (valid)
        QCOMPARE(*messageId(body), quint64(id.toInteger()));
    QCOMPARE(messageType(body), QStringLiteral("pong"));
    body.insert(QStringLiteral("type"), QByteArray("pong"));
    QCOMPARE(messageType(body), QString());
}

void tst_Messages::statusStrings()
{
    for (auto s : {ExecutionStatus::Ok, ExecutionStatus::Error, ExecutionStatus::Interrupted})
        QVERIFY(executionStatusFromString(toString(s)) == s);
    QVERIFY(!executionStatusFromString(QStringLiteral("OK")));
    QVERIFY(!executionStatusFromString(QString()));
}

void tst_Messages::codeQueryRoundTrip_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<int>("source");
    QTest::newRow("complete live") << QString(MessageType::Complete) << int(CodeSource::Live);
    QTest::newRow("complete static") << QString(MessageType::Complete) << int(CodeSource::Static);
    QTest::newRow("signature") << QString(MessageType::Signature) << int(CodeSource::Live);
    QTest::newRow("inspect") << QString(MessageType::Inspect) << int(CodeSource::Static);
}

void tst_Messages::codeQueryRoundTrip()
{
    QFETCH(QString, type);
    QFETCH(int, source);
    CodeQuery q = sampleQuery(type == MessageType::Complete    ? MessageType::Complete
                              : type == MessageType::Signature ? MessageType::Signature
                                                               : MessageType::Inspect);
    q.source = CodeSource(source);
    const QCborMap body = throughWire(q.toCbor());
    QCOMPARE(messageType(body), type);
    QString error;
    const auto back = CodeQuery::fromCbor(body, &error);
    QVERIFY2(back, qPrintable(error));
    QCOMPARE(QString(back->type), type);
    QCOMPARE(back->id, q.id);
    QCOMPARE(back->code, q.code);
    QCOMPARE(back->line, q.line);
    QCOMPARE(back->column, q.column);
    QCOMPARE(int(back->source), source);
    QCOMPARE(back->path, q.path);
}

void tst_Messages::completionsRoundTrip()
{
    const Completions c = sampleCompletions();
    QString error;
    const auto back = Completions::fromCbor(throughWire(c.toCbor()), &error);
    QVERIFY2(back, qPrintable(error));
    QCOMPARE(back->id, c.id);
    QCOMPARE(back->items, c.items);

    // Every kind the editor has an icon for is accepted.
    Completions all;
    for (const QString &kind : completionKinds())
        all.items.append(CompletionItem{QStringLiteral("x"), kind, {}, {}, 0});
    const auto allBack = Completions::fromCbor(throughWire(all.toCbor()), &error);
    QVERIFY2(allBack, qPrintable(error));
    QCOMPARE(allBack->items.size(), 9);
}

void tst_Messages::signaturesRoundTrip()
{
    const Signatures s = sampleSignatures();
    QString error;
    const auto back = Signatures::fromCbor(throughWire(s.toCbor()), &error);
    QVERIFY2(back, qPrintable(error));
    QCOMPARE(back->id, s.id);
    QCOMPARE(back->items, s.items);
}

void tst_Messages::documentationRoundTrip()
{
    const Documentation d = sampleDocumentation();
    QString error;
    const auto back = Documentation::fromCbor(throughWire(d.toCbor()), &error);
    QVERIFY2(back, qPrintable(error));
    QCOMPARE(back->id, d.id);
    QCOMPARE(back->name, d.name);
    QCOMPARE(back->kind, d.kind);
    QCOMPARE(back->signature, d.signature);
    QCOMPARE(back->doc, d.doc);
    QCOMPARE(back->definitionPath, d.definitionPath);
    QCOMPARE(back->definitionLine, d.definitionLine);
    QCOMPARE(back->definitionColumn, d.definitionColumn);
    // The message's own "type" is not confused with the symbol's kind.
    QCOMPARE(messageType(d.toCbor()), QStringLiteral("documentation"));

    Documentation nothing; // nothing under the cursor
    nothing.id = 3;
    const auto nothingBack = Documentation::fromCbor(throughWire(nothing.toCbor()), &error);
    QVERIFY2(nothingBack, qPrintable(error));
    QVERIFY(nothingBack->name.isEmpty());
    QCOMPARE(nothingBack->definitionLine, -1);
}

void tst_Messages::formatRoundTrip()
{
    const FormatRequest f = sampleFormat();
    QString error;
    const auto back = FormatRequest::fromCbor(throughWire(f.toCbor()), &error);
    QVERIFY2(back, qPrintable(error));
    QCOMPARE(back->id, f.id);
    QCOMPARE(back->code, f.code);
    QCOMPARE(back->lineRanges, f.lineRanges);
    QCOMPARE(back->lineLength, f.lineLength);

    for (bool ok : {true, false}) {
        FormatResult r = sampleFormatted();
        r.ok = ok;
        if (ok) {
            r.code = QStringLiteral("x = [1, 2]\n");
            r.errorMessage.clear();
            r.errorLine = -1;
        }
        const auto rBack = FormatResult::fromCbor(throughWire(r.toCbor()), &error);
        QVERIFY2(rBack, qPrintable(error));
        QCOMPARE(rBack->id, r.id);
        QCOMPARE(rBack->ok, ok);
        QCOMPARE(rBack->code, r.code);
        QCOMPARE(rBack->errorMessage, r.errorMessage);
        QCOMPARE(rBack->errorLine, r.errorLine);
    }
}

void tst_Messages::scanRoundTrip()
{
    const ScanRequest s = sampleScan();
    QString error;
    const auto back = ScanRequest::fromCbor(throughWire(s.toCbor()), &error);
    QVERIFY2(back, qPrintable(error));
    QCOMPARE(back->id, s.id);
    QCOMPARE(back->code, s.code);
    QCOMPARE(replyTypeFor(MessageType::Scan), QString(MessageType::Diagnostics));
}

void tst_Messages::lintRoundTrip()
{
    const LintRequest l = sampleLint();
    QString error;
    const auto back = LintRequest::fromCbor(throughWire(l.toCbor()), &error);
    QVERIFY2(back, qPrintable(error));
    QCOMPARE(back->id, l.id);
    QCOMPARE(back->code, l.code);
    QCOMPARE(back->path, l.path);
    QCOMPARE(back->config, l.config);
    QCOMPARE(back->configPath, l.configPath);

    const Diagnostics d = sampleDiagnostics();
    const auto dBack = Diagnostics::fromCbor(throughWire(d.toCbor()), &error);
    QVERIFY2(dBack, qPrintable(error));
    QCOMPARE(dBack->id, d.id);
    QCOMPARE(dBack->items, d.items);
    for (Severity s : {Severity::Error, Severity::Warning, Severity::Info})
        QVERIFY(severityFromString(toString(s)) == s);
    QVERIFY(!severityFromString(QStringLiteral("fatal")));
}

// A dotted field path ("items.0.kind", "error.line", "lineRanges") set to a value (undefined:
// removed) must make the message invalid, with the field's name in the error.
void tst_Messages::pageRoundTrip()
{
    QString error;
    const auto request = PageRequest::fromCbor(throughWire(samplePageRequest().toCbor()), &error);
    QVERIFY2(request, qPrintable(error));
    QCOMPARE(request->rowStart, qint64(1) << 40);
    QCOMPARE(request->columnCount, 3);
    QCOMPARE(request->sort, samplePageRequest().sort);
    QVERIFY(request->filter == samplePageRequest().filter);
    // Without a view, neither field is sent.
    PageRequest plain = samplePageRequest();
    plain.sort.clear();
    plain.filter = {};
    QVERIFY(!plain.toCbor().contains(QStringLiteral("sort")));
    QVERIFY(!plain.toCbor().contains(QStringLiteral("filter")));
    QVERIFY2(PageRequest::fromCbor(plain.toCbor(), &error), qPrintable(error));
    for (const auto &[op, name] : {std::pair{FilterOp::Regex, "regex"},
                                   std::pair{FilterOp::GreaterEqual, "ge"},
                                   std::pair{FilterOp::NotNull, "notnull"}}) {
        QCOMPARE(toString(op), QLatin1String(name));
        QCOMPARE(filterOpFromString(QLatin1String(name)), std::optional<FilterOp>(op));
    }
    const Page sample = samplePage();
    const auto page = Page::fromCbor(throughWire(sample.toCbor()), &error);
    QVERIFY2(page, qPrintable(error));
    QCOMPARE(page->columns, sample.columns);
    QCOMPARE(page->index, sample.index);
    QCOMPARE(page->indexNames, sample.indexNames);
    QCOMPARE(page->indexLevels(), 2);
    QCOMPARE(page->rows, sample.rows);
    QVERIFY(page->rows.at(1).at(0).isNull());
    QCOMPARE(page->totalRows, 1000);
    QCOMPARE(page->sourceRows, 5000);
    // An empty window at the very end is a page too.
    Page end;
    end.totalRows = 5;
    end.sourceRows = 5;
    end.rowStart = 5;
    QVERIFY2(Page::fromCbor(end.toCbor(), &error), qPrintable(error));
}

// A Dask DataFrame's partitions in pages, its row count and its cluster: what the engine says is
// checked like every other reply.
void tst_Messages::daskRoundTrip()
{
    QString error;
    PageRequest asked = samplePageRequest();
    asked.partition = 3;
    const auto request = PageRequest::fromCbor(throughWire(asked.toCbor()), &error);
    QVERIFY2(request, qPrintable(error));
    QCOMPARE(request->partition, 3);
    QVERIFY(!samplePageRequest().toCbor().contains(QStringLiteral("partition")));
    QCborMap negative = asked.toCbor();
    negative.insert(QStringLiteral("partition"), -1);
    QVERIFY(!PageRequest::fromCbor(negative, &error));

    Page page = samplePage();
    page.partitions = 12;
    page.partition = 3;
    const auto read = Page::fromCbor(throughWire(page.toCbor()), &error);
    QVERIFY2(read, qPrintable(error));
    QCOMPARE(read->partitions, 12);
    QCOMPARE(read->partition, 3);
    QVERIFY(!samplePage().toCbor().contains(QStringLiteral("partitions")));
    page.partition = 12; // past the last
    QVERIFY(!Page::fromCbor(page.toCbor(), &error));
    QVERIFY2(error.contains(u"partition"), qPrintable(error));
    QCborMap noPartitions = page.toCbor();
    noPartitions.insert(QStringLiteral("partitions"), 0);
    QVERIFY(!Page::fromCbor(noPartitions, &error));

    RowCountRequest count;
    count.id = 5;
    count.name = QStringLiteral("big");
    count.hold = 9;
    count.sort = {{1, false}};
    count.cancel = true;
    const auto countRead = RowCountRequest::fromCbor(throughWire(count.toCbor()), &error);
    QVERIFY2(countRead, qPrintable(error));
    QCOMPARE(countRead->hold, 9u);
    QCOMPARE(countRead->sort, count.sort);
    QVERIFY(countRead->cancel && !countRead->restart);
    count.name.clear();
    QVERIFY(!RowCountRequest::fromCbor(count.toCbor(), &error));

    RowCount counted{5, {}, 4, 4, 1'000'000, true, false};
    const auto countedRead = RowCount::fromCbor(throughWire(counted.toCbor()), &error);
    QVERIFY2(countedRead, qPrintable(error));
    QCOMPARE(countedRead->rows, 1'000'000);
    QVERIFY(countedRead->finished);
    counted.done = 5; // more partitions counted than there are
    QVERIFY(!RowCount::fromCbor(counted.toCbor(), &error));
    counted = RowCount{5, {}, 1, 4, -2, false, false};
    QVERIFY(!RowCount::fromCbor(counted.toCbor(), &error));

    ClusterInfo info;
    info.id = 6;
    info.scheduler = QStringLiteral("tcp://127.0.0.1:40000");
    info.workers = {{QStringLiteral("tcp://127.0.0.1:40001"),
                     QStringLiteral("0"),
                     100 << 20,
                     200 << 20,
                     87.5,
                     1,
                     4,
                     0,
                     2}};
    const auto infoRead = ClusterInfo::fromCbor(throughWire(info.toCbor()), &error);
    QVERIFY2(infoRead, qPrintable(error));
    QCOMPARE(infoRead->workers, info.workers);
    QCOMPARE(infoRead->scheduler, info.scheduler);
    QVERIFY(infoRead->processes.isEmpty());
    ClusterInfo empty;
    empty.id = 7;
    QVERIFY2(ClusterInfo::fromCbor(empty.toCbor(), &error), qPrintable(error));
    info.processes = {123456, 123457};
    const auto withProcesses = ClusterInfo::fromCbor(throughWire(info.toCbor()), &error);
    QVERIFY2(withProcesses, qPrintable(error));
    QCOMPARE(withProcesses->processes, info.processes);
    ClusterRequest close{8, true};
    const auto closeRead = ClusterRequest::fromCbor(throughWire(close.toCbor()), &error);
    QVERIFY2(closeRead && closeRead->close, qPrintable(error));
    QVERIFY(!ClusterRequest{9}.toCbor().contains(QStringLiteral("close")));
    QCborMap closeNotBool = close.toCbor();
    closeNotBool.insert(QStringLiteral("close"), 1);
    QVERIFY(!ClusterRequest::fromCbor(closeNotBool, &error));
    const auto rejected = [&](const std::function<void(ClusterInfo &)> &spoil) {
        ClusterInfo bad = info;
        spoil(bad);
        return !ClusterInfo::fromCbor(bad.toCbor(), &error);
    };
    QVERIFY(rejected([](ClusterInfo &i) { i.workers[0].cpu = -1; }));
    QVERIFY(rejected([](ClusterInfo &i) { i.workers[0].cpu = qQNaN(); }));
    QVERIFY(rejected([](ClusterInfo &i) { i.workers[0].memory = -5; }));
    QVERIFY(rejected([](ClusterInfo &i) { i.workers[0].address = QString(201, u'a'); }));
    QVERIFY(rejected([](ClusterInfo &i) {
        i.workers = QList<ClusterWorker>(MaxClusterWorkers + 1, i.workers[0]);
    }));
    QVERIFY(rejected(
            [](ClusterInfo &i) { i.processes = QList<quint64>(MaxClusterProcesses + 1, 1); }));
    QCborMap negativeStart = info.toCbor();
    negativeStart.insert(QStringLiteral("processes"), QCborArray{5, -1});
    QVERIFY(!ClusterInfo::fromCbor(negativeStart, &error));
    QVERIFY2(error.contains(u"processes"), qPrintable(error));
    QCborMap textStart = info.toCbor();
    textStart.insert(QStringLiteral("processes"), QCborArray{QStringLiteral("5")});
    QVERIFY(!ClusterInfo::fromCbor(textStart, &error));
    QCborMap notMap = info.toCbor();
    notMap.insert(QStringLiteral("workers"), QCborArray{1});
    QVERIFY(!ClusterInfo::fromCbor(notMap, &error));
    QVERIFY2(error.contains(u"array of maps"), qPrintable(error));
}

void tst_Messages::findAndReleaseRoundTrip()
{
    QString error;
    const FindRequest sample = sampleFind();
    const auto find = FindRequest::fromCbor(throughWire(sample.toCbor()), &error);
    QVERIFY2(find, qPrintable(error));
    QCOMPARE(find->hold, 7u);
    QCOMPARE(find->start, sample.start);
    QCOMPARE(find->count, sample.count);
    QVERIFY(find->backward && find->matchCase);
    QCOMPARE(find->sort, sample.sort);
    QVERIFY(find->filter == sample.filter);
    const auto found = FindResult::fromCbor(throughWire(sampleFound().toCbor()), &error);
    QVERIFY2(found, qPrintable(error));
    QCOMPARE(found->row, qint64(1) << 35);
    QCOMPARE(found->scanned, 12);
    const auto release
            = ReleaseRequest::fromCbor(throughWire(ReleaseRequest{34, 7}.toCbor()), &error);
    QVERIFY2(release, qPrintable(error));
    QCOMPARE(release->hold, 7u);
    QVERIFY(Released::fromCbor(throughWire(Released{34}.toCbor()), &error));

    // A page request with a hold that follows the name, and a page that says it was rebound.
    PageRequest held = samplePageRequest();
    held.hold = 9;
    held.follow = true;
    const auto request = PageRequest::fromCbor(throughWire(held.toCbor()), &error);
    QVERIFY2(request, qPrintable(error));
    QCOMPARE(request->hold, 9u);
    QVERIFY(request->follow);
    QVERIFY(!samplePageRequest().toCbor().contains(QStringLiteral("hold")));
    QVERIFY(!samplePageRequest().toCbor().contains(QStringLiteral("follow")));
    Page rebound = samplePage();
    rebound.rebound = true;
    const auto page = Page::fromCbor(throughWire(rebound.toCbor()), &error);
    QVERIFY2(page, qPrintable(error));
    QVERIFY(page->rebound);
    QVERIFY(!Page::fromCbor(samplePage().toCbor(), &error)->rebound);
    const auto summary = SummaryRequest::fromCbor(
            throughWire(SummaryRequest{31, QStringLiteral("df"), 4, 9}.toCbor()), &error);
    QVERIFY2(summary, qPrintable(error));
    QCOMPARE(summary->hold, 9u);
}

void tst_Messages::expandAndMembersRoundTrip()
{
    QString error;
    const auto expand = ExpandRequest::fromCbor(throughWire(sampleExpand().toCbor()), &error);
    QVERIFY2(expand, qPrintable(error));
    QCOMPARE(expand->name, QStringLiteral("data"));
    QCOMPARE(expand->path, sampleExpand().path);
    QCOMPARE(expand->start, 100);
    QCOMPARE(expand->count, MaxMembers);
    const auto members = MemberList::fromCbor(throughWire(sampleMembers().toCbor()), &error);
    QVERIFY2(members, qPrintable(error));
    QCOMPARE(members->members, sampleMembers().members);
    QVERIFY(members->members.at(0).expandable);
    QVERIFY(!members->members.at(1).expandable);
    QCOMPARE(members->total, 102);
    // 'expandable' is optional: a summary without it is not expandable.
    QVERIFY(!sampleVariable(QStringLiteral("x")).toCbor().contains(QStringLiteral("expandable")));

    // Page, summary and find requests name a member by the same path; without one, none is sent.
    PageRequest page = samplePageRequest();
    page.path = sampleExpand().path;
    QCOMPARE(PageRequest::fromCbor(throughWire(page.toCbor()), &error)->path, page.path);
    QVERIFY(!samplePageRequest().toCbor().contains(QStringLiteral("path")));
    SummaryRequest summary{31, QStringLiteral("df"), 2, 0, sampleExpand().path};
    QCOMPARE(SummaryRequest::fromCbor(throughWire(summary.toCbor()), &error)->path, summary.path);
    FindRequest find = sampleFind();
    find.path = sampleExpand().path;
    QCOMPARE(FindRequest::fromCbor(throughWire(find.toCbor()), &error)->path, find.path);

    // At most MaxMemberDepth steps.
    ExpandRequest deep = sampleExpand();
    deep.path = QList<MemberStep>(MaxMemberDepth, {0, QStringLiteral("[0]")});
    QVERIFY2(ExpandRequest::fromCbor(deep.toCbor(), &error), qPrintable(error));
    deep.path.append({0, QStringLiteral("[0]")});
    QVERIFY(!ExpandRequest::fromCbor(deep.toCbor(), &error));
    QVERIFY2(error.contains(QStringLiteral("path")), qPrintable(error));
    QVERIFY(!PageRequest::fromCbor(
            [&] {
                PageRequest p = samplePageRequest();
                p.path = deep.path;
                return p.toCbor();
            }(),
            &error));

    // A reply to an expand request that could not be answered.
    QCOMPARE(replyTypeFor(MessageType::Expand), QString(MessageType::Members));
    const auto empty = emptyReplyFor(MessageType::Expand, 9, QStringLiteral("busy"));
    QVERIFY(empty);
    QCOMPARE(MemberList::fromCbor(*empty, &error)->error, QStringLiteral("busy"));
}

void tst_Messages::sniffRoundTrip()
{
    QString error;
    const auto request = SniffRequest::fromCbor(throughWire(sampleSniff().toCbor()), &error);
    QVERIFY2(request, qPrintable(error));
    QCOMPARE(request->path, sampleSniff().path);
    QCOMPARE(request->rows, MaxImportRows);
    // Only the options chosen travel; "none" is null, not an empty text the engine would use.
    QCOMPARE(request->options.size(), 3);
    QVERIFY(request->options.value(QStringLiteral("thousands")).isNull());
    QVERIFY(request->options.contains(QStringLiteral("thousands")));
    QVERIFY(!request->options.contains(QStringLiteral("encoding")));
    QCOMPARE(request->options.value(QStringLiteral("delimiter")).toString(), QStringLiteral(";"));

    const auto result = SniffResult::fromCbor(throughWire(sampleSniffed().toCbor()), &error);
    QVERIFY2(result, qPrintable(error));
    const SniffResult expected = sampleSniffed();
    QCOMPARE(result->options.encoding, expected.options.encoding);
    QCOMPARE(result->options.skipRows, 2);
    QCOMPARE(result->options.naValues, expected.options.naValues);
    QCOMPARE(result->options.nrows, 1000);
    QCOMPARE(result->options.thousands, QString());
    QCOMPARE(result->options.columns.size(), 2);
    QCOMPARE(result->options.columns.at(0).format, QStringLiteral("%d.%m.%Y"));
    QCOMPARE(result->options.columns.at(1).rename, QStringLiteral("p"));
    QVERIFY(!result->options.columns.at(1).keep);
    QCOMPARE(result->columns.at(0).name, QStringLiteral("日期"));
    QCOMPARE(result->rows, expected.rows);
    QVERIFY(result->rows.at(1).at(0).isNull());  // missing
    QVERIFY(!result->rows.at(1).at(1).isNull()); // an empty text
    QCOMPARE(result->bytes, expected.bytes);
    QCOMPARE(result->code, expected.code);
    QVERIFY(result->more);

    // Options the engine leaves out keep their defaults; a wrong type is refused.
    QCborMap body = sampleSniffed().toCbor();
    QCborMap options = body.value(QStringLiteral("options")).toMap();
    options.remove(QStringLiteral("comment"));
    body.insert(QStringLiteral("options"), options);
    QVERIFY2(SniffResult::fromCbor(body, &error), qPrintable(error));
    options.insert(QStringLiteral("skip_rows"), -1);
    body.insert(QStringLiteral("options"), options);
    QVERIFY(!SniffResult::fromCbor(body, &error));
    QVERIFY2(error.contains(QStringLiteral("skip_rows")), qPrintable(error));
    options.insert(QStringLiteral("skip_rows"), 0);
    options.insert(QStringLiteral("header"), QStringLiteral("yes"));
    body.insert(QStringLiteral("options"), options);
    QVERIFY(!SniffResult::fromCbor(body, &error));
    // A request whose options are wrong is refused by the engine before Python sees it.
    QCborMap sniff = sampleSniff().toCbor();
    sniff.insert(QStringLiteral("options"), QCborMap{{QStringLiteral("delimiter"), 4}});
    QVERIFY(!SniffRequest::fromCbor(sniff, &error));

    QCOMPARE(replyTypeFor(MessageType::Sniff), QString(MessageType::Sniffed));
    const auto empty = emptyReplyFor(MessageType::Sniff, 9, QStringLiteral("busy"));
    QVERIFY(empty);
    QCOMPARE(SniffResult::fromCbor(*empty, &error)->error, QStringLiteral("busy"));
}

void tst_Messages::sniffBounds()
{
    QString error;
    // The preview is one cell per column, at most MaxImportRows rows, cells bounded.
    SniffResult ragged = sampleSniffed();
    ragged.rows.append({QStringLiteral("only one")});
    QVERIFY(!SniffResult::fromCbor(ragged.toCbor(), &error));
    QVERIFY2(error.contains(QStringLiteral("one cell per column")), qPrintable(error));
    SniffResult tall = sampleSniffed();
    tall.rows = QList<QStringList>(MaxImportRows + 1, {QStringLiteral("a"), QStringLiteral("b")});
    QVERIFY(!SniffResult::fromCbor(tall.toCbor(), &error));
    SniffResult wideCell = sampleSniffed();
    wideCell.rows[0][0] = QString(MaxCellChars + 1, u'x');
    QVERIFY(!SniffResult::fromCbor(wideCell.toCbor(), &error));
    SniffResult many = sampleSniffed();
    many.rows.clear();
    many.columns = QList<ImportColumn>(MaxImportColumns + 1,
                                       {QStringLiteral("c"), QStringLiteral("int")});
    QVERIFY(!SniffResult::fromCbor(many.toCbor(), &error));
    SniffResult chatty = sampleSniffed();
    chatty.warnings = QStringList(MaxImportWarnings + 1, QStringLiteral("w"));
    QVERIFY(!SniffResult::fromCbor(chatty.toCbor(), &error));
    SniffResult longCode = sampleSniffed();
    longCode.code = QString(MaxImportCodeChars + 1, u'x');
    QVERIFY(!SniffResult::fromCbor(longCode.toCbor(), &error));

    SniffRequest request = sampleSniff();
    request.rows = MaxImportRows + 1;
    QVERIFY(!SniffRequest::fromCbor(request.toCbor(), &error));
    request.rows = 0;
    QVERIFY(!SniffRequest::fromCbor(request.toCbor(), &error));
    request = sampleSniff();
    request.path.clear();
    QVERIFY(!SniffRequest::fromCbor(request.toCbor(), &error));
    request = sampleSniff();
    request.path = QString(MaxImportPathChars + 1, u'p');
    QVERIFY(!SniffRequest::fromCbor(request.toCbor(), &error));
}

void tst_Messages::summaryRoundTrip()
{
    QString error;
    const auto request = SummaryRequest::fromCbor(
            throughWire(SummaryRequest{31, QStringLiteral("df"), 4}.toCbor()), &error);
    QVERIFY2(request, qPrintable(error));
    QCOMPARE(request->column, 4);
    const ColumnSummary sample = sampleSummary();
    const auto summary = ColumnSummary::fromCbor(throughWire(sample.toCbor()), &error);
    QVERIFY2(summary, qPrintable(error));
    QCOMPARE(summary->rows, sample.rows);
    QCOMPARE(summary->sampled, sample.sampled);
    QCOMPARE(summary->stats, sample.stats);
    QCOMPARE(summary->top, sample.top);
    QCOMPARE(summary->edges, sample.edges);
    QCOMPARE(summary->counts, sample.counts);
    QCOMPARE(replyTypeFor(MessageType::Summarize), QString(MessageType::Summary));
    const auto empty = emptyReplyFor(MessageType::Summarize, 9, QStringLiteral("busy"));
    QVERIFY(empty);
    QCOMPARE(ColumnSummary::fromCbor(*empty, &error)->error, QStringLiteral("busy"));
}

void tst_Messages::codeIntelBadFields_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QCborValue>("value");
    const QString complete = MessageType::Complete;
    QTest::newRow("line 0") << complete << "line" << QCborValue(0);
    QTest::newRow("line huge") << complete << "line" << QCborValue(qint64(1) << 40);
    QTest::newRow("column -1") << complete << "column" << QCborValue(-1);
    QTest::newRow("source other") << complete << "source" << QCborValue(QStringLiteral("both"));
    QTest::newRow("source case") << complete << "source" << QCborValue(QStringLiteral("Live"));
    const QString completions = MessageType::Completions;
    QTest::newRow("kind unknown") << completions << "items.0.kind"
                                  << QCborValue(QStringLiteral("variable"));
    QTest::newRow("kind missing") << completions << "items.1.kind" << QCborValue();
    QTest::newRow("name int") << completions << "items.0.name" << QCborValue(1);
    QTest::newRow("prefix negative") << completions << "items.2.prefixLength" << QCborValue(-1);
    QTest::newRow("doc missing") << completions << "items.0.doc" << QCborValue();
    QTest::newRow("item not map") << completions << "items.1" << QCborValue(QStringLiteral("x"));
    const QString signatures = MessageType::Signatures;
    QTest::newRow("active past params") << signatures << "items.0.activeParam" << QCborValue(3);
    QTest::newRow("active -2") << signatures << "items.0.activeParam" << QCborValue(-2);
    QTest::newRow("active in empty") << signatures << "items.1.activeParam" << QCborValue(0);
    QTest::newRow("params mixed") << signatures << "items.0.params"
                                  << QCborValue(QCborArray{QStringLiteral("a"), 2});
    const QString documentation = MessageType::Documentation;
    QTest::newRow("doc kind unknown")
            << documentation << "kind" << QCborValue(QStringLiteral("thing"));
    QTest::newRow("definition line 0") << documentation << "definition.line" << QCborValue(0);
    QTest::newRow("definition path int") << documentation << "definition.path" << QCborValue(5);
    QTest::newRow("definition column missing")
            << documentation << "definition.column" << QCborValue();
    const QString page = MessageType::Page;
    QTest::newRow("page name empty") << page << "name" << QCborValue(QString());
    QTest::newRow("page rows 0") << page << "rowCount" << QCborValue(0);
    QTest::newRow("page rows over") << page << "rowCount" << QCborValue(MaxPageRows + 1);
    QTest::newRow("page columns over") << page << "columnCount" << QCborValue(MaxPageColumns + 1);
    QTest::newRow("page start -1") << page << "rowStart" << QCborValue(-1);
    QTest::newRow("page start text") << page << "columnStart" << QCborValue(QStringLiteral("0"));
    QTest::newRow("sort column -1") << page << "sort.0.column" << QCborValue(-1);
    QTest::newRow("sort ascending text")
            << page << "sort.1.ascending" << QCborValue(QStringLiteral("yes"));
    QTest::newRow("sort not array") << page << "sort" << QCborValue(1);
    QCborArray manyKeys;
    for (int i = 0; i <= MaxSortKeys; ++i)
        manyKeys.append(
                QCborMap{{QStringLiteral("column"), i}, {QStringLiteral("ascending"), true}});
    QTest::newRow("sort too many") << page << "sort" << QCborValue(manyKeys);
    QTest::newRow("filter all missing") << page << "filter.all" << QCborValue();
    QTest::newRow("filter op unknown")
            << page << "filter.conditions.0.op" << QCborValue(QStringLiteral("like"));
    QTest::newRow("filter between one value")
            << page << "filter.conditions.0.values" << QCborValue(QCborArray{1});
    QTest::newRow("filter isnull with value")
            << page << "filter.conditions.2.values" << QCborValue(QCborArray{1});
    QTest::newRow("filter value map")
            << page << "filter.conditions.1.values" << QCborValue(QCborArray{QCborMap()});
    QTest::newRow("filter value long")
            << page << "filter.conditions.1.values"
            << QCborValue(QCborArray{QString(MaxCellChars + 1, QLatin1Char('x'))});
    QTest::newRow("filter column text")
            << page << "filter.conditions.0.column" << QCborValue(QStringLiteral("a"));
    QCborArray manyConditions;
    for (int i = 0; i <= MaxFilterConditions; ++i)
        manyConditions.append(QCborMap{{QStringLiteral("column"), 0},
                                       {QStringLiteral("op"), QStringLiteral("isnull")},
                                       {QStringLiteral("values"), QCborArray()}});
    QTest::newRow("filter too many") << page << "filter.conditions" << QCborValue(manyConditions);
    QTest::newRow("page hold -1") << page << "hold" << QCborValue(-1);
    QTest::newRow("page hold text") << page << "hold" << QCborValue(QStringLiteral("7"));
    QTest::newRow("page follow int") << page << "follow" << QCborValue(1);
    const QString find = MessageType::Find;
    QTest::newRow("find text empty") << find << "text" << QCborValue(QString());
    QTest::newRow("find text long")
            << find << "text" << QCborValue(QString(MaxCellChars + 1, QLatin1Char('x')));
    QTest::newRow("find name empty") << find << "name" << QCborValue(QString());
    QTest::newRow("find start -1") << find << "start" << QCborValue(-1);
    QTest::newRow("find count -1") << find << "count" << QCborValue(-1);
    QTest::newRow("find backward int") << find << "backward" << QCborValue(0);
    QTest::newRow("find sort too many") << find << "sort" << QCborValue(manyKeys);
    const QString found = MessageType::Found;
    QTest::newRow("found row -1") << found << "row" << QCborValue(-1);
    QTest::newRow("found error and cell")
            << found << "error" << QCborValue(QStringLiteral("no such name"));
    QTest::newRow("found error long")
            << found << "error" << QCborValue(QString(MaxCellChars + 1, QLatin1Char('x')));
    QTest::newRow("release hold text")
            << QString(MessageType::Release) << "hold" << QCborValue(QStringLiteral("7"));
    QTest::newRow("rows rebound text")
            << QString(MessageType::Rows) << "rebound" << QCborValue(QStringLiteral("yes"));
    const QString expand = MessageType::Expand;
    QTest::newRow("expand name empty") << expand << "name" << QCborValue(QString());
    QTest::newRow("expand count 0") << expand << "count" << QCborValue(0);
    QTest::newRow("expand count over") << expand << "count" << QCborValue(MaxMembers + 1);
    QTest::newRow("expand start -1") << expand << "start" << QCborValue(-1);
    QTest::newRow("expand path not array") << expand << "path" << QCborValue(3);
    QTest::newRow("expand step at -1") << expand << "path.0.at" << QCborValue(-1);
    QTest::newRow("expand step name empty") << expand << "path.1.name" << QCborValue(QString());
    QTest::newRow("expand step name long")
            << expand << "path.1.name"
            << QCborValue(QString(MaxMemberNameChars + 1, QLatin1Char('x')));
    QTest::newRow("expand step not map") << expand << "path.0" << QCborValue(1);
    QTest::newRow("page step name int")
            << page << "path"
            << QCborValue(QCborArray{
                       QCborMap{{QStringLiteral("at"), 0}, {QStringLiteral("name"), 1}}});
    const QString members = MessageType::Members;
    QTest::newRow("members error and members")
            << members << "error" << QCborValue(QStringLiteral("gone"));
    QTest::newRow("members past total") << members << "total" << QCborValue(101);
    QTest::newRow("members start past total") << members << "start" << QCborValue(103);
    QTest::newRow("members member not map") << members << "members.1" << QCborValue(1);
    QTest::newRow("members member name empty")
            << members << "members.0.name" << QCborValue(QString());
    QTest::newRow("members member name long")
            << members << "members.0.name"
            << QCborValue(QString(MaxMemberNameChars + 1, QLatin1Char('x')));
    QTest::newRow("members expandable text")
            << members << "members.0.expandable" << QCborValue(QStringLiteral("yes"));
    QTest::newRow("summarize hold -2")
            << QString(MessageType::Summarize) << "hold" << QCborValue(-2);
    const QString rows = MessageType::Rows;
    QTest::newRow("rows cell map") << rows << "rows.0" << QCborValue(QCborArray{QCborMap(), 1});
    QTest::newRow("rows cell bytes")
            << rows << "rows.1" << QCborValue(QCborArray{QByteArray("x"), 1});
    QTest::newRow("rows short") << rows << "rows.0" << QCborValue(QCborArray{1.5});
    QTest::newRow("rows not array") << rows << "rows.1" << QCborValue(3);
    QTest::newRow("rows cell long")
            << rows << "rows.0"
            << QCborValue(QCborArray{QString(MaxCellChars + 1, QLatin1Char('x')), 1});
    QStringList manyLevels(MaxIndexLevels + 1, QStringLiteral("l"));
    QTest::newRow("rows index levels over")
            << rows << "indexNames" << QCborValue(QCborArray::fromStringList(manyLevels));
    QTest::newRow("rows index names not text")
            << rows << "indexNames" << QCborValue(QCborArray{1, 2});
    QTest::newRow("rows index name long")
            << rows << "indexNames.0" << QCborValue(QString(MaxCellChars + 1, QLatin1Char('x')));
    QTest::newRow("rows index one level")
            << rows << "indexNames" << QCborValue(QCborArray{QStringLiteral("group")});
    QTest::newRow("rows index short")
            << rows << "index" << QCborValue(QCborArray{QStringLiteral("998")});
    QTest::newRow("rows outside") << rows << "rowStart" << QCborValue(999);
    QTest::newRow("rows start huge")
            << rows << "rowStart" << QCborValue(std::numeric_limits<qint64>::max());
    QTest::newRow("rows columns outside") << rows << "totalColumns" << QCborValue(4);
    QTest::newRow("rows source below total") << rows << "sourceRows" << QCborValue(999);
    const QString summary = MessageType::Summary;
    QTest::newRow("summary nulls over rows")
            << summary << "nulls" << QCborValue(qint64(20'000'000));
    QTest::newRow("summary distinct -2") << summary << "distinct" << QCborValue(-2);
    QTest::newRow("summary stat not pair") << summary << "stats.0" << QCborValue(1);
    QTest::newRow("summary stat map")
            << summary << "stats.1" << QCborValue(QCborArray{QStringLiteral("max"), QCborMap()});
    QTest::newRow("summary top count text")
            << summary << "top.0"
            << QCborValue(QCborArray{QStringLiteral("a"), QStringLiteral("b")});
    QTest::newRow("summary edges short") << summary << "edges" << QCborValue(QCborArray{0.0, 1.0});
    QTest::newRow("summary edges descending")
            << summary << "edges" << QCborValue(QCborArray{1.0, 0.5, 0.0});
    QTest::newRow("summary edges nan")
            << summary << "edges" << QCborValue(QCborArray{0.0, qQNaN(), 1.0});
    QTest::newRow("summary counts negative")
            << summary << "counts" << QCborValue(QCborArray{1, -1});
    QTest::newRow("summarize column -1")
            << QString(MessageType::Summarize) << "column" << QCborValue(-1);
    QTest::newRow("summarize name empty")
            << QString(MessageType::Summarize) << "name" << QCborValue(QString());
    QTest::newRow("rows source missing") << rows << "sourceRows" << QCborValue();
    QTest::newRow("rows column not map") << rows << "columns.0" << QCborValue(1);
    QTest::newRow("rows dtype missing") << rows << "columns.1.dtype" << QCborValue();
    QTest::newRow("rows error with cells") << rows << "error" << QCborValue(QStringLiteral("no"));
    const QString format = MessageType::Format;
    QTest::newRow("range reversed")
            << format << "lineRanges" << QCborValue(QCborArray{QCborArray{5, 2}});
    QTest::newRow("range zero") << format << "lineRanges"
                                << QCborValue(QCborArray{QCborArray{0, 2}});
    QTest::newRow("range triple") << format << "lineRanges"
                                  << QCborValue(QCborArray{QCborArray{1, 2, 3}});
    QTest::newRow("range text") << format << "lineRanges"
                                << QCborValue(QCborArray{QCborArray{1, QStringLiteral("2")}});
    QTest::newRow("range flat") << format << "lineRanges" << QCborValue(QCborArray{1, 2});
    QTest::newRow("line length 0") << format << "lineLength" << QCborValue(0);
    const QString formatted = MessageType::Formatted;
    QTest::newRow("error line -2") << formatted << "error.line" << QCborValue(-2);
    QTest::newRow("failure without message")
            << formatted << "error.message" << QCborValue(QString());
    QTest::newRow("error message missing") << formatted << "error.message" << QCborValue();
    const QString diagnostics = MessageType::Diagnostics;
    QTest::newRow("severity unknown")
            << diagnostics << "items.0.severity" << QCborValue(QStringLiteral("fatal"));
    QTest::newRow("diagnostic line 0") << diagnostics << "items.1.line" << QCborValue(0);
    QTest::newRow("diagnostic column -1") << diagnostics << "items.0.column" << QCborValue(-1);
    QTest::newRow("diagnostic code missing") << diagnostics << "items.1.code" << QCborValue();
}

namespace {

// Sets (or removes, for an undefined value) the value at a dotted path of maps and arrays.
QCborValue withField(const QCborValue &root, QStringList path, const QCborValue &value)
{
    const QString head = path.takeFirst();
    if (root.isArray()) {
        QCborArray array = root.toArray();
        const qsizetype index = head.toLongLong();
        if (path.isEmpty())
            array[index] = value;
        else
            array[index] = withField(array.at(index), path, value);
        return array;
    }
    QCborMap map = root.toMap();
    if (path.isEmpty()) {
        if (value.isUndefined())
            map.remove(head);
        else
            map.insert(head, value);
    } else {
        map.insert(head, withField(map.value(head), path, value));
    }
    return map;
}

} // namespace

void tst_Messages::codeIntelBadFields()
{
    QFETCH(QString, type);
    QFETCH(QString, field);
    QFETCH(QCborValue, value);
    const QCborMap valid = validBody(type);
    QString error;
    QVERIFY2(parse(type, valid, &error), qPrintable(error));
    const QCborMap body = withField(valid, field.split(QLatin1Char('.')), value).toMap();
    error.clear();
    QVERIFY2(!parse(type, body, &error), qPrintable(body.toCborValue().toDiagnosticNotation()));
    const QString last = field.section(QLatin1Char('.'), -1);
    const bool isIndex = !last.isEmpty() && last.front().isDigit();
    QVERIFY2(error.contains(isIndex ? field.section(QLatin1Char('.'), 0, 0) : last),
             qPrintable(error));
}

void tst_Messages::codeIntelBounds_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("field");
    QTest::addColumn<int>("limit");
    QTest::addColumn<bool>("isList");
    QTest::newRow("completion items")
            << QString(MessageType::Completions) << "items" << MaxCodeIntelItems << true;
    QTest::newRow("signature items")
            << QString(MessageType::Signatures) << "items" << MaxCodeIntelItems << true;
    QTest::newRow("diagnostic items")
            << QString(MessageType::Diagnostics) << "items" << MaxCodeIntelItems << true;
    QTest::newRow("documentation doc")
            << QString(MessageType::Documentation) << "doc" << MaxCodeIntelDocChars << false;
    QTest::newRow("documentation name")
            << QString(MessageType::Documentation) << "name" << MaxCodeIntelTextChars << false;
    QTest::newRow("format ranges")
            << QString(MessageType::Format) << "lineRanges" << MaxFormatRanges << true;
    QTest::newRow("query path") << QString(MessageType::Complete) << "path" << MaxCodeIntelTextChars
                                << false;
}

// Exactly at the limit is accepted, one more is refused: a hostile engine cannot make the GUI
// hold a million completion items or a megabyte of documentation.
void tst_Messages::codeIntelBounds()
{
    QFETCH(QString, type);
    QFETCH(QString, field);
    QFETCH(int, limit);
    QFETCH(bool, isList);
    QCborMap body = validBody(type);
    for (int size : {limit, limit + 1}) {
        if (isList) {
            const QCborArray sample = body.value(field).toArray();
            QCborArray list;
            for (int i = 0; i < size; ++i)
                list.append(sample.at(0));
            body.insert(field, list);
        } else {
            body.insert(field, QString(size, QLatin1Char('x')));
        }
        QString error;
        const bool parsed = parse(type, throughWire(body), &error);
        QCOMPARE(parsed, size == limit);
        if (!parsed)
            QVERIFY2(error.contains(field), qPrintable(error));
    }
}

void tst_Messages::emptyReplies_data()
{
    QTest::addColumn<QString>("request");
    QTest::addColumn<QString>("reply");
    QTest::newRow("complete") << QString(MessageType::Complete)
                              << QString(MessageType::Completions);
    QTest::newRow("signature") << QString(MessageType::Signature)
                               << QString(MessageType::Signatures);
    QTest::newRow("inspect") << QString(MessageType::Inspect)
                             << QString(MessageType::Documentation);
    QTest::newRow("format") << QString(MessageType::Format) << QString(MessageType::Formatted);
    QTest::newRow("lint") << QString(MessageType::Lint) << QString(MessageType::Diagnostics);
    QTest::newRow("scan") << QString(MessageType::Scan) << QString(MessageType::Diagnostics);
    QTest::newRow("page") << QString(MessageType::Page) << QString(MessageType::Rows);
    QTest::newRow("find") << QString(MessageType::Find) << QString(MessageType::Found);
    QTest::newRow("release") << QString(MessageType::Release) << QString(MessageType::Released);
    QTest::newRow("expand") << QString(MessageType::Expand) << QString(MessageType::Members);
    QTest::newRow("count") << QString(MessageType::Count) << QString(MessageType::Counted);
    QTest::newRow("cluster") << QString(MessageType::Cluster) << QString(MessageType::ClusterInfo);
    QTest::newRow("execute") << QString(MessageType::Execute) << QString();
    QTest::newRow("cancel") << QString(MessageType::Cancel) << QString();
}

void tst_Messages::emptyReplies()
{
    QFETCH(QString, request);
    QFETCH(QString, reply);
    QCOMPARE(replyTypeFor(request), reply);
    const auto body = emptyReplyFor(request, 99, QStringLiteral("cancelled"));
    QCOMPARE(body.has_value(), !reply.isEmpty());
    if (!body)
        return;
    QCOMPARE(messageType(*body), reply);
    QCOMPARE(messageId(*body), std::optional<quint64>(99));
    QString error;
    QVERIFY2(parse(reply, throughWire(*body), &error), qPrintable(error));
    if (reply == MessageType::Formatted) {
        const auto formatted = FormatResult::fromCbor(*body, &error);
        QVERIFY(!formatted->ok);
        QCOMPARE(formatted->errorMessage, QStringLiteral("cancelled"));
        QVERIFY(formatted->code.isEmpty());
    }
    if (reply == MessageType::Rows) {
        const auto page = Page::fromCbor(*body, &error);
        QCOMPARE(page->error, QStringLiteral("cancelled"));
        QVERIFY(page->rows.isEmpty());
    }
}

QTEST_GUILESS_MAIN(tst_Messages)
#include "tst_messages.moc"
