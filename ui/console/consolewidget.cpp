#include "consolewidget.h"

#include "consoleinput.h"
#include "editortheme.h"
#include "runqueueview.h"

#include <KSyntaxHighlighting/Definition>
#include <KSyntaxHighlighting/Repository>
#include <KSyntaxHighlighting/SyntaxHighlighter>

#include <QAction>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QMouseEvent>
#include <QPlainTextEdit>
#include <QRegularExpression>
#include <QScrollBar>
#include <QSplitter>
#include <QStyle>
#include <QTextBlock>
#include <QToolButton>
#include <QVBoxLayout>

#include <cmath>

namespace Sandpiper::Ui {

using Channel = Models::ConsoleBuffer::Channel;
using Client::RunStatus;
using Client::SessionState;
using KSyntaxHighlighting::Theme;

namespace {
// Which channel a piece of output came from, kept in its format so that a theme change can
// recolour what is already shown.
constexpr int channelProperty = QTextFormat::UserProperty + 1;

// Rough perceptual distance, enough to tell whether two text colours can be told apart.
int colourDistance(const QColor &a, const QColor &b)
{
    const int red = (a.red() + b.red()) / 2;
    const int dr = a.red() - b.red();
    const int dg = a.green() - b.green();
    const int db = a.blue() - b.blue();
    return int(
            std::sqrt(((512 + red) * dr * dr >> 8) + 4 * dg * dg + ((767 - red) * db * db >> 8)));
}

QColor blend(const QColor &a, const QColor &b, qreal t)
{
    return QColor::fromRgbF(a.redF() + (b.redF() - a.redF()) * t,
                            a.greenF() + (b.greenF() - a.greenF()) * t,
                            a.blueF() + (b.blueF() - a.blueF()) * t);
}
} // namespace

QString ConsoleWidget::stateText(SessionState state)
{
    switch (state) {
    case SessionState::NotStarted:
        return tr("No session");
    case SessionState::Starting:
        return tr("Starting");
    case SessionState::Idle:
        return tr("Idle");
    case SessionState::Busy:
        return tr("Busy");
    case SessionState::Interrupting:
        return tr("Interrupting");
    case SessionState::Restarting:
        return tr("Restarting");
    case SessionState::Dead:
        return tr("Stopped");
    }
    return {};
}

QString ConsoleWidget::statusText(RunStatus status)
{
    switch (status) {
    case RunStatus::Ok:
        return tr("ok");
    case RunStatus::Error:
        return tr("error");
    case RunStatus::Interrupted:
        return tr("interrupted");
    case RunStatus::Killed:
        return tr("killed");
    case RunStatus::Crashed:
        return tr("crashed");
    case RunStatus::Timeout:
        return tr("time limit");
    case RunStatus::Memory:
        return tr("memory limit");
    case RunStatus::OutputLimit:
        return tr("output limit");
    case RunStatus::DiskLimit:
        return tr("disk limit");
    case RunStatus::Cancelled:
        return tr("cancelled");
    }
    return {};
}

ConsoleWidget::ConsoleWidget(QWidget *parent)
    : QWidget(parent)
    , m_buffer(new Models::ConsoleBuffer(this))
    , m_output(new QPlainTextEdit(this))
    , m_input(new ConsoleInput(this))
    , m_stateLabel(new QLabel(this))
    , m_interruptButton(new QToolButton(this))
    , m_restartButton(new QToolButton(this))
{
    setObjectName(QStringLiteral("Console"));
    m_output->setObjectName(QStringLiteral("ConsoleOutput"));
    m_output->setReadOnly(true);
    m_output->setUndoRedoEnabled(false);
    m_output->setFont(EditorTheme::font());
    m_output->setMaximumBlockCount(10000);
    m_output->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    m_output->setWordWrapMode(QTextOption::WrapAnywhere);
    m_output->setCenterOnScroll(false);

    m_stateLabel->setObjectName(QStringLiteral("ConsoleState"));
    m_interruptButton->setObjectName(QStringLiteral("InterruptButton"));
    m_interruptButton->setText(tr("Interrupt"));
    m_interruptButton->setToolTip(tr("Stop the running code (KeyboardInterrupt)"));
    m_restartButton->setObjectName(QStringLiteral("RestartButton"));
    m_restartButton->setText(tr("Restart"));
    m_restartButton->setToolTip(tr("Start a new Python session; all variables are lost"));

    m_clearButton = new QToolButton(this);
    m_clearButton->setObjectName(QStringLiteral("ClearButton"));
    m_clearButton->setText(tr("Clear"));
    m_clearButton->setToolTip(tr("Clear the console's output (Ctrl+L)"));
    m_jumpButton = new QToolButton(this);
    m_jumpButton->setObjectName(QStringLiteral("JumpToEndButton"));
    m_jumpButton->setText(tr("↓ New Output"));
    m_jumpButton->setToolTip(tr("Scroll to the end of the output and follow it again"));
    m_jumpButton->hide();
    // Icons with the words in their tool tips: the tool bar also holds the session selector and
    // still fits a console beside the Resources dock in a 720 px window.
    const QList<std::pair<QToolButton *, QStyle::StandardPixmap>> icons{
            {m_clearButton, QStyle::SP_LineEditClearButton},
            {m_interruptButton, QStyle::SP_MediaStop},
            {m_restartButton, QStyle::SP_BrowserReload}};
    for (const auto &[button, pixmap] : icons) {
        button->setIcon(style()->standardIcon(pixmap, nullptr, button));
        button->setToolButtonStyle(Qt::ToolButtonIconOnly);
        button->setAccessibleName(button->text());
        button->setToolTip(button->text() + QStringLiteral(": ") + button->toolTip());
        button->setAutoRaise(true);
    }
    m_stateLabel->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Preferred);
    m_stateLabel->setMinimumWidth(40);
    auto clearAction = new QAction(tr("Clear Console"), this);
    clearAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    clearAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(clearAction);

