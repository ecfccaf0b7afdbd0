#include "filesview.h"

#include "filedrops.h"

#include <workspace.h>

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDesktopServices>
#include <QDir>
#include <QFileDialog>
#include <QFileSystemModel>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QSettings>
#include <QToolButton>
#include <QTreeView>
#include <QUrl>
#include <QVBoxLayout>

namespace Sandpiper::Ui {

namespace {

const char bookmarksKey[] = "files/bookmarks";
const char keptKey[] = "files/keptWorkspaces";
// Text files larger than this open read-only: an accidental edit of a big log or dump is
// costly, and the editor is for code.
constexpr qint64 ReadOnlyFromBytes = 5 * 1024 * 1024;

QStringList existingFolders(const QStringList &folders)
{
    QStringList existing;
    for (const QString &folder : folders) {
        if (QFileInfo(folder).isDir() && !existing.contains(folder))
            existing.append(folder);
    }
    return existing;
}

} // namespace

FilesView::FilesView(QWidget *parent)
    : QWidget(parent)
    , m_roots(new QComboBox)
    , m_filter(new QLineEdit)
    , m_model(new QFileSystemModel(this))
    , m_view(new QTreeView)
{
    setObjectName(QStringLiteral("FilesView"));
    m_model->setIconProvider(&m_icons);
    auto layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    auto top = new QHBoxLayout;
    m_roots->setObjectName(QStringLiteral("FilesRoot"));
    m_roots->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_roots->setMinimumContentsLength(12);
    connect(m_roots, &QComboBox::activated, this, [this] {
        showRoot(m_roots->currentData().toString());
    });
    top->addWidget(m_roots, 1);
    auto bookmark = new QToolButton;
    bookmark->setObjectName(QStringLiteral("FilesBookmarks"));
    bookmark->setText(tr("☆"));
    bookmark->setToolTip(tr("Bookmarks"));
    bookmark->setPopupMode(QToolButton::InstantPopup);
    auto bookmarkMenu = new QMenu(bookmark);
    bookmarkMenu->addAction(tr("Add Folder…"), this, [this] {
        const QString folder = QFileDialog::getExistingDirectory(
                this, tr("Bookmark a Folder"), QDir::homePath());
        if (folder.isEmpty())
            return;
        setBookmarks(bookmarks() << folder);
        fillRoots();
        showRoot(folder);
    });
    auto removeAction = bookmarkMenu->addAction(tr("Remove This Bookmark"), this, [this] {
        QStringList list = bookmarks();
        list.removeAll(currentRoot());
        setBookmarks(list);
        fillRoots();
    });
    connect(bookmarkMenu, &QMenu::aboutToShow, this, [this, removeAction] {
        removeAction->setEnabled(bookmarks().contains(currentRoot()));
    });
    bookmark->setMenu(bookmarkMenu);
    top->addWidget(bookmark);
    layout->addLayout(top);

    m_filter->setObjectName(QStringLiteral("FilesFilter"));
    m_filter->setPlaceholderText(tr("Filter files"));
    m_filter->setClearButtonEnabled(true);
    connect(m_filter, &QLineEdit::textChanged, this, &FilesView::applyFilter);
    layout->addWidget(m_filter);

    m_model->setFilter(QDir::AllDirs | QDir::Files | QDir::NoDotAndDotDot);
    m_model->setNameFilterDisables(false);
    m_model->setReadOnly(true); // renames go through the menu, with checks
    m_view->setObjectName(QStringLiteral("FilesTree"));
    m_view->setModel(m_model);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(0, Qt::AscendingOrder);
    m_view->setUniformRowHeights(true);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    m_view->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_view->header()->setStretchLastSection(false);
    connect(m_view, &QTreeView::activated, this, [this](const QModelIndex &index) {
        if (!m_model->isDir(index))
            activate(pathAt(index));
    });
    connect(m_view, &QTreeView::customContextMenuRequested, this, [this](const QPoint &at) {
        const QModelIndex index = m_view->indexAt(at);
        if (!index.isValid() || m_model->isDir(index))
            return;
        QMenu *menu = menuFor(pathAt(index));
        menu->setAttribute(Qt::WA_DeleteOnClose);
        menu->popup(m_view->viewport()->mapToGlobal(at));
    });
    layout->addWidget(m_view, 1);
    fillRoots();
    showRoot(QDir::homePath());
}

FilesView::~FilesView()
{
    // Its file information thread asks the icon provider: gone before the provider is.
    delete m_model;
}

QStringList FilesView::bookmarks()
{
    return existingFolders(QSettings().value(QLatin1String(bookmarksKey)).toStringList());
}

void FilesView::setBookmarks(const QStringList &folders)
{
    QSettings().setValue(QLatin1String(bookmarksKey), existingFolders(folders));
}

QStringList FilesView::keptWorkspaces()
{
    const QStringList kept
            = existingFolders(QSettings().value(QLatin1String(keptKey)).toStringList());
    QSettings().setValue(QLatin1String(keptKey), kept);
    return kept;
}

void FilesView::addKeptWorkspace(const QString &path)
{
    QStringList kept = keptWorkspaces();
    kept.removeAll(path);
    kept.prepend(path);
    QSettings().setValue(QLatin1String(keptKey), kept.mid(0, 20));
}

void FilesView::setWorkspace(const QString &path)
{
    if (path == m_workspace)
        return;
    const bool showingOld = currentRoot() == m_workspace || currentRoot() == QDir::homePath();
    m_workspace = path;
    fillRoots();
    if (showingOld && !path.isEmpty())
        showRoot(path);
}

QStringList FilesView::roots() const
{
    QStringList list;
    for (int i = 0; i < m_roots->count(); ++i)
        list.append(m_roots->itemData(i).toString());
    return list;
}

void FilesView::fillRoots()
{
    const QString current = currentRoot();
    m_roots->clear();
    if (!m_workspace.isEmpty())
        m_roots->addItem(tr("Workspace"), m_workspace);
    m_roots->addItem(tr("Home"), QDir::homePath());
    for (const QString &folder : bookmarks())
        m_roots->addItem(QDir::toNativeSeparators(folder), folder);
    for (const QString &kept : keptWorkspaces()) {
        if (kept != m_workspace)
            m_roots->addItem(tr("Kept workspace %1").arg(QFileInfo(kept).fileName()), kept);
    }
    const int index = m_roots->findData(current);
    m_roots->setCurrentIndex(std::max(0, index));
}

QString FilesView::currentRoot() const
{
    return m_model->rootPath();
}

void FilesView::showRoot(const QString &path)
{
    if (path.isEmpty())
        return;
    m_view->setRootIndex(m_model->setRootPath(path));
    const int index = m_roots->findData(path);
    if (index >= 0)
        m_roots->setCurrentIndex(index);
}

void FilesView::applyFilter()
{
    const QString text = m_filter->text().trimmed();
    if (text.isEmpty()) {
        m_model->setNameFilters({});
        return;
    }
    // A plain text matches anywhere in a name; wildcards are the user's own.
    const bool pattern = text.contains(u'*') || text.contains(u'?') || text.contains(u'[');
    m_model->setNameFilters({pattern ? text : QStringLiteral("*%1*").arg(text)});
}

QString FilesView::pathAt(const QModelIndex &index) const
{
    return m_model->filePath(index);
}

QString FilesView::workspaceRelative(const QString &path) const
{
    // As listed, not resolved: Workspace refuses whatever leads out of it.
    return QDir(m_workspace).relativeFilePath(path);
}

bool FilesView::isInWorkspace(const QString &path) const
{
    if (m_workspace.isEmpty())
        return false;
    const QString root = QFileInfo(m_workspace).canonicalFilePath();
    const QString file = QFileInfo(path).canonicalFilePath();
    return !root.isEmpty() && file.startsWith(root + u'/');
}

bool FilesView::leadsOutOfWorkspace(const QString &path) const
{
    // Listed in the workspace, but a link (or under one) to somewhere else: the session may
    // have planted it to have the user open, or overwrite, one of their own files.
    return !m_workspace.isEmpty()
           && QDir::cleanPath(path).startsWith(QDir::cleanPath(m_workspace) + u'/')
           && !isInWorkspace(path);
}

void FilesView::activate(const QString &path)
{
    if (leadsOutOfWorkspace(path)) {
        Q_EMIT notice(tr("Not opened: %1 is a link that leads out of the workspace.")
                              .arg(QDir::toNativeSeparators(path)));
        return;
    }
    const QFileInfo info(path);
    if (DroppedFiles::isDataset(path))
        Q_EMIT importRequested(path);
    else
        Q_EMIT openRequested(path, info.size() > ReadOnlyFromBytes);
}

QMenu *FilesView::menuFor(const QString &path)
{
    auto menu = new QMenu(this);
    if (leadsOutOfWorkspace(path)) {
        menu->addAction(tr("A link out of the workspace"))->setEnabled(false);
        return menu;
    }
    const bool inWorkspace = isInWorkspace(path);
    const bool dataset = DroppedFiles::isDataset(path);
    auto importAction = menu->addAction(
            tr("Import as DataFrame…"), this, [this, path] { Q_EMIT importRequested(path); });
    importAction->setEnabled(dataset);
    auto copyAction = menu->addAction(tr("Copy into Workspace"), this, [this, path] {
        Q_EMIT copyIntoWorkspaceRequested({path});
    });
    copyAction->setEnabled(!inWorkspace && !m_workspace.isEmpty());
    menu->addAction(tr("Open in Editor"), this, [this, path] {
        Q_EMIT openRequested(path, QFileInfo(path).size() > ReadOnlyFromBytes);
    });
    menu->addSeparator();
    auto saveAction
            = menu->addAction(tr("Save As…"), this, [this, path] { Q_EMIT saveAsRequested(path); });
    auto renameAction = menu->addAction(tr("Rename…"), this, [this, path] { renameFile(path); });
    auto deleteAction = menu->addAction(tr("Delete…"), this, [this, path] { deleteFile(path); });
    // The user's own files are the file manager's business; the workspace is ours.
    for (QAction *action : {saveAction, renameAction, deleteAction})
        action->setEnabled(inWorkspace);
    menu->addSeparator();
    menu->addAction(tr("Copy Path"), this, [path] {
        QApplication::clipboard()->setText(QDir::toNativeSeparators(path));
    });
    menu->addAction(tr("Show in File Manager"), this, [path] {
        QDesktopServices::openUrl(QUrl::fromLocalFile(QFileInfo(path).absolutePath()));
    });
    return menu;
}

void FilesView::renameFile(const QString &path)
{
    if (!isInWorkspace(path))
        return; // the user's own files are the file manager's business
    const QFileInfo info(path);
    QString name;
    if (m_renamePrompt) {
        name = m_renamePrompt(this, info.fileName());
    } else {
        bool ok = false;
        name = QInputDialog::getText(
                this, tr("Rename"), tr("New name:"), QLineEdit::Normal, info.fileName(), &ok);
        if (!ok)
            name.clear();
    }
    if (name.isEmpty() || name == info.fileName())
        return;
    // Beneath the workspace, never through a link: the session may have swapped a folder on
    // the way for one while the question was open.
    QString error;
    if (!Client::Workspace(m_workspace).renameFile(workspaceRelative(path), name, &error))
        Q_EMIT notice(tr("Not renamed: %1.").arg(error));
}

void FilesView::deleteFile(const QString &path)
{
    if (!isInWorkspace(path))
        return;
    const QFileInfo info(path);
    const bool confirmed
            = m_confirmDelete ? m_confirmDelete(this, info.fileName())
                              : QMessageBox::question(
                                        this,
                                        tr("Delete"),
                                        tr("Delete %1 from the workspace? This cannot be undone.")
                                                .arg(info.fileName()))
                                        == QMessageBox::Yes;
    if (!confirmed)
        return;
    QString error;
    if (!Client::Workspace(m_workspace).removeFile(workspaceRelative(path), &error))
        Q_EMIT notice(tr("Not deleted: %1.").arg(error));
}

} // namespace Sandpiper::Ui
