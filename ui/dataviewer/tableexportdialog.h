#pragma once

#include <tableexport.h>

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QFormLayout;
class QGroupBox;
class QLabel;
class QLineEdit;
class QStackedWidget;

namespace Sandpiper::Ui {

// Export…: how to write a table (format, file name in the workspace, the format's options) and
// where to save a copy. It only asks; the window runs the line it shows (code()) in the session,
// which writes the whole object into its workspace, then copies the file out.
class TableExportDialog : public QDialog
{
    Q_OBJECT

public:
    // expression: the object as code names it ("df", "data['sales']").
    explicit TableExportDialog(const QString &expression, QWidget *parent = nullptr);

    Models::TableExport options() const;
    void setOptions(const Models::TableExport &options);
    // Where the user wants a copy; empty: the file stays in the workspace only.
    QString destination() const;
    void setDestination(const QString &path);
    // What to write besides the whole object (label, expression): the rows a viewer shows, its
    // selection. Shown as a choice when given.
    void setRowChoices(const QList<std::pair<QString, QString>> &choices);
    QComboBox *rowsBox() const { return m_rows; }
    // The line the session runs.
    QString code() const;

    QComboBox *formatBox() const { return m_format; }
    QLineEdit *fileNameEdit() const { return m_fileName; }

private:
    void onFormatChanged();
    void chooseDestination();
    void updatePreview();

    QString m_expression;
    QComboBox *m_format;
    QComboBox *m_rows;
    QFormLayout *m_rowsForm = nullptr;
    QLineEdit *m_fileName;
    QCheckBox *m_index;
    QStackedWidget *m_pages;
    QGroupBox *m_optionsBox = nullptr;
    // CSV and TSV
    QComboBox *m_separator;
    QComboBox *m_encoding;
    QComboBox *m_decimal;
    QComboBox *m_quoting;
    // Excel
    QLineEdit *m_sheet;
    QCheckBox *m_freeze;
    QCheckBox *m_autofit;
    QComboBox *m_tooManyRows;
    // JSON
    QComboBox *m_orient;
    QComboBox *m_compression;
    QLineEdit *m_destination;
    QLabel *m_preview;
    QLabel *m_problem;
    QDialogButtonBox *m_buttons;
};

} // namespace Sandpiper::Ui
