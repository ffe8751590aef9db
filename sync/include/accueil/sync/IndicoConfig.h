// SPDX-License-Identifier: Apache-2.0
#pragma once

// The [indico] table of central.toml: where the central pulls the registration list from
// (Indico's check-in API) and how Indico's registrations become registrants.

#include <accueil/core/Registrant.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace accueil::sync {

/// What a registration tag does to its registrant ([indico.tags]).
struct IndicoTagAction {
    enum class Kind { Hold, Category };
    Kind kind = Kind::Hold;
    std::string value; ///< the hold note, or the category
};

/// [indico] in central.toml.
struct IndicoConfig {
    std::string url; ///< e.g. "https://indico.example.org", no trailing slash
    std::int64_t eventId = 0;
    std::string tokenFile; ///< resolved against central.toml's folder; holds the API token
    std::vector<std::int64_t> forms; ///< registration form ids; empty = every form of the event
    /// Between scheduled pulls in `accueil central serve`; zero = none. From `interval_minutes`
    /// (fractions allowed: 0.5 = 30 s).
    std::chrono::milliseconds interval{0};
    bool pushCheckins = false;
    std::string caFile; ///< extra CA bundle for https, resolved like tokenFile
    /// Indico's registration state -> our status; every state has an entry.
    std::map<std::string, core::RegistrantStatus> states;
    std::map<std::string, IndicoTagAction> tags; ///< tag title -> action
    /// Registration-form field title -> our field (gender, delegation, category, role, language).
    std::map<std::string, std::string> fields;
};

/// Indico's registration states, in its own order (RegistrationState).
inline const std::vector<std::string>& IndicoStates() {
    static const std::vector<std::string> kStates{"complete", "pending", "rejected", "withdrawn",
                                                  "unpaid"};
    return kStates;
}

} // namespace accueil::sync
