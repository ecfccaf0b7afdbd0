#pragma once

#include <QCoreApplication>
#include <QString>

namespace Sandpiper::Ui {

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

private:
    static QString literal(const QString &sql);
};

} // namespace Sandpiper::Ui
