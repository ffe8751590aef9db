// SPDX-License-Identifier: Apache-2.0
#pragma once

// The central's request checks that need neither a socket nor a store: the bearer token, an
// integer query parameter, a push body, and the error answer for a status the HTTP library set
// itself. Internal to the sync library (the routes use them; tests/sync tests them directly).

#include <accueil/Result.h>
#include <accueil/core/EventCalendar.h>
#include <accueil/scanner/BadgeClaim.h>
#include <accueil/sync/CentralStore.h>
#include <accueil/sync/Protocol.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <string_view>

namespace accueil::sync {

/// A refused or failed request: the stable code and the message the kiosk logs.
struct ApiFailure {
    ApiError code = ApiError::InvalidRequest;
    std::string message;
    std::optional<int> retryAfterSeconds; ///< sent as Retry-After (the central's own failures)
};

/// A value, or the answer that refuses the request.
template <class T> using ApiResult = accueil::Result<T, ApiFailure>;

/// The token of an `Authorization` header value "Bearer <token>"; Unauthorized when the scheme
/// is not exactly "Bearer " or the token is empty. The view points into `header`. Any thread.
ApiResult<std::string_view> BearerToken(std::string_view header);

/// The decimal integer `text` of the query parameter `name`, from 0 to `max`; InvalidRequest
/// naming the parameter otherwise (signs, spaces, trailing text and overflow included). Any
/// thread.
ApiResult<std::int64_t> ParseQueryInteger(std::string_view name, std::string_view text,
                                          std::int64_t max);

/// What a pushed item is checked against besides its shape.
struct PushRules {
    const core::EventCalendar* calendar = nullptr; ///< the event's days; null: not checked
    core::UtcMillis now = 0;                       ///< the central's clock
    /// The registrants the central lists among those the batch names (provisional ones the
    /// batch carries count too); null: not checked.
    std::function<std::set<std::string>(const std::set<std::string>&)> listedAmong;
    /// Reads a badge as the doors do, with the event's keys: a provisional registrant the
    /// central does not list yet is taken only on a signed badge that verifies and names them,
    /// or (a walk-in) on manual check-ins by a named staff member. Null: not checked.
    std::function<scanner::BadgeClaim(std::string_view)> readBadge;
};

/// Parses and checks a push body for the kiosk `kioskId`. The whole request is refused only
/// when it cannot be read: MalformedJson when it is not JSON; InvalidRequest when it is not an
/// object, a list is not an array, or there are more than `maxEvents` events (attendance and
/// audit together) or provisional registrants. Each item is then checked on its own (shape,
/// UUID syntax, kiosk, meeting day, time within a day of the central's clock and not before
/// the event, a registrant the central knows, field lengths and characters): a bad one goes to
/// `refused` with its reason and the rest is kept, so one bad event never blocks a kiosk's
/// outbox. Audit lines that name no kiosk are given this one. Any thread.
ApiResult<PushBatch> ParsePushBody(std::string_view body, const std::string& kioskId, int maxEvents,
                                   const PushRules& rules = {});

/// The JSON error answer for a request the HTTP library refused before any route ran.
struct StatusAnswer {
    int status = 0; ///< the status to send
    ApiError code = ApiError::InvalidRequest;
    std::string message;
};

/// 413 → body_too_large, 404 → not_found, any 5xx → 500 internal; any other status is kept
/// and answered as invalid_request ("bad request"). Any thread.
StatusAnswer AnswerForStatus(int status);

} // namespace accueil::sync
