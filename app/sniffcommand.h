#pragma once

#include <QObject>
#include <QString>
#include <QTemporaryDir>

#include <memory>

namespace Sandpiper::Client {
class ImportSession;
class Workspace;
} // namespace Sandpiper::Client

namespace Sandpiper::App {

// `sandpiper --sniff FILE`: copies FILE into a fresh workspace, asks the sandboxed tools engine
// how the import dialog would read it, and prints that as one JSON object (the options under the
// names of Protocol::ImportKey, plus sheets, columns and code), then removes the workspace.
class SniffCommand : public QObject
{
    Q_OBJECT

public:
    enum ExitCode { Success = 0, Unreadable = 1, UsageError = 2 };

    explicit SniffCommand(const QString &path, QObject *parent = nullptr);
    ~SniffCommand() override;

    void start();

Q_SIGNALS:
    void finished(int exitCode);

private:
    void complete(int exitCode, const QString &error = {});

    QString m_path;
    QTemporaryDir m_root;
    std::unique_ptr<Client::Workspace> m_workspace;
    std::unique_ptr<Client::ImportSession> m_tools;
};

} // namespace Sandpiper::App
