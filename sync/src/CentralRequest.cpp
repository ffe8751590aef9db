// SPDX-License-Identifier: Apache-2.0
// Request checks of the central (docs/sync-protocol.md). A push is checked whole before the
// store sees any of it: a bad request writes nothing.

#include "CentralRequest.h"

#include <charconv>

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

ApiResult<void> ReadAttendance(const json& list, const std::string& kioskId, PushBatch& batch) {
    for (const json& j : list) {
        auto e = AttendanceFromJson(j);
        if (!e) {
            return Refuse(ApiError::InvalidRequest, e.error().message);
        }
        if (e->kioskId != kioskId) {
            return Refuse(ApiError::KioskMismatch, "event " + e->uuid + " names kiosk \"" +
                                                       e->kioskId + "\", not this token's");
        }
        // Any well-formed day is taken (not only meeting days): one event the central refused
        // for ever would block the kiosk's outbox behind it.
        batch.attendance.push_back(std::move(e).value());
    }
    return Ok{};
}

ApiResult<void> ReadAudit(const json& list, const std::string& kioskId, PushBatch& batch) {
    for (const json& j : list) {
        auto a = AuditFromJson(j);
        if (!a) {
            return Refuse(ApiError::InvalidRequest, a.error().message);
        }
        if (a->kioskId.empty()) {
            a->kioskId = kioskId; // lines written by local tools (e.g. an import) carry none
        } else if (a->kioskId != kioskId) {
            return Refuse(ApiError::KioskMismatch, "audit line " + a->uuid + " names kiosk \"" +
                                                       a->kioskId + "\", not this token's");
        }
        batch.audit.push_back(std::move(a).value());
    }
    return Ok{};
}

ApiResult<void> ReadProvisional(const json& list, PushBatch& batch) {
    for (const json& j : list) {
        auto r = RegistrantFromJson(j);
        if (!r) {
            return Refuse(ApiError::InvalidRequest, r.error().message);
        }
        batch.provisional.push_back(std::move(r).value());
    }
    return Ok{};
}

} // namespace

ApiResult<PushBatch> ParsePushBody(std::string_view body, const std::string& kioskId,
                                   int maxEvents) {
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
    if (auto read = ReadAttendance(*attendance, kioskId, batch); !read) {
        return std::move(read).error();
    }
    if (auto read = ReadAudit(*audit, kioskId, batch); !read) {
        return std::move(read).error();
    }
    if (auto read = ReadProvisional(*registrants, batch); !read) {
        return std::move(read).error();
    }
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
