// SPDX-License-Identifier: Apache-2.0
#pragma once

// A kiosk the central revoked erases the personal data it holds (docs/security.md). Only an
// explicit revocation does: a 401 is a wrong or mistyped token, which staff can fix.

#include <accueil/core/AttendanceStore.h>
#include <accueil/core/PersonalDataWipe.h>
#include <accueil/core/Result.h>
#include <accueil/sync/SyncClient.h>

#include <string>

namespace accueil::sync {

/// True when the central answered 403 `token_revoked`. Pure.
bool IsRevocation(const SyncError& error);
/// True when a step of the round met a revocation. Pure.
bool IsRevocation(const RoundReport& report);

/// Wipes the store (core::WipePersonalData) and empties the token file, so neither the names
/// nor the credential stay on the device. Errors: Storage (the store; see WipePersonalData),
/// Config (the token file could not be emptied; the store was wiped). Thread: the store's.
core::Result<core::WipeSummary> WipeRevokedKiosk(core::AttendanceStore& store,
                                                 const std::string& tokenFile, core::UtcMillis now);

/// The one line both the headless sync and the kiosk's journal say after a wipe.
std::string RevokedMessage(const core::WipeSummary& summary);

} // namespace accueil::sync
