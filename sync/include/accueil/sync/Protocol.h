// SPDX-License-Identifier: Apache-2.0
#pragma once

// The wire format of the sync protocol (docs/sync-protocol.md): JSON shapes of registrants,
// attendance events and audit lines, and the stable error codes. Shared by client and server.

#include <accueil/core/Attendance.h>
#include <accueil/core/AttendanceStore.h>
#include <accueil/core/Registrant.h>
#include <accueil/core/Result.h>
#include <accueil/core/StoreRows.h>

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace accueil::sync {

using core::Error;
using core::ErrorKind;
using core::Result;

/// Every path of this protocol version starts with this.
inline constexpr std::string_view kApiPrefix = "/v1";

/// Stable error codes of the `{"error": {"code": …, "message": …}}` body.
enum class ApiError {
    Unauthorized,       ///< 401: no token, or one the central does not know
    TokenRevoked,       ///< 403: the kiosk's token was revoked
    BodyTooLarge,       ///< 413: request body over the limit
    MalformedJson,      ///< 400: the body is not JSON
    InvalidRequest,     ///< 422: JSON, but not a valid request (missing field, bad value)
    CursorAhead,        ///< 409: a cursor the central never issued (from the future)
    CursorUnknown,      ///< 409: a cursor whose check names a change the central does not hold
    KioskMismatch,      ///< 422: an event claims another kiosk than the token's
    NotFound,           ///< 404: no such path
    Internal,           ///< 500: the central failed (its storage); retry later
    HeaderTimeout,      ///< 408: the request's head did not arrive within the header deadline
    HeadTooLarge,       ///< 431: the request's head is over the limit
    Busy,               ///< 503: the central is at its connection limit; retry later
    EnrolmentUnknown,   ///< 403: no such enrolment code
    EnrolmentUsed,      ///< 403: the enrolment code was used already
    EnrolmentExpired,   ///< 403: the enrolment code's time ran out
    EnrolmentThrottled, ///< 429: too many refused codes from this address; retry later
};

/// The code's name on the wire ("unauthorized", "cursor_ahead", …).
std::string_view ToString(ApiError code);
/// The HTTP status that goes with the code.
int HttpStatus(ApiError code);
/// The JSON error body.
std::string ErrorBody(ApiError code, std::string_view message);

nlohmann::json ToJson(const core::Registrant& r);
nlohmann::json ToJson(const core::AttendanceEvent& e);
/// Appends the same object as ToJson(r).dump() without building a DOM (the initial download
/// of a large list spends most of its server time here). Any thread.
void AppendJson(std::string& out, const core::Registrant& r);
nlohmann::json ToJson(const core::AuditEntry& a);
/// {"id": …, "jpeg": base64 of the JPEG, or null for a photo removed}. Any thread.
nlohmann::json ToJson(const core::rows::PhotoChange& p);

/// Parse one object of the wire format. Errors (Input) say which field is wrong.
/// Any thread.
Result<core::Registrant> RegistrantFromJson(const nlohmann::json& j);
Result<core::AttendanceEvent> AttendanceFromJson(const nlohmann::json& j);
Result<core::AuditEntry> AuditFromJson(const nlohmann::json& j);
/// A photo change: "id" a registrant ID, "jpeg" null or the base64 of a JPEG that fits a stored
/// photo (core::IsStoredPhoto). `seq` is left 0.
Result<core::rows::PhotoChange> PhotoFromJson(const nlohmann::json& j);

} // namespace accueil::sync
