#pragma once

#include "historystore.h"

#include <QDialog>

class QSpinBox;

namespace Sandpiper::Ui {

// How long the history keeps runs: by age and by size (History dock ▸ Keep…).
class RetentionDialog : public QDialog
{
    Q_OBJECT

public:
    explicit RetentionDialog(const HistoryStore::Retention &retention, QWidget *parent = nullptr);

    HistoryStore::Retention retention() const;
    QSpinBox *daysBox() const { return m_days; }
    QSpinBox *megabytesBox() const { return m_megabytes; }

private:
    QSpinBox *m_days;
    QSpinBox *m_megabytes;
};

} // namespace Sandpiper::Ui
