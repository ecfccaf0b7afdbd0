#pragma once

#include <plotexport.h>

#include <QDialog>

class QComboBox;
class QDialogButtonBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace Sandpiper::Ui {

// Export… for a figure of the Plots dock: format, size and unit, DPI, the file in the
// workspace and where to save a copy. It shows the line the session will run and what the
// file will be (pixels, or the page size).
class PlotExportDialog : public QDialog
{
    Q_OBJECT

public:
    PlotExportDialog(int figure, QWidget *parent = nullptr);

    Models::PlotExport options() const;
    void setOptions(const Models::PlotExport &chosen);
    QString code() const;
    QString destination() const;
    void setDestination(const QString &path);

private:
    void onFormatChanged();
    void updatePreview();
    void chooseDestination();

    int m_figure;
    QComboBox *m_format;
    QLineEdit *m_fileName;
    QDoubleSpinBox *m_width;
    QDoubleSpinBox *m_height;
    QComboBox *m_unit;
    QSpinBox *m_dpi;
    QLineEdit *m_destination;
    QLabel *m_result;
    QLabel *m_line;
    QLabel *m_problem;
    QDialogButtonBox *m_buttons;
};

} // namespace Sandpiper::Ui
