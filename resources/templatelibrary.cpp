#include "templatelibrary.h"

#include <QFile>
#include <QRegularExpression>

#include <algorithm>
#include <iterator>

namespace Sandpiper::Resources {

namespace {

struct Entry
{
    const char *id;
    const char *group;
    const char *title;
    const char *description;
};

// The menu's contents. Titles and descriptions are translated where they are shown.
constexpr Entry entries[] = {
        {"load_csv",
         QT_TRANSLATE_NOOP("TemplateLibrary", "Load Data"),
         QT_TRANSLATE_NOOP("TemplateLibrary", "Load a CSV File"),
         QT_TRANSLATE_NOOP(
                 "TemplateLibrary",
                 "Read a CSV file into a DataFrame and show its columns and first rows.")},
        {"load_excel",
         QT_TRANSLATE_NOOP("TemplateLibrary", "Load Data"),
         QT_TRANSLATE_NOOP("TemplateLibrary", "Load an Excel Sheet"),
         QT_TRANSLATE_NOOP("TemplateLibrary",
                           "List the sheets of an Excel workbook and read one into a DataFrame.")},
        {"describe_groupby",
         QT_TRANSLATE_NOOP("TemplateLibrary", "Explore"),
         QT_TRANSLATE_NOOP("TemplateLibrary", "Describe and Group By"),
         QT_TRANSLATE_NOOP("TemplateLibrary",
                           "Summary statistics, missing values, and a value summarised per "
                           "group.")},
        {"dask_groupby",
         QT_TRANSLATE_NOOP("TemplateLibrary", "Explore"),
         QT_TRANSLATE_NOOP("TemplateLibrary", "Larger than Memory with Dask"),
         QT_TRANSLATE_NOOP("TemplateLibrary",
                           "A Dask cluster inside the session reads files in blocks and groups "
                           "them on its workers, for data that does not fit in memory.")},
        {"preprocessing",
         QT_TRANSLATE_NOOP("TemplateLibrary", "Machine Learning"),
         QT_TRANSLATE_NOOP("TemplateLibrary", "Scale Features and Split Train/Test"),
         QT_TRANSLATE_NOOP("TemplateLibrary",
                           "Impute, standardise (StandardScaler) and one-hot encode features, "
                           "then hold out a test set with train_test_split.")},
        {"classification",
         QT_TRANSLATE_NOOP("TemplateLibrary", "Machine Learning"),
         QT_TRANSLATE_NOOP("TemplateLibrary", "Train a Classifier"),
         QT_TRANSLATE_NOOP("TemplateLibrary",
                           "A random forest classifier with accuracy, cross-validation, a "
                           "classification report and a confusion matrix.")},
        {"regression",
         QT_TRANSLATE_NOOP("TemplateLibrary", "Machine Learning"),
         QT_TRANSLATE_NOOP("TemplateLibrary", "Train a Regression Model"),
         QT_TRANSLATE_NOOP("TemplateLibrary",
                           "A linear baseline and gradient boosting compared by MAE, RMSE and "
                           "R².")},
        {"seaborn_distribution",
         QT_TRANSLATE_NOOP("TemplateLibrary", "Plots"),
         QT_TRANSLATE_NOOP("TemplateLibrary", "Distribution Plots"),
         QT_TRANSLATE_NOOP("TemplateLibrary",
                           "A histogram with a density curve and box plots per group (seaborn).")},
        {"seaborn_relationship",
         QT_TRANSLATE_NOOP("TemplateLibrary", "Plots"),
         QT_TRANSLATE_NOOP("TemplateLibrary", "Scatter Plot with Trend Line"),
         QT_TRANSLATE_NOOP("TemplateLibrary",
                           "Two numeric columns coloured by a category, with a regression line "
                           "(seaborn).")},
        {"seaborn_heatmap",
         QT_TRANSLATE_NOOP("TemplateLibrary", "Plots"),
         QT_TRANSLATE_NOOP("TemplateLibrary", "Correlation Heatmap"),
         QT_TRANSLATE_NOOP("TemplateLibrary",
                           "Pearson correlations of the numeric columns as an annotated heatmap "
                           "(seaborn).")},
        {"ttest",
         QT_TRANSLATE_NOOP("TemplateLibrary", "Statistics"),
         QT_TRANSLATE_NOOP("TemplateLibrary", "Compare Two Groups (t-Test)"),
         QT_TRANSLATE_NOOP("TemplateLibrary",
                           "Welch's t-test and the Mann-Whitney U test between two groups "
                           "(scipy.stats).")},
        {"chi_square",
         QT_TRANSLATE_NOOP("TemplateLibrary", "Statistics"),
         QT_TRANSLATE_NOOP("TemplateLibrary", "Independence Test (Chi-Square)"),
         QT_TRANSLATE_NOOP("TemplateLibrary",
                           "A contingency table of two categorical columns and the chi-square "
                           "test of independence (scipy.stats).")},
        {"correlation",
         QT_TRANSLATE_NOOP("TemplateLibrary", "Statistics"),
         QT_TRANSLATE_NOOP("TemplateLibrary", "Correlation Test"),
         QT_TRANSLATE_NOOP("TemplateLibrary",
                           "Pearson and Spearman correlation with p-values (scipy.stats).")},
        {"ols",
         QT_TRANSLATE_NOOP("TemplateLibrary", "Statistics"),
         QT_TRANSLATE_NOOP("TemplateLibrary", "Linear Regression (OLS)"),
         QT_TRANSLATE_NOOP("TemplateLibrary",
                           "An ordinary least squares model from a formula, with its summary "
                           "table (statsmodels).")},
        {"holt_winters",
         QT_TRANSLATE_NOOP("TemplateLibrary", "Time Series"),
         QT_TRANSLATE_NOOP("TemplateLibrary", "Forecast with Exponential Smoothing"),
         QT_TRANSLATE_NOOP("TemplateLibrary",
                           "A Holt-Winters model checked on held-out periods, then a forecast "
                           "and its plot (statsmodels).")},
        {"arima",
         QT_TRANSLATE_NOOP("TemplateLibrary", "Time Series"),
         QT_TRANSLATE_NOOP("TemplateLibrary", "Forecast with ARIMA"),
         QT_TRANSLATE_NOOP("TemplateLibrary",
                           "A seasonal ARIMA model, its coefficients, and a forecast with a 95 % "
                           "interval (statsmodels).")},
};

// `DATA_PATH = "..."` at the start of a line; the value is a plain double-quoted string.
const QRegularExpression &dataPathLine()
{
    static const QRegularExpression pattern(QStringLiteral(R"re(^DATA_PATH = "([^"\\\n]*)")re"),
                                            QRegularExpression::MultilineOption);
    return pattern;
}

QString pythonString(const QString &text)
{
    QString quoted;
    quoted.reserve(text.size() + 2);
    quoted += u'"';
    for (const QChar c : text) {
        if (c == u'\\' || c == u'"')
            quoted += u'\\';
        if (c == u'\n')
            quoted += QStringLiteral("\\n");
        else
            quoted += c;
    }
    quoted += u'"';
    return quoted;
}

} // namespace

QList<CodeTemplate> TemplateLibrary::templates()
{
    QList<CodeTemplate> result;
    for (const Entry &entry : entries) {
        result.append({QString::fromLatin1(entry.id),
                       tr(entry.group),
                       tr(entry.title),
                       tr(entry.description)});
    }
    return result;
}

QStringList TemplateLibrary::groups()
{
    QStringList result;
    for (const Entry &entry : entries) {
        const QString group = tr(entry.group);
        if (!result.contains(group))
            result.append(group);
    }
    return result;
}

QString TemplateLibrary::resourceDirectory()
{
    return QStringLiteral(":/templates");
}

QString TemplateLibrary::code(const QString &id)
{
    const bool known = std::any_of(std::begin(entries), std::end(entries), [&id](const Entry &e) {
        return id == QLatin1String(e.id);
    });
    if (!known)
        return {};
    QFile file(resourceDirectory() + u'/' + id + QStringLiteral(".py"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll());
}

QString TemplateLibrary::dataPath(const QString &code)
{
    return dataPathLine().match(code).captured(1);
}

QString TemplateLibrary::withDataPath(const QString &code, const QString &path)
{
    const QRegularExpressionMatch match = dataPathLine().match(code);
    if (!match.hasMatch())
        return code;
    QString result = code;
    result.replace(match.capturedStart(0),
                   match.capturedLength(0),
                   QStringLiteral("DATA_PATH = ") + pythonString(path));
    return result;
}

} // namespace Sandpiper::Resources
