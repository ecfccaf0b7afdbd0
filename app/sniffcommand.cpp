#include "sniffcommand.h"

#include <datarequest.h>
#include <importsession.h>
#include <workspace.h>

#include <QCborValue>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>

#include <cstdio>

namespace Sandpiper::App {

SniffCommand::SniffCommand(const QString &path, QObject *parent)
    : QObject(parent)
    , m_path(path)
{}

SniffCommand::~SniffCommand()
{
    if (m_tools)
        m_tools->shutdown();
    if (m_workspace) {
        QString error;
        m_workspace->removeAll(&error);
    }
}

void SniffCommand::start()
{
    QString error;
    // A private folder of its own (mode 0700, unguessable), never a shared fixed path.
    if (!m_root.isValid())
        return complete(UsageError, m_root.errorString());
    m_workspace = Client::Workspace::create(m_root.path(), &error);
    if (!m_workspace)
        return complete(UsageError, error);
    // The same copy as a drop makes: limits, safe name, no links followed.
    const auto copy = m_workspace->importFile(m_path, &error);
    if (!copy)
        return complete(UsageError, error);
    m_tools = std::make_unique<Client::ImportSession>(m_workspace->path());
    Protocol::SniffRequest request;
    request.path = *copy;
    request.name = QFileInfo(*copy).fileName();
    request.rows = Protocol::MaxImportRows;
    Client::SniffFetch *fetch = m_tools->sniff(request);
    connect(fetch,
            &Client::SniffFetch::finished,
            this,
            [this](const Protocol::SniffResult &result) {
                QJsonObject out = QCborValue(result.options.toCbor()).toJsonValue().toObject();
                out.remove(QStringLiteral("variable"));
                QJsonArray columns;
                // The columns as read (the dtype sniffed), with a date column's format.
                for (const Protocol::ImportColumn &column : result.columns) {
                    QJsonObject item{{QStringLiteral("name"), column.name},
                                     {QStringLiteral("dtype"), column.dtype}};
                    for (const Protocol::ImportColumn &option : result.options.columns) {
                        if (option.name == column.name && !option.format.isEmpty())
                            item.insert(QStringLiteral("format"), option.format);
                    }
                    columns.append(item);
                }
                out.insert(QStringLiteral("columns"), columns);
                out.insert(QStringLiteral("sheets"), QJsonArray::fromStringList(result.sheets));
                out.insert(QStringLiteral("code"), result.code);
                out.insert(QStringLiteral("warnings"), QJsonArray::fromStringList(result.warnings));
                if (!result.error.isEmpty())
                    out.insert(QStringLiteral("error"), result.error);
                std::fputs(QJsonDocument(out).toJson(QJsonDocument::Indented).constData(), stdout);
                std::fputs("\n", stdout);
                complete(result.error.isEmpty() ? Success : Unreadable, result.error);
            });
}

void SniffCommand::complete(int exitCode, const QString &error)
{
    if (!error.isEmpty())
        std::fprintf(stderr, "sandpiper: %s\n", qPrintable(error));
    QTimer::singleShot(0, this, [this, exitCode] { Q_EMIT finished(exitCode); });
}

} // namespace Sandpiper::App
