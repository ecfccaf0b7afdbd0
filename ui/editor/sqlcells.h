#pragma once

#include <QCoreApplication>
#include <QString>
#include <QStringList>

#include <functional>

namespace Sandpiper::Ui {

struct Cell;

// `# %% [sql]` cells hold SQL, which runs through `sandpiper.sql()` in the session;
// `# %% [sql] -> name` binds the result to `name` and shows it. What runs is Python with the
// same lines as the SQL, so line numbers in errors and in the editor still agree.
class SqlCells
{
    Q_DECLARE_TR_FUNCTIONS(Sandpiper::Ui::SqlCells)

public:
    // Whether a cell title ("[sql] -> totals") marks an SQL cell.
    static bool isSql(const QString &title);
    // The Python that runs one SQL cell's text.
    static QString python(const QString &title, const QString &sql);
    // A script, or the start of one, with the text of every SQL cell replaced by its Python.
    static QString script(const QString &text);
    // A script for the linter, lines kept: an SQL cell's lines become `pass` (its first
    // `name = ...` when it binds a name), so flake8 neither parses the SQL nor misses the name.
    static QString lintable(const QString &text);

private:
    static QString literal(const QString &sql);
    static QString target(const QString &title);
    // Each SQL cell's text replaced by what `replace` makes of its lines.
    static QString rewritten(
            const QString &text,
            const std::function<QStringList(const Cell &, const QStringList &)> &replace);
};

} // namespace Sandpiper::Ui
