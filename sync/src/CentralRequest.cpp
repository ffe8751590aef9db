// SPDX-License-Identifier: Apache-2.0
// Request checks of the central (docs/sync-protocol.md). A push is checked before the store
// sees any of it: an unreadable request writes nothing, and a bad item is refused on its own.

#include "CentralRequest.h"

#include <accueil/core/Occupancy.h>
#include <accueil/core/Text.h>
#include <accueil/scanner/BadgeClaim.h>

#include <charconv>
#include <map>
#include <tuple>

namespace accueil::sync {

using nlohmann::json;

ApiResult<std::string_view> BearerToken(std::string_view header) {
    constexpr std::string_view kBearer = "Bearer ";
    if (header.size() <= kBearer.size() || header.substr(0, kBearer.size()) != kBearer) {
        return ApiFailure{ApiError::Unauthorized, "an Authorization: Bearer token is required",
                          std::nullopt};
    }
    return header.substr(kBearer.size());
}

ApiResult<std::int64_t> ParseQueryInteger(std::string_view name, std::string_view text,
                                          std::int64_t max) {
    std::int64_t v = 0;
    const char* end = text.data() + text.size();
    const auto [stop, ec] = std::from_chars(text.data(), end, v);
    if (ec != std::errc() || stop != end || v < 0 || v > max) {
        return ApiFailure{ApiError::InvalidRequest,
                          "query parameter \"" + std::string(name) +
                              "\" must be an integer from 0 to " + std::to_string(max),
                          std::nullopt};
    }
    return v;
}

namespace {

ApiFailure Refuse(ApiError code, std::string message) {
    return ApiFailure{code, std::move(message), std::nullopt};
}

// The array under `key`, an empty one when the key is absent, nullptr when it is not an array.
const json* ArrayField(const json& body, const char* key) {
    static const json kEmpty = json::array();
    auto it = body.find(key);
    if (it == body.end()) {
        return &kEmpty;
    }
    return it->is_array() ? &*it : nullptr;
}

// The earliest and latest times an event may carry: not long before the event begins, and
// not more than a day ahead of the central's clock (a kiosk clock a few hours off is fine).
constexpr core::UtcMillis kDay = 24LL * 3600 * 1000;
constexpr core::UtcMillis kBeforeEvent = 30 * kDay;

bool IsUuid(std::string_view text) {
    if (text.size() != 36) {
        return false;
    }
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? c != '-' : !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            return false;
        }
    }
    return true;
}

bool IsRegistrantId(const std::string& id) {
    const scanner::BadgeClaim claim = scanner::ParsePlainId(id);
    return claim.format == scanner::ClaimFormat::PlainId && claim.registrantId == id;
}

// What is wrong with the fields every event has, if anything.
std::optional<std::string> CommonProblem(const std::string& uuid, const std::string& eventKiosk,
                                         const std::string& kioskId, core::UtcMillis at,
                                         const PushRules& rules) {
    if (!IsUuid(uuid)) {
        return "\"uuid\" is not a lower-case UUID";
    }
    if (eventKiosk != kioskId) {
        return "names kiosk \"" + eventKiosk + "\", not this token's";
    }
    if (rules.calendar != nullptr) {
        const auto first = rules.calendar->parseTime(rules.calendar->days().front() + "T00:00:00");
        if (first && at < *first - kBeforeEvent) {
            return "its time is long before the event";
        }
        if (at > rules.now + kDay) {
            return "its time is more than a day ahead of the central's clock";
        }
    }
    return std::nullopt;
}

// A text field: at most `max` characters, no control characters.
std::optional<std::string> FieldProblem(const char* name, const std::string& value,
                                        std::size_t max) {
    if (!core::IsValidUtf8(value)) {
        return std::string("\"") + name + "\" is not valid UTF-8";
    }
    if (auto why = core::TextFieldProblem(value, max)) {
        return std::string("\"") + name + "\": " + *why;
    }
    return std::nullopt;
}

// A zone id as event.toml allows it: 1 to 32 of a-z, 0-9, '-' and '_'.
bool IsZoneId(const std::string& zone) {
    return !zone.empty() && zone.size() <= 32 &&
           zone.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-_") == std::string::npos;
}

// The automatic check-out every host derives alike: any kiosk may bring it, and its UUID says
// it is one (docs/sync-protocol.md, "The nightly check-out").
bool IsNightlyCheckout(const core::AttendanceEvent& e) {
    return e.kioskId == core::kNightlyKioskId && e.kind == core::EventKind::CheckOut &&
           e.uuid == core::NightlyCheckoutUuid(e.day, e.registrantId, e.zone);
}

