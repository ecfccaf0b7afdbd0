#pragma once

#include <editorprompts.h>
#include <editortabs.h>

#include <QList>
#include <QStringList>

// Answers the editor's questions from queues and records what was asked, so that tests never
// meet a modal dialog. An unexpected question fails loudly instead of blocking.
class ScriptedPrompts : public Sandpiper::Ui::EditorPrompts
{
public:
    QList<SaveChoice> saveChoices;
    QList<bool> reloadAnswers;
    QList<QStringList> openAnswers;
    QStringList saveAsAnswers;
    QList<std::optional<int>> lineAnswers;
    bool restoreOffered = true; // offerRecovery restores everything when true, discards otherwise

    QStringList asked; // "save:<name>", "reload:<name>", "open", "saveAs:<suggested>", ...
    QStringList errors;
    QList<Sandpiper::Ui::RecoveredBuffer> offered;

    SaveChoice askSaveChanges(QWidget *, const QString &name) override
    {
        asked << QStringLiteral("save:") + name;
        return saveChoices.isEmpty() ? unexpected(SaveChoice::Cancel) : saveChoices.takeFirst();
    }
    bool askReloadModified(QWidget *, const QString &name) override
    {
        asked << QStringLiteral("reload:") + name;
        return reloadAnswers.isEmpty() ? unexpected(false) : reloadAnswers.takeFirst();
    }
    QStringList askOpenFiles(QWidget *, const QString &) override
    {
        asked << QStringLiteral("open");
        return openAnswers.isEmpty() ? unexpected(QStringList()) : openAnswers.takeFirst();
    }
    QString askSaveFileName(QWidget *, const QString &suggested) override
    {
        asked << QStringLiteral("saveAs:") + suggested;
        return saveAsAnswers.isEmpty() ? unexpected(QString()) : saveAsAnswers.takeFirst();
    }
    std::optional<int> askLineNumber(QWidget *, int current, int count) override
    {
        asked << QStringLiteral("line:%1/%2").arg(current).arg(count);
        return lineAnswers.isEmpty() ? unexpected(std::optional<int>()) : lineAnswers.takeFirst();
    }
    void showError(QWidget *, const QString &title, const QString &message) override
    {
        errors << title + QStringLiteral(": ") + message;
    }
    void offerRecovery(Sandpiper::Ui::EditorTabs *tabs,
                       const QList<Sandpiper::Ui::RecoveredBuffer> &buffers) override
    {
        offered = buffers;
        for (const auto &buffer : buffers) {
            if (restoreOffered)
                tabs->restoreBuffer(buffer);
            else
                tabs->discardBuffer(buffer);
        }
    }

    QStringList unexpectedQuestions;

private:
    template<typename T>
    T unexpected(T value)
    {
        unexpectedQuestions << asked.last();
        return value;
    }
};
