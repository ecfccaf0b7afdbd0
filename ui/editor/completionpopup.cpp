#include "completionpopup.h"

#include "codeicons.h"
#include "editortheme.h"

#include <QPainter>
#include <QScrollBar>
#include <QStyledItemDelegate>

namespace Sandpiper::Ui {

namespace {

constexpr int DetailRole = Qt::UserRole + 1;
constexpr int MaxVisibleRows = 10;
constexpr int MaxWidth = 460;

// Name on the left, the detail (kind, dtype) dimmed on the right.
class EntryDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter,
               const QStyleOptionViewItem &option,
               const QModelIndex &index) const override
    {
        QStyleOptionViewItem opt = option;
        initStyleOption(&opt, index);
        const QString detail = index.data(DetailRole).toString();
        const QFontMetrics metrics(opt.font);
        const int detailWidth = detail.isEmpty() ? 0 : metrics.horizontalAdvance(detail) + 12;
        QStyledItemDelegate::paint(painter, opt, index);
        if (detail.isEmpty())
            return;
        QColor color = opt.palette.color(
                opt.state & QStyle::State_Selected ? QPalette::HighlightedText : QPalette::Text);
        color.setAlphaF(0.55);
        painter->save();
        painter->setPen(color);
        const QRect box = opt.rect.adjusted(opt.rect.width() - detailWidth, 0, -6, 0);
        painter->drawText(box, Qt::AlignRight | Qt::AlignVCenter, detail);
        painter->restore();
    }

    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        QSize size = QStyledItemDelegate::sizeHint(option, index);
        const QString detail = index.data(DetailRole).toString();
        if (!detail.isEmpty())
            size.rwidth() += QFontMetrics(option.font).horizontalAdvance(detail) + 24;
        return size;
    }
};

} // namespace

CompletionPopup::CompletionPopup(QWidget *parent)
    : QListWidget(parent)
{
    setObjectName(QStringLiteral("CompletionPopup"));
    setFocusPolicy(Qt::NoFocus);
    setSelectionMode(QAbstractItemView::SingleSelection);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setVerticalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    setUniformItemSizes(true);
    setTextElideMode(Qt::ElideRight);
    setIconSize(QSize(14, 14));
    setFrameShape(QFrame::Box);
    setLineWidth(1);
    setItemDelegate(new EntryDelegate(this));
    setMouseTracking(true);
    hide();
    connect(this, &QListWidget::itemActivated, this, [this](QListWidgetItem *item) {
        Q_EMIT entryActivated(item->text());
    });
    connect(this, &QListWidget::itemClicked, this, [this](QListWidgetItem *item) {
        Q_EMIT entryActivated(item->text());
    });
}

void CompletionPopup::setEntries(const QList<Entry> &entries)
{
    const QString selected = currentName();
    m_entries = entries;
    setUpdatesEnabled(false);
    clear();
    int current = 0;
    for (int i = 0; i < entries.size(); ++i) {
        const Entry &entry = entries.at(i);
        auto item = new QListWidgetItem(CodeIcons::kind(entry.kind), entry.name, this);
        item->setData(DetailRole, entry.detail);
        if (!entry.toolTip.isEmpty())
            item->setToolTip(entry.toolTip);
        if (entry.name == selected)
            current = i;
    }
    if (!entries.isEmpty())
        setCurrentRow(current);
    setUpdatesEnabled(true);
}

QString CompletionPopup::currentName() const
{
    const QListWidgetItem *item = currentItem();
    return item ? item->text() : QString();
}

void CompletionPopup::setColors(const EditorColors &colors)
{
    QPalette p = palette();
    // A shade off the paper, so that the list reads as lying on top of the text.
    const QColor base = colors.background.lightness() < 128 ? colors.background.lighter(125)
                                                            : colors.background.darker(104);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::Window, base);
    p.setColor(QPalette::Text, colors.foreground);
    p.setColor(QPalette::WindowText, colors.lineNumbers);
    p.setColor(QPalette::Highlight, colors.selection);
    p.setColor(QPalette::HighlightedText, colors.foreground);
    for (auto group : {QPalette::Active, QPalette::Inactive}) {
        p.setColor(group, QPalette::Highlight, colors.selection);
        p.setColor(group, QPalette::HighlightedText, colors.foreground);
    }
    setPalette(p);
    setStyleSheet(QStringLiteral("QListWidget#CompletionPopup { border: 1px solid %1; }")
                          .arg(colors.lineNumbers.name()));
    QFont f = EditorTheme::font();
    setFont(f);
}

void CompletionPopup::placeAt(const QRect &word)
{
    const QWidget *area = parentWidget();
    const QFontMetrics metrics(font());
    int width = 0;
    for (const Entry &entry : m_entries.mid(0, 300)) {
        int w = metrics.horizontalAdvance(entry.name);
        if (!entry.detail.isEmpty())
            w += metrics.horizontalAdvance(entry.detail) + 24;
        width = qMax(width, w);
    }
    width = qBound(160, width + iconSize().width() + 2 * frameWidth() + 20, MaxWidth);
    if (count() > MaxVisibleRows)
        width += verticalScrollBar()->sizeHint().width();
    const int rowHeight = qMax(1, sizeHintForRow(0));
    const int rows = qMin(count(), MaxVisibleRows);
    const int height = rows * rowHeight + 2 * frameWidth();
    // The icon's column lines up with the text before the word.
    int x = word.left() - iconSize().width() - 8;
    x = qBound(0, x, qMax(0, area->width() - width));
    int y = word.bottom() + 2;
    if (y + height > area->height() && word.top() - height - 2 >= 0)
        y = word.top() - height - 2;
    setGeometry(x, y, width, height);
}

bool CompletionPopup::moveSelection(int key)
{
    if (count() == 0)
        return false;
    const int page = MaxVisibleRows - 1;
    int row = currentRow();
    switch (key) {
    case Qt::Key_Up:
        row = row <= 0 ? count() - 1 : row - 1; // wraps, like most editors
        break;
    case Qt::Key_Down:
        row = row >= count() - 1 ? 0 : row + 1;
        break;
    case Qt::Key_PageUp:
        row = qMax(0, row - page);
        break;
    case Qt::Key_PageDown:
        row = qMin(count() - 1, row + page);
        break;
    default:
        return false;
    }
    setCurrentRow(row);
    scrollToItem(currentItem());
    return true;
}

} // namespace Sandpiper::Ui
