#pragma once

#include <QMainWindow>

class QDockWidget;
class QTabWidget;

namespace Sandpiper::Ui {

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

    void restoreLayout();
    void saveLayout() const;

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createEditorArea();
    void createDocks();
    void createMenus();
    QDockWidget *addPlaceholderDock(const QString &objectName,
                                    const QString &title,
                                    const QString &description,
                                    Qt::DockWidgetArea area);

    QTabWidget *m_editorTabs = nullptr;
    QList<QDockWidget *> m_docks;
};

} // namespace Sandpiper::Ui
