#include "variablesmodel.h"

#include <QFont>
#include <QLocale>
#include <QPointer>

#include <algorithm>
#include <utility>

namespace Sandpiper::Models {

using Protocol::MemberList;
using Protocol::VariableSummary;

namespace {
// Removing more rows than this at once resets the model instead: one signal, not thousands.
constexpr int RemoveOneByOneLimit = 64;
} // namespace

// A variable or a member. A member's summary names it by its access ("['key']", "[3]", ".x").
// Its members are listed once asked for (total >= 0), followed by a status row while they load,
// when more are left or when they could not be listed.
struct VariablesModel::Node
{
    VariableSummary summary;
    Node *parent = nullptr;
    int row = 0;   // among its parent's members, or among the variables
    qint64 at = 0; // a member's position among the engine's members of its parent
    std::vector<std::unique_ptr<Node>> members;
    qint64 total = -1; // members the engine lists; -1 until asked
    Status status = Status::None;
    QString error;
    quint64 ticket = 0;      // of the expand request out for it, 0 for none
    bool moreWanted = false; // "show more" was asked while another request was out
};

VariablesModel::VariablesModel(QObject *parent)
    : QAbstractItemModel(parent)
{}

VariablesModel::~VariablesModel() = default;

// --- Variables ---------------------------------------------------------------------------------

void VariablesModel::apply(const Protocol::VariablesDiff &diff)
{
    if (diff.reset) {
        beginResetModel();
        m_pending.clear();
        m_rows.clear();
        for (const VariableSummary &summary : diff.changed) {
            auto node = std::make_unique<Node>();
            node->summary = summary;
            m_rows.push_back(std::move(node));
        }
        reindex();
        endResetModel();
        return;
    }
    remove(diff.removed);
    QList<VariableSummary> added;
    for (const VariableSummary &summary : diff.changed) {
        const auto it = m_rowOf.constFind(summary.name);
        if (it == m_rowOf.cend()) {
            added.append(summary);
            continue;
        }
        updateVariable(m_rows[*it].get(), summary);
    }
    // What a run changed inside an object: the members listed are asked for again.
    for (const auto &row : m_rows)
        refreshMembers(row.get());
    if (added.isEmpty())
        return;
    beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + added.size() - 1));
    for (const VariableSummary &summary : std::as_const(added)) {
        auto node = std::make_unique<Node>();
        node->summary = summary;
        node->row = int(m_rows.size());
        m_rowOf.insert(summary.name, node->row);
        m_rows.push_back(std::move(node));
    }
    endInsertRows();
}

void VariablesModel::updateVariable(Node *node, const VariableSummary &summary)
{
    const bool wasExpandable = node->summary.expandable;
    node->summary = summary;
    if (!summary.expandable)
        dropMembers(node);
    const QModelIndex first = indexOfNode(node, 0);
    Q_EMIT dataChanged(first, first.siblingAtColumn(ColumnCount - 1));
    if (wasExpandable != summary.expandable && node->members.empty()) {
        // The view asks hasChildren() again only after a layout change.
        Q_EMIT layoutAboutToBeChanged({first.parent()});
        Q_EMIT layoutChanged({first.parent()});
    }
}

void VariablesModel::clear()
{
    if (m_rows.empty())
        return;
    beginResetModel();
    m_pending.clear();
    m_rows.clear();
    m_rowOf.clear();
    endResetModel();
}

void VariablesModel::remove(const QStringList &names)
{
    QList<int> rows;
    for (const QString &name : names) {
        if (const auto it = m_rowOf.constFind(name); it != m_rowOf.cend())
            rows.append(*it);
    }
    if (rows.isEmpty())
        return;
    std::sort(rows.begin(), rows.end(), std::greater<>());
    const bool reset = rows.size() > RemoveOneByOneLimit;
    if (reset)
        beginResetModel();
    for (int row : std::as_const(rows)) {
        if (!reset)
            beginRemoveRows({}, row, row);
        forgetPending(m_rows[row].get());
        m_rows.erase(m_rows.begin() + row);
        if (!reset)
            endRemoveRows();
    }
    reindex();
    if (reset)
        endResetModel();
}

void VariablesModel::reindex()
{
    m_rowOf.clear();
    m_rowOf.reserve(qsizetype(m_rows.size()));
    for (int row = 0; row < int(m_rows.size()); ++row) {
        m_rows[row]->row = row;
        m_rowOf.insert(m_rows[row]->summary.name, row);
    }
}

