// SPDX-License-Identifier: Apache-2.0
#pragma once

// What the central knows of each door: when it last heard from it, and what the door said of
// itself on its last request (its software version, its queue of events waiting to be sent,
// its last sync error). Kept in memory by each central process, from the requests it answers:
// after a restart a door is unknown until its next round (a few seconds). Central instances
// over one PostgreSQL database also write what they heard to it every few seconds
// (CentralStore::shareDoors), so each one's dashboard shows the doors that sync through the
// others (MergeDoors). The dashboard shows it; DoorAlerts says which doors need someone's
// attention.

#include <accueil/core/Config.h>
#include <accueil/sync/CentralStore.h>
#include <accueil/sync/DoorState.h>

#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace accueil::sync {

/// The header names and their limits. A value out of its limits is ignored, not stored.
inline constexpr const char* kVersionHeader = "Accueil-Version";
inline constexpr const char* kQueueHeader = "Accueil-Queue";
inline constexpr const char* kLastErrorHeader = "Accueil-Last-Error";
inline constexpr std::size_t kMaxVersionBytes = 40;
inline constexpr std::size_t kMaxErrorBytes = 300;

/// The "Accueil-Last-Error" value for an error at `at`: "<UTC millis> <message>", the message
/// cut to kMaxErrorBytes at a character boundary, with bytes outside printable ASCII and "%"
/// percent-encoded (a header carries no line break and no raw UTF-8).
std::string EncodeLastError(core::UtcMillis at, const std::string& message);
/// The headers' values read back; what is malformed or too long is left out.
DoorReport ParseDoorReport(const std::string& version, const std::string& queue,
                           const std::string& lastError);

/// The doors heard from since this process started. Any thread.
class DoorStates {
public:
    explicit DoorStates(core::UtcMillis startedAt) : m_startedAt(startedAt) {}

    /// `kioskId` made an authenticated request at `now` from `address`, saying `report`.
    void heard(const std::string& kioskId, core::UtcMillis now, const std::string& address,
               const DoorReport& report);
    /// Every door heard from, by kiosk id.
    std::vector<DoorState> all() const;
    /// The doors heard from since the last call, as they stand now; the next call starts
    /// afresh. For writing them where the other central instances read them.
    std::vector<DoorState> takeChanged();
    /// Marks these doors changed again (writing them failed; the next take retries them).
    void markChanged(const std::vector<DoorState>& doors);
    /// When this process started listening (a door not heard from since is "not heard from
    /// since the central started").
    core::UtcMillis startedAt() const { return m_startedAt; }

private:
    const core::UtcMillis m_startedAt;
    mutable std::mutex m_mutex;
    std::map<std::string, DoorState> m_doors;
    std::set<std::string> m_changed;
};

/// This process's doors and the ones the central instances wrote to the database, one per
/// kiosk: the one heard from last. By kiosk id.
std::vector<DoorState> MergeDoors(std::vector<DoorState> mine, std::vector<DoorState> shared);

/// A door as the JSON text the central instances share (its report, address, queue samples).
std::string DoorStateJson(const DoorState& door);
/// The door of DoorStateJson's text; Storage error naming what is wrong.
core::Result<DoorState> ParseDoorStateJson(const std::string& kioskId, const std::string& text);

/// A door that needs someone's attention.
struct DoorAlert {
    enum class Kind {
        Silent,       ///< not heard from for kSilentAfter (or never, since the central started)
        QueueGrowing, ///< its queue grew at each of its last kGrowingRounds reports
        Failing,      ///< its last round failed, after its previous report
    };
    Kind kind = Kind::Silent;
    std::string kioskId;
    /// For Silent: since when (its last request, or the central's start); for QueueGrowing:
    /// the latest queue length; for Failing: the error's time.
    std::int64_t value = 0;
};

inline constexpr core::UtcMillis kSilentAfter = 120'000;
inline constexpr std::size_t kGrowingRounds = 3;

/// "silent", "queue_growing", "failing".
const char* ToString(DoorAlert::Kind kind);

/// The alerts at `now` over the registered doors `kiosks` (revoked ones are left out) and the
/// doors heard from. A door silent since the central started is an alert only once the central
/// has run for kSilentAfter. Sorted by kiosk id, then kind.
std::vector<DoorAlert> DoorAlerts(const std::vector<KioskRecord>& kiosks,
                                  const std::vector<DoorState>& doors, core::UtcMillis startedAt,
                                  core::UtcMillis now);

} // namespace accueil::sync
