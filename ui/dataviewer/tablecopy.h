#pragma once

#include "tablepages.h"

#include <abstractsession.h>

#include <QPointer>

namespace Sandpiper::Ui {

// Copies a window of a table (or of a sorted and filtered view of it) that stays in the engine as
// TSV, a Markdown or an HTML table with a header: fetches it a page at a time (never more than the
// protocol's page), then hands over the text. In TSV, text with a tab, a line break or a quote is
// quoted as spreadsheets read it.
// When the table changes under the copy, the copy fails rather than mix two versions.
class TableCopy : public QObject
{
    Q_OBJECT

public:
    enum class Format { Tsv, Markdown, Html };

    TableCopy(Client::AbstractSession *session,
              const Models::TableSource &source,
              const Models::TableWindow &window,
              const Models::TableView &view = {},
              Format format = Format::Tsv,
              QObject *parent = nullptr);

    void start();
    static QString tsvField(const QString &text);
    static QString formatted(const QStringList &header,
                             const QList<QStringList> &rows,
                             Format format);

Q_SIGNALS:
    void finished(const QString &text);
    void failed(const QString &message);

private:
    void fetchNext();
    void onPage(const Protocol::Page &page);
    void fail(const QString &message);

    QPointer<Client::AbstractSession> m_session;
    Models::TableSource m_source;
    Models::TableWindow m_window;
    Models::TableView m_view;
    Format m_format;
    qint64 m_row = 0; // the chunk being read
    qint64 m_column = 0;
    qint64 m_totalRows = -1;
    qint64 m_totalColumns = -1;
    QStringList m_header;
    QList<QStringList> m_chunkLines; // the rows of the current row chunk, field by field
    QList<QStringList> m_rows;       // the chunks read so far
};

} // namespace Sandpiper::Ui
