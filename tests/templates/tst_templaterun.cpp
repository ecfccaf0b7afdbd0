// Every analysis template, run as a user would: inserted unchanged except for DATA_PATH, in one
// real engine session, against the sample data in tests/data. A template that stops working
// with the Python stack we ship fails here instead of in front of a user.

#include "session.h"
#include "waituntil.h"

#include <templatelibrary.h>

#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <memory>

using namespace Sandpiper;
using Client::Execution;
using Client::RunOutcome;
using Client::RunStatus;
using Client::Session;
using Client::SessionState;
using Resources::TemplateLibrary;

using Sandpiper::Testing::waitUntil;

namespace {

// What a template promises: lines printed (regular expressions on stdout), a figure, a
// displayed value (the trailing expression, e.g. a DataFrame) containing some text.
struct Promise
{
    QStringList printed;
    bool figure = false;
    QStringList displayed;

    static Promise prints(const QStringList &lines, const QStringList &displayedTexts = {})
    {
        return {lines, false, displayedTexts};
    }
    static Promise plots(const QStringList &lines = {}) { return {lines, true, {}}; }
};

const QHash<QString, Promise> &promises()
{
    static const QHash<QString, Promise> table = {
            {"load_csv",
             Promise::prints({R"(^100 rows x 10 columns$)", R"(Data columns \(total 10)"},
                             {"region"})},
            {"load_excel",
             Promise::prints({R"(^Sheets: Sheet1$)", R"(^100 rows x 10 columns$)"}, {"promotion"})},
            {"dask_groupby",
             Promise::prints(
                     {R"(^Dask workers: \d+$)", R"(^1 partitions, columns: \['date', 'region')"},
                     {"North", "sum"})},
            {"describe_groupby",
             Promise::prints({R"(Missing values per column)", R"(^temperature\s+3$)"},
                             {"North", "median"})},
            {"preprocessing",
             Promise::prints({R"(^Train: \(80, \d+\) Test: \(20, \d+\)$)",
                              R"(^Categorical columns: \['region', 'promotion'\]$)"})},
            {"classification",
             Promise::prints({R"(^Accuracy: 0\.\d{3}$)",
                              R"(^Cross-validated accuracy: 0\.\d{3} \+/- )",
                              R"(precision\s+recall)",
                              R"(^Confusion matrix)"})},
            {"regression",
             Promise::prints({R"(^Linear regression:$)",
                              R"(^Gradient boosting:$)",
                              R"(^  MAE  \d)",
                              R"(^  RMSE \d)",
                              R"(^  R2   -?\d)"})},
            {"seaborn_distribution", Promise::plots()},
            {"seaborn_relationship", Promise::plots()},
            {"seaborn_heatmap", Promise::plots()},
            {"ttest",
             Promise::prints(
                     {R"(^Welch t-test: t = -?\d+\.\d+, p = )", R"(^Mann-Whitney U: U = )"})},
            {"chi_square",
             Promise::prints(
                     {R"(^Observed counts:$)", R"(^Chi-square = \d+\.\d+, dof = 3, p = )"})},
            {"correlation",
             Promise::prints({R"(^Pearson r = 0\.\d+, p = )", R"(^Spearman rho = 0\.\d+, p = )"})},
            {"ols",
             Promise::prints(
                     {R"(OLS Regression Results)", R"(^R-squared: 0\.\d+, adjusted: 0\.\d+$)"})},
            {"holt_winters",
             Promise::plots({R"(^Mean absolute error on the last 14 periods: \d+\.\d+$)"})},
            {"arima", Promise::plots({R"(^AIC: \d+\.\d+$)", R"(ar\.L1)"})},
    };
    return table;
}

struct Run
{
    QByteArray out;
    QByteArray err;
    QList<Protocol::DisplayData> displays;
    RunOutcome outcome;
    bool finished = false;
};

} // namespace

class TestTemplateRun : public QObject
{
    Q_OBJECT

private:
    std::shared_ptr<Run> run(const QString &code, int timeoutMs = 60000)
    {
        auto record = std::make_shared<Run>();
        Execution *execution = m_session->execute(code);
        connect(execution,
                &Execution::output,
                this,
                [record](Protocol::StreamName stream, const QByteArray &data, bool) {
                    (stream == Protocol::StreamName::Stdout ? record->out : record->err) += data;
                });
        connect(execution, &Execution::display, this, [record](const Protocol::DisplayData &d) {
            record->displays.append(d);
        });
        connect(execution, &Execution::finished, this, [record](const RunOutcome &o) {
            record->outcome = o;
            record->finished = true;
        });
        if (!waitUntil([record] { return record->finished; }, timeoutMs))
            qWarning("timed out running: %s", qPrintable(code.left(200)));
        return record;
    }

