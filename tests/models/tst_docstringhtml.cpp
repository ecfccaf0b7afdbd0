#include <docstringhtml.h>

#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QTest>
#include <QTextDocument>

using Sandpiper::Models::docstringHtml;
using Sandpiper::Models::DocstringStyle;

namespace {

const DocstringStyle style{
        QStringLiteral("Mono"), QStringLiteral("#0000aa"), QStringLiteral("#888")};

QString html(const QString &doc)
{
    return docstringHtml(doc, style);
}

// The text a reader sees: what Qt's rich text makes of the HTML.
QString shownText(const QString &doc)
{
    QTextDocument document;
    document.setHtml(html(doc));
    return document.toPlainText();
}

// A docstring as pandas and scikit-learn write them (numpydoc).
const char *const numpydoc = R"(Read a comma-separated values (csv) file into DataFrame.

    Also supports optionally iterating or breaking of the file
    into chunks. See :func:`~pandas.read_table` and the `IO Tools <https://pandas.pydata.org>`_.

    Parameters
    ----------
    filepath_or_buffer : str, path object or file-like object
        Any valid string path is acceptable. The string could be a URL.

        A second paragraph, with ``code`` and *emphasis*.
    sep : str, default ','
        Character or regex pattern to treat as the delimiter.

        .. versionadded:: 1.5.0
    dtype : dict, optional
        - ``'int64'`` for integers
        - ``'category'`` for text

    Returns
    -------
    DataFrame or TextFileReader
        A comma-separated values (csv) file is returned as two-dimensional
        data structure with labeled axes.

    .. deprecated:: 2.1
        Use ``engine='pyarrow'`` instead.

    Examples
    --------
    >>> pd.read_csv('data.csv')  # doctest: +SKIP
       a  b
    0  1  2

    A literal block::

        x = 1 < 2
)";

} // namespace

