// SPDX-License-Identifier: Apache-2.0
#pragma once

// The dashboard's routes (docs/reports.md, "The dashboard"; docs/security.md): the sign-in
// form, the session cookie, the page, its script and style sheet, and the figures it polls.
// Internal to the sync library: CentralServer installs them beside /v1.

#include "CentralRoutes.h"

#include <httplib.h>

namespace accueil::sync {

/// The session cookie's name, and how long a session may stay unused.
inline constexpr const char* kSessionCookie = "accueil_session";
inline constexpr core::UtcMillis kSessionIdle = core::UtcMillis{12} * 3600 * 1000;

/// Installs GET /, GET and POST /sign-in, POST /sign-out, GET /dashboard/data and the page's
/// files on `server`. `ctx` must outlive the server.
void InstallDashboard(httplib::Server& server, const RouteContext& ctx);

} // namespace accueil::sync
