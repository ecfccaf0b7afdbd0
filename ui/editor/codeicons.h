#pragma once

#include "messages.h"

#include <QIcon>
#include <QPixmap>

namespace Sandpiper::Ui {

// Small icons drawn in code (no image files): a completion's kind (class, function, module,
// ...) as a coloured badge with a letter, and a diagnostic's severity as a round sign. The
// same pictures serve the completion popup, the editor margin and the Problems list.
namespace CodeIcons {

QIcon kind(const QString &kind);
// The letter and colour of a kind's badge; unknown kinds get a neutral grey dot.
QChar kindLetter(const QString &kind);
QColor kindColor(const QString &kind);

QIcon severity(Protocol::Severity severity);
QColor severityColor(Protocol::Severity severity);
// For the editor margin, which wants one pixmap of the line's height.
QPixmap severityPixmap(Protocol::Severity severity, int size, qreal devicePixelRatio);

} // namespace CodeIcons

} // namespace Sandpiper::Ui
