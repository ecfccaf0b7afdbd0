// Hosts the editor for tst_recovery: types into an untitled buffer and into a file, says
// "typed" on stdout, then either waits to be killed ("crash") or exits normally ("quit").
#include "crashhelper.h"

#include <codeeditor.h>
#include <editortabs.h>

#include <QApplication>
#include <QTest>
#include <QTextStream>

using namespace Sandpiper::Ui;

namespace {
void typeSlowly(QWidget *widget, const QString &text)
{
    // A key every few milliseconds, as a person would (slow enough to span journal ticks).
    for (QChar c : text) {
        if (c == QLatin1Char('\n'))
            QTest::keyClick(widget, Qt::Key_Return);
        else
            QTest::keyClicks(widget, QString(c));
        QTest::qWait(15);
    }
}
} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("SandpiperTest"));
    QApplication::setApplicationName(QStringLiteral("editorcrashhelper"));
    const QStringList args = app.arguments();
    if (args.size() != 4) {
        QTextStream(stderr) << "usage: editorcrashhelper crash|quit JOURNAL-ROOT FILE\n";
        return 2;
    }
    const QString mode = args.at(1);
    EditorTabs tabs;
    tabs.enableRecovery(args.at(2));
    tabs.resize(700, 500);
    tabs.show();
    if (!QTest::qWaitForWindowExposed(&tabs))
        return 3;

    CodeEditor *untitled = tabs.currentEditor();
    untitled->setFocus();
    typeSlowly(untitled, QString::fromUtf8(CrashHelper::untitledText));
    CodeEditor *file = tabs.openFile(args.at(3));
    if (!file)
        return 4;
    file->setFocus();
    file->setCursorPosition(0, 0);
    typeSlowly(file, QString::fromUtf8(CrashHelper::fileEdit));
    // Autoindent must not have changed what was typed.
    if (untitled->text() != QString::fromUtf8(CrashHelper::untitledText))
        return 5;
    QTextStream(stdout) << CrashHelper::typedLine << Qt::endl;
    if (mode == QLatin1String("quit")) {
        QTest::qWait(1500); // long enough for the journal to have been written
        return 0;           // a clean exit, with unsaved buffers, and no questions
    }
    return QApplication::exec();
}
