// The floor for Sandpiper's start-up: a bare Qt window with the same Qt, the same platform and
// the same way of measuring (process start to the first complete paint). Prints "startup_ms N".
#include "windowprobe.h"

#include <QApplication>
#include <QLabel>
#include <QMainWindow>
#include <QTextStream>

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QMainWindow window;
    window.setCentralWidget(new QLabel(QStringLiteral("floor")));
    window.resize(1280, 800);
    auto *probe = new Sandpiper::App::WindowProbe(&window);
    QObject::connect(probe, &Sandpiper::App::WindowProbe::firstPainted, &window, [] {
        QTextStream(stdout) << "startup_ms " << Sandpiper::App::millisecondsSinceProcessStart()
                            << Qt::endl;
        QCoreApplication::exit(0);
    });
    window.show();
    return QApplication::exec();
}
