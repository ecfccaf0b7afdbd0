#pragma once

#include <QCoreApplication>
#include <QString>
#include <QStringList>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>

namespace Sandpiper::Client {

// A session's private folder as the GUI side handles it: created (0700) before the engine
// starts, the engine's working directory and only writable place, removed when the session
// closes unless the user keeps it.
//
// The sandboxed code owns everything inside, so every file operation here treats the content
// as hostile: names are resolved beneath the folder's descriptor and never through a symbolic
// link (openat2 RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS, or a component-by-component walk with
// O_NOFOLLOW on older kernels), files are created with O_EXCL, and only regular files with a
// single link are read. Imports and exports are bounded in size.
class Workspace
{
    Q_DECLARE_TR_FUNCTIONS(Sandpiper::Client::Workspace)

public:
    static constexpr qint64 DefaultTransferLimit = 100ll * 1024 * 1024;
    // In UTF-8 bytes; file systems allow 255.
    static constexpr int MaxNameBytes = 160;

    // A new folder "session-XXXXXX" (mode 0700) under root, which is created (0700) if missing.
    static std::unique_ptr<Workspace> create(const QString &root, QString *error);
    // <AppLocalDataLocation>/workspaces, or <temp>/sandpiper-workspaces without one.
    static QString defaultRoot();

    // An existing folder; check isValid().
    explicit Workspace(const QString &path);
    ~Workspace();
    Workspace(const Workspace &) = delete;
    Workspace &operator=(const Workspace &) = delete;

    bool isValid() const { return m_fd >= 0; }
    QString path() const { return m_path; }

    void setTransferLimit(qint64 bytes) { m_transferLimit = bytes; }
    qint64 transferLimit() const { return m_transferLimit; }
    // A copy in progress stops (and leaves nothing half-written) once *flag is true; for copies
    // on a worker thread that the GUI may need to end.
    void setCancelFlag(const std::atomic<bool> *flag) { m_cancel = flag; }

    // Copies a file the user chose into the workspace under a sanitized name (name, or the
    // source's file name); an existing entry of that name is never touched: "data (2).csv" is
    // tried next. Returns the new file's full path, or nullopt and an error for the user.
    std::optional<QString> importFile(const QString &sourcePath,
                                      QString *error,
                                      const QString &name = {}) const;
    // Copies the workspace file at relativePath (e.g. "out/table.csv") to destinationPath.
    // Refuses links, anything but a regular file, hard-linked files and files over the limit.
    bool exportFile(const QString &relativePath,
                    const QString &destinationPath,
                    QString *error) const;

    // Deletes or renames a file of the workspace (relativePath, e.g. "out/table.csv"), never
    // through a link: the folders on the way are opened beneath the workspace without
    // following any, and the entry itself is unlinked or renamed, not what it points to. A new
    // name is one file name in the same folder, never over an existing entry.
    bool removeFile(const QString &relativePath, QString *error) const;
    bool renameFile(const QString &relativePath, const QString &newName, QString *error) const;

    // exportFile() to the same relative path under `folder` ("out/table.csv" ->
    // folder/out/table.csv), making the folders it needs.
    bool exportInto(const QString &relativePath, const QString &folder, QString *error) const;

    // The user's files in the workspace, as paths relative to it ("out/table.csv"), sorted:
    // regular files only, no links followed, hidden files and folders (".config", ".cache")
    // left out; at most `limit` of them (*more says whether there were others).
    QStringList files(int limit, bool *more = nullptr) const;

    // Deletes the folder and everything in it. Never follows a link; folders the code made
    // unreadable are made readable first; arbitrarily deep trees are handled.
    bool removeAll(QString *error);

    // A safe single file name: separators, control and format characters replaced, trimmed,
    // at most MaxNameBytes. Empty when nothing usable is left (e.g. "..", "", "  ").
    static QString sanitizeName(const QString &name);

    // Tests: false exercises the component-by-component walk used where openat2 is missing.
    static void setOpenat2Enabled(bool enabled);

private:
    // Reads sourceFd to its end in chunks and hands them to write(), within the transfer limit
    // and until cancelled; false with a reason in *error (write() sets its own).
    bool copyChunks(int sourceFd,
                    const QString &sourceName,
                    const std::function<bool(const char *, qsizetype)> &write,
                    QString *error) const;
    bool isCancelled() const { return m_cancel && m_cancel->load(std::memory_order_relaxed); }
    // Whether path (opened as openedFd) is, or leads to, something in the workspace.
    bool isInside(const QString &path, int openedFd) const;

    QString m_path;
    int m_fd = -1;
    qint64 m_transferLimit = DefaultTransferLimit;
    const std::atomic<bool> *m_cancel = nullptr;
};

} // namespace Sandpiper::Client
