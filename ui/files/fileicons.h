#pragma once

#include <QFileIconProvider>

namespace Sandpiper::Ui {

// The Files dock's icons and type names: the system's, except that a dataset the MIME database
// does not know (Parquet, on most systems) is named after its format instead of "Unknown".
class FileIcons : public QFileIconProvider
{
public:
    QString type(const QFileInfo &info) const override;
};

} // namespace Sandpiper::Ui
