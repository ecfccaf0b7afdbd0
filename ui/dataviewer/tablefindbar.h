#pragma once

#include <QWidget>

class QCheckBox;
class QLabel;
class QLineEdit;
class QToolButton;

namespace Sandpiper::Ui {

// The data viewer's search field: Enter or Next finds the next cell, Shift+Enter or Previous
// the one before; Escape stops a running search, then hides the bar. The search itself runs in
// the engine (TableSearch).
class TableFindBar : public QWidget
{
    Q_OBJECT

public:
    explicit TableFindBar(QWidget *parent = nullptr);

    QString text() const;
    bool matchCase() const;
    QLineEdit *field() const { return m_field; }
    // Shows the bar with the field focused and its text selected.
    void open();
    void setStatus(const QString &text);
    QString status() const;
    // While a search runs, Escape stops it instead of closing the bar.
    void setSearching(bool searching);

Q_SIGNALS:
    void findRequested(const QString &text, bool backward, bool matchCase);
    void stopRequested();
    void closed();

protected:
    void keyPressEvent(QKeyEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void request(bool backward);

    QLineEdit *m_field;
    QToolButton *m_previous;
    QToolButton *m_next;
    QCheckBox *m_matchCase;
    QLabel *m_status;
    QToolButton *m_close;
    bool m_searching = false;
};

} // namespace Sandpiper::Ui
