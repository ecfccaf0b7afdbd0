#pragma once

#include <QByteArray>
#include <QString>

namespace Sandpiper::Resources {

// Builds standalone HTML pages for interactive charts, with the JavaScript libraries inlined
// from the Debian packages (python3-plotly, libjs-vega, node-vega-lite, node-vega-embed) so the
// page works offline. The chart JSON comes from user code and is embedded so that it can never
// close the script element it sits in.
class ChartPage
{
public:
    enum class Kind { Plotly, VegaLite };

    // An empty string when a library is missing; *error then says which file.
    static QString standalone(Kind kind, const QByteArray &json, QString *error = nullptr);

    // The Plots dock's warm page: every library of both kinds and charts/chartshell.js, which
    // draws the chart the window hands it. Empty, with *error, when a library is missing.
    static QString shell(QString *error = nullptr);

    // JSON made safe to sit inside <script type="application/json">.
    static QByteArray embeddableJson(const QByteArray &json);

    // Where the libraries are looked for; SANDPIPER_JS_DIRS (colon-separated) is searched first.
    static QStringList libraryFiles(Kind kind);
};

} // namespace Sandpiper::Resources
