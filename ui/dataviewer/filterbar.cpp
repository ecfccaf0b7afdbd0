#include "filterbar.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QToolButton>
#include <QVBoxLayout>

namespace Sandpiper::Ui {

using Protocol::FilterOp;

namespace {

struct OpChoice
{
    FilterOp op;
    const char *label;
};

// In the order of the list the user picks from.
const OpChoice OpChoices[] = {
        {FilterOp::Equal, QT_TRANSLATE_NOOP("Sandpiper::Ui::FilterBar", "=")},
        {FilterOp::NotEqual, QT_TRANSLATE_NOOP("Sandpiper::Ui::FilterBar", "≠")},
        {FilterOp::Less, QT_TRANSLATE_NOOP("Sandpiper::Ui::FilterBar", "<")},
        {FilterOp::LessEqual, QT_TRANSLATE_NOOP("Sandpiper::Ui::FilterBar", "≤")},
        {FilterOp::Greater, QT_TRANSLATE_NOOP("Sandpiper::Ui::FilterBar", ">")},
        {FilterOp::GreaterEqual, QT_TRANSLATE_NOOP("Sandpiper::Ui::FilterBar", "≥")},
        {FilterOp::Between, QT_TRANSLATE_NOOP("Sandpiper::Ui::FilterBar", "between")},
        {FilterOp::IsNull, QT_TRANSLATE_NOOP("Sandpiper::Ui::FilterBar", "is null")},
        {FilterOp::NotNull, QT_TRANSLATE_NOOP("Sandpiper::Ui::FilterBar", "is not null")},
        {FilterOp::Contains, QT_TRANSLATE_NOOP("Sandpiper::Ui::FilterBar", "contains")},
        {FilterOp::StartsWith, QT_TRANSLATE_NOOP("Sandpiper::Ui::FilterBar", "starts with")},
        {FilterOp::EndsWith, QT_TRANSLATE_NOOP("Sandpiper::Ui::FilterBar", "ends with")},
        {FilterOp::Regex, QT_TRANSLATE_NOOP("Sandpiper::Ui::FilterBar", "matches regex")},
        {FilterOp::In, QT_TRANSLATE_NOOP("Sandpiper::Ui::FilterBar", "is one of")},
};

bool isTextOp(FilterOp op)
{
    return op == FilterOp::Contains || op == FilterOp::StartsWith || op == FilterOp::EndsWith
           || op == FilterOp::Regex;
}

} // namespace

FilterBar::FilterBar(QWidget *parent)
    : QWidget(parent)
    , m_rowsLayout(new QVBoxLayout)
    , m_match(new QComboBox(this))
    , m_problem(new QLabel(this))
{
    setObjectName(QStringLiteral("FilterBar"));
    m_match->setObjectName(QStringLiteral("FilterMatch"));
    m_match->setToolTip(tr("Show the rows that meet all conditions, or any of them"));
    m_match->addItem(tr("Match all"), true);
    m_match->addItem(tr("Match any"), false);
    auto add = new QPushButton(tr("Add Condition"), this);
    auto apply = new QPushButton(tr("Apply"), this);
    apply->setObjectName(QStringLiteral("FilterApply"));
    apply->setDefault(true);
    auto clearButton = new QPushButton(tr("Clear"), this);
    connect(add, &QPushButton::clicked, this, [this] {
        addCondition(m_columns.isEmpty() ? 0 : m_columns.first().first);
    });
    connect(apply, &QPushButton::clicked, this, &FilterBar::applyRequested);
    connect(clearButton, &QPushButton::clicked, this, &FilterBar::clearRequested);
    m_problem->setObjectName(QStringLiteral("FilterProblem"));
    m_problem->setForegroundRole(QPalette::BrightText);
    m_problem->setVisible(false);

    auto buttons = new QHBoxLayout;
    buttons->addWidget(m_match);
    buttons->addWidget(add);
    buttons->addStretch(1);
    buttons->addWidget(m_problem);
    buttons->addWidget(clearButton);
    buttons->addWidget(apply);
    auto layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 2, 6, 4);
    layout->setSpacing(2);
    layout->addLayout(m_rowsLayout);
    layout->addLayout(buttons);
}

void FilterBar::setColumns(const QList<std::pair<qint64, Protocol::PageColumn>> &columns)
{
    if (columns == m_columns)
        return;
    m_columns = columns;
    for (const Row &row : std::as_const(m_rows))
        fillColumns(row.column, row.column->currentData().toLongLong());
}

void FilterBar::fillColumns(QComboBox *box, qint64 selected) const
{
    box->clear();
    for (const auto &[position, column] : m_columns)
        box->addItem(QStringLiteral("%1 (%2)").arg(column.name, column.dtype), position);
    int index = box->findData(selected);
    if (index < 0) {
        box->addItem(tr("column %1").arg(selected), selected);
        index = box->count() - 1;
    }
    box->setCurrentIndex(index);
}