std::optional<std::string> AttendanceProblem(const core::AttendanceEvent& e,
                                             const std::string& kioskId, const PushRules& rules) {
    const std::string& pusher = IsNightlyCheckout(e) ? e.kioskId : kioskId;
    if (auto why = CommonProblem(e.uuid, e.kioskId, pusher, e.at, rules)) {
        return why;
    }
    if (!IsZoneId(e.zone)) {
        return "\"zone\" is not a zone id (1 to 32 of a-z, 0-9, '-' and '_')";
    }
    if (!IsRegistrantId(e.registrantId)) {
        return "\"registrant_id\" is not a registrant ID";
    }
    if (!e.target.empty() && !IsUuid(e.target)) {
        return "\"target\" is not a lower-case UUID";
    }
    if (rules.calendar != nullptr && !rules.calendar->isMeetingDay(e.day)) {
        return e.day + " is not a day of the event";
    }
    if (auto why = FieldProblem("staff_id", e.staffId, 64)) {
        return why;
    }
    return FieldProblem("reason", e.reason, 500);
}

std::optional<std::string> AuditProblem(const core::AuditEntry& a, const std::string& kioskId,
                                        const PushRules& rules) {
    if (auto why = CommonProblem(a.uuid, a.kioskId, kioskId, a.at, rules)) {
        return why;
    }
    if (a.action.empty() || a.action.size() > 64 ||
        a.action.find_first_not_of("abcdefghijklmnopqrstuvwxyz_") != std::string::npos) {
        return "\"action\" is not a-z and _";
    }
    for (const auto& [name, value, max] :
         {std::tuple{"registrant_id", &a.registrantId, std::size_t{256}},
          std::tuple{"staff_id", &a.staffId, std::size_t{64}},
          std::tuple{"outcome", &a.outcome, std::size_t{64}},
          std::tuple{"detail", &a.detail, std::size_t{4096}}}) {
        if (auto why = FieldProblem(name, *value, max)) {
            return why;
        }
    }
    return std::nullopt;
}

std::string UuidOf(const json& item) {
    const auto it = item.is_object() ? item.find("uuid") : item.end();
    return it != item.end() && it->is_string() ? it->get<std::string>() : std::string();
}

void Refused(PushBatch& batch, const json& item, const std::string& what, std::string reason) {
    std::string uuid = UuidOf(item);
    batch.refused.push_back(
        RefusedItem{uuid, what + (uuid.empty() ? "" : " " + uuid) + ": " + std::move(reason)});
}

void ReadAttendance(const json& list, const std::string& kioskId, const PushRules& rules,
                    PushBatch& batch) {
    for (const json& j : list) {
        auto e = AttendanceFromJson(j);
        if (!e) {
            Refused(batch, j, "attendance event", e.error().message);
        } else if (auto why = AttendanceProblem(*e, kioskId, rules)) {
            Refused(batch, j, "attendance event", *why);
        } else {
            batch.attendance.push_back(std::move(e).value());
        }
    }
}

void ReadAudit(const json& list, const std::string& kioskId, const PushRules& rules,
               PushBatch& batch) {
    for (const json& j : list) {
        auto a = AuditFromJson(j);
        if (a && a->kioskId.empty()) {
            a->kioskId = kioskId; // lines written by local tools (e.g. an import) carry none
        }
        if (!a) {
            Refused(batch, j, "audit line", a.error().message);
        } else if (auto why = AuditProblem(*a, kioskId, rules)) {
            Refused(batch, j, "audit line", *why);
        } else {
            batch.audit.push_back(std::move(a).value());
        }
    }
}

// Provisional registrants the batch carries, and the signed badge each brings (by ID); a bad
// one is dropped, and the events naming it are then refused as naming an unknown registrant.
void ReadProvisional(const json& list, PushBatch& batch,
                     std::map<std::string, std::string>& badges) {
    constexpr std::size_t kLongestBadge = 4096; // a signed badge token is a few hundred bytes
    for (const json& j : list) {
        auto r = RegistrantFromJson(j);
        if (!r || !IsRegistrantId(r->id)) {
            continue;
        }
        bool clean = true;
        for (const std::string* field : {&r->givenName, &r->familyName, &r->delegation,
                                         &r->category, &r->role, &r->holdNote, &r->attention}) {
            clean = clean && !FieldProblem("name", *field, 200);
        }
        if (!clean) {
            continue;
        }
        if (const auto badge = j.find("badge");
            badge != j.end() && badge->is_string() &&
            badge->get_ref<const std::string&>().size() <= kLongestBadge) {
            badges[r->id] = badge->get<std::string>();
        }
        batch.provisional.push_back(std::move(r).value());
    }
}

// Why the central cannot take `r` as the kiosk says, if it cannot: a signed badge that does not
// verify or names someone else, or no badge and no walk-in check-in (manual, by a staff member).
std::optional<std::string> VoucherProblem(const PushRules& rules, const core::Registrant& r,
                                          const std::string* badge, const PushBatch& batch) {
    if (badge != nullptr) {
        const scanner::BadgeClaim claim = rules.readBadge(*badge);
        if (!claim.valid() || claim.format != scanner::ClaimFormat::SignedBadge) {
            return "its badge does not verify" +
                   (claim.reason.empty() ? std::string() : " (" + claim.reason + ")");
        }
        if (claim.registrantId != r.id || claim.givenName != r.givenName ||
            claim.familyName != r.familyName) {
            return std::string("its badge names someone else");
        }
        return std::nullopt;
    }
    bool walkIn = false;
    for (const auto& e : batch.attendance) {
        if (e.registrantId != r.id) {
            continue;
        }
        if (e.kind != core::EventKind::ManualCheckIn || e.staffId.empty()) {
            return std::string("it came with no signed badge and was not admitted by staff");
        }
        walkIn = true;
    }
    if (!walkIn) {
        return std::string("it came with no signed badge and no walk-in check-in");
    }
    return std::nullopt;
}