    m_bar = new QHBoxLayout;
    m_bar->setContentsMargins(4, 2, 4, 2);
    m_bar->addWidget(m_stateLabel);
    m_bar->addStretch();
    m_bar->addWidget(m_jumpButton);
    m_bar->addWidget(m_clearButton);
    m_bar->addWidget(m_interruptButton);
    m_bar->addWidget(m_restartButton);

    auto splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_output);
    splitter->addWidget(m_input);
    splitter->setStretchFactor(0, 5);
    splitter->setStretchFactor(1, 1);
    splitter->setChildrenCollapsible(false);

    m_queue = new RunQueueView(this);
    auto layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addLayout(m_bar);
    layout->addWidget(m_queue);
    layout->addWidget(splitter);

    m_input->setFont(EditorTheme::font());
    m_inputHighlighter = new KSyntaxHighlighting::SyntaxHighlighter(m_input->document());
    m_inputHighlighter->setDefinition(
            EditorTheme::repository().definitionForName(QStringLiteral("Python")));
    m_theme = EditorTheme::currentTheme();

    m_output->viewport()->installEventFilter(this);
    m_input->loadHistory();
    connect(m_input, &ConsoleInput::submitted, this, [this](const QString &code) {
        if (m_submitHandler)
            m_submitHandler(code);
        else
            run(code);
    });
    connect(m_buffer, &Models::ConsoleBuffer::readyToFlush, this, &ConsoleWidget::flush);
    connect(m_interruptButton, &QToolButton::clicked, this, [this] {
        if (m_session)
            m_session->interrupt();
    });
    connect(m_restartButton, &QToolButton::clicked, this, [this] {
        if (m_session && (!m_restartGuard || m_restartGuard()))
            m_session->restart();
    });
    connect(m_clearButton, &QToolButton::clicked, this, &ConsoleWidget::clearOutput);
    connect(clearAction, &QAction::triggered, this, &ConsoleWidget::clearOutput);
    connect(m_jumpButton, &QToolButton::clicked, this, [this] {
        m_output->verticalScrollBar()->setValue(m_output->verticalScrollBar()->maximum());
    });
    // Back at the end by hand: following again, nothing to jump to.
    connect(m_output->verticalScrollBar(), &QScrollBar::valueChanged, this, [this](int value) {
        if (value >= m_output->verticalScrollBar()->maximum() - 4)
            m_jumpButton->hide();
    });
    updateFormats();
    showState(SessionState::NotStarted);
}

void ConsoleWidget::setMaximumBlockCount(int blocks)
{
    m_output->setMaximumBlockCount(blocks);
    m_buffer->setMaxPendingLines(blocks);
}

