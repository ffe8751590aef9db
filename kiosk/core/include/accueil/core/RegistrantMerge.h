// SPDX-License-Identifier: Apache-2.0
#pragma once

// The rule by which an incoming registrant (an import, a pulled page, a badge) is merged into
// the stored one. Pure: the store and the central apply it before they write a row.

#include <accueil/core/Registrant.h>

#include <optional>

namespace accueil::core {

/// Which registrant fields a batch carries; the others keep their stored values (so a CSV
/// without a hold column never clears a hold placed by staff).
struct UpsertFields {
    bool holdNote = false;
    bool ticket = false;
    bool language = false;
    bool attention = false;
};

/// What merging one incoming registrant did to the stored row.
enum class Upserted { Added, Updated, Unchanged };

/// What an import or a sync page did to the list.
struct UpsertSummary {
    int added = 0;
    int updated = 0;
    int unchanged = 0;

    /// Counts one merged registrant.
    void count(Upserted what) {
        switch (what) {
        case Upserted::Added:
            ++added;
            break;
        case Upserted::Updated:
            ++updated;
            break;
        case Upserted::Unchanged:
            ++unchanged;
            break;
        }
    }
};

/// The row to store and what it does to the list.
struct MergedRegistrant {
    Registrant row;
    Upserted change = Upserted::Added;
};

/// Merges `incoming` into `stored` (none: not listed yet): an empty gender becomes
/// "undisclosed"; the badge version never goes down; the hold note, attention note, ticket and
/// language keep their stored values unless `fields` says the batch carries them; the result is
/// Unchanged when the row would stay as it is.
/// Pure; any thread.
MergedRegistrant MergeRegistrant(const std::optional<Registrant>& stored,
                                 const Registrant& incoming, UpsertFields fields);

} // namespace accueil::core
