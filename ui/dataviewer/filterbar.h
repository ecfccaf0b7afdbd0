#pragma once

#include "cellformat.h"
#include "messages.h"

#include <QList>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QToolButton;
class QVBoxLayout;

namespace Sandpiper::Ui {

// The data viewer's filter: rows of conditions (column, test, value) joined by "all" or "any".
// Values are typed as the column's dtype asks (a number for numbers); "in" takes a
// comma-separated list, "between" two values. Apply asks the viewer to show the filtered rows;
// the filtering itself runs in the engine.
class FilterBar : public QWidget
{
    Q_OBJECT

public:
    explicit FilterBar(QWidget *parent = nullptr);

    // The columns a condition can name (position, name and dtype), in view order.
    void setColumns(const QList<std::pair<qint64, Protocol::PageColumn>> &columns);
    void setFormat(const Models::CellFormat &format) { m_format = format; }
    // A new condition row on that column.
    void addCondition(qint64 column,
                      Protocol::FilterOp op = Protocol::FilterOp::Equal,
                      const QString &value = {},
                      const QString &value2 = {});
    void clear();
    int conditionCount() const { return int(m_rows.size()); }
    void setMatchAll(bool all);

    // The filter the rows describe; nullopt, with the reason shown, when a value does not fit
    // its column.
    std::optional<Protocol::TableFilter> filter();
    QString problem() const;

Q_SIGNALS:
    void applyRequested();
    void clearRequested();

private:
    struct Row
    {
        QWidget *widget = nullptr;
        QComboBox *column = nullptr;
        QComboBox *op = nullptr;
        QLineEdit *value = nullptr;
        QLineEdit *value2 = nullptr;
    };

    void updateValueFields(const Row &row);
    void removeRow(QWidget *widget);
    void fillColumns(QComboBox *box, qint64 selected) const;

    Models::CellFormat m_format;
    QList<std::pair<qint64, Protocol::PageColumn>> m_columns;
    QList<Row> m_rows;
    QVBoxLayout *m_rowsLayout;
    QComboBox *m_match;
    QLabel *m_problem;
};

} // namespace Sandpiper::Ui
