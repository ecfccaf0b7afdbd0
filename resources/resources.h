#pragma once

#include <QString>

namespace Sandpiper::Resources {

// Paths inside the compiled-in resource tree.
inline QString appIconPath()
{
    return QStringLiteral(":/icons/sandpiper.svg");
}

// Forces the resource object into links that use nothing else from this library.
void ensureLinked();

} // namespace Sandpiper::Resources
