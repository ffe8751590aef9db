// SPDX-License-Identifier: Apache-2.0
#pragma once

// Indico's check-in answers read strictly (every field we use present and of its type), and
// the registrants they make. Pure; internal to the sync library.

#include <accueil/sync/Indico.h>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace accueil::sync {

/// A field of a registration form with the registrant's answer.
struct IndicoField {
    std::string title;
    std::string inputType;
    nlohmann::json data;
    nlohmann::json choices; ///< single/multi choice fields: [{id, caption}, …]
};

/// An accompanying person of a registration.
struct IndicoPerson {
    std::string uuid; ///< lower-case canonical
    std::string firstName;
    std::string lastName;
};

/// One registration, from the list (no fields or persons) or its details.
struct IndicoRegistration {
    std::int64_t id = 0;
    std::int64_t formId = 0;
    std::string ticket; ///< checkin_secret, lower-case canonical UUID
    std::string state;
    bool checkedIn = false;
    std::string fullName;
    std::vector<std::string> tags; ///< titles
    std::string picture;           ///< personal_data_picture (a URL path), or empty
    std::vector<IndicoField> fields;
    std::vector<IndicoPerson> persons;
};

/// The lower-case canonical form of a UUID (8-4-4-4-12 hex digits), or empty when `text` is
/// not one.
std::string CanonicalUuid(const std::string& text);

/// Checks the event answer (its id must be `eventId`). Errors: Data naming `path`.
IndicoResult<std::string> ParseEvent(const nlohmann::json& answer, const std::string& path,
                                     std::int64_t eventId);
/// The ids of the forms answer. Errors: Data naming `path`.
IndicoResult<std::vector<std::int64_t>> ParseForms(const nlohmann::json& answer,
                                                   const std::string& path);
/// One registration; with `details`, its registration_data too. Errors: Data naming `path`
/// and what was wrong.
IndicoResult<IndicoRegistration> ParseRegistration(const nlohmann::json& answer,
                                                   const std::string& path, bool details);

/// A registrant as Indico describes it: what Indico carries, applied over the stored row.
struct PulledRegistrant {
    std::string id; ///< the registration id, or "<host id>-<8 hex>" for an accompanying person
    std::string ticket;
    std::string givenName;
    std::string familyName;
    core::RegistrantStatus status = core::RegistrantStatus::Active;
    /// Our fields Indico gave a value: gender, delegation, category, role, language, hold.
    std::map<std::string, std::string> values;
    int host = -1; ///< for an accompanying person, the index of the host in the list
};

/// The registrants `registrations` make under `config` (each host followed by its accompanying
/// persons). Errors: Data naming the registration, the field and the value (a gender we do
/// not know, an answer we cannot read).
IndicoResult<std::vector<PulledRegistrant>>
MapRegistrations(const std::vector<IndicoRegistration>& registrations, const IndicoConfig& config);

/// The batches a pull writes over `current`: [0] every pulled registrant (a stored one with
/// the same ticket, or else the same ID, is updated in place and keeps what Indico does not
/// carry), [1] pulled before (a ticket, not provisional) and missing now: cancelled.
RegistrantBatches PlanPull(const std::vector<PulledRegistrant>& pulled,
                           const std::vector<core::Registrant>& current);

} // namespace accueil::sync
