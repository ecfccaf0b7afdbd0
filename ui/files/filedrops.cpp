#include "filedrops.h"

#include <QApplication>
#include <QDir>
#include <QDropEvent>
#include <QFileInfo>
#include <QMimeData>
#include <QWidget>

namespace Sandpiper::Ui {

bool DroppedFiles::isDataset(const QString &path)
{
    static const QStringList extensions = {
            QStringLiteral("csv"),
            QStringLiteral("tsv"),
            QStringLiteral("tab"),
            QStringLiteral("txt"),
            QStringLiteral("dat"),
            QStringLiteral("psv"),
            QStringLiteral("xlsx"),
            QStringLiteral("xlsm"),
            QStringLiteral("xls"),
            QStringLiteral("ods"),
            QStringLiteral("json"),
            QStringLiteral("jsonl"),
            QStringLiteral("ndjson"),
            QStringLiteral("parquet"),
    };
    return extensions.contains(QFileInfo(path).suffix().toLower());
}

bool DroppedFiles::isSurelyDataset(const QString &path)
{
    static const QStringList ambiguous
            = {QStringLiteral("txt"), QStringLiteral("dat"), QStringLiteral("json")};
    return isDataset(path) && !ambiguous.contains(QFileInfo(path).suffix().toLower());
}

DroppedFiles DroppedFiles::classify(const QList<QUrl> &urls)
{
    DroppedFiles files;
    for (const QUrl &url : urls) {
        if (!url.isLocalFile()) {
            files.problems.append(
                    tr("%1 is not a file on this computer; download it first: sessions have no "
                       "network.")
                            .arg(url.toDisplayString(QUrl::RemoveUserInfo).left(200)));
            continue;
        }
        const QString path = url.toLocalFile();
        const QFileInfo info(path);
        const QString shown = QDir::toNativeSeparators(path);
        if (info.isDir())
            files.problems.append(tr("%1 is a folder: drop the files in it instead.").arg(shown));
        else if (!info.exists() && path.contains(QChar::ReplacementCharacter))
            // The file manager's bytes were not UTF-8: Qt cannot name such a file again.
            files.problems.append(tr("%1: the file's name is not valid UTF-8; rename it and drop "
                                     "it again.")
                                          .arg(shown));
        else if (!info.exists())
            files.problems.append(tr("%1 does not exist (any more).").arg(shown));
        else if (isDataset(path))
            files.datasets.append(info.absoluteFilePath());
        else
            files.editorFiles.append(info.absoluteFilePath());
    }
    return files;
}

FileDrops::FileDrops(QWidget *window)
    : QObject(window)
    , m_window(window)
{
    qApp->installEventFilter(this);
}

FileDrops::~FileDrops()
{
    qApp->removeEventFilter(this);
}

bool FileDrops::eventFilter(QObject *watched, QEvent *event)
{
    const QEvent::Type type = event->type();
    if (type != QEvent::DragEnter && type != QEvent::DragMove && type != QEvent::Drop)
        return false;
    auto widget = qobject_cast<QWidget *>(watched);
    if (!m_window || !widget || widget->window() != m_window)
        return false;
    auto drop = static_cast<QDropEvent *>(event);
    const QMimeData *mime = drop->mimeData();
    if (!mime || !mime->hasUrls() || mime->urls().isEmpty())
        return false;
    // The widget under the cursor may refuse drops; the window takes files anywhere.
    if (type == QEvent::DragEnter || type == QEvent::DragMove) {
        drop->setDropAction(Qt::CopyAction);
        drop->accept();
        return true;
    }
    drop->setDropAction(Qt::CopyAction);
    drop->accept();
    Q_EMIT dropped(mime->urls());
    return true;
}

} // namespace Sandpiper::Ui
