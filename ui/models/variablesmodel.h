#pragma once

#include "tablepages.h"

#include <messages.h>

#include <QAbstractItemModel>
#include <QHash>
#include <QList>

#include <functional>
#include <memory>
#include <vector>

namespace Sandpiper::Models {

// The session's variables as the engine summarised them, kept up to date by applying the
// engine's diffs, as a tree: a dict, list, DataFrame, module or object expands into its members,
// fetched from the engine a page at a time when the view asks (fetchMore), with a last row that
// says "Loading…", shows the next page, or why there are none. Top-level rows stay in arrival
// order and members in the engine's; a QSortFilterProxyModel sorts and filters them (SortRole
// gives each column's natural order: sizes as numbers, members by position).
//
// Every diff asks again for the members already listed, so what a run changed inside an object
// shows; members whose names still match keep their place (and their own expanded members).
class VariablesModel : public QAbstractItemModel
{
    Q_OBJECT

public:
    enum Column { Name, Type, Shape, Memory, Value, ColumnCount };
    enum Role { SortRole = Qt::UserRole + 1, NameRole, RowKindRole };
    enum class RowKind { Variable, Member, Status };
    // Members asked for at once: "show 100 more".
    static constexpr int MembersPage = 100;

    using MembersDone = std::function<void(const Protocol::MemberList &members)>;
    // Sends an expand request; calls done (once, later) with the reply.
    using MembersFetcher
            = std::function<void(const Protocol::ExpandRequest &request, const MembersDone &done)>;

    explicit VariablesModel(QObject *parent = nullptr);
    ~VariablesModel() override;

    // Without a fetcher nothing expands.
    void setMembersFetcher(MembersFetcher fetcher) { m_fetcher = std::move(fetcher); }

    // A reset diff replaces everything; otherwise changed names are updated or added and
    // removed names go.
    void apply(const Protocol::VariablesDiff &diff);
    void clear();

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    bool hasChildren(const QModelIndex &parent = {}) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    const Protocol::VariableSummary *summary(const QString &name) const;
    // The variables listed (top level), in no particular order.
    QStringList names() const { return m_rowOf.keys(); }
    // The row of a name (in the given column), invalid when it is not listed.
    QModelIndex indexOf(const QString &name, int column = Name) const;
    const Protocol::VariableSummary &summaryAt(int row) const;

    // Of a variable or member row; nullptr for a status row.
    const Protocol::VariableSummary *summaryAt(const QModelIndex &index) const;
    RowKind rowKind(const QModelIndex &index) const;
    // The variable and the path to the member (empty for a variable itself).
    TableSource sourceAt(const QModelIndex &index) const;
    // On a status row that offers more members: asks for the next page.
    void fetchNextMembers(const QModelIndex &statusRow);

    // "1,000 × 4" for a shape, "3" for a length; empty when there is none.
    static QString shapeText(const QList<qint64> &shape);

private:
    struct Node;
    enum class Status { None, Loading, More, Error };

    Node *nodeAt(const QModelIndex &index) const;
    Node *parentNodeOf(const QModelIndex &index) const;
    QModelIndex indexOfNode(const Node *node, int column = Name) const;
    QModelIndex statusIndex(const Node *node) const;
    int statusRows(const Node *node) const;
    void setStatus(Node *node, Status status);
    void requestMembers(Node *node, qint64 start, int count, bool replace);
    void onMembers(quint64 ticket, bool replace, const Protocol::MemberList &list);
    void mergeMembers(Node *node, const Protocol::MemberList &list, bool replace);
    void dropMembers(Node *node);
    void forgetPending(Node *node);
    void refreshMembers(Node *node);
    void updateVariable(Node *node, const Protocol::VariableSummary &summary);
    QString statusText(const Node *node) const;
    void remove(const QStringList &names);
    void reindex();

    std::vector<std::unique_ptr<Node>> m_rows;
    QHash<QString, int> m_rowOf;
    MembersFetcher m_fetcher;
    QHash<quint64, Node *> m_pending; // ticket of an expand request -> the node it fills
    quint64 m_nextTicket = 0;
};

} // namespace Sandpiper::Models
