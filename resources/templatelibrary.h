#pragma once

#include <QCoreApplication>
#include <QList>
#include <QString>

namespace Sandpiper::Resources {

// A ready-made analysis snippet (a Python file under :/templates).
struct CodeTemplate
{
    QString id;          // the file's base name, e.g. "load_csv"
    QString group;       // translated, e.g. "Load Data"
    QString title;       // translated, for menus
    QString description; // translated, one sentence for tool tips
};

// The analysis templates shipped with the application. Every template is a `# %%` cell that
// starts with its imports and a `DATA_PATH = "..."` line naming the file it reads, so that it
// runs on its own once that path (and any column names it lists) point at the user's data.
class TemplateLibrary
{
    Q_DECLARE_TR_FUNCTIONS(TemplateLibrary)

public:
    // In menu order, grouped.
    static QList<CodeTemplate> templates();
    // The group names in menu order.
    static QStringList groups();
    // The template's Python code; empty for an unknown id.
    static QString code(const QString &id);
    // The resource folder holding the .py files.
    static QString resourceDirectory();

    // The code with its DATA_PATH assignment pointing at path (written as a Python string
    // literal). Code without such a line is returned unchanged.
    static QString withDataPath(const QString &code, const QString &path);
    // The path a template's DATA_PATH assignment names; empty when there is none.
    static QString dataPath(const QString &code);
};

} // namespace Sandpiper::Resources
