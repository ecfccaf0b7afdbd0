#pragma once

#include "historystore.h"

#include <QPointer>

#include <QTimer>
#include <QWidget>
#include <functional>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QToolButton;
class QTableView;

namespace Sandpiper::Ui {

class HistoryModel;
class RetentionDialog;
class HistoryRecorder;

// The History dock: every run recorded, searched by its code and filtered by session, status
// and time; the selected run's code can be run again, put into the editor or the console, or
// copied. Searches run on the recorder's thread; typing never waits for them.
class HistoryView : public QWidget
{
    Q_OBJECT

public:
    explicit HistoryView(QWidget *parent = nullptr);
    // Where runs are searched (not owned); without one the view stays empty.
    void setRecorder(HistoryRecorder *history);

    QLineEdit *searchField() const { return m_search; }
    QComboBox *statusFilter() const { return m_status; }
    QComboBox *sessionFilter() const { return m_session; }
    QComboBox *periodFilter() const { return m_period; }
    QTableView *table() const { return m_table; }
    HistoryModel *model() const { return m_model; }
    QPlainTextEdit *codeView() const { return m_code; }
    QToolButton *rerunButton() const { return m_rerun; }
    QToolButton *keepButton() const { return m_keep; }
    // Keep…: tests fill in the dialog instead of the user; true applies it.
    using RetentionPrompt = std::function<bool(RetentionDialog &dialog)>;
    void setRetentionPrompt(RetentionPrompt prompt) { m_retentionPrompt = std::move(prompt); }
    void editRetention();

    // The search the filters describe now.
    HistoryStore::Query query() const;
    // Searches again now (otherwise after a short pause in typing, or after new runs).
    void refresh();
    const RunRecord *selectedRecord() const;

Q_SIGNALS:
    void rerunRequested(const QString &code);
    void insertIntoEditorRequested(const QString &code);
    void insertIntoConsoleRequested(const QString &code);
    // A search finished (tests wait for it).
    void refreshed(int rows);

protected:
    void showEvent(QShowEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void scheduleRefresh(int delayMs);
    void showResults(quint64 serial, const QList<RunRecord> &records, const QString &error);
    void showSelected();
    void copySelected();
    void noteSessions(const QList<RunRecord> &records);
    // The code keeps room to be read: in a narrow dock the columns that matter least go (they
    // are in the detail line below anyway).
    void fitColumns();

    QPointer<HistoryRecorder> m_history;
    QLineEdit *m_search = nullptr;
    QComboBox *m_status = nullptr;
    QComboBox *m_session = nullptr;
    QComboBox *m_period = nullptr;
    QTableView *m_table = nullptr;
    HistoryModel *m_model = nullptr;
    QPlainTextEdit *m_code = nullptr;
    QLabel *m_details = nullptr;
    QLabel *m_message = nullptr;
    QToolButton *m_rerun = nullptr;
    QToolButton *m_toEditor = nullptr;
    QToolButton *m_toConsole = nullptr;
    QToolButton *m_copy = nullptr;
    QToolButton *m_keep = nullptr;
    RetentionPrompt m_retentionPrompt;
    QTimer m_refreshTimer;
    quint64 m_awaited = 0; // the serial of the search whose answer is shown next
    bool m_stale = true;   // runs were recorded while the dock was hidden
    qint64 m_selectedId = 0;
};

} // namespace Sandpiper::Ui
