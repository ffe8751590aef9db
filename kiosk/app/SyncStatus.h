// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "CoreTypes.h"

#include <accueil/core/EventCalendar.h>

#include <cstdint>
#include <optional>
#include <string>

namespace accueil::kiosk::app {

/// What the panel and the status line show about sync. Fed from the store's outbox size until
/// the sync client posts its own state here.
struct SyncStatus {
    bool configured = false;              ///< a central URL is set
    bool online = false;                  ///< the last exchange succeeded
    std::optional<UtcMillis> lastSuccess; ///< when the last exchange succeeded
    int queueLength = 0;                  ///< events waiting to be pushed
    int setAside = 0;                     ///< events the central refused (kept, with reasons)
    std::string lastError; ///< the last failed round's message (English); empty when none
    /// What kind of failure it was: "network", "server", "auth", "data", "storage" or
    /// "config" (sync's SyncErrorKind), for the sentence staff read in their language.
    std::string lastErrorKind;
    /// Minutes without a successful round, once that is at least [central]
    /// offline_alert_minutes: staff are asked to check the network (OfflineAlertMinutes).
    std::optional<long long> offlineMinutes;
};

/// How long the kiosk has gone without contact, when it is long enough to tell staff: the
/// whole minutes since `lastSuccess` (or, before any success, since `syncStarted`) when they
/// reach `alertMinutes`; nullopt before that, and always when `alertMinutes` is 0 (off). Pure.
inline std::optional<long long> OfflineAlertMinutes(std::optional<UtcMillis> lastSuccess,
                                                    UtcMillis syncStarted, UtcMillis now,
                                                    int alertMinutes) {
    if (alertMinutes <= 0) {
        return std::nullopt;
    }
    const long long minutes = (now - lastSuccess.value_or(syncStarted)) / 60'000;
    if (minutes < alertMinutes) {
        return std::nullopt;
    }
    return minutes;
}

/// The camera as the panel shows it.
enum class CameraState { None, Starting, Running, Failed };

/// The newest camera frame, uploaded for the waiting screen (0 = none yet).
struct CameraPreview {
    std::uintptr_t texture = 0;
    int width = 0;
    int height = 0;
};

} // namespace accueil::kiosk::app