// --- Tree --------------------------------------------------------------------------------------

// An index's internal pointer is its parent node (nullptr for a variable): a row past the
// parent's members is its status row.
VariablesModel::Node *VariablesModel::parentNodeOf(const QModelIndex &index) const
{
    return static_cast<Node *>(index.internalPointer());
}

VariablesModel::Node *VariablesModel::nodeAt(const QModelIndex &index) const
{
    if (!index.isValid())
        return nullptr;
    const Node *parent = parentNodeOf(index);
    const auto &rows = parent ? parent->members : m_rows;
    return index.row() < int(rows.size()) ? rows[index.row()].get() : nullptr;
}

QModelIndex VariablesModel::indexOfNode(const Node *node, int column) const
{
    return node ? createIndex(node->row, column, node->parent) : QModelIndex();
}

QModelIndex VariablesModel::statusIndex(const Node *node) const
{
    return createIndex(int(node->members.size()), Name, node);
}

QModelIndex VariablesModel::index(int row, int column, const QModelIndex &parent) const
{
    if (row < 0 || column < 0 || column >= ColumnCount || row >= rowCount(parent))
        return {};
    return createIndex(row, column, parent.isValid() ? nodeAt(parent) : nullptr);
}

QModelIndex VariablesModel::parent(const QModelIndex &child) const
{
    const Node *parent = child.isValid() ? parentNodeOf(child) : nullptr;
    return indexOfNode(parent);
}

int VariablesModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return int(m_rows.size());
    if (parent.column() != Name)
        return 0;
    const Node *node = nodeAt(parent);
    return node ? int(node->members.size()) + statusRows(node) : 0;
}

int VariablesModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

bool VariablesModel::hasChildren(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return !m_rows.empty();
    const Node *node = parent.column() == Name ? nodeAt(parent) : nullptr;
    return node && (node->summary.expandable || rowCount(parent) > 0);
}

bool VariablesModel::canFetchMore(const QModelIndex &parent) const
{
    const Node *node = nodeAt(parent);
    return m_fetcher && node && node->summary.expandable && node->total < 0 && node->ticket == 0
           && node->status != Status::Error;
}

void VariablesModel::fetchMore(const QModelIndex &parent)
{
    if (canFetchMore(parent))
        requestMembers(nodeAt(parent), 0, MembersPage, true);
}

void VariablesModel::fetchNextMembers(const QModelIndex &statusRow)
{
    Node *node = statusRow.isValid() ? parentNodeOf(statusRow) : nullptr;
    if (!node || nodeAt(statusRow) || node->status != Status::More)
        return;
    if (node->ticket != 0) {
        node->moreWanted = true; // after the refresh that is out
        return;
    }
    requestMembers(node, qint64(node->members.size()), MembersPage, false);
}

// --- Members -----------------------------------------------------------------------------------

int VariablesModel::statusRows(const Node *node) const
{
    return node->status == Status::None ? 0 : 1;
}

void VariablesModel::setStatus(Node *node, Status status)
{
    if (status == node->status) {
        if (status != Status::None) {
            const QModelIndex row = statusIndex(node);
            Q_EMIT dataChanged(row, row.siblingAtColumn(ColumnCount - 1));
        }
        return;
    }
    const QModelIndex parent = indexOfNode(node);
    const int row = int(node->members.size());
    if (node->status == Status::None) {
        beginInsertRows(parent, row, row);
        node->status = status;
        endInsertRows();
    } else if (status == Status::None) {
        beginRemoveRows(parent, row, row);
        node->status = status;
        endRemoveRows();
    } else {
        node->status = status;
        const QModelIndex index = statusIndex(node);
        Q_EMIT dataChanged(index, index.siblingAtColumn(ColumnCount - 1));
    }
}

void VariablesModel::requestMembers(Node *node, qint64 start, int count, bool replace)
{
    if (!m_fetcher)
        return;
    m_pending.remove(node->ticket); // a newer request replaces the one out
    Protocol::ExpandRequest request;
    // The variable and the steps down to the node.
    for (const Node *step = node; step; step = step->parent) {
        if (step->parent)
            request.path.prepend({step->at, step->summary.name});
        else
            request.name = step->summary.name;
    }
    request.start = start;
    request.count = count;
    node->ticket = ++m_nextTicket;
    m_pending.insert(node->ticket, node);
    QPointer<VariablesModel> self(this);
    const quint64 ticket = node->ticket;
    // "Loading…" comes once back in the event loop: fetchMore() may be called while a view
    // handles another change of this model, when inserting a row is not allowed.
    QMetaObject::invokeMethod(
            this,
            [self, ticket] {
                Node *waiting = self ? self->m_pending.value(ticket) : nullptr;
                if (waiting && waiting->members.empty())
                    self->setStatus(waiting, Status::Loading);
            },
            Qt::QueuedConnection);
    m_fetcher(request, [self, ticket, replace](const MemberList &list) {
        if (self)
            self->onMembers(ticket, replace, list);
    });
}

