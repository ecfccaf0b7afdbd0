#pragma once

#include <QMainWindow>

class QDockWidget;
class QTabWidget;

namespace Sandpiper::Client {
class AbstractSession;
}

namespace Sandpiper::Ui {

class ConsoleWidget;
class ResourcesView;

// The workbench window: the central editor area with the docks around it. It only arranges
// widgets and menus; each dock's content comes from its own class.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    QDockWidget *dock(const QString &objectName) const;
    QList<QDockWidget *> docks() const;
    ConsoleWidget *console() const { return m_console; }
    ResourcesView *resources() const { return m_resources; }

    // The Python session the console, variables and run actions talk to (not owned).
    void setSession(Client::AbstractSession *session);

    void restoreLayout();
    void saveLayout() const;

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createEditorArea();
    void createDocks();
    void createMenus();
    QDockWidget *addDock(const QString &objectName,
                         const QString &title,
                         QWidget *content,
                         Qt::DockWidgetArea area);
    QDockWidget *addPlaceholderDock(const QString &objectName,
                                    const QString &title,
                                    const QString &description,
                                    Qt::DockWidgetArea area);

    QTabWidget *m_editorTabs = nullptr;
    QList<QDockWidget *> m_docks;
    ConsoleWidget *m_console = nullptr;
    ResourcesView *m_resources = nullptr;
};

} // namespace Sandpiper::Ui
