#pragma once

#include "messages.h"

#include <QTreeWidget>

namespace Sandpiper::Ui {

// The Problems dock's content: flake8's findings for the current editor, one row each
// (severity icon, line, code, message). Activating a row asks to jump there.
class ProblemsView : public QTreeWidget
{
    Q_OBJECT

public:
    explicit ProblemsView(QWidget *parent = nullptr);

    // fileName is only for the empty list's text.
    void setDiagnostics(const QString &fileName, const QList<Protocol::Diagnostic> &items);
    int problemCount() const { return m_count; }

Q_SIGNALS:
    // index into the list given to setDiagnostics().
    void problemActivated(int index);

private:
    int m_count = 0;
};

} // namespace Sandpiper::Ui