    std::unique_ptr<QTemporaryDir> m_workspace;
    std::unique_ptr<Session> m_session;
    QElapsedTimer m_total;

private Q_SLOTS:
    void initTestCase()
    {
        m_total.start();
        QVERIFY2(QFile::exists(QStringLiteral(SANDPIPER_ENGINE_PATH)), SANDPIPER_ENGINE_PATH);
        QFile data(QStringLiteral(SANDPIPER_TEST_DATA_DIR "/sales.csv"));
        QVERIFY2(data.open(QIODevice::ReadOnly), qPrintable(data.fileName()));
        const QByteArray csv = data.readAll();
        QVERIFY(csv.count('\n') > 100);

        // A folder of our own to start in; the data reaches the session through the protocol,
        // so the test does not depend on which folders a sandboxed engine may see.
        m_workspace = std::make_unique<QTemporaryDir>(QDir::currentPath()
                                                      + QStringLiteral("/templaterun-XXXXXX"));
        QVERIFY(m_workspace->isValid());
        Client::SessionOptions options;
        options.enginePath = QStringLiteral(SANDPIPER_ENGINE_PATH);
        options.workingDirectory = m_workspace->path();
        options.handshakeTimeoutMs = 60000;
        m_session = std::make_unique<Session>(options);
        m_session->start();
        QVERIFY(waitUntil([this] { return m_session->state() == SessionState::Idle; }, 60000));

        // The CSV is written into the session's working folder; the Excel copy is made from it
        // by openpyxl in the session itself.
        auto prepared = run(
                QStringLiteral(
                        "import base64, pathlib\n"
                        "import pandas as pd\n"
                        "pathlib.Path('sales.csv').write_bytes(base64.b64decode('%1'))\n"
                        "pd.read_csv('sales.csv', parse_dates=['date']).to_excel('sales.xlsx', "
                        "index=False, engine='openpyxl')\n"
                        "print(pathlib.Path('sales.csv').stat().st_size, "
                        "pathlib.Path('sales.xlsx').stat().st_size)\n")
                        .arg(QString::fromLatin1(csv.toBase64())));
        QVERIFY2(prepared->outcome.status == RunStatus::Ok,
                 qPrintable(prepared->outcome.error.traceback.join(u'\n')));
        QVERIFY2(prepared->out.startsWith(QByteArray(QByteArray::number(csv.size()) + ' ')),
                 prepared->out.constData());
        qInfo("session ready and data prepared in %lld ms", m_total.elapsed());
    }

    void cleanupTestCase()
    {
        if (m_session)
            m_session->shutdown();
        m_session.reset();
        qInfo("all templates: %lld ms", m_total.elapsed());
    }

    // The table of promises and the library agree: a new template needs its promise here.
    void everyTemplateHasAPromise()
    {
        QStringList ids;
        for (const auto &entry : TemplateLibrary::templates())
            ids << entry.id;
        QStringList promised = promises().keys();
        ids.sort();
        promised.sort();
        QCOMPARE(ids, promised);
    }

    void templateRuns_data()
    {
        QTest::addColumn<QString>("id");
        for (const auto &entry : TemplateLibrary::templates())
            QTest::newRow(qPrintable(entry.id)) << entry.id;
    }

    void templateRuns()
    {
        QFETCH(QString, id);
        const Promise promise = promises().value(id);
        QString code = TemplateLibrary::code(id);
        QVERIFY(!code.isEmpty());
        const bool excel = TemplateLibrary::dataPath(code).endsWith(QLatin1String(".xlsx"));
        code = TemplateLibrary::withDataPath(
                code, excel ? QStringLiteral("sales.xlsx") : QStringLiteral("sales.csv"));

        // Each template stands alone: nothing from the ones before may help it.
        auto reset = run(QStringLiteral("for _name in [n for n in globals() if n[:1] != '_']:\n"
                                        "    del globals()[_name]\n"));
        QCOMPARE(Client::toString(reset->outcome.status), Client::toString(RunStatus::Ok));

        QElapsedTimer timer;
        timer.start();
        auto record = run(code);
        const QString out = QString::fromUtf8(record->out);
        const QString err = QString::fromUtf8(record->err);
        qInfo("%s: %lld ms, %lld bytes printed, %lld displays",
              qPrintable(id),
              timer.elapsed(),
              qint64(record->out.size()),
              qint64(record->displays.size()));
        QVERIFY(record->finished);
        QVERIFY2(record->outcome.status == RunStatus::Ok,
                 qPrintable(record->outcome.error.traceback.join(u'\n') + u'\n' + err));
        // Deprecated calls are how templates rot: warn here before they break.
        QVERIFY2(!err.contains(QLatin1String("FutureWarning"))
                         && !err.contains(QLatin1String("DeprecationWarning"))
                         && !err.contains(QLatin1String("Traceback")),
                 qPrintable(err));

        for (const QString &pattern : promise.printed) {
            const QRegularExpression expression(pattern, QRegularExpression::MultilineOption);
            QVERIFY2(expression.isValid(), qPrintable(pattern));
            QVERIFY2(expression.match(out).hasMatch(),
                     qPrintable(QStringLiteral("no match for %1 in:\n%2").arg(pattern, out)));
        }

        int figures = 0;
        QString displayed;
        for (const Protocol::DisplayData &display : std::as_const(record->displays)) {
            const QByteArray png = display.data.value(QStringLiteral("image/png")).toByteArray();
            if (png.startsWith("\x89PNG\r\n\x1a\n") && png.size() > 10000)
                ++figures;
            displayed += display.data.value(QStringLiteral("text/plain")).toString();
        }
        if (promise.figure)
            QVERIFY2(figures > 0, "no figure");
        else
            QCOMPARE(figures, 0);
        for (const QString &text : promise.displayed)
            QVERIFY2(displayed.contains(text), qPrintable(displayed.left(2000)));
        if (promise.displayed.isEmpty())
            QVERIFY2(record->displays.size() == figures, "an unexpected trailing value");
    }
};

QTEST_GUILESS_MAIN(TestTemplateRun)
#include "tst_templaterun.moc"
