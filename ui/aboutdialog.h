#pragma once

#include <QDialog>
#include <QList>
#include <utility>

namespace Sandpiper::Ui {

using VersionList = QList<std::pair<QString, QString>>;

// Shows what Sandpiper is and the versions of the libraries it runs on.
class AboutDialog : public QDialog
{
    Q_OBJECT

public:
    explicit AboutDialog(QWidget *parent = nullptr, const VersionList &engineVersions = {});

    // Qt, QScintilla and KSyntaxHighlighting as built and as loaded.
    static VersionList libraryVersions();
};

} // namespace Sandpiper::Ui
