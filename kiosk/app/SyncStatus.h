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
    std::string lastError;                ///< empty when none
};

/// The camera as the panel shows it.
enum class CameraState { None, Starting, Running, Failed };

/// The newest camera frame, uploaded for the waiting screen (0 = none yet).
struct CameraPreview {
    std::uintptr_t texture = 0;
    int width = 0;
    int height = 0;
};

} // namespace accueil::kiosk::app
