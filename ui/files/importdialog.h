#pragma once

#include <messages.h>

#include <QDialog>
#include <QPointer>
#include <QSet>
#include <QTimer>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QTableView;
class QTableWidget;
class QTimer;

namespace Sandpiper::Client {
class AbstractSession;
class SniffFetch;
} // namespace Sandpiper::Client

namespace Sandpiper::Models {
class ImportPreview;
}

namespace Sandpiper::Ui {

// Import as DataFrame…: how to read a dataset file in the session's workspace, with a preview
// that follows every choice. The tools engine (Client::ImportSession) sniffs the file and reads
// its first rows; the window never parses the file. The dialog only asks: the window runs code()
// in the session (Import) or puts it in the editor (Insert Code).
class ImportDialog : public QDialog
{
    Q_OBJECT

public:
    enum class Action { Import, InsertCode };

    // filePath: the file, absolute, inside the workspace; workspaceName: the same file relative
    // to the workspace, as the code names it. variables: names the session has now.
    ImportDialog(Client::AbstractSession *tools,
                 const QString &filePath,
                 const QString &workspaceName,
                 const QStringList &variables,
                 QWidget *parent = nullptr);
    ~ImportDialog() override;

    Action action() const { return m_action; }
    // The code the session runs: the generated code, or what the user made of it.
    QString code() const;
    QString variableName() const;
    // The preview shown last (tests, screenshots).
    const Protocol::SniffResult &preview() const { return m_result; }
    bool isReading() const { return !m_fetch.isNull(); }
    // Tests: how long a preview may take before its engine is restarted.
    void setPreviewTimeout(int ms) { m_watchdog->setInterval(ms); }

    // Widgets, for tests that use the dialog as a person would.
    QComboBox *formatBox() const { return m_format; }
    QComboBox *encodingBox() const { return m_encoding; }
    QComboBox *delimiterBox() const { return m_delimiter; }
    QComboBox *decimalBox() const { return m_decimal; }
    QComboBox *thousandsBox() const { return m_thousands; }
    QComboBox *sheetBox() const { return m_sheet; }
    QComboBox *badLinesBox() const { return m_badLines; }
    QSpinBox *skipRowsBox() const { return m_skipRows; }
    QSpinBox *rowLimitBox() const { return m_rowLimit; }
    QCheckBox *headerBox() const { return m_header; }
    QLineEdit *nameEdit() const { return m_name; }
    QCheckBox *replaceBox() const { return m_replace; }
    QTableWidget *columnsTable() const { return m_columns; }
    QTableView *previewView() const { return m_preview; }
    QPlainTextEdit *codeEdit() const { return m_code; }
    QPushButton *importButton() const { return m_importButton; }
    QPushButton *insertButton() const { return m_insertButton; }
    QLabel *messageLabel() const { return m_message; }

Q_SIGNALS:
    // A preview arrived (or failed); tests wait for it.
    void previewed();

private:
    void buildOptions(QFormLayout *form);
    void choose(QLatin1StringView key);
    void chooseColumns();
    void requestPreview();
    void onPreview(const Protocol::SniffResult &result);
    void showOptions(const Protocol::ImportOptions &options, const QStringList &sheets);
    // columns: the options per column; read: the preview's columns (what "auto" chose).
    void showColumns(const QList<Protocol::ImportColumn> &columns,
                     const QList<Protocol::ImportColumn> &read);
    // A row of the column table for a column of the file, filled in by showColumns().
    void addColumnRow(int row, const QString &columnName);
    Protocol::ImportOptions optionsShown() const;
    QList<Protocol::ImportColumn> columnsShown() const;
    void updateState();
    void finishWith(Action action);

    QPointer<Client::AbstractSession> m_tools;
    QString m_filePath;
    QString m_workspaceName;
    QStringList m_variables;
    QSet<QString> m_chosen; // option keys the user set; the others are sniffed
    QPointer<Client::SniffFetch> m_fetch;
    bool m_again = false; // a choice changed while a preview was being read
    Protocol::SniffResult m_result;
    QString m_generatedCode;
    bool m_codeEdited = false;
    bool m_showing = false; // filling widgets from a preview: not the user's choices
    Action m_action = Action::Import;

    QTimer *m_debounce;
    // A preview that takes this long is stopped with its engine (a FIFO swapped in for the
    // file, a pathological input): the next one starts a fresh engine.
    static constexpr int PreviewTimeoutMs = 20'000;
    static_assert(PreviewTimeoutMs % 1000 == 0);
    QTimer *m_watchdog;
    bool m_timedOut = false;
    QLabel *m_file;
    QComboBox *m_format;
    QComboBox *m_encoding;
    QComboBox *m_delimiter;
    QComboBox *m_quote;
    QComboBox *m_escape;
    QComboBox *m_decimal;
    QComboBox *m_thousands;
    QSpinBox *m_skipRows;
    QCheckBox *m_header;
    QComboBox *m_comment;
    QLineEdit *m_naValues;
    QComboBox *m_sheet;
    QComboBox *m_orient;
    QComboBox *m_badLines;
    QSpinBox *m_rowLimit;
    QTableWidget *m_columns;
    Models::ImportPreview *m_model;
    QTableView *m_preview;
    QLabel *m_message;
    QPlainTextEdit *m_code;
    QPushButton *m_resetCode;
    QLineEdit *m_name;
    QCheckBox *m_replace;
    QLabel *m_nameProblem;
    QDialogButtonBox *m_buttons;
    QPushButton *m_importButton;
    QPushButton *m_insertButton;
};

} // namespace Sandpiper::Ui
