#include "retentiondialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QSpinBox>
#include <QVBoxLayout>

namespace Sandpiper::Ui {

RetentionDialog::RetentionDialog(const HistoryStore::Retention &retention, QWidget *parent)
    : QDialog(parent)
    , m_days(new QSpinBox)
    , m_megabytes(new QSpinBox)
{
    setObjectName(QStringLiteral("RetentionDialog"));
    setWindowTitle(tr("Keep History"));
    m_days->setRange(0, 100 * 365);
    m_days->setSuffix(tr(" days"));
    m_days->setSpecialValueText(tr("Forever"));
    m_days->setValue(retention.days);
    m_megabytes->setRange(0, 1 << 20);
    m_megabytes->setSuffix(tr(" MiB"));
    m_megabytes->setSpecialValueText(tr("No limit"));
    m_megabytes->setValue(int(retention.maxBytes / (1024 * 1024)));
    auto form = new QFormLayout;
    form->addRow(tr("Keep runs for:"), m_days);
    form->addRow(tr("Keep the history under:"), m_megabytes);
    auto note = new QLabel(tr("The oldest runs are removed first. The audit log stays verifiable: "
                              "the last removed run's hash becomes the chain's start."));
    note->setWordWrap(true);
    auto buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(note);
    layout->addWidget(buttons);
}

HistoryStore::Retention RetentionDialog::retention() const
{
    return {m_days->value(), qint64(m_megabytes->value()) * 1024 * 1024};
}

} // namespace Sandpiper::Ui
