// SPDX-License-Identifier: Apache-2.0
#pragma once

// A central with a list, a door that pushed check-ins, and two dashboard accounts, for the
// dashboard's tests (with and without a browser); and signing in over plain HTTP.

#include "SyncTestEnv.h"

#include <httplib.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace accueil::sync::test {

inline constexpr const char* kAdminId = "ana";
inline constexpr const char* kAdminPassword = "correct horse battery";
inline constexpr const char* kViewerId = "vic";
inline constexpr const char* kViewerPassword = "viewer password 1";

struct DashboardEnv {
    /// `listed` registrants; door-1 admitted `arrivals` of them on the dashboard's day and
    /// pushed; an admin and a viewer.
    explicit DashboardEnv(int arrivals = 5, int listed = 12);

    /// door-1 scans the next registrant not scanned yet on the dashboard's day, and the next
    /// until one is admitted (the demo list has cancelled ones), and pushes. Returns who was.
    const core::Registrant& admitNext();
    /// A central.toml for this central's database, for the real `accueil central` commands.
    std::string centralToml() const;

    TempDir dir;
    /// The central's reports_dir, where `central freeze` writes the days' documents.
    std::string reportsDir = dir.file("reports");
    core::EventConfig event = TestEvent();
    std::unique_ptr<Central> central;
    std::unique_ptr<Kiosk> door;
    std::vector<core::Registrant> people;
    std::string day; ///< the day the dashboard shows now (DashboardDay's rule)
    int scanned = 0; ///< how many were scanned (each 7 minutes after the last, from 08:30)
    std::vector<const core::Registrant*> admitted; ///< in order of arrival
};

/// A browser's hold on a session, as plain HTTP sees it.
struct HttpSession {
    std::string cookie; ///< "accueil_session=…"
    std::string csrf;   ///< the page's sign-out token
};

/// The value of `name` in the answer's Set-Cookie headers, with its attributes ("" if none).
std::string SetCookie(const httplib::Response& res, const std::string& name);
/// The sign-in form's CSRF token and its pre-session cookie ("accueil_sign_in=…").
std::pair<std::string, std::string> SignInForm(httplib::Client& client);
/// POST /sign-in with the form's token; the answer.
httplib::Result PostSignIn(httplib::Client& client, const std::string& user,
                           const std::string& password);
/// Signs in; nullopt when refused.
std::optional<HttpSession> SignIn(httplib::Client& client, const std::string& user,
                                  const std::string& password);
/// GET with a Cookie header.
httplib::Result GetWith(httplib::Client& client, const std::string& path,
                        const std::string& cookie);

} // namespace accueil::sync::test