// A provisional registrant the central does not list yet is taken only on evidence it can
// check (VoucherProblem); the others are dropped, with the reason their events are refused for.
std::map<std::string, std::string>
VouchForProvisional(const PushRules& rules, const std::map<std::string, std::string>& badges,
                    const std::set<std::string>& listed, PushBatch& batch) {
    std::map<std::string, std::string> problems;
    if (!rules.readBadge || batch.provisional.empty()) {
        return problems;
    }
    std::vector<core::Registrant> kept;
    for (auto& r : batch.provisional) {
        const auto badge = badges.find(r.id);
        const auto problem =
            listed.contains(r.id)
                ? std::nullopt
                : VoucherProblem(rules, r, badge != badges.end() ? &badge->second : nullptr, batch);
        if (problem) {
            problems[r.id] = *problem;
        } else {
            kept.push_back(std::move(r));
        }
    }
    batch.provisional = std::move(kept);
    return problems;
}

// Refuses the attendance events whose registrant the central does not list and the batch does
// not bring: they would count in the official report as people nobody registered.
void RefuseUnknownRegistrants(const std::set<std::string>& listed, PushBatch& batch,
                              const std::map<std::string, std::string>& problems) {
    std::set<std::string> known = listed;
    for (const auto& r : batch.provisional) {
        known.insert(r.id);
    }
    std::vector<core::AttendanceEvent> kept;
    for (auto& e : batch.attendance) {
        if (known.contains(e.registrantId)) {
            kept.push_back(std::move(e));
        } else {
            const auto problem = problems.find(e.registrantId);
            batch.refused.push_back(RefusedItem{
                e.uuid, "attendance event " + e.uuid + ": registrant \"" + e.registrantId +
                            "\" is not on the central's list" +
                            (problem != problems.end() ? " and " + problem->second : "")});
        }
    }
    batch.attendance = std::move(kept);
}

} // namespace

ApiResult<PushBatch> ParsePushBody(std::string_view body, const std::string& kioskId, int maxEvents,
                                   const PushRules& rules) {
    const json j = json::parse(body, nullptr, false);
    if (j.is_discarded()) {
        return Refuse(ApiError::MalformedJson, "the body is not JSON");
    }
    if (!j.is_object()) {
        return Refuse(ApiError::InvalidRequest, "the body must be a JSON object");
    }
    const json* attendance = ArrayField(j, "attendance");
    const json* audit = ArrayField(j, "audit");
    const json* registrants = ArrayField(j, "registrants");
    if (attendance == nullptr || audit == nullptr || registrants == nullptr) {
        return Refuse(ApiError::InvalidRequest,
                      R"("attendance", "audit" and "registrants" must be arrays)");
    }
    // Counted before any item is parsed, so an oversized batch costs no parsing.
    const auto limit = static_cast<std::size_t>(maxEvents);
    if (attendance->size() + audit->size() > limit || registrants->size() > limit) {
        return Refuse(ApiError::InvalidRequest,
                      "at most " + std::to_string(maxEvents) + " events per request");
    }
    PushBatch batch;
    batch.kioskId = kioskId;
    std::map<std::string, std::string> badges;
    ReadProvisional(*registrants, batch, badges);
    ReadAttendance(*attendance, kioskId, rules, batch);
    ReadAudit(*audit, kioskId, rules, batch);
    if (!rules.listedAmong) {
        return batch; // nothing to check the registrants against
    }
    // One look-up for everyone the batch names: its events' registrants and those it brings.
    std::set<std::string> named;
    for (const auto& e : batch.attendance) {
        named.insert(e.registrantId);
    }
    for (const auto& r : batch.provisional) {
        named.insert(r.id);
    }
    const std::set<std::string> listed = rules.listedAmong(named);
    const auto problems = VouchForProvisional(rules, badges, listed, batch);
    RefuseUnknownRegistrants(listed, batch, problems);
    return batch;
}

StatusAnswer AnswerForStatus(int status) {
    if (status == 413) {
        return {413, ApiError::BodyTooLarge, "the request body is too large"};
    }
    if (status == 404) {
        return {404, ApiError::NotFound, "no such path"};
    }
    if (status >= 500) {
        return {HttpStatus(ApiError::Internal), ApiError::Internal, "internal error"};
    }
    return {status, ApiError::InvalidRequest, "bad request"};
}

} // namespace accueil::sync
