// SPDX-License-Identifier: Apache-2.0
// Indico's check-in API over the sync HTTP client: which failures are retried, and what an
// operator is told to check for the ones that are not.

#include "IndicoApi.h"

#include <thread>

namespace accueil::sync {

namespace {

// Indico answers errors as {"error": {"title": …, "message": …}}; an OAuth refusal may carry
// a plain string instead.
std::string IndicoMessage(const std::string& body) {
    const auto json = nlohmann::json::parse(body, nullptr, false);
    if (!json.is_object() || !json.contains("error")) {
        return {};
    }
    const auto& error = json["error"];
    if (error.is_string()) {
        return error.get<std::string>();
    }
    if (error.is_object()) {
        for (const char* key : {"message", "title"}) {
            if (error.contains(key) && error[key].is_string() &&
                !error[key].get<std::string>().empty()) {
                return error[key].get<std::string>();
            }
        }
    }
    return {};
}

std::string Hint(long status) {
    switch (status) {
    case 401:
        return "check token_file: the token is wrong, expired or revoked";
    case 403:
        return "check that the token has the `registrants` scope and that its owner may manage "
               "the event's registrations (or check them in)";
    case 404:
        return "check event_id and forms, and that the event and its forms still exist";
    default:
        return "";
    }
}

IndicoError StatusError(const std::string& path, const HttpResponse& response) {
    const std::string said = IndicoMessage(response.body);
    std::string message = "Indico answered " + std::to_string(response.status) + " to " + path +
                          (said.empty() ? "" : ": " + said);
    if (const std::string hint = Hint(response.status); !hint.empty()) {
        message += " (" + hint + ")";
    }
    IndicoErrorKind kind = IndicoErrorKind::Data;
    if (response.status == 401 || response.status == 403) {
        kind = IndicoErrorKind::Auth;
    } else if (response.status == 404) {
        kind = IndicoErrorKind::NotFound;
    } else if (response.status == 429 || response.status >= 500) {
        kind = IndicoErrorKind::Server;
    }
    return IndicoError{kind, message};
}

// The parser's own words say where the text stopped being JSON (a cut body ends early).
IndicoResult<nlohmann::json> ParseAnswer(const std::string& path, IndicoResult<std::string> body) {
    if (!body) {
        return std::move(body).error();
    }
    try {
        return nlohmann::json::parse(*body);
    } catch (const nlohmann::json::parse_error& e) {
        return BadAnswer(path, "not valid JSON (" + std::to_string(body->size()) + " bytes; " +
                                   e.what() + ")");
    }
}

bool Transient(long status) {
    return status == 429 || status == 502 || status == 503 || status == 504;
}

} // namespace

IndicoError BadAnswer(const std::string& path, const std::string& what) {
    return IndicoError{IndicoErrorKind::Data,
                       "unusable answer from Indico to " + path + ": " + what};
}

IndicoApi::IndicoApi(const IndicoConfig& config, std::string token, const IndicoRunOptions& options)
    : m_http(HttpOptions{config.url, std::move(token), 5000, options.timeoutMs, config.caFile,
                         options.cancel, true}),
      m_eventId(config.eventId), m_options(options), m_random(std::random_device{}()) {}

std::string IndicoApi::eventPath(const std::string& rest) const {
    return "/api/checkin/event/" + std::to_string(m_eventId) + rest;
}

bool IndicoApi::wait(Millis delay) const {
    if (m_options.wait) {
        return m_options.wait(delay);
    }
    std::this_thread::sleep_for(delay);
    return m_options.cancel == nullptr || !m_options.cancel->load();
}

IndicoResult<std::string> IndicoApi::request(const std::string& path,
                                             const std::string* patchBody) {
    IndicoError last;
    for (int attempt = 1; attempt <= m_options.attempts; ++attempt) {
        if (m_options.cancel != nullptr && m_options.cancel->load()) {
            return IndicoError{IndicoErrorKind::Cancelled, "stopped"};
        }
        HttpResult r = patchBody != nullptr ? m_http.patch(path, *patchBody) : m_http.get(path);
        std::optional<Millis> retryAfter;
        if (!r) {
            if (r.error().cancelled) {
                return IndicoError{IndicoErrorKind::Cancelled, "stopped"};
            }
            last = IndicoError{IndicoErrorKind::Network, "no complete answer from Indico to " +
                                                             path + ": " + r.error().message};
        } else if (r->status >= 200 && r->status < 300) {
            return std::move(r->body);
        } else if (!Transient(r->status)) {
            return StatusError(path, *r);
        } else {
            last = StatusError(path, *r);
            if (r->retryAfterSeconds) {
                retryAfter = std::chrono::seconds(*r->retryAfterSeconds);
            }
        }
        if (attempt < m_options.attempts &&
            !wait(BackoffDelay(m_options.backoff, attempt, UnitFromBits(m_random()), retryAfter))) {
            return IndicoError{IndicoErrorKind::Cancelled, "stopped"};
        }
    }
    last.message += " (after " + std::to_string(m_options.attempts) + " attempts)";
    return last;
}

IndicoResult<nlohmann::json> IndicoApi::getJson(const std::string& path) {
    return ParseAnswer(path, request(path, nullptr));
}

IndicoResult<std::string> IndicoApi::getBytes(const std::string& path) {
    return request(path, nullptr);
}

IndicoResult<nlohmann::json> IndicoApi::patchJson(const std::string& path,
                                                  const nlohmann::json& body) {
    const std::string text = body.dump();
    return ParseAnswer(path, request(path, &text));
}

} // namespace accueil::sync
