// SPDX-License-Identifier: Apache-2.0
#pragma once

// The central's route handlers, one per route of docs/sync-protocol.md, and the handlers the
// HTTP library calls for errors, exceptions and logging. Internal to the sync library:
// CentralServer wires them. Every handler runs on one of the server's request threads.

#include <accueil/core/Config.h>
#include <accueil/scanner/BadgeReader.h>
#include <accueil/sync/CentralServer.h>
#include <accueil/sync/CentralStore.h>
#include <accueil/sync/DoorStates.h>

#include <httplib.h>

#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace accueil::sync {

/// Who keeps guessing enrolment codes: after kRefusals refused codes from one address within
/// kWindow, that address is answered 429 until the oldest of them leaves the window. A code
/// has 100 bits, so this is not what keeps it secret; it keeps a scanner from filling the log
/// and the store with lookups. Any thread.
class EnrolmentThrottle {
public:
    static constexpr int kRefusals = 10;
    static constexpr core::UtcMillis kWindow = 600'000; // 10 minutes

    /// Seconds `address` must wait at `now` before it may try a code again; 0 when it may.
    int waitSeconds(const std::string& address, core::UtcMillis now);
    /// A code from `address` was refused at `now`.
    void refused(const std::string& address, core::UtcMillis now);

private:
    void forgetOld(core::UtcMillis now); // under m_mutex

    std::mutex m_mutex;
    std::map<std::string, std::deque<core::UtcMillis>> m_refusals; ///< newest last
};

/// "192.0.2.7" of "192.0.2.7:51234", "2001:db8::1" of "[2001:db8::1]:51234".
std::string AddressOf(const std::string& peer);

/// What the routes read. The store and event belong to the caller of CentralServer::Start and
/// outlive the server.
struct RouteContext {
    ServerOptions options;
    const core::EventConfig* event = nullptr;
    CentralStore* store = nullptr;
    /// The event's badges read as the doors read them, for provisional registrants.
    std::shared_ptr<const scanner::BadgeReader> badges;
    /// The client behind the connection gate, "address:port" (the server itself sees the
    /// gate's relay on loopback).
    std::function<std::string(const httplib::Request&)> client;
    std::shared_ptr<EnrolmentThrottle> enrolments = std::make_shared<EnrolmentThrottle>();
    /// The doors heard from, for the dashboard (set by CentralServer::Start).
    std::shared_ptr<DoorStates> doors;
};

/// GET /v1/health: no token, always {"status":"ok"}.
void HandleHealth(const httplib::Request& req, httplib::Response& res);
/// GET /v1/settings: the event and badge settings, and the central's clock.
void HandleSettings(const RouteContext& ctx, const httplib::Request& req, httplib::Response& res);
/// GET /v1/registrants?since=&limit=: one page of registrant changes.
void HandleRegistrants(const RouteContext& ctx, const httplib::Request& req,
                       httplib::Response& res);
/// A photo page holds JPEGs up to this many bytes (then one more at most), about 1.3 times as
/// much in base64: a page stays a few hundred photos, whatever `limit` asks.
inline constexpr std::size_t kPhotoPageBytes = std::size_t{2} * 1024 * 1024;
/// GET /v1/photos?since=&limit=: one page of photo changes (set, replaced, removed).
void HandlePhotos(const RouteContext& ctx, const httplib::Request& req, httplib::Response& res);
/// GET /v1/attendance?since=&limit=[&own=1]: one page of other kiosks' events (and the asking
/// kiosk's own with own=1).
void HandleAttendance(const RouteContext& ctx, const httplib::Request& req, httplib::Response& res);
/// GET /v1/audit: the asking kiosk's own audit lines after a cursor (a restored kiosk takes
/// them back).
void HandleAudit(const RouteContext& ctx, const httplib::Request& req, httplib::Response& res);
/// POST /v1/events: a push, stored all or nothing; answers the UUIDs now held. The token is
/// checked before any of the body is read, and the body is read only up to max_body_bytes
/// however it is framed (Content-Length or chunked): an unauthenticated or oversized upload
/// costs the central no memory.
void HandlePush(const RouteContext& ctx, const httplib::Request& req, httplib::Response& res,
                const httplib::ContentReader& content);
/// POST /v1/enrol: no token; a one-time code (and optionally the kiosk id it is for) becomes
/// the kiosk's token, answered once with the event id and, on https, the central's
/// certificate for the kiosk to trust from then on.
void HandleEnrol(const RouteContext& ctx, const httplib::Request& req, httplib::Response& res);
/// GET /v1/reconcile: the counts the night job compares.
void HandleReconcile(const RouteContext& ctx, const httplib::Request& req, httplib::Response& res);
/// GET /v1/reconcile/uuids: the UUIDs of one day and kiosk's attendance, or of the asking
/// kiosk's audit lines, for the night job to list and repair what differs.
void HandleReconcileUuids(const RouteContext& ctx, const httplib::Request& req,
                          httplib::Response& res);

/// Gives an answer the HTTP library produced itself (413, 404, …) a JSON error body, unless a
/// route already wrote one.
void HandleLibraryError(const httplib::Request& req, httplib::Response& res);
/// An exception escaped a route: a 500 with a JSON error body.
void HandleException(const httplib::Request& req, httplib::Response& res,
                     const std::exception_ptr& error);
/// Logs method, path and status at debug level, and every refusal with the client
/// ("address:port") and the reason at warning level: never tokens, never names.
void LogRequest(const httplib::Request& req, const httplib::Response& res,
                const std::string& client);

} // namespace accueil::sync
