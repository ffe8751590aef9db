// SPDX-License-Identifier: Apache-2.0
#pragma once

// The central's request checks that need neither a socket nor a store: the bearer token, an
// integer query parameter, a push body, and the error answer for a status the HTTP library set
// itself. Internal to the sync library (the routes use them; tests/sync tests them directly).

#include <accueil/Result.h>
#include <accueil/sync/CentralStore.h>
#include <accueil/sync/Protocol.h>

#include <cstdint>
#include <optional>
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

/// Parses and checks a whole push body for the kiosk `kioskId`: MalformedJson when it is not
/// JSON; InvalidRequest when it is not an object, a list is not an array, there are more than
/// `maxEvents` events (attendance and audit together) or provisional registrants, or any item
/// is invalid; KioskMismatch when an item names another kiosk. Audit lines that name no kiosk
/// are given this one. Nothing is returned unless every item is good. Any thread.
ApiResult<PushBatch> ParsePushBody(std::string_view body, const std::string& kioskId,
                                   int maxEvents);

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
