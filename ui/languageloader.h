#pragma once

#include <QLocale>

class QCoreApplication;

namespace Sandpiper::Ui {

// Installs Sandpiper's and Qt's own translations for a locale. English needs none.
class LanguageLoader
{
public:
    // Returns true when Sandpiper's translation for the locale was found and installed.
    static bool install(QCoreApplication *app, const QLocale &locale);

    // The resource path of Sandpiper's compiled translation for a locale.
    static QString resourcePath(const QLocale &locale);
};

} // namespace Sandpiper::Ui
