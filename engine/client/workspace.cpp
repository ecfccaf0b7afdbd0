#include "workspace.h"

#include <QDir>
#include <QDirIterator>
#include <QFileInfo>
#include <QLocale>
#include <QRandomGenerator>
#include <QSaveFile>
#include <QStandardPaths>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <functional>
#include <vector>

#include <dirent.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdio.h> // renameat2
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace Sandpiper::Client {

namespace {

constexpr qsizetype CopyChunkBytes = 256 * 1024;
// Deeper folders are moved up to the workspace's top level before they are emptied, so that
// removal keeps a bounded number of descriptors open however deep the tree is.
constexpr int MaxRemovalDepth = 32;

class FileDescriptor
{
public:
    explicit FileDescriptor(int fd = -1)
        : m_fd(fd)
    {}
    ~FileDescriptor()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    FileDescriptor(FileDescriptor &&other) noexcept
        : m_fd(std::exchange(other.m_fd, -1))
    {}
    FileDescriptor(const FileDescriptor &) = delete;
    FileDescriptor &operator=(const FileDescriptor &) = delete;
    int get() const { return m_fd; }
    bool isValid() const { return m_fd >= 0; }

private:
    int m_fd;
};

QString systemError(int error = errno)
{
    return QString::fromLocal8Bit(std::strerror(error));
}

std::atomic<bool> g_haveOpenat2{true};

// Opens relative (components separated by '/') beneath dirFd without following any symbolic
// link, not even in intermediate components, and without leaving the folder ("..", absolute
// paths and magic links refused). -1 and errno on failure.
int openBeneath(int dirFd, const QByteArray &relative, int flags, mode_t mode = 0)
{
    const QList<QByteArray> parts = relative.split('/');
    for (const QByteArray &part : parts) {
        if (part.isEmpty() || part == "." || part == ".." || part.contains('\0')) {
            errno = EINVAL;
            return -1;
        }
    }
    flags |= O_CLOEXEC | O_NOFOLLOW | O_NOCTTY;
    if (g_haveOpenat2.load(std::memory_order_relaxed)) {
        open_how how{};
        how.flags = quint64(flags);
        how.mode = (flags & O_CREAT) ? mode : 0;
        how.resolve
                = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS | RESOLVE_NO_XDEV;
        const int fd = int(::syscall(SYS_openat2, dirFd, relative.constData(), &how, sizeof how));
        if (fd >= 0 || errno != ENOSYS)
            return fd;
        g_haveOpenat2.store(false, std::memory_order_relaxed);
    }
    // Older kernels: one component at a time, each opened with O_NOFOLLOW.
    int current = dirFd;
    for (qsizetype i = 0; i + 1 < parts.size(); ++i) {
        const int next = ::openat(
                current, parts.at(i).constData(), O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        const int saved = errno;
        if (current != dirFd)
            ::close(current);
        if (next < 0) {
            errno = saved;
            return -1;
        }
        current = next;
    }
    const int fd = ::openat(current, parts.constLast().constData(), flags, mode);
    const int saved = errno;
    if (current != dirFd)
        ::close(current);
    errno = saved;
    return fd;
}

bool writeAll(int fd, const char *data, qsizetype size)
{
    while (size > 0) {
        const ssize_t n = ::write(fd, data, size_t(size));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        data += n;
        size -= n;
    }
    return true;
}

// "name (2).ext" for attempt 2.
QString numbered(const QString &name, int attempt)
{
    if (attempt <= 1)
        return name;
    const qsizetype dot = name.lastIndexOf(u'.');
    const bool hasExtension = dot > 0 && name.size() - dot <= 16;
    const QString stem = hasExtension ? name.left(dot) : name;
    const QString extension = hasExtension ? name.mid(dot) : QString();
    return Workspace::sanitizeName(
            QStringLiteral("%1 (%2)%3").arg(stem).arg(attempt).arg(extension));
}

bool isUnsafe(QChar c)
{
    switch (c.category()) {
    case QChar::Other_Control:   // C0, DEL, C1
    case QChar::Other_Format:    // bidi overrides, zero-width characters
    case QChar::Other_Surrogate: // half a character
    case QChar::Other_NotAssigned:
    case QChar::Separator_Line:
    case QChar::Separator_Paragraph:
        return true;
    default:
        return c == u'/' || c == u'\\';
    }
}

// Empties the folder open as fd (depth below the workspace's top, whose descriptor is topFd).
bool removeContents(int topFd, int fd, int depth, quint64 *movedUp, QString *error)
{
    std::vector<QByteArray> names;
    {
        const int copy = ::fcntl(fd, F_DUPFD_CLOEXEC, 0);
        DIR *dir = copy >= 0 ? ::fdopendir(copy) : nullptr;
        if (!dir) {
            if (copy >= 0)
                ::close(copy);
            *error = systemError();
            return false;
        }
        // The copy shares its offset with fd, which an earlier pass left at the end.
        ::rewinddir(dir);
        while (dirent *entry = ::readdir(dir)) {
            const QByteArray name(entry->d_name);
            if (name != "." && name != "..")
                names.push_back(name);
        }
        ::closedir(dir);
    }
    for (const QByteArray &name : names) {
        struct stat st{};
        if (::fstatat(fd, name.constData(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
            if (errno == ENOENT)
                continue;
            *error = systemError();
            return false;
        }
        if (!S_ISDIR(st.st_mode)) {
            if (::unlinkat(fd, name.constData(), 0) != 0 && errno != ENOENT) {
                *error = QStringLiteral("%1: %2").arg(QString::fromLocal8Bit(name), systemError());
                return false;
            }
            continue;
        }
        if (depth >= MaxRemovalDepth) {
            // Never over an existing entry: the code may have planted one under any name.
            int renamed = -1;
            do {
                const QByteArray flat = ".sandpiper-removing-" + QByteArray::number(++*movedUp);
                renamed = ::renameat2(
                        fd, name.constData(), topFd, flat.constData(), RENAME_NOREPLACE);
            } while (renamed != 0 && errno == EEXIST);
            if (renamed != 0) {
                *error = systemError();
                return false;
            }
            continue;
        }
        int sub = ::openat(fd, name.constData(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (sub < 0 && errno == EACCES) {
            // The code may have taken its own permissions away; it is our folder.
            ::fchmodat(fd, name.constData(), S_IRWXU, 0);
            sub = ::openat(fd, name.constData(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        }
        if (sub < 0) {
            *error = QStringLiteral("%1: %2").arg(QString::fromLocal8Bit(name), systemError());
            return false;
        }
        const FileDescriptor subFd(sub);
        ::fchmod(sub, S_IRWXU);
        if (!removeContents(topFd, sub, depth + 1, movedUp, error))
            return false;
        if (::unlinkat(fd, name.constData(), AT_REMOVEDIR) != 0 && errno != ENOENT) {
            *error = QStringLiteral("%1: %2").arg(QString::fromLocal8Bit(name), systemError());
            return false;
        }
    }
    return true;
}

// Where an open fd leads, as the kernel resolved it (no path games left to play).
QByteArray openedPath(int fd)
{
    char target[PATH_MAX];
    const std::string link = "/proc/self/fd/" + std::to_string(fd);
    const ssize_t n = ::readlink(link.c_str(), target, sizeof target);
    return n > 0 && size_t(n) < sizeof target ? QByteArray(target, n) : QByteArray();
}

} // namespace

std::unique_ptr<Workspace> Workspace::create(const QString &root, QString *error)
{
    QDir rootDir(root);
    if (!rootDir.exists()) {
        if (!QDir().mkpath(root)) {
            *error = tr("cannot create the folder %1").arg(root);
            return nullptr;
        }
        QFile::setPermissions(root, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    }
    QByteArray pattern
            = QFile::encodeName(rootDir.absoluteFilePath(QStringLiteral("session-XXXXXX")));
    if (!::mkdtemp(pattern.data())) { // mode 0700
        *error = tr("cannot create a workspace in %1: %2").arg(root, systemError());
        return nullptr;
    }
    auto workspace = std::make_unique<Workspace>(QFile::decodeName(pattern));
    if (!workspace->isValid()) {
        *error = tr("cannot open the workspace %1: %2").arg(workspace->path(), systemError());
        ::rmdir(pattern.constData());
        return nullptr;
    }
    return workspace;
}

void Workspace::setOpenat2Enabled(bool enabled)
{
    g_haveOpenat2.store(enabled, std::memory_order_relaxed);
}

QString Workspace::defaultRoot()
{
    const QString data = QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation);
    if (!data.isEmpty())
        return QDir(data).filePath(QStringLiteral("workspaces"));
    return QDir(QDir::tempPath()).filePath(QStringLiteral("sandpiper-workspaces"));
}

Workspace::Workspace(const QString &path)
    : m_path(QFileInfo(path).absoluteFilePath())
{
    m_fd = ::open(QFile::encodeName(m_path).constData(),
                  O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
}

Workspace::~Workspace()
{
    if (m_fd >= 0)
        ::close(m_fd);
}

QString Workspace::sanitizeName(const QString &name)
{
    const QString trimmed = name.trimmed();
    QString clean;
    clean.reserve(trimmed.size());
    for (qsizetype i = 0; i < trimmed.size(); ++i) {
        const QChar c = trimmed.at(i);
        // A valid surrogate pair is one character; a lone half is replaced.
        if (c.isHighSurrogate() && i + 1 < trimmed.size() && trimmed.at(i + 1).isLowSurrogate()) {
            const char32_t code = QChar::surrogateToUcs4(c, trimmed.at(i + 1));
            const QChar::Category category = QChar::category(code);
            const bool unsafe = category == QChar::Other_Format
                                || category == QChar::Other_NotAssigned
                                || category == QChar::Other_PrivateUse;
            clean += unsafe ? QStringLiteral("_") : trimmed.mid(i, 2);
            ++i;
            continue;
        }
        clean += isUnsafe(c) ? u'_' : c;
    }
    clean = clean.trimmed();
    // Names a shell would read as an option.
    if (clean.startsWith(u'-'))
        clean[0] = u'_';
    bool onlyDots = true;
    for (const QChar c : std::as_const(clean))
        onlyDots = onlyDots && c == u'.';
    if (clean.isEmpty() || onlyDots)
        return {};
    if (clean.toUtf8().size() <= MaxNameBytes)
        return clean;
    // Too long: shorten the stem, keep a short extension.
    const qsizetype dot = clean.lastIndexOf(u'.');
    const QString extension = dot > 0 && clean.size() - dot <= 16 ? clean.mid(dot) : QString();
    QString stem = extension.isEmpty() ? clean : clean.left(dot);
    const qsizetype room = MaxNameBytes - extension.toUtf8().size();
    while (!stem.isEmpty() && stem.toUtf8().size() > room) {
        stem.chop(stem.size() >= 2 && stem.at(stem.size() - 1).isLowSurrogate() ? 2 : 1);
    }
    stem = stem.trimmed();
    return stem.isEmpty() ? QString() : stem + extension;
}

bool Workspace::isInside(const QString &path, int openedFd) const
{
    // The session's own files, and links it planted (leading anywhere), are not the user's.
    // Resolved here component by component, as the kernel would: if the walk passes through
    // the workspace folder (known by device and inode, so another path to it or a bind mount
    // counts too), what the path names is the session's, whatever it finally leads to.
    struct stat root{};
    if (::fstat(m_fd, &root) != 0)
        return true;
    const auto isRoot = [&](const struct stat &st) {
        return st.st_dev == root.st_dev && st.st_ino == root.st_ino;
    };
    QList<QByteArray> pending = QFile::encodeName(QFileInfo(path).absoluteFilePath()).split('/');
    QByteArray current = "/"; // always a resolved folder
    int links = 0;
    while (!pending.isEmpty()) {
        const QByteArray part = pending.takeFirst();
        if (part.isEmpty() || part == ".")
            continue;
        if (part == "..") {
            const qsizetype slash = current.lastIndexOf('/');
            current = slash > 0 ? current.left(slash) : QByteArray("/");
            continue;
        }
        const QByteArray next = (current == "/" ? QByteArray() : current) + '/' + part;
        struct stat st{};
        if (::lstat(next.constData(), &st) != 0)
            return true; // cannot be judged: refused
        if (S_ISLNK(st.st_mode)) {
            char target[PATH_MAX];
            const ssize_t size = ::readlink(next.constData(), target, sizeof target);
            if (++links > 40 || size <= 0 || size_t(size) >= sizeof target)
                return true;
            const QByteArray link(target, size);
            if (link.startsWith('/'))
                current = "/";
            pending = link.split('/') + pending;
            continue;
        }
        if (isRoot(st))
            return true;
        current = next;
    }
    // And where the opened file really is, in case anything moved meanwhile.
    const QByteArray resolvedRoot = openedPath(m_fd);
    const QByteArray opened = openedPath(openedFd);
    return resolvedRoot.isEmpty() || opened.isEmpty() || opened == resolvedRoot
           || opened.startsWith(QByteArray(resolvedRoot + '/'));
}

std::optional<QString> Workspace::importFile(const QString &sourcePath,
                                             QString *error,
                                             const QString &name) const
{
    if (!isValid()) {
        *error = tr("the workspace is not available");
        return std::nullopt;
    }
    const QString wanted = sanitizeName(name.isEmpty() ? QFileInfo(sourcePath).fileName() : name);
    if (wanted.isEmpty()) {
        *error = tr("'%1' cannot be used as a file name").arg(name.isEmpty() ? sourcePath : name);
        return std::nullopt;
    }
    // The user's own file: following links to it is fine. O_NONBLOCK so a FIFO cannot hang us.
    const FileDescriptor source(::open(QFile::encodeName(sourcePath).constData(),
                                       O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK));
    if (!source.isValid()) {
        *error = tr("cannot open %1: %2").arg(sourcePath, systemError());
        return std::nullopt;
    }
    if (isInside(sourcePath, source.get())) {
        *error = tr("%1 is in the session's workspace already (or leads there); only files from "
                    "outside are copied in")
                         .arg(sourcePath);
        return std::nullopt;
    }
    struct stat st{};
    if (::fstat(source.get(), &st) != 0 || !S_ISREG(st.st_mode)) {
        *error = tr("%1 is not a regular file").arg(sourcePath);
        return std::nullopt;
    }
    if (st.st_size > m_transferLimit) {
        *error = tr("%1 is larger than the limit of %2")
                         .arg(sourcePath, QLocale().formattedDataSize(m_transferLimit));
        return std::nullopt;
    }

    // The bytes go to a hidden file with an unguessable name, which then takes the first free
    // numbered name in one rename that never replaces an entry (the session may plant one at any
    // time): nobody sees a half-copied file, and watchers learn when it is whole.
    const QByteArray partName = QByteArrayLiteral(".sandpiper-copy-")
                                + QByteArray::number(QRandomGenerator::system()->generate64(), 16);
    const FileDescriptor part(openBeneath(m_fd, partName, O_WRONLY | O_CREAT | O_EXCL, 0600));
    if (!part.isValid()) {
        *error = tr("cannot create %1 in the workspace: %2").arg(wanted, systemError());
        return std::nullopt;
    }
    const bool copied = copyChunks(
            source.get(),
            sourcePath,
            [&](const char *data, qsizetype size) {
                if (writeAll(part.get(), data, size))
                    return true;
                *error = tr("cannot write %1 in the workspace: %2").arg(wanted, systemError());
                return false;
            },
            error);
    QString chosen;
    bool placed = false;
    for (int attempt = 1; copied && attempt <= 100 && !placed; ++attempt) {
        chosen = numbered(wanted, attempt);
        if (chosen.isEmpty())
            break;
        placed = ::renameat2(m_fd,
                             partName.constData(),
                             m_fd,
                             QFile::encodeName(chosen).constData(),
                             RENAME_NOREPLACE)
                 == 0;
        if (!placed && errno != EEXIST) {
            *error = tr("cannot create %1 in the workspace: %2").arg(chosen, systemError());
            break;
        }
    }
    if (!placed) {
        ::unlinkat(m_fd, partName.constData(), 0); // nothing half-copied stays
        if (copied && error->isEmpty())
            *error = tr("cannot create %1 in the workspace: every numbered name is taken")
                             .arg(wanted);
        return std::nullopt;
    }
    // What was renamed must be what was written: the session could have swapped the hidden
    // file for a link or a FIFO while the bytes went in.
    struct stat written{};
    struct stat named{};
    if (::fstat(part.get(), &written) != 0
        || ::fstatat(m_fd, QFile::encodeName(chosen).constData(), &named, AT_SYMLINK_NOFOLLOW) != 0
        || written.st_ino != named.st_ino || written.st_dev != named.st_dev) {
        *error = tr("%1 was changed in the workspace while it was copied").arg(chosen);
        return std::nullopt;
    }
    return QDir(m_path).filePath(chosen);
}

bool Workspace::copyChunks(int sourceFd,
                           const QString &sourceName,
                           const std::function<bool(const char *, qsizetype)> &write,
                           QString *error) const
{
    QByteArray buffer(CopyChunkBytes, Qt::Uninitialized);
    qint64 copied = 0;
    for (;;) {
        const ssize_t n = ::read(sourceFd, buffer.data(), size_t(buffer.size()));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            *error = tr("cannot read %1: %2").arg(sourceName, systemError());
            return false;
        }
        if (n == 0)
            return true;
        if (isCancelled()) {
            *error = tr("%1: cancelled").arg(sourceName);
            return false;
        }
        copied += n;
        if (copied > m_transferLimit) { // the file grew while being copied
            *error = tr("%1 is larger than the limit of %2")
                             .arg(sourceName, QLocale().formattedDataSize(m_transferLimit));
            return false;
        }
        if (!write(buffer.constData(), n))
            return false; // write() said why
    }
}

bool Workspace::exportInto(const QString &relativePath, const QString &folder, QString *error) const
{
    const QString target = QDir(folder).filePath(relativePath);
    const QString parent = QFileInfo(target).path();
    if (!QDir().mkpath(parent)) {
        *error = tr("cannot create %1").arg(QDir::toNativeSeparators(parent));
        return false;
    }
    return exportFile(relativePath, target, error);
}

QStringList Workspace::files(int limit, bool *more) const
{
    QStringList found;
    if (more)
        *more = false;
    if (!isValid())
        return found;
    const QDir root(m_path);
    // Without QDir::Hidden and FollowSymlinks the walk skips hidden entries and never enters a
    // linked folder; exportFile() checks each file again when it is copied.
    QDirIterator it(m_path,
                    QDir::Files | QDir::NoSymLinks | QDir::NoDotAndDotDot,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        if (found.size() >= limit) {
            if (more)
                *more = true;
            break;
        }
        found.append(root.relativeFilePath(path));
    }
    found.sort();
    return found;
}

namespace {

// The folder holding relativePath, opened beneath the workspace without following links, and
// the entry's own name in it; an invalid descriptor (and errno) when the path leaves it.
std::pair<FileDescriptor, QByteArray> parentBeneath(int workspaceFd, const QString &relativePath)
{
    const QByteArray encoded = QFile::encodeName(relativePath);
    const qsizetype slash = encoded.lastIndexOf('/');
    const QByteArray name = slash < 0 ? encoded : encoded.mid(slash + 1);
    if (name.isEmpty() || name == "." || name == "..") {
        errno = EINVAL;
        return {FileDescriptor(-1), name};
    }
    if (slash < 0)
        return {FileDescriptor(::fcntl(workspaceFd, F_DUPFD_CLOEXEC, 0)), name};
    return {FileDescriptor(openBeneath(workspaceFd, encoded.left(slash), O_PATH | O_DIRECTORY)),
            name};
}

} // namespace

bool Workspace::removeFile(const QString &relativePath, QString *error) const
{
    const auto [folder, name] = parentBeneath(m_fd, relativePath);
    if (!isValid() || !folder.isValid() || ::unlinkat(folder.get(), name.constData(), 0) != 0) {
        *error = tr("cannot delete %1: %2").arg(relativePath, systemError());
        return false;
    }
    return true;
}

bool Workspace::renameFile(const QString &relativePath,
                           const QString &newName,
                           QString *error) const
{
    const QString safe = sanitizeName(newName);
    if (safe.isEmpty() || safe != newName) {
        *error = tr("“%1” is not a file name").arg(newName);
        return false;
    }
    const auto [folder, name] = parentBeneath(m_fd, relativePath);
    const QByteArray target = QFile::encodeName(newName);
    if (!isValid() || !folder.isValid()
        || ::renameat2(folder.get(),
                       name.constData(),
                       folder.get(),
                       target.constData(),
                       RENAME_NOREPLACE)
                   != 0) {
        *error = errno == EEXIST ? tr("%1 exists").arg(newName)
                                 : tr("cannot rename %1: %2").arg(relativePath, systemError());
        return false;
    }
    return true;
}

bool Workspace::exportFile(const QString &relativePath,
                           const QString &destinationPath,
                           QString *error) const
{
    if (!isValid()) {
        *error = tr("the workspace is not available");
        return false;
    }
    if (relativePath.isEmpty()) {
        *error = tr("no file name given");
        return false;
    }
    const FileDescriptor source(
            openBeneath(m_fd, QFile::encodeName(relativePath), O_RDONLY | O_NONBLOCK));
    if (!source.isValid()) {
        *error = errno == ELOOP || errno == EXDEV || errno == EINVAL
                         ? tr("%1 is a link or leaves the workspace; not exported")
                                   .arg(relativePath)
                         : tr("cannot open %1 in the workspace: %2")
                                   .arg(relativePath, systemError());
        return false;
    }
    struct stat st{};
    if (::fstat(source.get(), &st) != 0 || !S_ISREG(st.st_mode)) {
        *error = tr("%1 is not a regular file").arg(relativePath);
        return false;
    }
    if (st.st_nlink != 1) {
        // A hard link may lead to a file that was never the session's.
        *error = tr("%1 has other hard links; not exported").arg(relativePath);
        return false;
    }
    if (st.st_size > m_transferLimit) {
        *error = tr("%1 is larger than the limit of %2")
                         .arg(relativePath, QLocale().formattedDataSize(m_transferLimit));
        return false;
    }
    QSaveFile destination(destinationPath);
    if (!destination.open(QIODevice::WriteOnly)) {
        *error = tr("cannot write %1: %2").arg(destinationPath, destination.errorString());
        return false;
    }
    const bool copied = copyChunks(
            source.get(),
            relativePath,
            [&](const char *data, qsizetype size) {
                if (destination.write(data, size) == size)
                    return true;
                *error = tr("cannot write %1: %2").arg(destinationPath, destination.errorString());
                return false;
            },
            error);
    if (!copied)
        return false; // the QSaveFile is discarded
    if (!destination.commit()) {
        *error = tr("cannot write %1: %2").arg(destinationPath, destination.errorString());
        return false;
    }
    return true;
}

bool Workspace::removeAll(QString *error)
{
    if (!isValid()) {
        *error = tr("the workspace is not available");
        return false;
    }
    ::fchmod(m_fd, S_IRWXU);
    QString detail;
    quint64 movedUp = 0;
    for (;;) {
        const quint64 before = movedUp;
        if (!removeContents(m_fd, m_fd, 0, &movedUp, &detail)) {
            *error = tr("cannot remove the workspace %1: %2").arg(m_path, detail);
            return false;
        }
        if (movedUp == before)
            break;
    }
    ::close(m_fd);
    m_fd = -1;
    if (::rmdir(QFile::encodeName(m_path).constData()) != 0 && errno != ENOENT) {
        *error = tr("cannot remove the workspace %1: %2").arg(m_path, systemError());
        return false;
    }
    return true;
}

} // namespace Sandpiper::Client