void VariablesModel::onMembers(quint64 ticket, bool replace, const MemberList &list)
{
    Node *node = m_pending.take(ticket);
    if (!node || node->ticket != ticket)
        return; // gone, or asked for again since
    node->ticket = 0;
    if (!list.error.isEmpty()) {
        dropMembers(node);
        node->error = list.error;
        setStatus(node, Status::Error);
        return;
    }
    node->error.clear();
    if (!replace && list.start != qint64(node->members.size()))
        return; // the members changed since; the next diff lists them again
    mergeMembers(node, list, replace);
    if (std::exchange(node->moreWanted, false) && node->status == Status::More)
        requestMembers(node, qint64(node->members.size()), MembersPage, false);
}

// Replacing keeps the members whose name is still at the same place (with their own members);
// from the first that differs on, the rows are replaced.
void VariablesModel::mergeMembers(Node *node, const MemberList &list, bool replace)
{
    const QModelIndex parent = indexOfNode(node);
    setStatus(node, Status::None);
    node->total = list.total;
    int kept = int(node->members.size());
    if (replace) {
        kept = 0;
        while (kept < int(node->members.size()) && kept < list.members.size()
               && node->members[kept]->summary.name == list.members.at(kept).name) {
            Node *member = node->members[kept].get();
            member->at = list.start + kept;
            if (member->summary != list.members.at(kept))
                updateVariable(member, list.members.at(kept));
            ++kept;
        }
        if (kept < int(node->members.size())) {
            beginRemoveRows(parent, kept, int(node->members.size()) - 1);
            for (auto it = node->members.begin() + kept; it != node->members.end(); ++it)
                forgetPending(it->get());
            node->members.erase(node->members.begin() + kept, node->members.end());
            endRemoveRows();
        }
    }
    const int first = replace ? kept : 0;
    if (first < list.members.size()) {
        const int row = int(node->members.size());
        beginInsertRows(parent, row, row + int(list.members.size()) - first - 1);
        for (int i = first; i < list.members.size(); ++i) {
            auto member = std::make_unique<Node>();
            member->summary = list.members.at(i);
            member->parent = node;
            member->row = int(node->members.size());
            member->at = list.start + i;
            node->members.push_back(std::move(member));
        }
        endInsertRows();
    }
    setStatus(node, qint64(node->members.size()) < node->total ? Status::More : Status::None);
}

void VariablesModel::dropMembers(Node *node)
{
    setStatus(node, Status::None);
    if (!node->members.empty()) {
        beginRemoveRows(indexOfNode(node), 0, int(node->members.size()) - 1);
        for (const auto &member : node->members)
            forgetPending(member.get());
        node->members.clear();
        endRemoveRows();
    }
    m_pending.remove(node->ticket);
    node->ticket = 0;
    node->total = -1;
    node->error.clear();
}

// A node that goes takes its requests out with it; their replies then find nothing.
void VariablesModel::forgetPending(Node *node)
{
    if (node->ticket != 0)
        m_pending.remove(node->ticket);
    node->ticket = 0;
    for (const auto &member : node->members)
        forgetPending(member.get());
}

void VariablesModel::refreshMembers(Node *node)
{
    if (node->total < 0 && node->status != Status::Error)
        return;
    const int count = std::clamp(int(node->members.size()), MembersPage, Protocol::MaxMembers);
    for (const auto &member : node->members)
        refreshMembers(member.get());
    requestMembers(node, 0, count, true);
}

// --- Data --------------------------------------------------------------------------------------

QString VariablesModel::shapeText(const QList<qint64> &shape)
{
    QStringList parts;
    const QLocale locale;
    for (qint64 extent : shape) // -1: not known without computing (a Dask frame's rows)
        parts.append(extent < 0 ? QStringLiteral("?") : locale.toString(extent));
    return parts.join(QStringLiteral(" \u00d7 "));
}

