#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace Sandpiper::Ui {

// A line-by-line difference between two texts, for showing a recovered buffer against the
// file on disk. Longest common subsequence after trimming the common head and tail; when the
// changed middle is too large for that (beyond maxCells line pairs) it is shown as removed and
// added as a whole rather than freezing the GUI.
class LineDiff
{
public:
    enum class Op { Same, Removed, Added };
    struct Line
    {
        Op op;
        QString text;
        friend bool operator==(const Line &, const Line &) = default;
    };

    static QList<Line> compute(const QStringList &before,
                               const QStringList &after,
                               qsizetype maxCells = 4'000'000);
    // "  same", "- removed", "+ added", one per line.
    static QString toUnifiedText(const QList<Line> &lines);
};

} // namespace Sandpiper::Ui
