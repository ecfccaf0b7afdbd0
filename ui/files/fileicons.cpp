#include "fileicons.h"

#include "filedrops.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QMimeDatabase>

namespace Sandpiper::Ui {

QString FileIcons::type(const QFileInfo &info) const
{
    if (info.isFile() && DroppedFiles::isDataset(info.filePath())
        && QMimeDatabase().mimeTypeForFile(info, QMimeDatabase::MatchExtension).isDefault()) {
        return QCoreApplication::translate("Sandpiper::Ui::FileIcons", "%1 data")
                .arg(info.suffix().compare(QLatin1String("parquet"), Qt::CaseInsensitive) == 0
                             ? QStringLiteral("Parquet")
                             : info.suffix().toUpper());
    }
    return QFileIconProvider::type(info);
}

} // namespace Sandpiper::Ui
