#pragma once

#include <QString>
#include <QStringList>
#include <QTest>
#include <QWidget>

namespace Sandpiper::Testing {

// keyClicks, with Return for line breaks (QTest has no key for '\n').
inline void typeInto(QWidget *widget, const QString &text)
{
    const QStringList lines = text.split(QLatin1Char('\n'));
    for (int i = 0; i < lines.size(); ++i) {
        if (i > 0)
            QTest::keyClick(widget, Qt::Key_Return);
        QTest::keyClicks(widget, lines.at(i));
    }
}

} // namespace Sandpiper::Testing
