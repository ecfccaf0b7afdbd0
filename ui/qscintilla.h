#pragma once

// QScintilla's headers use Qt's bare keywords, which the project turns off (QT_NO_KEYWORDS).
// Include QScintilla only through this header: it maps the keywords for these headers alone.
#define signals Q_SIGNALS
#define slots Q_SLOTS
#include <Qsci/qsciapis.h>
#include <Qsci/qscicommand.h>
#include <Qsci/qscicommandset.h>
#include <Qsci/qscilexercustom.h>
#include <Qsci/qscilexerpython.h>
#include <Qsci/qsciscintilla.h>
#undef signals
#undef slots
