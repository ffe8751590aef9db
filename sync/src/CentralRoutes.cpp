// SPDX-License-Identifier: Apache-2.0
// The central's HTTP routes (docs/sync-protocol.md). Every handler authenticates first, checks
// the whole request, then calls the store once: a bad request writes nothing.

#include "CentralRoutes.h"

#include "CentralRequest.h"

#include <accueil/sync/Digests.h>
#include <accueil/sync/Enrolment.h>
#include <accueil/sync/Protocol.h>
#include <accueil/sync/Tokens.h>

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <sstream>

namespace accueil::sync {

using nlohmann::json;

namespace {

constexpr const char* kJson = "application/json";

void Send(httplib::Response& res, const ApiFailure& failure) {
    res.status = HttpStatus(failure.code);
    if (failure.code == ApiError::Unauthorized) {
        res.set_header("WWW-Authenticate", "Bearer realm=\"accueil\"");
    }
    if (failure.retryAfterSeconds) {
        res.set_header("Retry-After", std::to_string(*failure.retryAfterSeconds));
    }
    res.set_content(ErrorBody(failure.code, failure.message), kJson);
}

// The store failed: the kiosk is told to come back soon, the details go to the central's log
// only (they may name files).
ApiFailure StorageFailure(const core::Error& e) {
    spdlog::error("storage: {}", e.message);
    return ApiFailure{ApiError::Internal, "the central could not read or write its database", 5};
}

// A page query failed: Conflict is a cursor the central never issued, NotFound one whose check
// names a change the central does not hold (it was restored or replaced).
ApiFailure PageFailure(const core::Error& e) {
    if (e.kind == ErrorKind::Conflict) {
        return ApiFailure{ApiError::CursorAhead, e.message, std::nullopt};
    }
    if (e.kind == ErrorKind::NotFound) {
        return ApiFailure{ApiError::CursorUnknown, e.message, std::nullopt};
    }
    return StorageFailure(e);
}

// The kiosk the request's bearer token belongs to.
ApiResult<std::string> KioskOfToken(CentralStore& store, const httplib::Request& req) {
    const std::string header = req.get_header_value("Authorization");
    auto token = BearerToken(header);
    if (!token) {
        return std::move(token).error();
    }
    const std::string hash = HashToken(*token);
    auto found = store.findKiosk(hash);
    if (!found) {
        return StorageFailure(found.error());
    }
    // The lookup is by hash (which reveals nothing about the token); the final comparison is
    // constant-time anyway.
    if (!found->has_value() || !SameHash((*found)->tokenHash, hash)) {
        return ApiFailure{ApiError::Unauthorized, "unknown token", std::nullopt};
    }
    if ((*found)->revoked) {
        return ApiFailure{ApiError::TokenRevoked, "this kiosk's token was revoked", std::nullopt};
    }
    return (*found)->kioskId;
}

// The kiosk the request's bearer token belongs to; what the door says of itself in the
// request's headers is noted for the dashboard.
ApiResult<std::string> Authenticate(const RouteContext& ctx, const httplib::Request& req) {
    auto kiosk = KioskOfToken(*ctx.store, req);
    if (kiosk && ctx.doors) {
        ctx.doors->heard(*kiosk, core::NowUtcMillis(),
                         AddressOf(ctx.client ? ctx.client(req) : req.remote_addr),
                         ParseDoorReport(req.get_header_value(kVersionHeader),
                                         req.get_header_value(kQueueHeader),
                                         req.get_header_value(kLastErrorHeader)));
    }
    return kiosk;
}

struct PageQuery {
    CursorCheck cursor;
    int limit = 0;
};

// A cursor's check is what a page said stands at its `next`: a change's mark or an event's
// UUID (at most 64 characters of hex digits and dashes).
bool ValidCheck(const std::string& check) {
    return check.size() <= 64 && std::ranges::all_of(check, [](char c) {
               return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') ||
                      c == '-';
           });
}

// `since` (default 0) with its `check` (default none), and `limit` (default 1000, at most the
// server's page size; 0 means 1).
ApiResult<PageQuery> ReadPageQuery(const httplib::Request& req, int maxPageSize) {
    PageQuery query;
    if (req.has_param("since")) {
        auto since = ParseQueryInteger("since", req.get_param_value("since"), INT64_MAX);
        if (!since) {
            return std::move(since).error();
        }
        query.cursor.seq = *since;
    }
    query.cursor.check = req.get_param_value("check");
    if (!ValidCheck(query.cursor.check)) {
        return ApiFailure{ApiError::InvalidRequest,
                          "check must be at most 64 hex digits and dashes", std::nullopt};
    }
    std::int64_t limit = 1000;
    if (req.has_param("limit")) {
        auto asked = ParseQueryInteger("limit", req.get_param_value("limit"), maxPageSize);
        if (!asked) {
            return std::move(asked).error();
        }
        limit = *asked;
    }
    query.limit = static_cast<int>(std::max<std::int64_t>(limit, 1));
    return query;
}

json SettingsJson(const core::EventConfig& event, const std::string& epoch) {
    return json{{"event",
                 {{"id", event.id},
                  {"name", event.name},
                  {"venue", event.venue},
                  {"timezone", event.calendar->timeZoneName()},
                  {"days", event.calendar->days()},
                  {"reentry", core::ToString(event.reentry)},
                  {"debounce_seconds", event.debounceSeconds}}},
                {"badges",
                 {{"public_keys", event.badges.publicKeys},
                  {"accept_plain_ids", event.badges.acceptPlainIds},
                  {"accept_indico", event.badges.acceptIndico},
                  {"indico_event_id", event.badges.indicoEventId},
                  {"indico_server", event.badges.indicoServer}}},
                {"epoch", epoch},
                {"server_time", core::NowUtcMillis()}};
}

// The fields every page ends with.
template <class Item> std::string PageTail(const Page<Item>& page) {
    return "\"next\":" + std::to_string(page.next) + ",\"more\":" + (page.more ? "true" : "false") +
           ",\"high_water\":" + std::to_string(page.highWater) +
           ",\"check\":" + json(page.check).dump() + ",\"epoch\":" + json(page.epoch).dump() + "}";
}

// A page of events as JSON.
template <class Item> std::string EventPageBody(const Page<Item>& page) {
    json items = json::array();
    for (const auto& e : page.items) {
        items.push_back(ToJson(e));
    }
    return "{\"items\":" + items.dump() + "," + PageTail(page);
}

// A page written by hand rather than through a DOM, `append` writing each item (`bytes`: what
// the items will take, about): the initial download of a large list and the attendance pulls
// spend most of the central's time here.
template <class Item, class Append>
std::string HandWrittenPageBody(const Page<Item>& page, std::size_t bytes, Append append) {
    std::string body = "{\"items\":[";
    body.reserve(bytes + 100);
    for (std::size_t i = 0; i < page.items.size(); ++i) {
        if (i > 0) {
            body += ',';
        }
        append(body, page.items[i]);
    }
    body += "]," + PageTail(page);
    return body;
}

// A page of events already written as JSON, one text each.
std::string JsonPageBody(const Page<std::string>& page) {
    std::size_t bytes = 0;
    for (const std::string& item : page.items) {
        bytes += item.size() + 1;
    }
    return HandWrittenPageBody(page, bytes,
                               [](std::string& body, const std::string& item) { body += item; });
}

std::string RegistrantPageBody(const RegistrantPage& page) {
    return HandWrittenPageBody(
        page, page.items.size() * 300,
        [](std::string& body, const core::Registrant& r) { AppendJson(body, r); });
}

// A page of photo changes; each JPEG in base64.
std::string PhotoPageBody(const PhotoPage& page) {
    json items = json::array();
    for (const auto& p : page.items) {
        items.push_back(ToJson(p));
    }
    return "{\"items\":" + items.dump() + "," + PageTail(page);
}

// Every event of the batch is named as accepted, new or already held: the kiosk may then drop
// all of them from its outbox.
std::string PushAnswerBody(const PushBatch& batch, const PushOutcome& stored) {
    json accepted = json::array();
    for (const auto& e : batch.attendance) {
        accepted.push_back(e.uuid);
    }
    for (const auto& a : batch.audit) {
        accepted.push_back(a.uuid);
    }
    json refused = json::array();
    for (const RefusedItem& r : batch.refused) {
        refused.push_back({{"uuid", r.uuid}, {"reason", r.reason}});
    }
    return json{{"accepted", std::move(accepted)},
                {"refused", std::move(refused)},
                {"stored", stored.stored},
                {"duplicates", stored.duplicates}}
        .dump(-1, ' ', false, json::error_handler_t::replace);
}

} // namespace

void HandleHealth(const httplib::Request& /*req*/, httplib::Response& res) {
    res.set_content(R"({"status":"ok"})", kJson);
}

void HandleSettings(const RouteContext& ctx, const httplib::Request& req, httplib::Response& res) {
    if (auto kiosk = Authenticate(ctx, req); !kiosk) {
        Send(res, kiosk.error());
        return;
    }
    auto epoch = ctx.store->epoch();
    if (!epoch) {
        Send(res, StorageFailure(epoch.error()));
        return;
    }
    res.set_content(SettingsJson(*ctx.event, *epoch).dump(), kJson);
}

namespace {

constexpr std::size_t kMaxEnrolmentText = 128; // a code or kiosk id longer than this is nonsense

ApiFailure EnrolmentRefused(EnrolmentRefusal why, const std::string& codeKiosk,
                            const std::string& asked) {
    switch (why) {
    case EnrolmentRefusal::Unknown:
        return ApiFailure{ApiError::EnrolmentUnknown, "unknown enrolment code", std::nullopt};
    case EnrolmentRefusal::Used:
        return ApiFailure{ApiError::EnrolmentUsed,
                          "this enrolment code was used already: ask for a new one", std::nullopt};
    case EnrolmentRefusal::Expired:
        return ApiFailure{ApiError::EnrolmentExpired,
                          "this enrolment code has expired: ask for a new one", std::nullopt};
    case EnrolmentRefusal::OtherKiosk:
        break;
    }
    return ApiFailure{ApiError::InvalidRequest,
                      "this enrolment code is for kiosk \"" + codeKiosk + "\", not \"" + asked +
                          "\"",
                      std::nullopt};
}

// The certificate the central serves, for an enrolled kiosk's ca_file: it trusts exactly
// this central from then on (curl takes a certificate in its CA file as a trust anchor).
std::string ServedCertificate(const ServerOptions& options) {
    if (options.tlsCert.empty()) {
        return {};
    }
    std::ifstream in(options.tlsCert, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

} // namespace

int EnrolmentThrottle::waitSeconds(const std::string& address, core::UtcMillis now) {
    const std::lock_guard lock(m_mutex);
    const auto found = m_refusals.find(address);
    if (found == m_refusals.end() || static_cast<int>(found->second.size()) < kRefusals) {
        return 0;
    }
    const core::UtcMillis free = found->second.front() + kWindow;
    return free <= now ? 0 : static_cast<int>((free - now + 999) / 1000);
}

void EnrolmentThrottle::refused(const std::string& address, core::UtcMillis now) {
    const std::lock_guard lock(m_mutex);
    forgetOld(now);
    std::deque<core::UtcMillis>& times = m_refusals[address];
    times.push_back(now);
    while (static_cast<int>(times.size()) > kRefusals) {
        times.pop_front();
    }
}

// Keeps the map to the addresses refused within the window, so a scan from many addresses
// costs memory only for as long as it matters.
void EnrolmentThrottle::forgetOld(core::UtcMillis now) {
    for (auto it = m_refusals.begin(); it != m_refusals.end();) {
        it = it->second.back() + kWindow <= now ? m_refusals.erase(it) : std::next(it);
    }
}

std::string AddressOf(const std::string& peer) {
    if (!peer.empty() && peer.front() == '[') {
        return peer.substr(1, peer.find(']') - 1);
    }
    return peer.substr(0, peer.rfind(':'));
}

void HandleEnrol(const RouteContext& ctx, const httplib::Request& req, httplib::Response& res) {
    const std::string client = ctx.client ? ctx.client(req) : req.remote_addr;
    const std::string address = AddressOf(client);
    if (const int wait = ctx.enrolments->waitSeconds(address, core::NowUtcMillis()); wait > 0) {
        Send(res, ApiFailure{ApiError::EnrolmentThrottled,
                             "too many refused enrolment codes from this address; try again in " +
                                 std::to_string(wait) + " s",
                             wait});
        return;
    }
    const json body = json::parse(req.body, nullptr, false);
    const bool codeOk = body.is_object() && body.contains("code") && body["code"].is_string() &&
                        body["code"].get<std::string>().size() <= kMaxEnrolmentText;
    const bool idOk = !body.is_object() || !body.contains("kiosk_id") ||
                      (body["kiosk_id"].is_string() &&
                       body["kiosk_id"].get<std::string>().size() <= kMaxEnrolmentText);
    if (body.is_discarded()) {
        Send(res, ApiFailure{ApiError::MalformedJson, "the body is not JSON", std::nullopt});
        return;
    }
    if (!codeOk || !idOk) {
        Send(res,
             ApiFailure{ApiError::InvalidRequest,
                        R"(expected {"code": text, "kiosk_id": optional text})", std::nullopt});
        return;
    }
    const std::string asked = body.value("kiosk_id", std::string());
    const std::string token = NewKioskToken();
    auto answer = ctx.store->enrolKiosk(HashEnrolmentCode(body["code"].get<std::string>()), asked,
                                        HashToken(token), core::NowUtcMillis());
    if (!answer) {
        Send(res, StorageFailure(answer.error()));
        return;
    }
    if (answer->refused) {
        ctx.enrolments->refused(address, core::NowUtcMillis());
        Send(res, EnrolmentRefused(*answer->refused, answer->kioskId, asked));
        return;
    }
    spdlog::info("kiosk {} enrolled from {}", answer->kioskId, client);
    json out{{"kiosk_id", answer->kioskId}, {"token", token}, {"event_id", ctx.event->id}};
    if (const std::string pem = ServedCertificate(ctx.options); !pem.empty()) {
        out["ca_pem"] = pem;
    }
    res.set_header("Cache-Control", "no-store");
    res.set_content(out.dump(), kJson);
}

namespace {

// A page route: authenticates, reads the page query, asks `fetch(kiosk, query)` for the page
// and answers `body(page)`.
template <class Fetch, class Body>
void ServePage(const RouteContext& ctx, const httplib::Request& req, httplib::Response& res,
               Fetch fetch, Body body) {
    const auto kiosk = Authenticate(ctx, req);
    if (!kiosk) {
        Send(res, kiosk.error());
        return;
    }
    const auto query = ReadPageQuery(req, ctx.options.maxPageSize);
    if (!query) {
        Send(res, query.error());
        return;
    }
    auto page = fetch(*kiosk, *query);
    if (!page) {
        Send(res, PageFailure(page.error()));
        return;
    }
    res.set_content(body(*page), kJson);
}

} // namespace

void HandleRegistrants(const RouteContext& ctx, const httplib::Request& req,
                       httplib::Response& res) {
    ServePage(
        ctx, req, res,
        [&](const std::string& /*kiosk*/, const PageQuery& q) {
            return ctx.store->registrantsSince(q.cursor, q.limit);
        },
        RegistrantPageBody);
}

void HandlePhotos(const RouteContext& ctx, const httplib::Request& req, httplib::Response& res) {
    ServePage(
        ctx, req, res,
        [&](const std::string& /*kiosk*/, const PageQuery& q) {
            return ctx.store->photosSince(q.cursor, q.limit, kPhotoPageBytes);
        },
        PhotoPageBody);
}

void HandleAttendance(const RouteContext& ctx, const httplib::Request& req,
                      httplib::Response& res) {
    // own=1 includes the asking kiosk's own events (a restored kiosk takes them back).
    const bool own = req.get_param_value("own") == "1";
    ServePage(
        ctx, req, res,
        [&](const std::string& kiosk, const PageQuery& q) {
            return ctx.store->attendanceJsonSince(q.cursor, q.limit, own ? std::string() : kiosk);
        },
        JsonPageBody);
}

void HandleAudit(const RouteContext& ctx, const httplib::Request& req, httplib::Response& res) {
    ServePage(
        ctx, req, res,
        [&](const std::string& kiosk, const PageQuery& q) {
            return ctx.store->auditSince(q.cursor, q.limit, kiosk);
        },
        EventPageBody<core::AuditEntry>);
}

namespace {

// One line per admission with an attention note: ids and time at info, where names and the
// note's text never go (docs/security.md); the note itself at debug.
void LogAttentionAdmitted(const std::vector<core::AuditEntry>& lines) {
    for (const core::AuditEntry& a : lines) {
        spdlog::info("attention: {} admitted at {} at {}", a.registrantId, a.kioskId,
                     core::FormatUtc(a.at));
        spdlog::debug("attention note for {}: {}", a.registrantId, a.detail);
    }
}

} // namespace

void HandlePush(const RouteContext& ctx, const httplib::Request& req, httplib::Response& res,
                const httplib::ContentReader& content) {
    const auto kiosk = Authenticate(ctx, req);
    if (!kiosk) {
        Send(res, kiosk.error());
        return; // the body is never read
    }
    std::string body;
    bool tooLarge = false;
    const bool read = content([&](const char* data, std::size_t size) {
        if (body.size() + size > ctx.options.maxBodyBytes) {
            tooLarge = true;
            return false; // stop reading: the rest is never buffered
        }
        body.append(data, size);
        return true;
    });
    // The library refuses a declared Content-Length over the limit before reading (413).
    if (tooLarge || (!read && res.status == 413)) {
        res.set_header("Connection", "close");
        Send(res, ApiFailure{ApiError::BodyTooLarge,
                             "the request body is larger than " +
                                 std::to_string(ctx.options.maxBodyBytes) + " bytes",
                             std::nullopt});
        return;
    }
    if (!read) {
        res.set_header("Connection", "close");
        Send(res,
             ApiFailure{ApiError::InvalidRequest, "the request body was cut short", std::nullopt});
        return;
    }
    std::optional<core::Error> lookupFailed;
    PushRules rules{ctx.event->calendar.get(), core::NowUtcMillis(),
                    [&](const std::set<std::string>& ids) {
                        auto listed = ctx.store->listedAmong(ids);
                        if (!listed) {
                            lookupFailed = listed.error();
                            return std::set<std::string>();
                        }
                        return std::move(listed).value();
                    },
                    [&ctx](std::string_view badge) { return ctx.badges->read(badge); }};
    const auto batch = ParsePushBody(body, *kiosk, ctx.options.maxPushEvents, rules);
    if (!batch) {
        Send(res, batch.error());
        spdlog::warn("push from {} refused (the line below says why)", *kiosk);
        return;
    }
    if (lookupFailed) {
        Send(res, StorageFailure(*lookupFailed));
        return;
    }
    for (const RefusedItem& r : batch->refused) {
        spdlog::warn("push from {}: refused {}", *kiosk, r.reason);
    }
    auto stored = ctx.store->storeBatch(*batch);
    if (!stored) {
        Send(res, StorageFailure(stored.error()));
        return;
    }
    if (stored->stored > 0) {
        spdlog::info("{} pushed {} new events ({} already held)", *kiosk, stored->stored,
                     stored->duplicates);
    }
    LogAttentionAdmitted(stored->attentionAdmitted);
    res.set_content(PushAnswerBody(*batch, *stored), kJson);
}

void HandleReconcile(const RouteContext& ctx, const httplib::Request& req, httplib::Response& res) {
    const auto kiosk = Authenticate(ctx, req);
    if (!kiosk) {
        Send(res, kiosk.error());
        return;
    }
    auto c = ctx.store->counts(*kiosk);
    if (!c) {
        Send(res, StorageFailure(c.error()));
        return;
    }
    auto keys = ctx.store->logKeys(*kiosk);
    if (!keys) {
        Send(res, StorageFailure(keys.error()));
        return;
    }
    auto list = ctx.store->allRegistrants();
    if (!list) {
        Send(res, StorageFailure(list.error()));
        return;
    }
    const LogDigests digests = MakeDigests(keys->attendance, std::move(keys->kioskAudit), *list);
    res.set_content(json{{"kiosk_attendance", c->kioskAttendance},
                         {"kiosk_audit", c->kioskAudit},
                         {"all_attendance", c->allAttendance},
                         {"registrants", c->registrants},
                         {"digests", ToJson(digests)}}
                        .dump(),
                    kJson);
}

void HandleReconcileUuids(const RouteContext& ctx, const httplib::Request& req,
                          httplib::Response& res) {
    const auto kiosk = Authenticate(ctx, req);
    if (!kiosk) {
        Send(res, kiosk.error());
        return;
    }
    const std::string stream = req.get_param_value("stream");
    if (stream != "attendance" && stream != "audit") {
        Send(res, ApiFailure{ApiError::InvalidRequest, "stream must be attendance or audit",
                             std::nullopt});
        return;
    }
    auto keys = ctx.store->logKeys(*kiosk);
    if (!keys) {
        Send(res, StorageFailure(keys.error()));
        return;
    }
    json uuids = json::array();
    if (stream == "audit") {
        uuids = keys->kioskAudit;
    } else {
        const DayKiosk group{req.get_param_value("day"), req.get_param_value("kiosk_id")};
        for (const auto& k : keys->attendance) {
            if (k.day == group.first && k.kioskId == group.second) {
                uuids.push_back(k.uuid);
            }
        }
    }
    res.set_content(json{{"uuids", std::move(uuids)}}.dump(), kJson);
}

void HandleLibraryError(const httplib::Request& /*req*/, httplib::Response& res) {
    if (!res.body.empty()) {
        return; // a route's own answer
    }
    const StatusAnswer answer = AnswerForStatus(res.status);
    res.status = answer.status;
    res.set_content(ErrorBody(answer.code, answer.message), kJson);
}

void HandleException(const httplib::Request& /*req*/, httplib::Response& res,
                     const std::exception_ptr& /*error*/) {
    Send(res, ApiFailure{ApiError::Internal, "internal error", std::nullopt});
}

void LogRequest(const httplib::Request& req, const httplib::Response& res,
                const std::string& client) {
    if (res.status < 400) {
        spdlog::debug("{} {} -> {}", req.method, req.path, res.status);
        return;
    }
    // Every refusal, with who asked and why (the answer's own error; never the token, which is
    // only in a header this does not read).
    const json body = json::parse(res.body, nullptr, false);
    const json* error = body.is_object() && body.contains("error") ? &body["error"] : nullptr;
    spdlog::warn("refused {} {} from {}: {} {} ({})", req.method, req.path, client, res.status,
                 error != nullptr ? error->value("code", std::string()) : std::string(),
                 error != nullptr ? error->value("message", std::string()) : std::string());
}

} // namespace accueil::sync
