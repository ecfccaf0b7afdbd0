// The Files dock, the import dialog and the drop handling against a fake tools engine: roots,
// filter and menus of the dock; which options travel, how a preview fills the dialog, names,
// errors, edited code; drops queued behind a copy.

#include "../common/fakesession.h"
#include "../common/waituntil.h"

#include <datasetimporter.h>
#include <filedrops.h>
#include <filesview.h>
#include <importdialog.h>
#include <importpreview.h>
#include <mainwindow.h>
#include <sandbox/workspacetransfer.h>

#include <QCheckBox>
#include <QComboBox>
#include <QDropEvent>
#include <QFile>
#include <QFileSystemModel>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

#include <QTreeView>
#include <fcntl.h>
#include <unistd.h>

using namespace Sandpiper;
using namespace Sandpiper::Protocol;
using Sandpiper::Testing::FakeSession;
using Sandpiper::Testing::waitUntil;

namespace {

SniffResult gbkSemicolon(const QString &variable = QStringLiteral("sales"))
{
    SniffResult r;
    r.options.format = QStringLiteral("csv");
    r.options.encoding = QStringLiteral("gb18030");
    r.options.delimiter = QStringLiteral(";");
    r.options.quotechar = QStringLiteral("\"");
    r.options.decimal = QStringLiteral(",");
    r.options.header = true;
    r.options.onBadLines = QStringLiteral("error");
    r.options.variable = variable;
    r.options.columns
            = {{QStringLiteral("日期"), QStringLiteral("datetime"), QStringLiteral("%d.%m.%Y")},
               {QStringLiteral("金额"), QStringLiteral("float")}};
    r.columns = {{QStringLiteral("日期"), QStringLiteral("datetime")},
                 {QStringLiteral("金额"), QStringLiteral("float")}};
    r.rows = {{QStringLiteral("2026-01-02"), QStringLiteral("1234.5")},
              {QStringLiteral("2026-01-03"), QString()}};
    r.bytes = 2048;
    r.code = QStringLiteral("import pandas as pd\n\n%1 = pd.read_csv(\"sales.csv\", sep=\";\")\n")
                     .arg(variable);
    return r;
}

// The last request's options as sent.
QCborMap lastOptions(const FakeSession &tools)
{
    return tools.sniffCalls.constLast()->request().options;
}

bool answerLast(FakeSession &tools, const SniffResult &result)
{
    if (tools.sniffCalls.isEmpty() || !tools.sniffCalls.constLast())
        return false;
    tools.sniffCalls.constLast()->finish(result);
    return true;
}

// A DatasetImporter over fake session and tools engines, with a real workspace folder and
// copies; the importer's dialogs are answered by the prompt the test sets.
struct ImporterRig
{
    explicit ImporterRig(quint64 copyLimit = 0)
    {
        session.workspace = workspace.path();
        session.sessionLimits.transferBytes = copyLimit;
        session.start();
        transfer.setSession(&session);
        importer.setSession(&session);
        importer.setTools(&tools);
    }

    QTemporaryDir workspace;
    FakeSession session;
    FakeSession tools;
    QWidget parent;
    Ui::WorkspaceTransfer transfer;
    Ui::DatasetImporter importer{&transfer, &parent};
};

} // namespace

