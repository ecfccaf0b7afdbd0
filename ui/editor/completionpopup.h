#pragma once

#include <QListWidget>

namespace Sandpiper::Ui {

struct EditorColors;

// The completion list: a small list over the editor's text, below (or above) the word being
// completed. It never takes the focus: the editor keeps the caret and forwards the keys that
// move in the list. A child of the editor's window rather than a window of its own, so it
// may reach over the docks beside a narrow editor, and wears the editor's colours.
class CompletionPopup : public QListWidget
{
    Q_OBJECT

public:
    struct Entry
    {
        QString name;
        QString kind;
        QString detail; // shown dimmed on the right
        QString toolTip;
    };

    explicit CompletionPopup(QWidget *parent);

    // Shows these entries; the one with the name selected before stays selected if it is
    // still there, otherwise the first.
    void setEntries(const QList<Entry> &entries);
    QList<Entry> entries() const { return m_entries; }
    QString currentName() const;
    void setColors(const EditorColors &colors);

    // Places the list under the rectangle of the text it completes (in the coordinates of
    // the list's parent), or above it when there is no room below.
    void placeAt(const QRect &word);

    // Up, Down, PageUp, PageDown: moves the selection. False for other keys.
    bool moveSelection(int key);

Q_SIGNALS:
    void entryActivated(const QString &name);

private:
    QList<Entry> m_entries;
};

} // namespace Sandpiper::Ui
