// SPDX-License-Identifier: Apache-2.0
#pragma once

// Requests to Indico's check-in API with typed errors and bounded retries. Internal to the
// sync library (Indico.h is the public side).

#include <accueil/sync/HttpClient.h>
#include <accueil/sync/Indico.h>

#include <nlohmann/json.hpp>

#include <random>
#include <string>

namespace accueil::sync {

/// One connection to one Indico event's check-in API. One thread.
class IndicoApi {
public:
    IndicoApi(const IndicoConfig& config, std::string token, const IndicoRunOptions& options);

    /// "/api/checkin/event/<id>" + `rest`.
    std::string eventPath(const std::string& rest) const;

    /// GET `path` (from the site's root) as JSON. Errors: every IndicoErrorKind but Config and
    /// Storage; a Data error names the path and what was wrong.
    IndicoResult<nlohmann::json> getJson(const std::string& path);
    /// GET `path` as bytes (a picture). Errors: as getJson.
    IndicoResult<std::string> getBytes(const std::string& path);
    /// PATCH a JSON body to `path`; the answer as JSON. Errors: as getJson.
    IndicoResult<nlohmann::json> patchJson(const std::string& path, const nlohmann::json& body);

private:
    IndicoResult<std::string> request(const std::string& path, const std::string* patchBody);
    bool wait(Millis delay) const;

    HttpClient m_http;
    std::int64_t m_eventId;
    IndicoRunOptions m_options;
    std::mt19937_64 m_random;
};

/// Fails with a Data error naming `path` and `what` (for the callers' checks of an answer).
IndicoError BadAnswer(const std::string& path, const std::string& what);

} // namespace accueil::sync