void ConsoleWidget::setSession(Client::AbstractSession *session)
{
    for (const auto &connection : std::as_const(m_sessionConnections))
        disconnect(connection);
    m_sessionConnections.clear();
    m_session = session;
    m_queue->setSession(session);
    m_leftoverProcesses = 0;
    if (!session) {
        showState(SessionState::NotStarted);
        return;
    }
    m_sessionConnections << connect(
            session, &Client::AbstractSession::stateChanged, this, &ConsoleWidget::showState);
    m_sessionConnections << connect(
            session, &Client::AbstractSession::notice, this, [this](const QString &message) {
                m_buffer->appendText(Channel::Notice, message + u'\n');
            });
    m_sessionConnections << connect(
            session,
            &Client::AbstractSession::leftoverProcesses,
            this,
            [this](int count, const QString &origins) {
                // Said when more are left, not again as they end.
                if (count > m_leftoverProcesses)
                    m_buffer->appendText(Channel::Notice,
                                         tr("Processes left running by %1: %2 (Resources dock: "
                                            "End Them).\n")
                                                 .arg(origins)
                                                 .arg(count));
                m_leftoverProcesses = count;
            });
    m_sessionConnections << connect(
            session, &Client::AbstractSession::ready, this, [this](const Protocol::Hello &info) {
                m_buffer->appendText(Channel::Notice,
                                     tr("Python %1 session ready.\n").arg(info.pythonVersion));
            });
    showState(session->state());
}

void ConsoleWidget::setSessionSelector(QWidget *selector)
{
    if (!selector || m_bar->indexOf(selector) >= 0)
        return;
    m_bar->insertWidget(0, selector);
    selector->show();
}

Client::Execution *ConsoleWidget::run(const QString &code,
                                      const QString &cellName,
                                      Client::RunPriority priority)
{
    if (!m_session) {
        m_buffer->appendText(Channel::Notice, tr("No Python session is running.\n"));
        return nullptr;
    }
    QString echo;
    const QStringList lines = code.split(u'\n');
    for (qsizetype i = 0; i < lines.size(); ++i)
        echo += (i == 0 ? QStringLiteral(">>> ") : QStringLiteral("... ")) + lines.at(i) + u'\n';
    m_buffer->appendText(Channel::Input, echo);

    Client::Execution *execution = m_session->execute(code, cellName, priority);
    connect(execution,
            &Client::Execution::output,
            this,
            [this](Protocol::StreamName stream, const QByteArray &data, bool) {
                m_buffer->appendBytes(stream == Protocol::StreamName::Stderr ? Channel::Stderr
                                                                             : Channel::Stdout,
                                      data);
            });
    connect(execution,
            &Client::Execution::display,
            this,
            [this, cellName](const Protocol::DisplayData &data) { showDisplay(data, cellName); });
    connect(execution, &Client::Execution::finished, this, &ConsoleWidget::showOutcome);
    return execution;
}

void ConsoleWidget::showDisplay(const Protocol::DisplayData &data, const QString &cellName)
{
    Q_EMIT displayReceived(data, cellName);
    const QCborMap &bundle = data.data;
    const auto hasType = [&bundle](const char *mime) {
        return bundle.contains(QString::fromLatin1(mime));
    };
    QString summary;
    if (hasType("image/png") || hasType("image/svg+xml"))
        summary = tr("[figure]");
    else if (hasType("application/vnd.plotly.v1+json"))
        summary = tr("[interactive Plotly chart]");
    else if (hasType("application/vnd.vegalite.v5+json"))
        summary = tr("[interactive Altair chart]");
    const QString plain = bundle.value(QStringLiteral("text/plain")).toString();
    if (!summary.isEmpty())
        m_buffer->appendText(Channel::Notice, summary + u'\n');
    else if (!plain.isEmpty())
        m_buffer->appendText(Channel::Stdout, plain.endsWith(u'\n') ? plain : plain + u'\n');
}

void ConsoleWidget::showOutcome(const Client::RunOutcome &outcome)
{
    if (!outcome.error.traceback.isEmpty() || !outcome.error.type.isEmpty()) {
        QString text = outcome.error.traceback.join(u'\n');
        if (!text.endsWith(u'\n'))
            text += u'\n';
        if (outcome.error.traceback.isEmpty())
            text = outcome.error.type + QStringLiteral(": ") + outcome.error.message + u'\n';
        m_buffer->appendText(Channel::Error, text);
    }
    if (!outcome.detail.isEmpty())
        m_buffer->appendText(Channel::Notice, outcome.detail + u'\n');
    if (outcome.outputTruncated)
        m_buffer->appendText(Channel::Notice, tr("Output was truncated at the session's limit.\n"));
    const QLocale locale;
    QString usage = tr("%1 · %2 s wall · %3 s CPU")
                            .arg(statusText(outcome.status),
                                 locale.toString(outcome.wallSeconds, 'f', 3),
                                 locale.toString(outcome.cpuSeconds, 'f', 3));
    if (outcome.peakMemoryBytes > 0)
        usage += tr(" · peak %1").arg(locale.formattedDataSize(outcome.peakMemoryBytes));
    if (outcome.exitSignal > 0)
        usage += tr(" · signal %1").arg(outcome.exitSignal);
    m_buffer->appendText(Channel::Usage, usage + u'\n');
}

