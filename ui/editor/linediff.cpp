#include "linediff.h"

#include <vector>

namespace Sandpiper::Ui {

QList<LineDiff::Line> LineDiff::compute(const QStringList &before,
                                        const QStringList &after,
                                        qsizetype maxCells)
{
    QList<Line> result;
    qsizetype head = 0;
    while (head < before.size() && head < after.size() && before.at(head) == after.at(head))
        ++head;
    qsizetype tail = 0;
    while (tail < before.size() - head && tail < after.size() - head
           && before.at(before.size() - 1 - tail) == after.at(after.size() - 1 - tail))
        ++tail;
    for (qsizetype i = 0; i < head; ++i)
        result.append({Op::Same, before.at(i)});

    const qsizetype n = before.size() - head - tail;
    const qsizetype m = after.size() - head - tail;
    if (n * m > maxCells) {
        for (qsizetype i = 0; i < n; ++i)
            result.append({Op::Removed, before.at(head + i)});
        for (qsizetype j = 0; j < m; ++j)
            result.append({Op::Added, after.at(head + j)});
    } else {
        // lcs[i][j]: length of the LCS of before[i..] and after[j..] (middle parts only).
        std::vector<int> lcs((n + 1) * (m + 1), 0);
        const auto at = [m](qsizetype i, qsizetype j) {
            return i * (m + 1) + j;
        };
        for (qsizetype i = n - 1; i >= 0; --i) {
            for (qsizetype j = m - 1; j >= 0; --j) {
                lcs[at(i, j)] = before.at(head + i) == after.at(head + j)
                                        ? lcs[at(i + 1, j + 1)] + 1
                                        : std::max(lcs[at(i + 1, j)], lcs[at(i, j + 1)]);
            }
        }
        qsizetype i = 0;
        qsizetype j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && before.at(head + i) == after.at(head + j)) {
                result.append({Op::Same, before.at(head + i)});
                ++i;
                ++j;
            } else if (i < n && (j == m || lcs[at(i + 1, j)] >= lcs[at(i, j + 1)])) {
                result.append({Op::Removed, before.at(head + i)});
                ++i;
            } else {
                result.append({Op::Added, after.at(head + j)});
                ++j;
            }
        }
    }
    for (qsizetype k = before.size() - tail; k < before.size(); ++k)
        result.append({Op::Same, before.at(k)});
    return result;
}

QString LineDiff::toUnifiedText(const QList<Line> &lines)
{
    QString text;
    for (const Line &line : lines) {
        text += line.op == Op::Same      ? QLatin1String("  ")
                : line.op == Op::Removed ? QLatin1String("- ")
                                         : QLatin1String("+ ");
        text += line.text;
        text += QLatin1Char('\n');
    }
    return text;
}

} // namespace Sandpiper::Ui