void FilterBar::addCondition(qint64 column,
                             FilterOp op,
                             const QString &value,
                             const QString &value2)
{
    Row row;
    row.widget = new QWidget(this);
    row.column = new QComboBox(row.widget);
    row.column->setObjectName(QStringLiteral("FilterColumn"));
    row.column->setMinimumContentsLength(8);
    row.column->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    fillColumns(row.column, column);
    row.op = new QComboBox(row.widget);
    row.op->setObjectName(QStringLiteral("FilterOp"));
    for (const OpChoice &choice : OpChoices)
        row.op->addItem(tr(choice.label), int(choice.op));
    row.op->setCurrentIndex(row.op->findData(int(op)));
    row.value = new QLineEdit(value, row.widget);
    row.value->setObjectName(QStringLiteral("FilterValue"));
    row.value2 = new QLineEdit(value2, row.widget);
    row.value2->setObjectName(QStringLiteral("FilterValue2"));
    auto remove = new QToolButton(row.widget);
    remove->setText(QStringLiteral("✕"));
    remove->setToolTip(tr("Remove this condition"));
    auto layout = new QHBoxLayout(row.widget);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(row.column, 2);
    layout->addWidget(row.op, 1);
    layout->addWidget(row.value, 2);
    layout->addWidget(row.value2, 2);
    layout->addWidget(remove);
    QWidget *widget = row.widget;
    connect(remove, &QToolButton::clicked, this, [this, widget] { removeRow(widget); });
    connect(row.op, &QComboBox::currentIndexChanged, this, [this, widget] {
        for (const Row &each : std::as_const(m_rows)) {
            if (each.widget == widget)
                updateValueFields(each);
        }
    });
    for (QLineEdit *edit : {row.value, row.value2})
        connect(edit, &QLineEdit::returnPressed, this, &FilterBar::applyRequested);
    m_rows.append(row);
    m_rowsLayout->addWidget(row.widget);
    updateValueFields(row);
    row.value->setFocus();
}

void FilterBar::updateValueFields(const Row &row)
{
    const auto op = FilterOp(row.op->currentData().toInt());
    row.value->setVisible(op != FilterOp::IsNull && op != FilterOp::NotNull);
    row.value2->setVisible(op == FilterOp::Between);
    row.value->setPlaceholderText(op == FilterOp::In        ? tr("values, separated by commas")
                                  : op == FilterOp::Between ? tr("from")
                                                            : tr("value"));
    row.value2->setPlaceholderText(tr("to"));
}

void FilterBar::removeRow(QWidget *widget)
{
    for (qsizetype i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).widget == widget) {
            m_rows.removeAt(i);
            widget->deleteLater();
            return;
        }
    }
}

void FilterBar::clear()
{
    for (const Row &row : std::as_const(m_rows))
        row.widget->deleteLater();
    m_rows.clear();
    m_problem->setVisible(false);
}

void FilterBar::setMatchAll(bool all)
{
    m_match->setCurrentIndex(all ? 0 : 1);
}

QString FilterBar::problem() const
{
    return m_problem->isVisible() ? m_problem->text() : QString();
}

std::optional<Protocol::TableFilter> FilterBar::filter()
{
    Protocol::TableFilter result;
    result.matchAll = m_match->currentData().toBool();
    const auto fail = [this](const QString &message) {
        m_problem->setText(message);
        m_problem->setVisible(true);
        return std::nullopt;
    };
    for (const Row &row : std::as_const(m_rows)) {
        Protocol::FilterCondition condition;
        condition.column = row.column->currentData().toLongLong();
        condition.op = FilterOp(row.op->currentData().toInt());
        QString dtype;
        for (const auto &[position, column] : std::as_const(m_columns)) {
            if (position == condition.column)
                dtype = column.dtype;
        }
        // Text tests take the text as it is, whatever the column holds.
        if (isTextOp(condition.op))
            dtype.clear();
        QStringList texts;
        if (condition.op == FilterOp::In)
            texts = row.value->text().split(QLatin1Char(','));
        else if (condition.op == FilterOp::Between)
            texts = {row.value->text(), row.value2->text()};
        else if (condition.op != FilterOp::IsNull && condition.op != FilterOp::NotNull)
            texts = {row.value->text()};
        if (texts.size() > Protocol::MaxFilterValues)
            return fail(tr("At most %1 values in one list.").arg(Protocol::MaxFilterValues));
        for (const QString &text : std::as_const(texts)) {
            bool ok = false;
            const QString value = condition.op == FilterOp::In ? text.trimmed() : text;
            condition.values.append(m_format.valueFromText(value, dtype, &ok));
            if (!ok)
                return fail(tr("“%1” is not a value of %2 (%3).")
                                    .arg(text, row.column->currentText(), dtype));
        }
        result.conditions.append(condition);
    }
    if (result.conditions.size() > Protocol::MaxFilterConditions)
        return fail(tr("At most %1 conditions.").arg(Protocol::MaxFilterConditions));
    m_problem->setVisible(false);
    return result;
}

} // namespace Sandpiper::Ui
