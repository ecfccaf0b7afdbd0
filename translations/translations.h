#pragma once

#include <QStringList>

namespace Sandpiper::Translations {

// Locale names for which a translation is compiled in (English is the source language).
QStringList availableLocales();

} // namespace Sandpiper::Translations
