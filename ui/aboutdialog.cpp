#include "aboutdialog.h"

#include <Qsci/qsciglobal.h>
#include <ksyntaxhighlighting_version.h>

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QVBoxLayout>

namespace Sandpiper::Ui {

VersionList AboutDialog::libraryVersions()
{
    return {
            {QStringLiteral("Sandpiper"), QStringLiteral(SANDPIPER_VERSION)},
            {QStringLiteral("Qt"), QString::fromLatin1(qVersion())},
            {QStringLiteral("QScintilla"), QStringLiteral(QSCINTILLA_VERSION_STR)},
            {QStringLiteral("KSyntaxHighlighting"),
             QStringLiteral(KSYNTAXHIGHLIGHTING_VERSION_STRING)},
    };
}

AboutDialog::AboutDialog(QWidget *parent, const VersionList &engineVersions)
    : QDialog(parent)
{
    setWindowTitle(tr("About Sandpiper"));
    auto layout = new QVBoxLayout(this);
    auto heading = new QLabel(tr("<h2>Sandpiper</h2>"
                                 "<p>A native data-science workbench whose Python sessions run "
                                 "in an operating-system sandbox.</p>"),
                              this);
    heading->setWordWrap(true);
    layout->addWidget(heading);

    auto form = new QFormLayout;
    form->setObjectName(QStringLiteral("VersionForm"));
    for (const auto &[name, version] : libraryVersions() + engineVersions)
        form->addRow(name + QLatin1Char(':'), new QLabel(version, this));
    if (engineVersions.isEmpty())
        form->addRow(tr("Python:"), new QLabel(tr("no session running"), this));
    layout->addLayout(form);

    auto buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
}

} // namespace Sandpiper::Ui
