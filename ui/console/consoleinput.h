#pragma once

#include <QPlainTextEdit>
#include <QStringList>

namespace Sandpiper::Ui {

// The console's prompt: multi-line input where Shift+Enter (or Ctrl+Enter) submits, and Up/Down
// on the first/last line walk a history that is kept across runs of the application.
class ConsoleInput : public QPlainTextEdit
{
    Q_OBJECT

public:
    explicit ConsoleInput(QWidget *parent = nullptr);

    QStringList history() const { return m_history; }
    void setHistoryLimit(int limit) { m_historyLimit = limit; }
    void loadHistory();

Q_SIGNALS:
    void submitted(const QString &code);

protected:
    void keyPressEvent(QKeyEvent *event) override;

private:
    void submit();
    void recall(int step);
    void saveHistory() const;

    QStringList m_history;
    int m_historyLimit = 500;
    int m_historyIndex = 0; // == m_history.size() when not browsing
    QString m_draft;        // what was typed before browsing started
};

} // namespace Sandpiper::Ui
