#include "chartsandbox.h"

#include <chartpage.h>

#include <QBuffer>
#include <QWebEngineDownloadRequest>
#include <QWebEngineFileSystemAccessRequest>
#include <QWebEnginePermission>
#include <QWebEngineProfile>
#include <QWebEngineSettings>
#include <QWebEngineUrlRequestInfo>
#include <QWebEngineUrlRequestJob>
#include <QWebEngineUrlScheme>

namespace Sandpiper::Ui {

namespace {

bool isOurs(const QUrl &url)
{
    return url.scheme() == QLatin1String(ChartSandbox::Scheme);
}

// Refuses every request that is not for the chart scheme: http(s), ws, file, ftp, anything.
// data: and blob: never reach an interceptor; they stay inside the page.
class RequestGuard : public QWebEngineUrlRequestInterceptor
{
public:
    explicit RequestGuard(std::function<void(const QUrl &)> refused, QObject *parent)
        : QWebEngineUrlRequestInterceptor(parent)
        , m_refused(std::move(refused))
    {}

    void interceptRequest(QWebEngineUrlRequestInfo &info) override
    {
        if (isOurs(info.requestUrl()))
            return;
        info.block(true);
        m_refused(info.requestUrl());
    }

private:
    std::function<void(const QUrl &)> m_refused;
};

// Serves the one page there is: the chart shell with its libraries.
class ShellHandler : public QWebEngineUrlSchemeHandler
{
public:
    using QWebEngineUrlSchemeHandler::QWebEngineUrlSchemeHandler;

    void requestStarted(QWebEngineUrlRequestJob *job) override
    {
        if (job->requestUrl() != ChartSandbox::shellUrl()) {
            job->fail(QWebEngineUrlRequestJob::UrlNotFound);
            return;
        }
        QString error;
        const QString page = Resources::ChartPage::shell(&error);
        if (page.isEmpty()) {
            qWarning("Chart page unavailable: %s", qPrintable(error));
            job->fail(QWebEngineUrlRequestJob::RequestFailed);
            return;
        }
        auto body = new QBuffer(job);
        body->setData(page.toUtf8());
        body->open(QIODevice::ReadOnly);
        job->reply("text/html", body);
    }
};

// Stays on the shell: a link, a form or a script that sets location goes nowhere, and
// window.open gets no window.
class SandboxedPage : public QWebEnginePage
{
public:
    SandboxedPage(QWebEngineProfile *profile,
                  std::function<void(const QUrl &)> refused,
                  QObject *parent)
        : QWebEnginePage(profile, parent)
        , m_refused(std::move(refused))
    {}

protected:
    bool acceptNavigationRequest(const QUrl &url, NavigationType, bool isMainFrame) override
    {
        if (isMainFrame && url == ChartSandbox::shellUrl())
            return true;
        m_refused(url);
        return false;
    }

    QWebEnginePage *createWindow(WebWindowType) override { return nullptr; }

    void javaScriptConsoleMessage(JavaScriptConsoleMessageLevel,
                                  const QString &,
                                  int,
                                  const QString &) override
    {
        // A chart's own console chatter is not ours to print.
    }

private:
    std::function<void(const QUrl &)> m_refused;
};

} // namespace

void ChartSandbox::registerScheme()
{
    QWebEngineUrlScheme scheme(Scheme);
    scheme.setSyntax(QWebEngineUrlScheme::Syntax::Host);
    scheme.setFlags(QWebEngineUrlScheme::SecureScheme | QWebEngineUrlScheme::LocalScheme
                    | QWebEngineUrlScheme::LocalAccessAllowed);
    QWebEngineUrlScheme::registerScheme(scheme);
}

QUrl ChartSandbox::shellUrl()
{
    return QUrl(QStringLiteral("%1://charts/shell.html").arg(QLatin1String(Scheme)));
}

ChartSandbox::ChartSandbox(QObject *parent)
    : QObject(parent)
    , m_profile(new QWebEngineProfile(this)) // off the record: nothing is stored on disk
{
    const auto refused = [this](const QUrl &url) {
        noteRefused(url);
    };
    m_profile->setUrlRequestInterceptor(new RequestGuard(refused, this));
    m_profile->installUrlSchemeHandler(Scheme, new ShellHandler(this));
    m_profile->setHttpCacheType(QWebEngineProfile::NoCache);
    m_profile->setPersistentCookiesPolicy(QWebEngineProfile::NoPersistentCookies);
    m_profile->setSpellCheckEnabled(false);
    // Plotly's and vega's own "download" buttons are removed; anything else is refused too.
    connect(m_profile, &QWebEngineProfile::downloadRequested, this, [this](auto *download) {
        noteRefused(download->url());
        download->cancel();
    });

    QWebEngineSettings *settings = m_profile->settings();
    settings->setAttribute(QWebEngineSettings::JavascriptCanOpenWindows, false);
    settings->setAttribute(QWebEngineSettings::JavascriptCanAccessClipboard, false);
    settings->setAttribute(QWebEngineSettings::JavascriptCanPaste, false);
    settings->setAttribute(QWebEngineSettings::LocalStorageEnabled, false);
    settings->setAttribute(QWebEngineSettings::LocalContentCanAccessRemoteUrls, false);
    settings->setAttribute(QWebEngineSettings::LocalContentCanAccessFileUrls, false);
    settings->setAttribute(QWebEngineSettings::PluginsEnabled, false);
    settings->setAttribute(QWebEngineSettings::PdfViewerEnabled, false);
    settings->setAttribute(QWebEngineSettings::NavigateOnDropEnabled, false);
    settings->setAttribute(QWebEngineSettings::AllowRunningInsecureContent, false);
    settings->setAttribute(QWebEngineSettings::AllowGeolocationOnInsecureOrigins, false);
    settings->setAttribute(QWebEngineSettings::DnsPrefetchEnabled, false);
    settings->setAttribute(QWebEngineSettings::FullScreenSupportEnabled, false);
    settings->setAttribute(QWebEngineSettings::ScreenCaptureEnabled, false);
    settings->setAttribute(QWebEngineSettings::WebRTCPublicInterfacesOnly, true);
    settings->setAttribute(QWebEngineSettings::ErrorPageEnabled, false);
}

QWebEnginePage *ChartSandbox::newPage(QObject *parent)
{
    auto page = new SandboxedPage(m_profile, [this](const QUrl &url) { noteRefused(url); }, parent);
    // Permission prompts (camera, location, notifications…) are answered no, unasked.
    connect(page, &QWebEnginePage::permissionRequested, page, [](QWebEnginePermission permission) {
        permission.deny();
    });
    connect(page,
            &QWebEnginePage::fileSystemAccessRequested,
            page,
            [](QWebEngineFileSystemAccessRequest request) { request.reject(); });
    return page;
}

void ChartSandbox::noteRefused(const QUrl &url)
{
    // Data URLs can be megabytes; the scheme and the start say enough.
    const QString shown = url.toString().left(200);
    m_refused << shown;
    if (m_refused.size() > 1000)
        m_refused.removeFirst();
    Q_EMIT requestRefused(url);
}

} // namespace Sandpiper::Ui
