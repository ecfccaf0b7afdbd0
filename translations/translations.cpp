#include "translations.h"

namespace Sandpiper::Translations {

QStringList availableLocales()
{
    return {QStringLiteral("en"), QStringLiteral("zh_CN")};
}

} // namespace Sandpiper::Translations