void ConsoleWidget::showState(SessionState state)
{
    QString colour;
    switch (state) {
    case SessionState::Idle:
        colour = QStringLiteral("#2e9d4b");
        break;
    case SessionState::Busy:
    case SessionState::Interrupting:
        colour = QStringLiteral("#d9822b");
        break;
    case SessionState::Starting:
    case SessionState::Restarting:
        colour = QStringLiteral("#3b7dd8");
        break;
    case SessionState::Dead:
        colour = QStringLiteral("#c8372d");
        break;
    case SessionState::NotStarted:
        colour = QStringLiteral("#888888");
        break;
    }
    m_stateLabel->setText(
            QStringLiteral("<span style='color:%1'>●</span> %2").arg(colour, stateText(state)));
    const bool running = state == SessionState::Busy || state == SessionState::Interrupting;
    m_interruptButton->setEnabled(m_session && running);
    m_restartButton->setEnabled(m_session && state != SessionState::Starting
                                && state != SessionState::Restarting);
}

void ConsoleWidget::appendNotice(const QString &text)
{
    m_buffer->appendText(Channel::Notice, text + u'\n');
}

void ConsoleWidget::flush()
{
    const QList<Models::ConsoleBuffer::Chunk> chunks = m_buffer->takePending();
    if (chunks.isEmpty())
        return;
    QScrollBar *scroll = m_output->verticalScrollBar();
    const bool atBottom = scroll->value() >= scroll->maximum() - 4;
    for (const auto &chunk : chunks)
        insertText(chunk.text, m_formats.value(chunk.channel));
    if (atBottom)
        scroll->setValue(scroll->maximum());
    else
        m_jumpButton->show(); // the user is reading above: leave the view, say there is more
}

void ConsoleWidget::clearOutput()
{
    flush();
    m_output->clear();
    m_jumpButton->hide();
}

void ConsoleWidget::insertText(const QString &text, const QTextCharFormat &format)
{
    QTextCursor cursor(m_output->document());
    cursor.movePosition(QTextCursor::End);
    cursor.beginEditBlock();
    // A lone carriage return rewrites the current line (progress bars); \r\n is a newline.
    qsizetype start = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text.at(i) != u'\r')
            continue;
        if (i + 1 < text.size() && text.at(i + 1) == u'\n') {
            cursor.insertText(text.mid(start, i - start), format);
            start = i + 1;
            continue;
        }
        cursor.insertText(text.mid(start, i - start), format);
        cursor.movePosition(QTextCursor::StartOfBlock, QTextCursor::KeepAnchor);
        cursor.removeSelectedText();
        start = i + 1;
    }
    cursor.insertText(text.mid(start), format);
    cursor.endEditBlock();
}

