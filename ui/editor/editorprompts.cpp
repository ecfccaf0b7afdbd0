#include "editorprompts.h"

#include "editortabs.h"
#include "recoverydialog.h"

#include <QFileDialog>
#include <QInputDialog>
#include <QMessageBox>

namespace Sandpiper::Ui {

namespace {
QString fileFilters()
{
    return EditorPrompts::tr("Python files (*.py *.pyw *.pyi);;"
                             "Data and text files (*.csv *.tsv *.json *.yaml *.yml *.toml *.ini "
                             "*.cfg *.sql *.md *.txt);;"
                             "All files (*)");
}
} // namespace

EditorPrompts::SaveChoice EditorPrompts::askSaveChanges(QWidget *parent,
                                                        const QString &documentName)
{
    const auto answer = QMessageBox::warning(
            parent,
            tr("Save Changes"),
            tr("Save the changes to \"%1\" before closing?").arg(documentName),
            QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel,
            QMessageBox::Save);
    if (answer == QMessageBox::Save)
        return SaveChoice::Save;
    if (answer == QMessageBox::Discard)
        return SaveChoice::Discard;
    return SaveChoice::Cancel;
}

bool EditorPrompts::askReloadModified(QWidget *parent, const QString &documentName)
{
    return QMessageBox::question(parent,
                                 tr("File Changed on Disk"),
                                 tr("\"%1\" was changed by another program, and it has unsaved "
                                    "changes here.\n\nReload it and lose the changes made "
                                    "here?")
                                         .arg(documentName),
                                 QMessageBox::Yes | QMessageBox::No,
                                 QMessageBox::No)
           == QMessageBox::Yes;
}

QStringList EditorPrompts::askOpenFiles(QWidget *parent, const QString &directory)
{
    return QFileDialog::getOpenFileNames(parent, tr("Open Files"), directory, fileFilters());
}

QString EditorPrompts::askSaveFileName(QWidget *parent, const QString &suggestedPath)
{
    return QFileDialog::getSaveFileName(parent, tr("Save As"), suggestedPath, fileFilters());
}

std::optional<int> EditorPrompts::askLineNumber(QWidget *parent, int currentLine, int lineCount)
{
    bool ok = false;
    const int line = QInputDialog::getInt(parent,
                                          tr("Go to Line"),
                                          tr("Line (1 - %1):").arg(lineCount),
                                          currentLine,
                                          1,
                                          lineCount,
                                          1,
                                          &ok);
    if (!ok)
        return std::nullopt;
    return line;
}

void EditorPrompts::showError(QWidget *parent, const QString &title, const QString &message)
{
    QMessageBox::warning(parent, title, message);
}

void EditorPrompts::offerRecovery(EditorTabs *tabs, const QList<RecoveredBuffer> &buffers)
{
    auto dialog = new RecoveryDialog(buffers, tabs->window());
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    QObject::connect(dialog, &RecoveryDialog::restoreRequested, tabs, &EditorTabs::restoreBuffer);
    QObject::connect(dialog, &RecoveryDialog::discardRequested, tabs, &EditorTabs::discardBuffer);
    dialog->show();
}

} // namespace Sandpiper::Ui
