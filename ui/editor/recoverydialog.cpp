#include "recoverydialog.h"

#include "editortheme.h"
#include "linediff.h"

#include <QDialogButtonBox>
#include <QFile>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTextBlock>
#include <QTextCursor>
#include <QVBoxLayout>

namespace Sandpiper::Ui {

namespace {
QStringList splitLines(const QString &text)
{
    QString normalized = text;
    normalized.replace(QLatin1String("\r\n"), QLatin1String("\n"));
    QStringList lines = normalized.split(QLatin1Char('\n'));
    if (!lines.isEmpty() && lines.last().isEmpty())
        lines.removeLast();
    return lines;
}
} // namespace

RecoveryDialog::RecoveryDialog(const QList<RecoveredBuffer> &buffers, QWidget *parent)
    : QDialog(parent)
    , m_buffers(buffers)
{
    setObjectName(QStringLiteral("RecoveryDialog"));
    setWindowTitle(tr("Recover Unsaved Work"));
    auto intro = new QLabel(tr("Sandpiper did not exit normally. These buffers had changes "
                               "that were not saved:"),
                            this);
    intro->setWordWrap(true);
    m_list = new QListWidget(this);
    for (const RecoveredBuffer &buffer : buffers) {
        const QString where = buffer.filePath.isEmpty() ? tr("never saved") : buffer.filePath;
        const QString when
                = QLocale().toString(buffer.journaledAt.toLocalTime(), QLocale::ShortFormat);
        m_list->addItem(tr("%1 — %2 (%3)").arg(buffer.title, where, when));
    }
    m_list->setCurrentRow(0);

    // Per-buffer decisions on the left, decisions for all on the right.
    m_restore = new QPushButton(tr("&Restore"), this);
    m_compare = new QPushButton(tr("&Compare..."), this);
    m_discard = new QPushButton(tr("&Discard"), this);
    auto restoreAllButton = new QPushButton(tr("Restore &All"), this);
    auto later = new QPushButton(tr("&Later"), this);
    later->setToolTip(tr("Keep the buffers and ask again at the next start"));
    m_restore->setDefault(true);
    auto buttons = new QHBoxLayout;
    buttons->addWidget(m_restore);
    buttons->addWidget(m_compare);
    buttons->addWidget(m_discard);
    buttons->addStretch(1);
    buttons->addWidget(restoreAllButton);
    buttons->addWidget(later);
    connect(m_restore, &QPushButton::clicked, this, &RecoveryDialog::restoreSelected);
    connect(m_discard, &QPushButton::clicked, this, &RecoveryDialog::discardSelected);
    connect(m_compare, &QPushButton::clicked, this, &RecoveryDialog::compareSelected);
    connect(restoreAllButton, &QPushButton::clicked, this, &RecoveryDialog::restoreAll);
    connect(later, &QPushButton::clicked, this, &QDialog::reject);
    connect(m_list, &QListWidget::currentRowChanged, this, &RecoveryDialog::updateButtons);

    auto layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_list);
    layout->addLayout(buttons);
    resize(560, 300);
    updateButtons();
}

int RecoveryDialog::remaining() const
{
    return int(m_buffers.size());
}

int RecoveryDialog::selectedRow() const
{
    return m_list->currentRow();
}

void RecoveryDialog::updateButtons()
{
    const bool selected = selectedRow() >= 0;
    m_restore->setEnabled(selected);
    m_discard->setEnabled(selected);
    m_compare->setEnabled(selected);
}

void RecoveryDialog::takeRow(int row)
{
    m_buffers.removeAt(row);
    delete m_list->takeItem(row);
    if (m_buffers.isEmpty())
        accept();
    updateButtons();
}

void RecoveryDialog::restoreSelected()
{
    const int row = selectedRow();
    if (row < 0)
        return;
    Q_EMIT restoreRequested(m_buffers.at(row));
    takeRow(row);
}

void RecoveryDialog::discardSelected()
{
    const int row = selectedRow();
    if (row < 0)
        return;
    Q_EMIT discardRequested(m_buffers.at(row));
    takeRow(row);
}

void RecoveryDialog::restoreAll()
{
    while (!m_buffers.isEmpty()) {
        Q_EMIT restoreRequested(m_buffers.first());
        takeRow(0);
    }
}

QString RecoveryDialog::comparisonText(const RecoveredBuffer &buffer)
{
    QString onDisk;
    if (!buffer.filePath.isEmpty()) {
        QFile file(buffer.filePath);
        if (file.open(QIODevice::ReadOnly))
            onDisk = QString::fromUtf8(file.readAll());
    }
    return LineDiff::toUnifiedText(
            LineDiff::compute(splitLines(onDisk), splitLines(QString::fromUtf8(buffer.utf8))));
}

void RecoveryDialog::compareSelected()
{
    const int row = selectedRow();
    if (row < 0)
        return;
    const RecoveredBuffer &buffer = m_buffers.at(row);
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Compare — %1").arg(buffer.title));
    auto legend = new QLabel(buffer.filePath.isEmpty()
                                     ? tr("The buffer was never saved: every line is new.")
                                     : tr("Lines marked - are only in the file on disk, lines "
                                          "marked + only in the recovered buffer."),
                             &dialog);
    legend->setWordWrap(true);
    auto view = new QPlainTextEdit(&dialog);
    view->setObjectName(QStringLiteral("RecoveryComparison"));
    view->setReadOnly(true);
    view->setLineWrapMode(QPlainTextEdit::NoWrap);
    view->setFont(EditorTheme::font());
    view->setPlainText(comparisonText(buffer));
    // Tint removed and added lines.
    const QColor base = view->palette().color(QPalette::Base);
    const bool dark = base.lightness() < 128;
    const QColor removed = dark ? QColor(0x5a, 0x1e, 0x22) : QColor(0xfd, 0xe2, 0xe2);
    const QColor added = dark ? QColor(0x1e, 0x4a, 0x28) : QColor(0xdc, 0xf5, 0xdc);
    QList<QTextEdit::ExtraSelection> tints;
    for (QTextBlock block = view->document()->begin(); block.isValid(); block = block.next()) {
        const QString text = block.text();
        if (!text.startsWith(QLatin1Char('-')) && !text.startsWith(QLatin1Char('+')))
            continue;
        QTextEdit::ExtraSelection tint;
        tint.cursor = QTextCursor(block);
        tint.format.setBackground(text.startsWith(QLatin1Char('-')) ? removed : added);
        tint.format.setProperty(QTextFormat::FullWidthSelection, true);
        tints.append(tint);
    }
    view->setExtraSelections(tints);
    auto buttons = new QDialogButtonBox(QDialogButtonBox::Close, &dialog);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    auto layout = new QVBoxLayout(&dialog);
    layout->addWidget(legend);
    layout->addWidget(view);
    layout->addWidget(buttons);
    dialog.resize(720, 480);
    dialog.exec();
}

} // namespace Sandpiper::Ui
