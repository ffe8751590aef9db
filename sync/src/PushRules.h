// SPDX-License-Identifier: Apache-2.0
#pragma once

// What a pushed audit line does to the central's list, apart from any database, so that every
// central backend applies a door's holds and re-issued badges the same way.

#include <accueil/core/AttendanceStore.h>
#include <accueil/core/Result.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace accueil::sync {

/// The hold note a `hold_placed` or `hold_cleared` line sets on its registrant ("" clears it),
/// or nullopt when the line changes no hold: another action, no registrant, or a hold without
/// its note (it could not be shown). Pure; any thread.
std::optional<std::string> HoldNoteOf(const core::AuditEntry& a);

/// The badge version a `badge_reissued` line raises its registrant to, or nullopt when the line
/// carries no version a badge can carry (2..65535). Pure; any thread.
std::optional<std::int64_t> ReissuedVersionOf(const core::AuditEntry& a);

/// The refusal of a photo import that names registrants not on the list (`unlisted`, not
/// empty): Input, naming the first and how many more. Pure; any thread.
core::Error UnlistedPhotos(const std::vector<std::string>& unlisted);

} // namespace accueil::sync
