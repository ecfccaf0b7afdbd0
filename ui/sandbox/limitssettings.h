#pragma once

#include <abstractsession.h>

namespace Sandpiper::Ui {

// The user's default limits for new sessions and restarts, in QSettings ("limits/..."). Missing
// or nonsensical values fall back to Client::SessionLimits::defaults().
namespace LimitsSettings {

Client::SessionLimits load();
void save(const Client::SessionLimits &limits);

bool keepWorkspace();
void setKeepWorkspace(bool keep);

} // namespace LimitsSettings

} // namespace Sandpiper::Ui
