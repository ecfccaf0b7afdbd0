#pragma once

#include <QStringList>
#include <QUrl>
#include <QWebEnginePage>
#include <QWebEngineUrlRequestInterceptor>
#include <QWebEngineUrlSchemeHandler>

class QWebEngineProfile;

namespace Sandpiper::Ui {

// The rules chart pages live under. A chart is untrusted (user code can put anything in a
// Plotly or Vega-Lite spec, URLs included), so its page may load nothing but the app's own
// chart scheme: no network, no file, no navigation away, no popups, no storage. The page
// itself is served by the scheme with its libraries inlined and a content security policy.
class ChartSandbox : public QObject
{
    Q_OBJECT

public:
    static constexpr const char *Scheme = "sandpiper-chart";

    // The scheme must be known before QApplication exists (QWebEngineUrlScheme's rule).
    static void registerScheme();
    // The warm page's address.
    static QUrl shellUrl();

    explicit ChartSandbox(QObject *parent = nullptr);

    QWebEngineProfile *profile() const { return m_profile; }
    // A page under these rules; parented to `parent`.
    QWebEnginePage *newPage(QObject *parent);
    // Every request and navigation refused so far, newest last (for the log and the tests).
    QStringList refused() const { return m_refused; }

Q_SIGNALS:
    void requestRefused(const QUrl &url);

private:
    void noteRefused(const QUrl &url);

    QWebEngineProfile *m_profile;
    QStringList m_refused;
};

} // namespace Sandpiper::Ui
