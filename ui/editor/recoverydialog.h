#pragma once

#include "recoveryjournal.h"

#include <QDialog>

class QListWidget;
class QPushButton;

namespace Sandpiper::Ui {

// Lists the buffers left by a crash and lets the user restore, discard or compare each one
// (compare: the recovered text against the file on disk). Non-modal: the window is usable
// meanwhile, and nothing is decided for the user by closing it (the buffers are offered again
// at the next start).
class RecoveryDialog : public QDialog
{
    Q_OBJECT

public:
    explicit RecoveryDialog(const QList<RecoveredBuffer> &buffers, QWidget *parent = nullptr);

    int remaining() const;

    // The text shown by Compare: the file on disk (or nothing) against the recovered text.
    static QString comparisonText(const RecoveredBuffer &buffer);

Q_SIGNALS:
    void restoreRequested(const Sandpiper::Ui::RecoveredBuffer &buffer);
    void discardRequested(const Sandpiper::Ui::RecoveredBuffer &buffer);

private:
    void restoreSelected();
    void discardSelected();
    void restoreAll();
    void compareSelected();
    int selectedRow() const;
    void takeRow(int row);
    void updateButtons();

    QList<RecoveredBuffer> m_buffers;
    QListWidget *m_list = nullptr;
    QPushButton *m_restore = nullptr;
    QPushButton *m_discard = nullptr;
    QPushButton *m_compare = nullptr;
};

} // namespace Sandpiper::Ui
