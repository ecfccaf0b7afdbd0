#include "resources.h"

namespace Sandpiper::Resources {

void ensureLinked() {}

} // namespace Sandpiper::Resources
