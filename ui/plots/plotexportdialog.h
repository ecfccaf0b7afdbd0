#pragma once

#include <plotexport.h>

#include <QDialog>
#include <QImage>

#include <functional>

class QComboBox;
class QDialogButtonBox;
class QDoubleSpinBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QSpinBox;
class QTimer;

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

    // Draws the figure as `options` ask (always PNG, at a DPI small enough for the preview)
    // and calls back with the picture or why not. The dialog asks again, shortly after, each
    // time the size changes; answers to older asks are ignored.
    using PreviewMaker = std::function<void(
            const Models::PlotExport &options,
            std::function<void(const QImage &picture, const QString &error)> done)>;
    void setPreviewMaker(PreviewMaker maker);
    // The preview's options for what the dialog holds: the same page, a few hundred pixels.
    static Models::PlotExport previewOptions(const Models::PlotExport &chosen);
    static constexpr int PreviewPixels = 360;
    static constexpr int MinPreviewDpi = 10;
    QImage preview() const { return m_previewPicture; }

private:
    void onFormatChanged();
    void updatePreview();
    void chooseDestination();
    void askForPreview();

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
    QLabel *m_preview;
    QTimer *m_previewTimer;
    PreviewMaker m_previewMaker;
    quint64 m_previewAsked = 0;
    QImage m_previewPicture;
};

} // namespace Sandpiper::Ui
