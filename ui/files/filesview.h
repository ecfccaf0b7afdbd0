#pragma once

#include "fileicons.h"

#include <QWidget>

#include <functional>

class QComboBox;
class QFileSystemModel;
class QLineEdit;
class QMenu;
class QTreeView;

namespace Sandpiper::Ui {

// The Files dock: the session's workspace and the user's folders (home, bookmarks, workspaces
// kept from earlier sessions), with name, size, type and date, a filter, and live updates.
// It only browses and asks: importing, copying and opening go out as signals.
class FilesView : public QWidget
{
    Q_OBJECT

public:
    explicit FilesView(QWidget *parent = nullptr);
    ~FilesView() override;

    // The active session's workspace (empty: none yet). Shown first.
    void setWorkspace(const QString &path);
    QString workspace() const { return m_workspace; }
    // The folder shown; one of the roots.
    QString currentRoot() const;
    void showRoot(const QString &path);
    QStringList roots() const;

    // Bookmarks and kept workspaces live in the settings; kept workspaces that are gone are
    // dropped from the list.
    static QStringList bookmarks();
    static void setBookmarks(const QStringList &folders);
    static QStringList keptWorkspaces();
    static void addKeptWorkspace(const QString &path);

    bool isInWorkspace(const QString &path) const;
    bool leadsOutOfWorkspace(const QString &path) const;
    QTreeView *view() const { return m_view; }
    QLineEdit *filterEdit() const { return m_filter; }
    QComboBox *rootBox() const { return m_roots; }
    // The context menu for a file (tests read its actions).
    QMenu *menuFor(const QString &path);
    // Double click or Enter on a file.
    void activate(const QString &path);
    // Rename… and Delete… of a workspace file ask first; tests answer instead of a dialog.
    // The rename prompt returns the new name (empty: cancelled); the other, whether to delete.
    using RenamePrompt = std::function<QString(QWidget *parent, const QString &current)>;
    using DeleteConfirmation = std::function<bool(QWidget *parent, const QString &name)>;
    void setRenamePrompt(RenamePrompt prompt) { m_renamePrompt = std::move(prompt); }
    void setDeleteConfirmation(DeleteConfirmation confirm) { m_confirmDelete = std::move(confirm); }
    void renameFile(const QString &path);
    void deleteFile(const QString &path);

Q_SIGNALS:
    // A dataset to import: one in the workspace is read where it is, others are copied first.
    void importRequested(const QString &path);
    void copyIntoWorkspaceRequested(const QStringList &paths);
    void openRequested(const QString &path, bool readOnly);
    void saveAsRequested(const QString &workspaceFile);
    void notice(const QString &text);

private:
    void fillRoots();
    void applyFilter();
    QString pathAt(const QModelIndex &index) const;
    QString workspaceRelative(const QString &path) const;

    QString m_workspace;
    RenamePrompt m_renamePrompt;
    DeleteConfirmation m_confirmDelete;
    QComboBox *m_roots;
    QLineEdit *m_filter;
    FileIcons m_icons; // outlives m_model, which the destructor deletes first
    QFileSystemModel *m_model;
    QTreeView *m_view;
};

} // namespace Sandpiper::Ui
