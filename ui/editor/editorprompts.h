#pragma once

#include "recoveryjournal.h"

#include <QCoreApplication>
#include <QStringList>

#include <optional>

class QWidget;

namespace Sandpiper::Ui {

class EditorTabs;

// Every question the editor asks the user, in one replaceable place: the default shows
// dialogs; tests install their own answers instead of poking at modal dialogs.
class EditorPrompts
{
    Q_DECLARE_TR_FUNCTIONS(Sandpiper::Ui::EditorPrompts)

public:
    enum class SaveChoice { Save, Discard, Cancel };

    virtual ~EditorPrompts() = default;

    virtual SaveChoice askSaveChanges(QWidget *parent, const QString &documentName);
    // The file changed on disk while the buffer has unsaved changes: reload (losing them)?
    virtual bool askReloadModified(QWidget *parent, const QString &documentName);
    virtual QStringList askOpenFiles(QWidget *parent, const QString &directory);
    virtual QString askSaveFileName(QWidget *parent, const QString &suggestedPath);
    // 1-based line, or nothing when cancelled.
    virtual std::optional<int> askLineNumber(QWidget *parent, int currentLine, int lineCount);
    virtual void showError(QWidget *parent, const QString &title, const QString &message);
    // Buffers left by a crash. The default shows a non-modal RecoveryDialog that calls back
    // tabs->restoreBuffer() / discardBuffer().
    virtual void offerRecovery(EditorTabs *tabs, const QList<RecoveredBuffer> &buffers);
};

} // namespace Sandpiper::Ui