class TestDocstringHtml : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void numpydocSections()
    {
        const QString out = html(QString::fromUtf8(numpydoc));
        if (qEnvironmentVariableIsSet("DUMP"))
            qInfo("%s", qPrintable(out));
        QVERIFY2(out.contains(u"<h4 style=\"margin-bottom:2px\">Parameters</h4>"), qPrintable(out));
        QVERIFY(out.contains(u"<h4 style=\"margin-bottom:2px\">Returns</h4>"));
        QVERIFY(out.contains(u"<h4 style=\"margin-bottom:2px\">Examples</h4>"));
        QVERIFY(!out.contains(u"----------"));
        // Parameters: the name in bold, its type in italics, the description below.
        QVERIFY(out.contains(u"<dt><b>filepath_or_buffer</b> : <i>str, path object or file-like "
                             u"object</i></dt>"));
        QVERIFY(out.contains(u"<dt><b>sep</b> : <i>str, default &#x27;,&#x27;</i></dt>")
                || out.contains(u"<dt><b>sep</b> : <i>str, default ','</i></dt>"));
        QVERIFY(out.contains(u"<dt><b>DataFrame or TextFileReader</b></dt>"));
        // The description's two paragraphs stay two, with their inline markup.
        QVERIFY(out.contains(
                u"<p>Any valid string path is acceptable. The string could be a URL.</p>"));
        QVERIFY(out.contains(u"<code style=\"font-family:'Mono'; color:#0000aa\">code</code>"));
        QVERIFY(out.contains(u"<i>emphasis</i>"));
        // Roles show their target's last name; links their text.
        QVERIFY(out.contains(u"color:#0000aa\">read_table</code>"));
        QVERIFY(out.contains(u"<u>IO Tools</u>"));
        // Bullets within a description.
        QVERIFY(out.contains(u"<li><code style=\"font-family:'Mono'; "
                             u"color:#0000aa\">&#x27;int64&#x27;</code>"
                             u" for integers</li>")
                || out.contains(u"'int64'</code> for integers</li>"));
        // Directives become notes.
        QVERIFY(out.contains(u"New in version 1.5.0."));
        QVERIFY(out.contains(u"Deprecated since version 2.1."));
        QVERIFY(out.contains(u"engine=&#x27;pyarrow&#x27;") || out.contains(u"engine='pyarrow'"));
        // Examples and literal blocks as code, their lines as they are.
        QVERIFY(out.contains(u">&gt;&gt;&gt; pd.read_csv(&#x27;data.csv&#x27;)  # doctest: +SKIP\n "
                             u"  a  b\n0  1  2</pre>")
                || out.contains(u">&gt;&gt;&gt; pd.read_csv('data.csv')  # doctest: +SKIP\n   a  "
                                u"b\n0  1  2</pre>"));
        QVERIFY(out.contains(u"<p>A literal block:</p>"));
        QVERIFY(out.contains(u">x = 1 &lt; 2</pre>"));
    }

    // Every word of the docstring reaches the reader (besides the markup's own characters).
    void nothingIsLost()
    {
        const QString shown = shownText(QString::fromUtf8(numpydoc));
        for (const char *words : {"Read a comma-separated values (csv) file into DataFrame.",
                                  "A second paragraph, with code and emphasis.",
                                  "Character or regex pattern to treat as the delimiter.",
                                  "data structure with labeled axes.",
                                  "Use engine='pyarrow' instead.",
                                  "0  1  2"}) {
            QVERIFY2(shown.contains(QString::fromUtf8(words)), words);
        }
    }

    void plainTextStaysPlain()
    {
        QCOMPARE(html(QStringLiteral("Return the sum.\n\n    It adds.")),
                 QStringLiteral("<p>Return the sum.</p><p>It adds.</p>"));
        QCOMPARE(html(QString()), QString());
        QCOMPARE(html(QStringLiteral("   \n\n  ")), QString());
        // See Also: what the other name does, not a type.
        QVERIFY(html(QStringLiteral("See Also\n--------\nread_table : Read a table."))
                        .contains(u"<dt><b>read_table</b> : Read a table.</dt>"));
        // A single line under a rule of dashes is no heading without text above it.
        QVERIFY(!html(QStringLiteral("----\ntext")).contains(u"<h4"));
    }

    // The docstring comes from the engine, whose output is untrusted: nothing in it is markup.
    void hostileTextIsEscaped()
    {
        const QString out
                = html(QStringLiteral("<script>alert(1)</script> <img src=x onerror=y>\n\n"
                                      "``<b>`` *<i>* :func:`<a href=\"javascript:x\">` `<u>`_\n\n"
                                      ".. note:: <h1>big</h1>\n\n"
                                      "Parameters\n----------\n<x> : <y>\n    <z>\n"));
        QVERIFY2(!out.contains(u"<script") && !out.contains(u"<img") && !out.contains(u"<a ")
                         && !out.contains(u"<h1>") && !out.contains(u"<x>"),
                 qPrintable(out));
        QVERIFY(out.contains(u"&lt;script&gt;"));
        QVERIFY2(out.contains(u"<p><b>Note:</b> &lt;h1&gt;big&lt;/h1&gt;</p>"), qPrintable(out));
    }

    // Deep indentation, huge and random input: an answer, quickly, never a crash.
    void badInputEnds()
    {
        QString staircase;
        for (int i = 0; i < 3000; ++i)
            staircase += QString(i, u' ') + QStringLiteral("step %1\n").arg(i);
        QVERIFY(html(staircase).contains(u"step 2999"));

        QString entries = QStringLiteral("Parameters\n----------\n");
        for (int i = 0; i < 20000; ++i)
            entries += QStringLiteral("p%1 : int\n    The %1th.\n").arg(i);
        QElapsedTimer timer;
        timer.start();
        QVERIFY(html(entries).contains(u"<b>p19999</b>"));
        qInfo("20 000 parameters in %lld ms", timer.elapsed());

        const QString alphabet = QStringLiteral(" \n\n-=`*:.>_<~abc\t");
        auto *random = QRandomGenerator::global();
        for (int round = 0; round < 300; ++round) {
            QString noise;
            const int length = random->bounded(400);
            for (int i = 0; i < length; ++i)
                noise += alphabet.at(random->bounded(alphabet.size()));
            html(noise); // ends
        }
    }
};

QTEST_MAIN(TestDocstringHtml)
#include "tst_docstringhtml.moc"
