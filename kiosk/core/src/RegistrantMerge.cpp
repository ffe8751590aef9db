// SPDX-License-Identifier: Apache-2.0
// The merge rule for an incoming registrant, apart from the rows it is written to.

#include <accueil/core/RegistrantMerge.h>

#include <algorithm>

namespace accueil::core {

MergedRegistrant MergeRegistrant(const std::optional<Registrant>& stored,
                                 const Registrant& incoming, UpsertFields fields) {
    MergedRegistrant merged{incoming, stored ? Upserted::Updated : Upserted::Added};
    Registrant& r = merged.row;
    // The reports group by gender; a list without that column still lands in a group.
    if (r.gender.empty()) {
        r.gender = "undisclosed";
    }
    if (!stored) {
        return merged;
    }
    // A badge version only rises: a list or a page that predates a re-issue at a desk must not
    // make the lost badge valid again.
    r.badgeVersion = std::max(r.badgeVersion, stored->badgeVersion);
    // Fields the batch does not carry keep what staff or an earlier import set.
    if (!fields.holdNote) {
        r.holdNote = stored->holdNote;
    }
    if (!fields.attention) {
        r.attention = stored->attention;
    }
    if (!fields.ticket) {
        r.ticket = stored->ticket;
    }
    if (!fields.language) {
        r.language = stored->language;
    }
    // Unchanged rows are not written: no new change number at the central, no WAL page.
    if (r == *stored) {
        merged.change = Upserted::Unchanged;
    }
    return merged;
}

} // namespace accueil::core
