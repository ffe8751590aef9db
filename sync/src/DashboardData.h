// SPDX-License-Identifier: Apache-2.0
#pragma once

// What GET /dashboard/data answers (docs/reports.md, "The dashboard"): the figures of the
// event's day, the doors and their alerts, and for administrators the latest arrivals by
// name. Internal to the sync library.

#include "CentralRoutes.h"

#include <accueil/core/Result.h>

#include <nlohmann/json.hpp>

#include <string>

namespace accueil::sync {

/// The day the dashboard shows at `now`: today in the event's zone when it is a meeting day,
/// otherwise the nearest meeting day (the earlier of two as near). Pure; any thread.
std::string DashboardDay(const core::EventCalendar& calendar, core::UtcMillis now);

/// The dashboard's JSON at `now`. Without `withNames` (viewers) it holds no registrant's name
/// and no registrant ID; `language` names the zones. Errors: Storage. Any thread.
core::Result<nlohmann::json> DashboardDataJson(const RouteContext& ctx, bool withNames,
                                               const std::string& language, core::UtcMillis now);

} // namespace accueil::sync
