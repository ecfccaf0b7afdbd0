#include "chartpage.h"

#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QMutex>

namespace Sandpiper::Resources {

namespace {

struct Library
{
    const char *fileName;
    QStringList locations;
};

QList<Library> librariesFor(ChartPage::Kind kind)
{
    if (kind == ChartPage::Kind::Plotly)
        return {{"plotly.js",
                 {QStringLiteral("/usr/share/python3-plotly/plotly.js"),
                  QStringLiteral("/usr/share/javascript/plotly/plotly.min.js")}}};
    return {{"vega.min.js", {QStringLiteral("/usr/share/javascript/vega/vega.min.js")}},
            {"vega-lite.min.js",
             {QStringLiteral("/usr/share/nodejs/vega-lite/build/vega-lite.min.js")}},
            {"vega-embed.min.js",
             {QStringLiteral("/usr/share/nodejs/vega-embed/build/vega-embed.min.js")}}};
}

QString locate(const Library &library)
{
    const QStringList dirs
            = qEnvironmentVariable("SANDPIPER_JS_DIRS").split(u':', Qt::SkipEmptyParts);
    for (const QString &dir : dirs) {
        const QString candidate = dir + u'/' + QLatin1String(library.fileName);
        if (QFileInfo::exists(candidate))
            return candidate;
    }
    for (const QString &candidate : library.locations) {
        if (QFileInfo::exists(candidate))
            return candidate;
    }
    return {};
}

// The libraries are megabytes; read each once per process.
QByteArray readCached(const QString &path)
{
    static QMutex mutex;
    static QHash<QString, QByteArray> cache;
    QMutexLocker locker(&mutex);
    auto it = cache.constFind(path);
    if (it != cache.constEnd())
        return *it;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return cache.insert(path, file.readAll()).value();
}

// Every library `kinds` need, each in a script element of its own.
QByteArray inlineScripts(const QList<ChartPage::Kind> &kinds, QString *error)
{
    QByteArray scripts;
    for (ChartPage::Kind kind : kinds) {
        for (const Library &library : librariesFor(kind)) {
            const QString path = locate(library);
            const QByteArray code = path.isEmpty() ? QByteArray() : readCached(path);
            if (code.isEmpty()) {
                if (error)
                    *error = QStringLiteral("JavaScript library %1 not found")
                                     .arg(QLatin1String(library.fileName));
                return {};
            }
            // A library that contains "</script>" in a string would end the element early.
            QByteArray safeCode = code;
            safeCode.replace("</script", "<\\/script");
            scripts += "<script>" + safeCode + "</script>\n";
        }
    }
    return scripts;
}

} // namespace

QStringList ChartPage::libraryFiles(Kind kind)
{
    QStringList files;
    for (const Library &library : librariesFor(kind))
        files << locate(library);
    return files;
}

QByteArray ChartPage::embeddableJson(const QByteArray &json)
{
    QByteArray safe = json;
    // "</" could end the script element; "<!--" could start an HTML comment state.
    safe.replace("</", "<\\/");
    safe.replace("<!--", "<\\!--");
    return safe;
}

QString ChartPage::shell(QString *error)
{
    const QByteArray scripts = inlineScripts({Kind::Plotly, Kind::VegaLite}, error);
    QFile shellScript(QStringLiteral(":/charts/chartshell.js"));
    if (scripts.isEmpty() || !shellScript.open(QIODevice::ReadOnly))
        return {};
    // Nothing may be fetched, framed or posted; scripts and styles are the inline ones (vega
    // compiles its expressions, hence eval), pictures only data: and blob: URLs.
    const QByteArray policy = "default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; "
                              "style-src 'unsafe-inline'; img-src data: blob:; font-src data:; "
                              "connect-src 'none'; frame-src 'none'; form-action 'none'; "
                              "base-uri 'none'";
    const QByteArray page
            = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">\n"
              "<meta http-equiv=\"Content-Security-Policy\" content=\""
              + policy
              + "\">\n<style>html,body{margin:0;height:100%;background:#fff;overflow:hidden}"
                "#chart{width:100%;height:100%;overflow:auto}#chart.fit{overflow:hidden}"
                "#chart.vega-embed{display:block}"
                "#chart.message{box-sizing:border-box;padding:1em;font:13px sans-serif;"
                "color:#a00;white-space:pre-wrap}"
                "#print{display:none}"
                "@page{margin:0}"
                // Printed: only the export's SVG, fixed over the one page; the document itself
                // is empty, so a fraction of a pixel cannot start a second page.
                "@media print{html,body{height:0;overflow:hidden}#chart{display:none!important}"
                "#print{display:block;position:fixed;left:0;top:0;width:100vw;height:100vh}"
                "#print svg{display:block;width:100%;height:100%}}"
                "</style>\n<style id=\"page-size\"></style>\n"
              + scripts + "<script>" + shellScript.readAll()
              + "</script>\n</head><body><div id=\"chart\"></div><div id=\"print\"></div>"
                "</body></html>\n";
    return QString::fromUtf8(page);
}

QString ChartPage::standalone(Kind kind, const QByteArray &json, QString *error)
{
    const QByteArray scripts = inlineScripts({kind}, error);
    if (scripts.isEmpty())
        return {};
    const QByteArray render
            = kind == Kind::Plotly
                      ? QByteArrayLiteral(
                                "const fig = "
                                "JSON.parse(document.getElementById('spec').textContent);\n"
                                "Plotly.newPlot('chart', fig.data || [], fig.layout || {},"
                                " Object.assign({responsive: true}, fig.config || {}));\n")
                      : QByteArrayLiteral(
                                "const spec = "
                                "JSON.parse(document.getElementById('spec').textContent);\n"
                                "vegaEmbed('#chart', spec, {actions: false}).catch(e => {\n"
                                "  document.getElementById('chart').textContent = String(e); "
                                "});\n");
    const QByteArray page = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">\n"
                            "<style>html,body{margin:0;height:100%}#chart{width:100%;height:100%}"
                            "</style>\n"
                            + scripts + "</head><body><div id=\"chart\"></div>\n"
                            + "<script type=\"application/json\" id=\"spec\">"
                            + embeddableJson(json) + "</script>\n<script>\n" + render
                            + "</script>\n</body></html>\n";
    return QString::fromUtf8(page);
}

} // namespace Sandpiper::Resources
