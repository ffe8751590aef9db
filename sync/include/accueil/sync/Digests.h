// SPDX-License-Identifier: Apache-2.0
#pragma once

// What the night job compares between a kiosk and the central: digests of contents, not
// counts (two lists of the same length may still differ). Made the same way on both sides.

#include <accueil/core/Registrant.h>
#include <accueil/core/Result.h>
#include <accueil/core/StoreRows.h>

#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace accueil::sync {

/// A set of items: how many, and the SHA-256 (hex) of the sorted items, one per line.
struct Digest {
    int count = 0;
    std::string sha256;
    bool operator==(const Digest&) const = default;
};

/// The digest of `items` (sorted here). Any thread.
Digest DigestOf(std::vector<std::string> items);

/// A meeting day and a kiosk id: attendance is compared per day and per kiosk.
using DayKiosk = std::pair<std::string, std::string>;

/// Attendance UUIDs grouped by day and kiosk.
std::map<DayKiosk, std::vector<std::string>>
GroupByDayAndKiosk(const std::vector<core::rows::EventKey>& keys);

/// Every registrant row as the protocol writes it, one line each: a changed field changes the
/// line.
std::vector<std::string> RegistrantLines(const std::vector<core::Registrant>& list);

/// The digests of one side.
struct LogDigests {
    std::map<DayKiosk, Digest> attendance; ///< every kiosk's events, per day and kiosk
    Digest ownAudit;                       ///< the asking kiosk's audit lines
    Digest registrants;                    ///< the registration list, row by row
};

LogDigests MakeDigests(const std::vector<core::rows::EventKey>& attendance,
                       std::vector<std::string> ownAudit,
                       const std::vector<core::Registrant>& registrants);

/// The "digests" object of GET /v1/reconcile, and back. Errors (Input) name the bad field.
nlohmann::json ToJson(const LogDigests& d);
core::Result<LogDigests> DigestsFromJson(const nlohmann::json& j);

} // namespace accueil::sync
