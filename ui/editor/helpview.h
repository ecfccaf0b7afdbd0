#pragma once

#include "messages.h"

#include <KSyntaxHighlighting/Theme>

#include <QTextBrowser>

namespace Sandpiper::Ui {

// The Help dock's content: the documentation of a name (F1 or hover in the editor): its
// signature, docstring and where it is defined, in the editor's colours.
class HelpView : public QTextBrowser
{
    Q_OBJECT

public:
    explicit HelpView(QWidget *parent = nullptr);

    void showDocumentation(const Protocol::Documentation &documentation);
    Protocol::Documentation documentation() const { return m_documentation; }
    void setTheme(const KSyntaxHighlighting::Theme &theme);

Q_SIGNALS:
    // The "defined in" link: line 1-based, column in code points.
    void definitionActivated(const QString &path, int line, int column);

private:
    void render();

    Protocol::Documentation m_documentation;
    KSyntaxHighlighting::Theme m_theme;
};

} // namespace Sandpiper::Ui
