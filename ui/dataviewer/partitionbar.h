#pragma once

#include <QWidget>

class QLabel;
class QPushButton;
class QSpinBox;
class QToolButton;

namespace Sandpiper::Ui {

// The data viewer's bar for a Dask DataFrame: which partition is shown (one is computed at a
// time), and the total row count, computed only when asked for, with its progress and a way to
// stop it.
class PartitionBar : public QWidget
{
    Q_OBJECT

public:
    explicit PartitionBar(QWidget *parent = nullptr);

    // The partition shown (0-based) of how many.
    void setPartitions(qint64 shown, qint64 count);
    qint64 shownPartition() const;

    // What the count says: not asked for, partitions counted so far, the total, or why not.
    void showCountNotAsked();
    void showCountProgress(qint64 done, qint64 of);
    void showCount(qint64 rows);
    void showCountFailed(const QString &message);
    QString countText() const;

Q_SIGNALS:
    void partitionRequested(qint64 partition);
    void countRequested();
    void cancelRequested();

private:
    void setCounting(bool counting);

    QToolButton *m_previous;
    QSpinBox *m_partition;
    QLabel *m_of;
    QToolButton *m_next;
    QLabel *m_count;
    QPushButton *m_countButton;
    QPushButton *m_cancel;
};

} // namespace Sandpiper::Ui
