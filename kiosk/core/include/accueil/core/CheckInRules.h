// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <accueil/core/Attendance.h>
#include <accueil/core/Config.h>
#include <accueil/core/Registrant.h>
#include <accueil/scanner/BadgeClaim.h>

#include <optional>
#include <string>

namespace accueil::core {

/// Everything the rules look at for one scan; gathered by the store inside its transaction.
struct ScanFacts {
    const scanner::BadgeClaim* claim = nullptr; ///< never null
    const Registrant* registrant = nullptr;     ///< null when the local list does not know them
    std::string day;                            ///< the scan's date in the event's zone
    bool meetingDay = false;                    ///< `day` is one of the event's days
    std::optional<UtcMillis> firstEntryToday;   ///< earliest effective entry on `day`, if any
    ReentryPolicy reentry = ReentryPolicy::Allow;
    Direction direction = Direction::In; ///< an entry, or an exit from the door's zone
    bool leftZone = false;               ///< their latest move in the door's zone today was an exit
    bool zoneFull = false;               ///< the door's zone holds its capacity (entries only)
};

/// What the rules decided.
struct Decision {
    Outcome outcome = Outcome::Unreadable;
    bool recordsEntry = false; ///< an attendance event (entry, or exit) is to be written
    bool warn = false; ///< recorded, but staff should look (re-entry "warn", an exit's problem)
    bool fromBadgeOnly = false; ///< admitted on a signed badge the local list does not know yet
    std::string reason;         ///< why, in English, for the audit log and the staff panel
    /// Admitted (or welcomed back) with the registrant's attention note: the door shows staff
    /// this note beside the delegate's usual welcome. Empty otherwise.
    std::string attention{};
};

/// The check-in rules: a pure function of the facts. Precedence, first match wins:
/// unreadable code; badge not valid (signature, key, event); unknown registrant (a valid
/// signed badge is admitted from its own data); cancelled; replaced (older badge version);
/// hold (see the desk); not a meeting day or not registered for it; already in today (per
/// re-entry policy: welcome back, welcome back with a warning, or denied; not for someone who
/// left the zone since, who is welcomed back); the zone at capacity (room full); admitted. An
/// entry of a registrant with an attention note carries the note; a hold still refuses first.
/// An exit: unreadable; badge not valid; unknown registrant (a valid signed badge is taken
/// from its own data); goodbye, recorded whatever else is wrong (cancelled, replaced, hold,
/// not valid today), with a warning for staff saying what.
Decision Decide(const ScanFacts& facts);

/// The previous scan at this kiosk, for the debounce.
struct PreviousScan {
    std::string key; ///< registrant ID when known, else the payload
    UtcMillis at = 0;
};

/// True when `key` at `now` is the same scan as `previous` (same key within the window). A
/// clock that went backwards counts as a new scan.
bool IsRepeatScan(const std::optional<PreviousScan>& previous, std::string_view key, UtcMillis now,
                  int debounceSeconds);

} // namespace accueil::core