std::optional<std::pair<QString, int>> ConsoleWidget::parseLocation(const QString &line)
{
    static const QRegularExpression pattern(QStringLiteral(R"re(File "(<[^"]+>)", line (\d+))re"));
    const QRegularExpressionMatch match = pattern.match(line);
    if (!match.hasMatch())
        return std::nullopt;
    return std::make_pair(match.captured(1), match.captured(2).toInt());
}

bool ConsoleWidget::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_output->viewport() && event->type() == QEvent::MouseButtonRelease
        && !m_output->textCursor().hasSelection()) {
        const auto *mouse = static_cast<QMouseEvent *>(event);
        const QString line
                = m_output->cursorForPosition(mouse->position().toPoint()).block().text();
        if (const auto location = parseLocation(line))
            Q_EMIT locationActivated(location->first, location->second);
    }
    // The view got smaller (the queue appeared, the dock was resized): a view that followed the
    // output keeps following it; only the user scrolling up stops that.
    if (watched == m_output->viewport() && event->type() == QEvent::Resize
        && !m_jumpButton->isVisible()) {
        QMetaObject::invokeMethod(
                this,
                [this] {
                    if (!m_jumpButton->isVisible())
                        m_output->verticalScrollBar()->setValue(
                                m_output->verticalScrollBar()->maximum());
                },
                Qt::QueuedConnection);
    }
    return QWidget::eventFilter(watched, event);
}

void ConsoleWidget::setTheme(const Theme &theme)
{
    m_theme = theme;
    updateFormats();
    recolourOutput();
}

void ConsoleWidget::updateFormats()
{
    const EditorColors c = EditorTheme::colors(m_theme);
    const bool dark = c.background.lightness() < 128;
    for (QPlainTextEdit *view : {m_output, static_cast<QPlainTextEdit *>(m_input)}) {
        QPalette palette = view->palette();
        palette.setColor(QPalette::Base, c.background);
        palette.setColor(QPalette::Text, c.foreground);
        palette.setColor(QPalette::Highlight, c.selection);
        palette.setColor(QPalette::HighlightedText, c.foreground);
        palette.setColor(QPalette::PlaceholderText,
                         EditorTheme::textColor(m_theme, Theme::Comment));
        view->setPalette(palette);
    }
    m_inputHighlighter->setTheme(m_theme);
    m_inputHighlighter->rehighlight();

    // A theme may give a style the text colour (or leave it unset, which falls back to it):
    // the first candidate that stands out from ordinary output is taken.
    const auto standOut
            = [&c, this](std::initializer_list<Theme::TextStyle> styles, const QColor &fallback) {
                  for (Theme::TextStyle style : styles) {
                      const QColor colour = EditorTheme::textColor(m_theme, style);
                      if (colourDistance(colour, c.foreground) >= 120)
                          return colour;
                  }
                  return fallback;
              };
    const QColor red = dark ? QColor(0xf2, 0x8b, 0x82) : QColor(0xb3, 0x26, 0x1e);
    const QColor dimmed = blend(c.foreground, c.background, 0.45);
    const auto format = [](Channel channel, const QColor &colour, bool bold, bool italic) {
        QTextCharFormat f;
        f.setForeground(colour);
        f.setFontWeight(bold ? QFont::Bold : QFont::Normal);
        f.setFontItalic(italic);
        f.setProperty(channelProperty, int(channel));
        return f;
    };
    m_formats[Channel::Stdout] = format(Channel::Stdout, c.foreground, false, false);
    m_formats[Channel::Stderr]
            = format(Channel::Stderr, standOut({Theme::Warning}, red), false, false);
    // Tracebacks also sit on a faint band of their colour, so that they differ from plain
    // stderr (warnings, logging) even in themes where both share one colour.
    const QColor error = standOut({Theme::Error, Theme::Alert}, red);
    m_formats[Channel::Error] = format(Channel::Error, error, true, false);
    m_formats[Channel::Error].setBackground(blend(c.background, error, dark ? 0.16 : 0.09));
    m_formats[Channel::Input]
            = format(Channel::Input,
                     standOut({Theme::DataType, Theme::Function, Theme::Variable}, dimmed),
                     false,
                     false);
    m_formats[Channel::Notice]
            = format(Channel::Notice,
                     standOut({Theme::Information, Theme::Constant, Theme::DecVal}, dimmed),
                     false,
                     true);
    m_formats[Channel::Usage]
            = format(Channel::Usage, EditorTheme::textColor(m_theme, Theme::Comment), false, false);
}

void ConsoleWidget::recolourOutput()
{
    struct Span
    {
        int position;
        int length;
        Channel channel;
    };
    // Collected first: changing a format merges fragments under a running iterator.
    QList<Span> spans;
    QTextDocument *document = m_output->document();
    for (QTextBlock block = document->begin(); block.isValid(); block = block.next()) {
        for (auto it = block.begin(); !it.atEnd(); ++it) {
            const QTextFragment fragment = it.fragment();
            const QVariant channel = fragment.charFormat().property(channelProperty);
            if (fragment.isValid() && channel.isValid())
                spans.append({fragment.position(), fragment.length(), Channel(channel.toInt())});
        }
    }
    QTextCursor cursor(document);
    cursor.beginEditBlock(); // one relayout for the whole document
    for (const Span &span : std::as_const(spans)) {
        cursor.setPosition(span.position);
        cursor.setPosition(span.position + span.length, QTextCursor::KeepAnchor);
        cursor.setCharFormat(m_formats.value(span.channel));
    }
    cursor.endEditBlock();
}

} // namespace Sandpiper::Ui
