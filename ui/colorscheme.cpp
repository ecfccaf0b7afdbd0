#include "colorscheme.h"

#include <QApplication>
#include <QPalette>
#include <QSettings>
#include <QStyle>
#include <QStyleFactory>
#include <QStyleHints>

namespace Sandpiper::Ui {

namespace {
const char settingsKey[] = "appearance/colorScheme";

QPalette darkPalette()
{
    const QColor window(0x2b, 0x2d, 0x30);
    const QColor base(0x1e, 0x1f, 0x22);
    const QColor text(0xdf, 0xe1, 0xe5);
    const QColor disabledText(0x7a, 0x7e, 0x85);
    const QColor highlight(0x2f, 0x65, 0xca);
    QPalette palette;
    palette.setColor(QPalette::Window, window);
    palette.setColor(QPalette::WindowText, text);
    palette.setColor(QPalette::Base, base);
    palette.setColor(QPalette::AlternateBase, window);
    palette.setColor(QPalette::ToolTipBase, window);
    palette.setColor(QPalette::ToolTipText, text);
    palette.setColor(QPalette::PlaceholderText, disabledText);
    palette.setColor(QPalette::Text, text);
    palette.setColor(QPalette::Button, window);
    palette.setColor(QPalette::ButtonText, text);
    palette.setColor(QPalette::BrightText, Qt::white);
    palette.setColor(QPalette::Highlight, highlight);
    palette.setColor(QPalette::HighlightedText, Qt::white);
    palette.setColor(QPalette::Link, QColor(0x58, 0x9d, 0xf6));
    palette.setColor(QPalette::Light, window.lighter(140));
    palette.setColor(QPalette::Midlight, window.lighter(120));
    palette.setColor(QPalette::Mid, window.darker(120));
    palette.setColor(QPalette::Dark, window.darker(160));
    palette.setColor(QPalette::Shadow, Qt::black);
    for (auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        palette.setColor(QPalette::Disabled, role, disabledText);
    return palette;
}
} // namespace

ColorScheme effectiveColorScheme(ColorScheme scheme)
{
    if (scheme != ColorScheme::System)
        return scheme;
    return QGuiApplication::styleHints()->colorScheme() == Qt::ColorScheme::Dark
                   ? ColorScheme::Dark
                   : ColorScheme::Light;
}

void applyColorScheme(ColorScheme scheme)
{
    if (!qApp->style() || qApp->style()->name() != QLatin1String("fusion"))
        QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    const bool dark = effectiveColorScheme(scheme) == ColorScheme::Dark;
    QApplication::setPalette(dark ? darkPalette() : QApplication::style()->standardPalette());
}

namespace ColorSchemeSetting {
ColorScheme load()
{
    const QString value = QSettings().value(settingsKey).toString();
    if (value == QLatin1String("light"))
        return ColorScheme::Light;
    if (value == QLatin1String("dark"))
        return ColorScheme::Dark;
    return ColorScheme::System;
}

void save(ColorScheme scheme)
{
    const char *value = scheme == ColorScheme::Light  ? "light"
                        : scheme == ColorScheme::Dark ? "dark"
                                                      : "system";
    QSettings().setValue(settingsKey, QString::fromLatin1(value));
}
} // namespace ColorSchemeSetting

} // namespace Sandpiper::Ui
