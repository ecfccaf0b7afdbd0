#pragma once

// Shared by tst_recovery and the helper it starts and kills: what the helper types.
namespace CrashHelper {
// Typed into the untitled buffer, key by key.
constexpr char untitledText[] = "import pandas as pd\ndf = pd.DataFrame({'a': [1, 2]})\n";
// Typed at the start of the file the test passes in.
constexpr char fileEdit[] = "# edited\n";
constexpr char typedLine[] = "typed";
} // namespace CrashHelper