class tst_Files : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void previewFillsTheDialog()
    {
        FakeSession tools;
        Ui::ImportDialog dialog(&tools,
                                QStringLiteral("/ws/sales.csv"),
                                QStringLiteral("sales.csv"),
                                {QStringLiteral("df")});
        QCOMPARE(tools.sniffCalls.size(), 1);
        // At first only the variable is the user's: everything else is sniffed.
        QCOMPARE(lastOptions(tools).keys(), QList<QCborValue>{QStringLiteral("variable")});
        QCOMPARE(lastOptions(tools).value(QStringLiteral("variable")).toString(),
                 QStringLiteral("sales"));
        QVERIFY(!dialog.importButton()->isEnabled()); // nothing read yet
        QVERIFY(answerLast(tools, gbkSemicolon()));
        QCOMPARE(dialog.encodingBox()->currentData().toString(), QStringLiteral("gb18030"));
        QCOMPARE(dialog.delimiterBox()->currentData().toString(), QStringLiteral(";"));
        QCOMPARE(dialog.decimalBox()->currentData().toString(), QStringLiteral(","));
        QCOMPARE(dialog.previewView()->model()->rowCount(), 2);
        QCOMPARE(dialog.previewView()->model()->columnCount(), 2);
        QCOMPARE(dialog.previewView()->model()->headerData(0, Qt::Horizontal).toString(),
                 QStringLiteral("日期\nDate/time"));
        // A missing value reads as one, an empty text would not.
        QCOMPARE(dialog.previewView()->model()->index(1, 1).data().toString(),
                 QStringLiteral("NA"));
        QCOMPARE(dialog.columnsTable()->rowCount(), 2);
        QVERIFY(dialog.codeEdit()->toPlainText().contains(QStringLiteral("sales = pd.read_csv")));
        QVERIFY(dialog.importButton()->isEnabled());
        QCOMPARE(tools.sniffCalls.size(), 1); // showing a preview asks for nothing more
    }

    void choicesTravelAndFormatResetsThem()
    {
        FakeSession tools;
        Ui::ImportDialog dialog(&tools, QStringLiteral("/ws/a.csv"), QStringLiteral("a.csv"), {});
        QVERIFY(answerLast(tools, gbkSemicolon(QStringLiteral("a"))));
        dialog.show();
        // The user picks a comma as delimiter, as with the mouse: only that and the name travel.
        dialog.delimiterBox()->setCurrentIndex(
                dialog.delimiterBox()->findData(QStringLiteral(",")));
        QVERIFY(waitUntil([&] { return tools.sniffCalls.size() == 2; }, 2000));
        QCborMap sent = lastOptions(tools);
        QCOMPARE(sent.value(QStringLiteral("delimiter")).toString(), QStringLiteral(","));
        QVERIFY(!sent.contains(QStringLiteral("encoding")));
        // The same columns again: their rows stay, updated where they are.
        QWidget *typeBox = dialog.columnsTable()->cellWidget(0, 3);
        QVERIFY(typeBox);
        // Typing quickly while a preview is out: one request at a time, the newest choices next.
        dialog.skipRowsBox()->setValue(2);
        QTest::qWait(100);
        QCOMPARE(tools.sniffCalls.size(), 2);
        dialog.skipRowsBox()->setValue(3);
        QTest::qWait(100);
        QCOMPARE(tools.sniffCalls.size(), 2);
        QVERIFY(answerLast(tools, gbkSemicolon(QStringLiteral("a")))); // stale: not shown
        QVERIFY(waitUntil([&] { return tools.sniffCalls.size() == 3; }, 2000));
        sent = lastOptions(tools);
        QCOMPARE(sent.value(QStringLiteral("skip_rows")).toInteger(), 3);
        QCOMPARE(sent.value(QStringLiteral("delimiter")).toString(), QStringLiteral(","));
        SniffResult three = gbkSemicolon(QStringLiteral("a"));
        three.options.skipRows = 3;
        three.options.delimiter = QStringLiteral(",");
        QVERIFY(answerLast(tools, three));
        QCOMPARE(dialog.skipRowsBox()->value(), 3);
        QCOMPARE(dialog.columnsTable()->cellWidget(0, 3), typeBox);
        // Another format: every other option is sniffed again for it.
        dialog.formatBox()->setCurrentIndex(dialog.formatBox()->findData(QStringLiteral("excel")));
        QVERIFY(waitUntil([&] { return tools.sniffCalls.size() == 4; }, 2000));
        sent = lastOptions(tools);
        QCOMPARE(sent.value(QStringLiteral("format")).toString(), QStringLiteral("excel"));
        QVERIFY(!sent.contains(QStringLiteral("delimiter")));
        QVERIFY(!sent.contains(QStringLiteral("skip_rows")));
    }

    void columnChoicesTravel()
    {
        FakeSession tools;
        Ui::ImportDialog dialog(&tools, QStringLiteral("/ws/a.csv"), QStringLiteral("a.csv"), {});
        QVERIFY(answerLast(tools, gbkSemicolon(QStringLiteral("a"))));
        dialog.show();
        QTableWidget *columns = dialog.columnsTable();
        columns->item(1, 0)->setCheckState(Qt::Unchecked);   // drop 金额
        columns->item(0, 2)->setText(QStringLiteral("day")); // rename 日期
        auto type = qobject_cast<QComboBox *>(columns->cellWidget(0, 3));
        QVERIFY(type);
        type->setCurrentIndex(type->findData(QStringLiteral("text")));
        QVERIFY(waitUntil([&] { return tools.sniffCalls.size() >= 2; }, 2000));
        QVERIFY(answerLast(tools, gbkSemicolon(QStringLiteral("a"))));
        QVERIFY(waitUntil([&] { return !dialog.isReading(); }, 2000));
        const QCborArray sent = lastOptions(tools).value(QStringLiteral("columns")).toArray();
        QCOMPARE(sent.size(), 2);
        const QCborMap first = sent.at(0).toMap();
        QCOMPARE(first.value(QStringLiteral("rename")).toString(), QStringLiteral("day"));
        QCOMPARE(first.value(QStringLiteral("dtype")).toString(), QStringLiteral("text"));
        QVERIFY(!sent.at(1).toMap().value(QStringLiteral("keep")).toBool());
    }

    void variableNameIsCheckedAndConfirmed()
    {
        FakeSession tools;
        Ui::ImportDialog dialog(&tools,
                                QStringLiteral("/ws/Sales 2024.csv"),
                                QStringLiteral("Sales 2024.csv"),
                                {QStringLiteral("sales_2024")});
        // A new name by default, never one the session has.
        QCOMPARE(dialog.variableName(), QStringLiteral("sales_2024_2"));
        QVERIFY(answerLast(tools, gbkSemicolon(QStringLiteral("sales_2024_2"))));
        QVERIFY(dialog.importButton()->isEnabled());
        for (const QString &bad : {QStringLiteral("²x"),
                                   QStringLiteral("a-b"),
                                   QStringLiteral("2x"),
                                   QStringLiteral("class"),
                                   QStringLiteral("a b"),
                                   QString()}) {
            dialog.nameEdit()->setText(bad);
            QVERIFY2(!dialog.importButton()->isEnabled(), qPrintable(bad));
        }
        // An existing name is replaced only once the user ticks the box.
        const int before = int(tools.sniffCalls.size());
        dialog.nameEdit()->setText(QStringLiteral("sales_2024"));
        QVERIFY(waitUntil([&] { return tools.sniffCalls.size() > before; }, 2000));
        QVERIFY(answerLast(tools, gbkSemicolon(QStringLiteral("sales_2024"))));
        QVERIFY(!dialog.isReading());
        QVERIFY(!dialog.importButton()->isEnabled());
        QVERIFY(dialog.replaceBox()->isVisibleTo(&dialog));
        dialog.replaceBox()->setChecked(true);
        QVERIFY(dialog.importButton()->isEnabled());
        QCOMPARE(lastOptions(tools).value(QStringLiteral("variable")).toString(),
                 QStringLiteral("sales_2024"));
    }

    void errorsBlockImportUnlessTheCodeIsEdited()
    {
        FakeSession tools;
        Ui::ImportDialog dialog(&tools, QStringLiteral("/ws/x.csv"), QStringLiteral("x.csv"), {});
        QVERIFY(answerLast(tools, gbkSemicolon(QStringLiteral("x"))));
        // A choice waits for its preview before Import may run the code.
        dialog.skipRowsBox()->setValue(1);
        QVERIFY(!dialog.importButton()->isEnabled());
        QVERIFY(waitUntil([&] { return tools.sniffCalls.size() == 2; }, 2000));
        SniffResult broken; // as the engine answers a refused request: no options at all
        broken.error = QStringLiteral("Line 7 has 5 fields where the header has 3.");
        QVERIFY(answerLast(tools, broken));
        QVERIFY(dialog.messageLabel()->text().contains(QStringLiteral("Line 7")));
        // The reply carried no options: the choices shown stay as they were.
        QCOMPARE(dialog.delimiterBox()->currentData().toString(), QStringLiteral(";"));
        QVERIFY(!dialog.importButton()->isEnabled());
        QVERIFY(!dialog.insertButton()->isEnabled()); // no code for these choices
        // The user fixes the code by hand: it runs as written, and Reset Code brings ours back.
        dialog.codeEdit()->setPlainText(QStringLiteral("x = 1\n"));
        QVERIFY(dialog.importButton()->isEnabled());
        QCOMPARE(dialog.code(), QStringLiteral("x = 1\n"));
        dialog.importButton()->click();
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QCOMPARE(dialog.action(), Ui::ImportDialog::Action::Import);
    }

    // A preview that never comes back (a FIFO swapped in for the file) restarts the tools
    // engine and says so, instead of "Reading…" for ever.
    void aStuckPreviewIsStopped()
    {
        FakeSession tools;
        Ui::ImportDialog dialog(&tools, QStringLiteral("/ws/f.csv"), QStringLiteral("f.csv"), {});
        dialog.setPreviewTimeout(200);
        QVERIFY(dialog.isReading());
        QVERIFY(waitUntil([&] { return tools.restarts == 1; }, 5000));
        // The restart fails the request, as the real session does.
        SniffResult failed;
        failed.error = QStringLiteral("the engine stopped before it answered");
        QVERIFY(answerLast(tools, failed));
        QVERIFY(!dialog.isReading());
        QVERIFY2(dialog.messageLabel()->text().contains(QStringLiteral("took longer than")),
                 qPrintable(dialog.messageLabel()->text()));
        QVERIFY(!dialog.importButton()->isEnabled());
    }

    void dropsAreSortedAndQueued()
    {
        QTemporaryDir outside;
        const auto make = [&](const QString &name, const QByteArray &content) {
            QFile file(QDir(outside.path()).filePath(name));
            file.open(QIODevice::WriteOnly);
            file.write(content);
            return file.fileName();
        };
        const QString csv = make(QStringLiteral("a.csv"), "x,y\n1,2\n");
        const QString json = make(QStringLiteral("b.jsonl"), "{\"x\": 1}\n");
        const QString script = make(QStringLiteral("c.py"), "print(1)\n");
        QDir(outside.path()).mkdir(QStringLiteral("folder"));
        ImporterRig rig;
        Ui::DatasetImporter &importer = rig.importer;
        const QTemporaryDir &workspace = rig.workspace;
        QStringList shown;
        importer.setPrompt([&](Ui::ImportDialog &dialog) {
            shown << dialog.windowTitle();
            return false;
        });
        QStringList opened;
        QStringList notices;
        connect(&importer, &Ui::DatasetImporter::openInEditor, this, [&](const QString &p) {
            opened << p;
        });
        connect(&importer, &Ui::DatasetImporter::notice, this, [&](const QString &t) {
            notices << t;
        });
        importer.drop({QUrl::fromLocalFile(csv),
                       QUrl::fromLocalFile(script),
                       QUrl::fromLocalFile(QDir(outside.path()).filePath(QStringLiteral("folder"))),
                       QUrl(QStringLiteral("https://example.org/data.csv"))});
        // A second drop while the first copy runs waits for it instead of being lost.
        importer.drop({QUrl::fromLocalFile(json)});
        QCOMPARE(opened, QStringList{script});
        QCOMPARE(notices.size(), 2);
        QVERIFY(notices.join(u'\n').contains(QStringLiteral("is a folder")));
        QVERIFY(notices.join(u'\n').contains(QStringLiteral("no network")));
        QVERIFY(waitUntil([&] { return shown.size() == 2 && !importer.isBusy(); }, 10000));
        QVERIFY(shown.at(0).contains(QStringLiteral("a.csv")));
        QVERIFY(shown.at(1).contains(QStringLiteral("b.jsonl")));
        QVERIFY(QFile::exists(QDir(workspace.path()).filePath(QStringLiteral("a.csv"))));
        QVERIFY(QFile::exists(QDir(workspace.path()).filePath(QStringLiteral("b.jsonl"))));
        // Each dialog read its own copy in the workspace.
        QCOMPARE(rig.tools.sniffCalls.size(), 2);
    }

    // Files a drop cannot use: each says why, and nothing is copied or opened.
    void badDrops()
    {
        QTemporaryDir outside;
        ImporterRig rig(1000); // the copy limit
        Ui::DatasetImporter &importer = rig.importer;
        const QTemporaryDir &workspace = rig.workspace;
        int dialogs = 0;
        importer.setPrompt([&](Ui::ImportDialog &) {
            ++dialogs;
            return false;
        });
        QStringList notices;
        connect(&importer, &Ui::DatasetImporter::notice, this, [&](const QString &t) {
            notices << t;
        });
        QSignalSpy copied(&rig.transfer, &Ui::WorkspaceTransfer::finished);
        // Over the copy limit: the transfer refuses it and says so; no dialog opens.
        QFile big(QDir(outside.path()).filePath(QStringLiteral("big.csv")));
        QVERIFY(big.open(QIODevice::WriteOnly));
        big.write(QByteArray(2000, 'x'));
        big.close();
        importer.drop({QUrl::fromLocalFile(big.fileName())});
        QVERIFY(copied.wait(10000));
        QCOMPARE(copied.at(0).at(0).value<Ui::WorkspaceTransfer::Report>().failed.size(), 1);
        QVERIFY(waitUntil([&] { return !importer.isBusy(); }, 5000));
        QCOMPARE(dialogs, 0);
        QVERIFY(!QFile::exists(QDir(workspace.path()).filePath(QStringLiteral("big.csv"))));
        // A name that is not UTF-8 (as a file manager sends it, percent-encoded bytes).
        const QByteArray raw = QFile::encodeName(outside.path()) + "/bad\xff.csv";
        const int fd = ::open(raw.constData(), O_WRONLY | O_CREAT, 0600);
        QVERIFY(fd >= 0);
        ::close(fd);
        const QByteArray encoded = QByteArray("file://") + raw.toPercentEncoding("/");
        const QUrl url = QUrl::fromEncoded(encoded);
        importer.drop({url});
        QVERIFY2(notices.join(u'\n').contains(QStringLiteral("not valid UTF-8")),
                 qPrintable(notices.join(u'\n')));
        ::unlink(raw.constData()); // Qt cannot name it to clean up
        // A file that is gone by the time it is dropped.
        importer.drop(
                {QUrl::fromLocalFile(QDir(outside.path()).filePath(QStringLiteral("gone.csv")))});
        QVERIFY(notices.constLast().contains(QStringLiteral("does not exist")));
        QCOMPARE(dialogs, 0);
    }

    void dropOnAnyWidgetOfTheWindow()
    {
        QTemporaryDir workspace;
        QTemporaryDir outside;
        QFile file(QDir(outside.path()).filePath(QStringLiteral("d.csv")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("a\n1\n");
        file.close();
        FakeSession session;
        session.workspace = workspace.path();
        session.start();
        FakeSession tools;
        Ui::MainWindow window;
        window.setSession(&session);
        window.setWorkspaceFilesPrompt([](const QString &, const QStringList &, QString *) {
            return Ui::MainWindow::WorkspaceChoice::Discard;
        });
        window.importer()->setTools(&tools);
        int dialogs = 0;
        window.importer()->setPrompt([&](Ui::ImportDialog &) {
            ++dialogs;
            return false;
        });
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        // The console and the editor each take the drop as the window does.
        const QList<QWidget *> targets = {reinterpret_cast<QWidget *>(window.console()),
                                          reinterpret_cast<QWidget *>(window.editor())};
        for (QWidget *target : targets) {
            const int before = dialogs;
            QMimeData mime;
            mime.setUrls({QUrl::fromLocalFile(file.fileName())});
            QDragEnterEvent enter(
                    QPoint(5, 5), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
            QApplication::sendEvent(target, &enter);
            QVERIFY(enter.isAccepted());
            QDropEvent drop(QPointF(5, 5), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
            QApplication::sendEvent(target, &drop);
            QVERIFY(drop.isAccepted());
            QVERIFY(waitUntil([&] { return dialogs == before + 1 && !window.importer()->isBusy(); },
                              10000));
        }
        // Two copies, two names: the second never overwrote the first.
        QVERIFY(QFile::exists(QDir(workspace.path()).filePath(QStringLiteral("d.csv"))));
        QVERIFY(QFile::exists(QDir(workspace.path()).filePath(QStringLiteral("d (2).csv"))));
        window.close();
    }

    void filesDockRootsMenusAndFilter()
    {
        QTemporaryDir workspace;
        QTemporaryDir kept;
        const auto make = [](const QString &folder, const QString &name, qint64 size) {
            QFile file(QDir(folder).filePath(name));
            file.open(QIODevice::WriteOnly);
            file.write(QByteArray(size, 'x'));
            return file.fileName();
        };
        const QString sales = make(workspace.path(), QStringLiteral("sales.csv"), 10);
        const QString script = make(workspace.path(), QStringLiteral("clean.py"), 10);
        const QString big = make(workspace.path(), QStringLiteral("huge.log"), 6 * 1024 * 1024);
        Ui::FilesView::addKeptWorkspace(kept.path());
        Ui::FilesView files;
        files.setWorkspace(workspace.path());
        // The workspace first and shown, then home, then a workspace kept from before.
        QCOMPARE(files.roots().value(0), workspace.path());
        QCOMPARE(files.roots().value(1), QDir::homePath());
        QVERIFY(files.roots().contains(kept.path()));
        QCOMPARE(files.currentRoot(), workspace.path());

        // Double click: a dataset imports, a script opens, a big text opens read-only.
        QSignalSpy imports(&files, &Ui::FilesView::importRequested);
        QSignalSpy opens(&files, &Ui::FilesView::openRequested);
        files.activate(sales);
        files.activate(script);
        files.activate(big);
        QCOMPARE(imports.size(), 1);
        QCOMPARE(opens.size(), 2);
        QCOMPARE(opens.at(0).at(1).toBool(), false);
        QCOMPARE(opens.at(1).at(1).toBool(), true);

        // The menu: workspace files can be saved out, renamed and deleted; the user's own only
        // copied in.
        const auto enabled = [&](const QString &path) {
            QStringList names;
            std::unique_ptr<QMenu> menu(files.menuFor(path));
            for (QAction *action : menu->actions()) {
                if (!action->isSeparator() && action->isEnabled())
                    names << action->text();
            }
            return names;
        };
        const QStringList inside = enabled(sales);
        QVERIFY(inside.contains(QStringLiteral("Save As…")));
        QVERIFY(inside.contains(QStringLiteral("Delete…")));
        QVERIFY(!inside.contains(QStringLiteral("Copy into Workspace")));
        const QString own = make(kept.path(), QStringLiteral("own.csv"), 3);
        const QStringList outside = enabled(own);
        QVERIFY(outside.contains(QStringLiteral("Copy into Workspace")));
        QVERIFY(outside.contains(QStringLiteral("Import as DataFrame…")));
        QVERIFY(!outside.contains(QStringLiteral("Delete…")));
        QVERIFY(!enabled(script).contains(QStringLiteral("Import as DataFrame…")));

        // The list follows the folder, and the filter narrows it.
        auto model = qobject_cast<QFileSystemModel *>(files.view()->model());
        const auto shown = [&] {
            return model->rowCount(files.view()->rootIndex());
        };
        QVERIFY(waitUntil([&] { return shown() == 3; }, 5000));
        make(workspace.path(), QStringLiteral("result.xlsx"), 5);
        QVERIFY(waitUntil([&] { return shown() == 4; }, 5000));
        // A format the MIME database does not know is named, not "Unknown".
        const QString parquet = make(workspace.path(), QStringLiteral("totals.parquet"), 8);
        QVERIFY(waitUntil([&] { return shown() == 5; }, 5000));
        QVERIFY(waitUntil(
                [&] {
                    return model->index(parquet, 2).data().toString()
                           == QStringLiteral("Parquet data");
                },
                5000));
        QVERIFY(QFile::remove(parquet));
        QVERIFY(waitUntil([&] { return shown() == 4; }, 5000));
        files.filterEdit()->setText(QStringLiteral("sal"));
        QVERIFY(waitUntil(
                [&] {
                    int visible = 0;
                    for (int row = 0; row < shown(); ++row)
                        visible += !files.view()->isRowHidden(row, files.view()->rootIndex())
                                   && model->flags(model->index(row, 0, files.view()->rootIndex()))
                                              .testFlag(Qt::ItemIsEnabled);
                    return visible == 1;
                },
                5000));
        // Rename and Delete ask first, and only touch workspace files.
        QStringList notices;
        connect(&files, &Ui::FilesView::notice, this, [&](const QString &t) { notices << t; });
        QString answer = QStringLiteral("../escape.csv");
        files.setRenamePrompt([&](QWidget *, const QString &) { return answer; });
        files.renameFile(sales);
        QVERIFY(QFile::exists(sales));
        QVERIFY(notices.constLast().contains(QStringLiteral("not a file name")));
        answer = QStringLiteral("clean.py"); // taken
        files.renameFile(sales);
        QVERIFY(QFile::exists(sales));
        QVERIFY(notices.constLast().contains(QStringLiteral("exists")));
        answer = QStringLiteral("sales_2024.csv");
        files.renameFile(sales);
        QVERIFY(!QFile::exists(sales));
        const QString renamed = QDir(workspace.path()).filePath(answer);
        QVERIFY(QFile::exists(renamed));
        files.renameFile(own); // outside the workspace: never
        QVERIFY(QFile::exists(own));
        bool confirm = false;
        QStringList asked;
        files.setDeleteConfirmation([&](QWidget *, const QString &name) {
            asked << name;
            return confirm;
        });
        files.deleteFile(renamed);
        QVERIFY(QFile::exists(renamed)); // the user said no
        confirm = true;
        files.deleteFile(renamed);
        QVERIFY(!QFile::exists(renamed));
        QCOMPARE(asked, (QStringList{answer, answer}));
        files.deleteFile(own);
        QVERIFY(QFile::exists(own));
        QCOMPARE(asked.size(), 2); // not even asked

        // The session swaps a folder on the way for a link while the question is open: the
        // user's own file of that name stays.
        QVERIFY(QDir(workspace.path()).mkdir(QStringLiteral("data")));
        const QString notes = make(workspace.path(), QStringLiteral("data/notes.txt"), 3);
        const QString mine = make(kept.path(), QStringLiteral("notes.txt"), 3);
        files.setDeleteConfirmation([&](QWidget *, const QString &) {
            QDir(workspace.path()).rename(QStringLiteral("data"), QStringLiteral("data.old"));
            QFile::link(kept.path(), QDir(workspace.path()).filePath(QStringLiteral("data")));
            return true;
        });
        files.deleteFile(notes);
        QVERIFY(QFile::exists(mine));
        QVERIFY(notices.constLast().startsWith(QStringLiteral("Not deleted")));
        files.setRenamePrompt([&](QWidget *, const QString &) { return QStringLiteral("x.txt"); });
        files.renameFile(notes);
        QVERIFY(QFile::exists(mine));
        QVERIFY(!QFile::exists(QDir(kept.path()).filePath(QStringLiteral("x.txt"))));

        // A link the session planted in the workspace is not opened, nor offered in the menu.
        const QString planted = QDir(workspace.path()).filePath(QStringLiteral("notes.py"));
        QVERIFY(QFile::link(mine, planted));
        const qsizetype opened = opens.size();
        files.activate(planted);
        QCOMPARE(opens.size(), opened);
        QVERIFY(notices.constLast().contains(QStringLiteral("leads out of the workspace")));
        QCOMPARE(enabled(planted), QStringList());

        // A kept workspace is browsed like any folder.
        files.showRoot(kept.path());
        QCOMPARE(files.currentRoot(), kept.path());
    }

    void namingRules()
    {
        // `sandpiper FILE` imports only what is surely data; a drop imports .txt and .json too.
        QVERIFY(!Ui::DroppedFiles::isSurelyDataset(QStringLiteral("notes.txt")));
        QVERIFY(!Ui::DroppedFiles::isSurelyDataset(QStringLiteral("settings.json")));
        QVERIFY(Ui::DroppedFiles::isSurelyDataset(QStringLiteral("sales.CSV")));
        QVERIFY(Ui::DroppedFiles::isDataset(QStringLiteral("notes.txt")));
        using Models::VariableNaming;
        QCOMPARE(VariableNaming::suggestedName(QStringLiteral("Sales 2024.csv"), {}),
                 QStringLiteral("sales_2024"));
        QCOMPARE(VariableNaming::suggestedName(QStringLiteral("2024.csv"), {}),
                 QStringLiteral("data_2024"));
        QCOMPARE(VariableNaming::suggestedName(QStringLiteral("class.csv"), {}),
                 QStringLiteral("df"));
        QCOMPARE(VariableNaming::suggestedName(QStringLiteral("---.csv"), {QStringLiteral("df")}),
                 QStringLiteral("df_2"));
        QCOMPARE(VariableNaming::suggestedName(QStringLiteral("销售.csv"), {}),
                 QStringLiteral("销售"));
        QVERIFY(VariableNaming::problem(QStringLiteral("ok_name")).isEmpty());
        QVERIFY(!VariableNaming::problem(QStringLiteral("None")).isEmpty());
    }
};

QTEST_MAIN(tst_Files)
#include "tst_files.moc"
