#include "tablefindbar.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QToolButton>

namespace Sandpiper::Ui {

TableFindBar::TableFindBar(QWidget *parent)
    : QWidget(parent)
    , m_field(new QLineEdit(this))
    , m_previous(new QToolButton(this))
    , m_next(new QToolButton(this))
    , m_matchCase(new QCheckBox(tr("Match case"), this))
    , m_status(new QLabel(this))
    , m_close(new QToolButton(this))
{
    setObjectName(QStringLiteral("TableFindBar"));
    m_field->setObjectName(QStringLiteral("FindField"));
    m_field->setPlaceholderText(tr("Find a value in the table"));
    m_field->setClearButtonEnabled(true);
    m_field->setMaxLength(1000);
    m_field->installEventFilter(this);
    m_previous->setText(tr("Previous"));
    m_previous->setToolTip(tr("Find the previous cell (Shift+Enter, Shift+F3)"));
    m_next->setText(tr("Next"));
    m_next->setObjectName(QStringLiteral("FindNext"));
    m_next->setToolTip(tr("Find the next cell (Enter, F3)"));
    m_status->setObjectName(QStringLiteral("FindStatus"));
    m_close->setText(QStringLiteral("×"));
    m_close->setAutoRaise(true);
    m_close->setToolTip(tr("Close the search (Escape)"));
    connect(m_previous, &QToolButton::clicked, this, [this] { request(true); });
    connect(m_next, &QToolButton::clicked, this, [this] { request(false); });
    connect(m_close, &QToolButton::clicked, this, [this] {
        Q_EMIT stopRequested();
        hide();
        Q_EMIT closed();
    });
    connect(m_field, &QLineEdit::textEdited, this, [this] { setStatus({}); });

    auto layout = new QHBoxLayout(this);
    layout->setContentsMargins(6, 2, 6, 2);
    layout->addWidget(m_field, 1);
    layout->addWidget(m_previous);
    layout->addWidget(m_next);
    layout->addWidget(m_matchCase);
    layout->addWidget(m_status);
    layout->addWidget(m_close);
}

QString TableFindBar::text() const
{
    return m_field->text();
}

bool TableFindBar::matchCase() const
{
    return m_matchCase->isChecked();
}

QString TableFindBar::status() const
{
    return m_status->text();
}

void TableFindBar::open()
{
    show();
    m_field->setFocus(Qt::ShortcutFocusReason);
    m_field->selectAll();
}

void TableFindBar::setStatus(const QString &text)
{
    m_status->setText(text);
}

void TableFindBar::setSearching(bool searching)
{
    m_searching = searching;
}

void TableFindBar::request(bool backward)
{
    if (m_field->text().isEmpty()) {
        open();
        return;
    }
    Q_EMIT findRequested(m_field->text(), backward, m_matchCase->isChecked());
}

void TableFindBar::keyPressEvent(QKeyEvent *event)
{
    if (event->key() == Qt::Key_Escape) {
        if (m_searching) {
            Q_EMIT stopRequested();
        } else {
            hide();
            Q_EMIT closed();
        }
        return;
    }
    QWidget::keyPressEvent(event);
}

bool TableFindBar::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_field && event->type() == QEvent::KeyPress) {
        const auto key = static_cast<QKeyEvent *>(event);
        if (key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) {
            request(key->modifiers() & Qt::ShiftModifier);
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace Sandpiper::Ui
