// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace accueil::core {

enum class RegistrantStatus { Active, Cancelled };

/// One person on the registration list, as the kiosk knows them.
struct Registrant {
    std::string id; ///< stable registration ID, printed on the badge
    std::string givenName;
    std::string familyName;
    std::string delegation;        ///< the State or organisation they represent
    std::string category;          ///< e.g. "State Party", "NGO", "Media"
    std::string role;              ///< e.g. "Head of delegation"
    std::string gender;            ///< female | male | other | undisclosed (aggregate reports only)
    std::vector<std::string> days; ///< meeting days they may attend; empty = every day
    RegistrantStatus status = RegistrantStatus::Active;
    std::int64_t badgeVersion = 1; ///< raised when a badge is re-issued
    std::string holdNote;          ///< non-empty = "see the desk"
    std::string ticket;            ///< Indico ticket UUID, when imported
    std::string language;          ///< preferred language code, when known
    bool provisional = false;      ///< walk-in or admitted from a badge before the list knew them
    std::string attention;         ///< non-empty = admit, and show staff this note

    /// Whether the registration covers that day (the event's own days are checked apart).
    bool validOn(std::string_view day) const;

    /// "Given Family", or whichever is present.
    std::string displayName() const;

    bool operator==(const Registrant&) const = default;
};

/// Canonical gender value (female, male, other, undisclosed) for a free-text entry in any of
/// the six UN languages ("F", "Femme", "Mujer", "Женщина", "女", "أنثى", "x", ""), matched
/// trimmed and case-insensitively; empty when the text is not one we recognise. The words are
/// in kiosk/core/src/Gender.cpp and docs/configuration.md. Pure; any thread.
std::string NormalizeGender(std::string_view text);

const char* ToString(RegistrantStatus status);

} // namespace accueil::core
