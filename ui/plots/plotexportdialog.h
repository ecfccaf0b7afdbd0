#pragma once

#include <plotexport.h>

#include <QDialog>

class QComboBox;
class QDialogButtonBox;
class QDoubleSpinBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace Sandpiper::Ui {

// Export… for a figure of the Plots dock: format, size and unit, DPI, and what the file will
// be (pixels, or the page size). A matplotlib figure is drawn again by the session into its
// workspace (the dialog shows the line it runs), with a copy saved out if asked. An interactive
// chart is drawn by the window's chart page straight to the file chosen, also as HTML.
class PlotExportDialog : public QDialog
{
    Q_OBJECT

public:
    enum class Source { SessionFigure, Chart };

    PlotExportDialog(int figure, QWidget *parent = nullptr);
    PlotExportDialog(Source source, int figure, QWidget *parent = nullptr);

    Models::PlotExport options() const;
    void setOptions(const Models::PlotExport &chosen);
    QString code() const;
    QString destination() const;
    void setDestination(const QString &path);

private:
    void onFormatChanged();
    void updatePreview();
    void chooseDestination();

    Source m_source;
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
    QFormLayout *m_form;
};

} // namespace Sandpiper::Ui
