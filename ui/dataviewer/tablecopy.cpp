#include "tablecopy.h"

#include "cellformat.h"

namespace Sandpiper::Ui {

using Models::CellFormat;

TableCopy::TableCopy(Client::AbstractSession *session,
                     const Models::TableSource &source,
                     const Models::TableWindow &window,
                     const Models::TableView &view,
                     Format format,
                     QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_source(source)
    , m_window(window)
    , m_view(view)
    , m_format(format)
    , m_row(window.row)
    , m_column(window.column)
{}

QString TableCopy::tsvField(const QString &text)
{
    if (!text.contains(QLatin1Char('\t')) && !text.contains(QLatin1Char('\n'))
        && !text.contains(QLatin1Char('\r')) && !text.contains(QLatin1Char('"'))) {
        return text;
    }
    QString quoted = text;
    quoted.replace(QLatin1Char('"'), QLatin1String("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

QString TableCopy::formatted(const QStringList &header,
                             const QList<QStringList> &rows,
                             Format format)
{
    QString text;
    switch (format) {
    case Format::Tsv: {
        const auto line = [](const QStringList &fields) {
            QStringList quoted;
            for (const QString &field : fields)
                quoted.append(tsvField(field));
            return quoted.join(QLatin1Char('\t')) + QLatin1Char('\n');
        };
        text = line(header);
        for (const QStringList &row : rows)
            text += line(row);
        break;
    }
    case Format::Markdown: {
        // A pipe table: '|' escaped, line breaks as <br>, so each row stays one line.
        const auto line = [](const QStringList &fields) {
            QStringList cells;
            for (QString field : fields) {
                field.replace(QLatin1Char('|'), QLatin1String("\\|"));
                field.replace(QLatin1String("\r\n"), QLatin1String("<br>"));
                field.replace(QLatin1Char('\n'), QLatin1String("<br>"));
                field.replace(QLatin1Char('\r'), QLatin1String("<br>"));
                cells.append(field);
            }
            return QStringLiteral("| %1 |\n").arg(cells.join(QLatin1String(" | ")));
        };
        text = line(header) + line(QStringList(header.size(), QStringLiteral("---")));
        for (const QStringList &row : rows)
            text += line(row);
        break;
    }
    case Format::Html: {
        const auto line = [](const QStringList &fields, const QString &tag) {
            QString cells;
            for (const QString &field : fields)
                cells += QStringLiteral("<%1>%2</%1>").arg(tag, field.toHtmlEscaped());
            return QStringLiteral("<tr>%1</tr>\n").arg(cells);
        };
        text = QStringLiteral("<table>\n<thead>\n") + line(header, QStringLiteral("th"))
               + QStringLiteral("</thead>\n<tbody>\n");
        for (const QStringList &row : rows)
            text += line(row, QStringLiteral("td"));
        text += QStringLiteral("</tbody>\n</table>\n");
        break;
    }
    }
    return text;
}

void TableCopy::start()
{
    fetchNext();
}

void TableCopy::fetchNext()
{
    if (!m_session)
        return fail(tr("the session is gone"));
    const qint64 rows
            = std::min<qint64>(Protocol::MaxPageRows, m_window.row + m_window.rows - m_row);
    const qint64 columns = std::min<qint64>(Protocol::MaxPageColumns,
                                            m_window.column + m_window.columns - m_column);
    Client::PageFetch *fetch = m_session->fetchPage(Models::pageRequest(
            m_source, Models::TableWindow{m_row, rows, m_column, columns}, m_view));
    connect(fetch, &Client::PageFetch::finished, this, &TableCopy::onPage);
}

void TableCopy::onPage(const Protocol::Page &page)
{
    if (!page.error.isEmpty())
        return fail(page.error);
    if (m_totalRows < 0) {
        m_totalRows = page.totalRows;
        m_totalColumns = page.totalColumns;
    }
    const qint64 rows
            = std::min<qint64>(Protocol::MaxPageRows, m_window.row + m_window.rows - m_row);
    const qint64 columns = std::min<qint64>(Protocol::MaxPageColumns,
                                            m_window.column + m_window.columns - m_column);
    if (page.totalRows != m_totalRows || page.totalColumns != m_totalColumns
        || page.rowStart != m_row || page.columnStart != m_column || page.rows.size() != rows
        || page.columns.size() != columns) {
        return fail(tr("the table changed while it was copied"));
    }
    if (m_row == m_window.row) {
        for (const Protocol::PageColumn &column : page.columns)
            m_header.append(column.name);
    }
    if (m_chunkLines.isEmpty())
        m_chunkLines.resize(rows);
    for (qsizetype i = 0; i < page.rows.size(); ++i) {
        for (const QCborValue &value : page.rows.at(i))
            m_chunkLines[i].append(CellFormat::plainText(value));
    }
    m_column += columns;
    if (m_column < m_window.column + m_window.columns)
        return fetchNext();
    // A row chunk is complete.
    m_rows += m_chunkLines;
    m_chunkLines.clear();
    m_row += rows;
    m_column = m_window.column;
    if (m_row < m_window.row + m_window.rows)
        return fetchNext();
    Q_EMIT finished(formatted(m_header, m_rows, m_format));
    deleteLater();
}

void TableCopy::fail(const QString &message)
{
    Q_EMIT failed(message);
    deleteLater();
}

} // namespace Sandpiper::Ui
