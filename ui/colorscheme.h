#pragma once

namespace Sandpiper::Ui {

enum class ColorScheme { System, Light, Dark };

// Applies a light or dark palette to the whole application (Fusion style, so that both look
// the same on every desktop). System follows the platform's light/dark preference.
void applyColorScheme(ColorScheme scheme);

// The resolved scheme: System is turned into Light or Dark.
ColorScheme effectiveColorScheme(ColorScheme scheme);

namespace ColorSchemeSetting {
ColorScheme load();
void save(ColorScheme scheme);
} // namespace ColorSchemeSetting

} // namespace Sandpiper::Ui