QString VariablesModel::statusText(const Node *node) const
{
    const QLocale locale;
    switch (node->status) {
    case Status::Loading:
        return tr("Loading…");
    case Status::More: {
        const qint64 left = node->total - qint64(node->members.size());
        return tr("Show %1 more (%2 of %3 shown)")
                .arg(locale.toString(std::min<qint64>(left, MembersPage)),
                     locale.toString(qint64(node->members.size())),
                     locale.toString(node->total));
    }
    case Status::Error:
        return tr("No members: %1").arg(node->error);
    case Status::None:
        break;
    }
    return {};
}

VariablesModel::RowKind VariablesModel::rowKind(const QModelIndex &index) const
{
    if (!index.isValid() || !parentNodeOf(index))
        return RowKind::Variable;
    return nodeAt(index) ? RowKind::Member : RowKind::Status;
}

const VariableSummary *VariablesModel::summaryAt(const QModelIndex &index) const
{
    const Node *node = nodeAt(index);
    return node ? &node->summary : nullptr;
}

TableSource VariablesModel::sourceAt(const QModelIndex &index) const
{
    TableSource source;
    for (const Node *node = nodeAt(index); node; node = node->parent) {
        if (node->parent)
            source.path.prepend({node->at, node->summary.name});
        else
            source.name = node->summary.name;
    }
    return source;
}

QVariant VariablesModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    if (role == RowKindRole)
        return int(rowKind(index));
    const Node *node = nodeAt(index);
    if (!node) {
        // A status row: its text spans the row (the view spans its first column).
        const Node *parent = parentNodeOf(index);
        if (role == Qt::DisplayRole && index.column() == Name)
            return statusText(parent);
        if (role == Qt::ToolTipRole && parent->status == Status::Error)
            return parent->error;
        if (role == Qt::FontRole) {
            QFont font;
            font.setItalic(true);
            return font;
        }
        return {};
    }
    const VariableSummary &v = node->summary;
    if (role == NameRole)
        return node->parent ? sourceAt(index).expression() : v.name;
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case Name:
            return v.name;
        case Type:
            return v.type;
        case Shape:
            return shapeText(v.shape);
        case Memory:
            return v.bytes < 0 ? QString() : QLocale().formattedDataSize(v.bytes, 1);
        case Value:
            return v.repr;
        }
    }
    if (role == SortRole) {
        switch (index.column()) {
        case Name:
            // Members in the engine's order (a list's [10] after [9]).
            if (node->parent)
                return node->at;
            return v.name.toLower();
        case Shape: {
            // By number of elements, so 10 × 3 comes after 20.
            qint64 elements = v.shape.isEmpty() ? -1 : 1;
            for (qint64 extent : v.shape)
                elements = extent > 0 && elements > INT64_MAX / extent ? INT64_MAX
                                                                       : elements * extent;
            return elements;
        }
        case Memory:
            return v.bytes;
        default:
            return data(index, Qt::DisplayRole).toString().toLower();
        }
    }
    if (role == Qt::ToolTipRole) {
        switch (index.column()) {
        case Name:
            return node->parent ? sourceAt(index).expression() : QVariant();
        case Type:
            return v.dtypes.isEmpty() ? v.type : v.type + QStringLiteral("\n") + v.dtypes;
        case Memory:
            return v.bytes < 0 ? QVariant() : QVariant(tr("%L1 bytes").arg(v.bytes));
        case Value:
            return v.repr;
        default:
            return {};
        }
    }
    if (role == Qt::TextAlignmentRole && (index.column() == Shape || index.column() == Memory))
        return int(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant VariablesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Name:
        return tr("Name");
    case Type:
        return tr("Type");
    case Shape:
        return tr("Size");
    case Memory:
        return tr("Memory");
    case Value:
        return tr("Value");
    }
    return {};
}

QModelIndex VariablesModel::indexOf(const QString &name, int column) const
{
    const auto it = m_rowOf.constFind(name);
    return it == m_rowOf.cend() ? QModelIndex() : index(*it, column);
}

const VariableSummary *VariablesModel::summary(const QString &name) const
{
    const auto it = m_rowOf.constFind(name);
    return it == m_rowOf.cend() ? nullptr : &m_rows[*it]->summary;
}

const VariableSummary &VariablesModel::summaryAt(int row) const
{
    return m_rows[row]->summary;
}

} // namespace Sandpiper::Models
