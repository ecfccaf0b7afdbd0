#include "partitionbar.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSpinBox>
#include <QToolButton>

namespace Sandpiper::Ui {

PartitionBar::PartitionBar(QWidget *parent)
    : QWidget(parent)
    , m_previous(new QToolButton(this))
    , m_partition(new QSpinBox(this))
    , m_of(new QLabel(this))
    , m_next(new QToolButton(this))
    , m_count(new QLabel(this))
    , m_countButton(new QPushButton(tr("Count Rows"), this))
    , m_cancel(new QPushButton(tr("Stop"), this))
{
    setObjectName(QStringLiteral("PartitionBar"));
    m_previous->setArrowType(Qt::LeftArrow);
    m_previous->setToolTip(tr("Previous partition"));
    m_next->setArrowType(Qt::RightArrow);
    m_next->setToolTip(tr("Next partition"));
    m_partition->setObjectName(QStringLiteral("PartitionNumber"));
    m_partition->setPrefix(tr("Partition "));
    m_partition->setKeyboardTracking(false); // typing "12" asks for 12, not 1 then 12
    m_partition->setToolTip(tr("The partition shown: one is computed at a time"));
    m_count->setObjectName(QStringLiteral("PartitionRowCount"));
    m_countButton->setObjectName(QStringLiteral("PartitionCountRows"));
    m_countButton->setToolTip(tr("Count every row of the frame (computes each partition, on the "
                                 "cluster when there is one)"));
    m_cancel->setObjectName(QStringLiteral("PartitionCountStop"));
    m_cancel->setVisible(false);

    connect(m_previous, &QToolButton::clicked, m_partition, &QSpinBox::stepDown);
    connect(m_next, &QToolButton::clicked, m_partition, &QSpinBox::stepUp);
    connect(m_partition, &QSpinBox::valueChanged, this, [this](int value) {
        m_previous->setEnabled(value > m_partition->minimum());
        m_next->setEnabled(value < m_partition->maximum());
        Q_EMIT partitionRequested(value - 1);
    });
    connect(m_countButton, &QPushButton::clicked, this, &PartitionBar::countRequested);
    connect(m_cancel, &QPushButton::clicked, this, &PartitionBar::cancelRequested);

    auto layout = new QHBoxLayout(this);
    layout->setContentsMargins(6, 2, 6, 2);
    layout->addWidget(m_previous);
    layout->addWidget(m_partition);
    layout->addWidget(m_of);
    layout->addWidget(m_next);
    layout->addSpacing(16);
    layout->addWidget(m_count);
    layout->addWidget(m_countButton);
    layout->addWidget(m_cancel);
    layout->addStretch(1);
    showCountNotAsked();
}

void PartitionBar::setPartitions(qint64 shown, qint64 count)
{
    const QSignalBlocker blocker(m_partition);
    const int most = int(std::clamp<qint64>(count, 1, std::numeric_limits<int>::max()));
    m_partition->setRange(1, most);
    m_partition->setValue(int(std::clamp<qint64>(shown + 1, 1, most)));
    m_of->setText(tr("of %1").arg(QLocale().toString(count)));
    m_previous->setEnabled(m_partition->value() > 1);
    m_next->setEnabled(m_partition->value() < most);
}

qint64 PartitionBar::shownPartition() const
{
    return m_partition->value() - 1;
}

void PartitionBar::setCounting(bool counting)
{
    m_countButton->setVisible(!counting);
    m_cancel->setVisible(counting);
}

void PartitionBar::showCountNotAsked()
{
    m_count->setText(tr("Rows in all: not counted"));
    m_countButton->setText(tr("Count Rows"));
    setCounting(false);
}

void PartitionBar::showCountProgress(qint64 done, qint64 of)
{
    m_count->setText(tr("Counting rows… %1 of %2 partitions")
                             .arg(QLocale().toString(done), QLocale().toString(of)));
    setCounting(true);
}

void PartitionBar::showCount(qint64 rows)
{
    m_count->setText(tr("Rows in all: %1").arg(QLocale().toString(rows)));
    m_countButton->setText(tr("Count Again"));
    setCounting(false);
}

void PartitionBar::showCountFailed(const QString &message)
{
    m_count->setText(tr("Rows in all: not counted (%1)").arg(message));
    m_countButton->setText(tr("Count Rows"));
    setCounting(false);
}

QString PartitionBar::countText() const
{
    return m_count->text();
}

} // namespace Sandpiper::Ui
