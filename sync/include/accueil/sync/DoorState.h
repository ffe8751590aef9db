// SPDX-License-Identifier: Apache-2.0
#pragma once

// One door as a central process last heard from it: the record DoorStates keeps in memory and
// that the central instances over one PostgreSQL database share (CentralStore::shareDoors).

#include <accueil/core/EventCalendar.h>

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <utility>

namespace accueil::sync {

/// What a door says of itself in the headers of its sync requests (docs/sync-protocol.md,
/// "The door's state"). Every part is optional: an older kiosk sends none.
struct DoorReport {
    std::string version;                        ///< "Accueil-Version", e.g. "0.9.0"
    std::optional<std::int64_t> queue;          ///< "Accueil-Queue": events waiting to be sent
    std::optional<core::UtcMillis> lastErrorAt; ///< "Accueil-Last-Error": when, and
    std::string lastError;                      ///< what (its last failed round)
};

/// One door as the central last heard from it.
struct DoorState {
    std::string kioskId;
    core::UtcMillis lastSeen = 0; ///< its last authenticated request
    std::string address;          ///< where that request came from
    DoorReport report;            ///< what it said of itself then
    /// Its queue as it changed over its last requests, oldest first (at most kQueueSamples):
    /// one sample per value in a row, at the time it was last said (every request of a round
    /// says the same). The "queue growing" alert reads it.
    std::deque<std::pair<core::UtcMillis, std::int64_t>> queueSamples;
};

inline constexpr std::size_t kQueueSamples = 8;

} // namespace accueil::sync
