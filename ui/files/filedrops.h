#pragma once

#include <QCoreApplication>
#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QUrl>

class QWidget;

namespace Sandpiper::Ui {

// What a drop of files onto the window means: datasets to copy into the workspace and import,
// files to open in the editor, and why the rest cannot be used.
struct DroppedFiles
{
    Q_DECLARE_TR_FUNCTIONS(Sandpiper::Ui::DroppedFiles)

public:
    QStringList datasets;    // local files, absolute
    QStringList editorFiles; // local files, absolute
    QStringList problems;    // one sentence per URL that is neither

    static DroppedFiles classify(const QList<QUrl> &urls);
    // By extension: .csv .tsv .txt .xlsx .xls .ods .json .jsonl .parquet…
    static bool isDataset(const QString &path);
    // Only extensions that are never code or settings (not .txt, .dat, .json): what
    // `sandpiper FILE` imports rather than opens in the editor.
    static bool isSurelyDataset(const QString &path);
};

// Catches drops of files on any widget of one window (editor, console, docks, empty window)
// before the widget does, so that every part of the window treats a dropped file the same way.
// Drops of text and anything but URLs are left to the widgets.
class FileDrops : public QObject
{
    Q_OBJECT

public:
    explicit FileDrops(QWidget *window);
    ~FileDrops() override;

Q_SIGNALS:
    void dropped(const QList<QUrl> &urls);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QPointer<QWidget> m_window;
};

} // namespace Sandpiper::Ui
