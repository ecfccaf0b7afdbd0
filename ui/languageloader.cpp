#include "languageloader.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QTranslator>

namespace Sandpiper::Ui {

QString LanguageLoader::resourcePath(const QLocale &locale)
{
    return QStringLiteral(":/i18n/sandpiper_%1.qm").arg(locale.name());
}

bool LanguageLoader::install(QCoreApplication *app, const QLocale &locale)
{
    if (locale.language() == QLocale::English || locale.language() == QLocale::C)
        return false;
    auto qtTranslator = new QTranslator(app);
    if (qtTranslator->load(locale,
                           QStringLiteral("qtbase"),
                           QStringLiteral("_"),
                           QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qtTranslator);
    else
        delete qtTranslator;

    auto translator = new QTranslator(app);
    if (!translator->load(locale,
                          QStringLiteral("sandpiper"),
                          QStringLiteral("_"),
                          QStringLiteral(":/i18n"))) {
        delete translator;
        return false;
    }
    QCoreApplication::installTranslator(translator);
    return true;
}

} // namespace Sandpiper::Ui
