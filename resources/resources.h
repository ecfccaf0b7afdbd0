#pragma once

#include <QString>

namespace Sandpiper::Resources {

// Paths inside the compiled-in resource tree.
inline QString appIconPath()
{
    return QStringLiteral(":/icons/sandpiper.svg");
}

} // namespace Sandpiper::Resources
