// SPDX-License-Identifier: Apache-2.0
// The merge rule for an incoming registrant (RegistrantMerge.h), without a database.

#include "TestSupport.h"

#include <accueil/core/RegistrantMerge.h>

using namespace accueil::core;
using accueil::core::test::Person;

namespace {

Registrant Stored() {
    Registrant r = Person("REG-1", "Amara", "Okafor", "Nigeria", "State Party", "female");
    r.holdNote = "see the desk";
    r.ticket = "ticket-1";
    r.language = "fr";
    return r;
}

} // namespace

TEST(MergeRegistrant, ANewRegistrantIsAddedAsGiven) {
    Registrant incoming = Person("REG-9", "Yao", "Kouassi");
    incoming.holdNote = "badge at the desk";
    const MergedRegistrant merged = MergeRegistrant(std::nullopt, incoming, {});
    EXPECT_EQ(merged.change, Upserted::Added);
    EXPECT_EQ(merged.row, incoming); // nothing stored to keep, whatever the fields say
}

TEST(MergeRegistrant, AnEmptyGenderBecomesUndisclosed) {
    Registrant incoming = Person("REG-9", "Yao", "Kouassi", "Norway", "NGO", "");
    EXPECT_EQ(MergeRegistrant(std::nullopt, incoming, {}).row.gender, "undisclosed");

    // And a stored "undisclosed" compared with an incoming blank is the same row.
    Registrant stored = incoming;
    stored.gender = "undisclosed";
    EXPECT_EQ(MergeRegistrant(stored, incoming, {}).change, Upserted::Unchanged);
}

TEST(MergeRegistrant, FieldsTheBatchDoesNotCarryKeepTheirStoredValues) {
    Registrant incoming = Stored();
    incoming.holdNote.clear();
    incoming.ticket.clear();
    incoming.language.clear();
    const MergedRegistrant merged = MergeRegistrant(Stored(), incoming, {});
    EXPECT_EQ(merged.change, Upserted::Unchanged);
    EXPECT_EQ(merged.row.holdNote, "see the desk");
    EXPECT_EQ(merged.row.ticket, "ticket-1");
    EXPECT_EQ(merged.row.language, "fr");
}

TEST(MergeRegistrant, EachCarriedFieldIsTakenFromTheBatch) {
    Registrant incoming = Stored();
    incoming.holdNote.clear();
    incoming.ticket = "ticket-2";
    incoming.language = "es";

    const MergedRegistrant hold = MergeRegistrant(Stored(), incoming, {true, false, false});
    EXPECT_EQ(hold.change, Upserted::Updated);
    EXPECT_EQ(hold.row.holdNote, ""); // the batch clears it
    EXPECT_EQ(hold.row.ticket, "ticket-1");
    EXPECT_EQ(hold.row.language, "fr");

    const MergedRegistrant ticket = MergeRegistrant(Stored(), incoming, {false, true, false});
    EXPECT_EQ(ticket.row.holdNote, "see the desk");
    EXPECT_EQ(ticket.row.ticket, "ticket-2");
    EXPECT_EQ(ticket.row.language, "fr");

    const MergedRegistrant all = MergeRegistrant(Stored(), incoming, {true, true, true});
    EXPECT_EQ(all.row, incoming);
}

TEST(MergeRegistrant, AnyOtherDifferenceIsAnUpdate) {
    Registrant renamed = Stored();
    renamed.familyName = "Okafor-Eze";
    const MergedRegistrant merged = MergeRegistrant(Stored(), renamed, {});
    EXPECT_EQ(merged.change, Upserted::Updated);
    EXPECT_EQ(merged.row.familyName, "Okafor-Eze");

    Registrant cancelled = Stored();
    cancelled.status = RegistrantStatus::Cancelled;
    EXPECT_EQ(MergeRegistrant(Stored(), cancelled, {}).change, Upserted::Updated);

    Registrant reissued = Stored();
    reissued.badgeVersion = 2;
    EXPECT_EQ(MergeRegistrant(Stored(), reissued, {}).change, Upserted::Updated);
}

// A list printed before a desk re-issued a badge must not make the lost one valid again.
TEST(MergeRegistrant, TheBadgeVersionNeverGoesDown) {
    Registrant reissued = Stored();
    reissued.badgeVersion = 3;
    const MergedRegistrant older = MergeRegistrant(reissued, Stored(), {});
    EXPECT_EQ(older.row.badgeVersion, 3);
    EXPECT_EQ(older.change, Upserted::Unchanged);
    Registrant renamed = Stored();
    renamed.familyName = "Okafor-Eze";
    const MergedRegistrant both = MergeRegistrant(reissued, renamed, {});
    EXPECT_EQ(both.change, Upserted::Updated);
    EXPECT_EQ(both.row.familyName, "Okafor-Eze");
    EXPECT_EQ(both.row.badgeVersion, 3);
}

TEST(UpsertSummary, CountsEachKindOfChange) {
    UpsertSummary summary;
    for (const Upserted u : {Upserted::Added, Upserted::Unchanged, Upserted::Added,
                             Upserted::Updated, Upserted::Unchanged, Upserted::Unchanged}) {
        summary.count(u);
    }
    EXPECT_EQ(summary.added, 2);
    EXPECT_EQ(summary.updated, 1);
    EXPECT_EQ(summary.unchanged, 3);
}

TEST(MergeRegistrant, TheAttentionNoteIsKeptUnlessTheBatchCarriesIt) {
    Registrant stored = Stored();
    stored.attention = "Minister";
    Registrant incoming = stored;
    incoming.attention.clear();

    const MergedRegistrant kept = MergeRegistrant(stored, incoming, {true, true, true, false});
    EXPECT_EQ(kept.change, Upserted::Unchanged);
    EXPECT_EQ(kept.row.attention, "Minister");

    const MergedRegistrant cleared = MergeRegistrant(stored, incoming, {false, false, false, true});
    EXPECT_EQ(cleared.change, Upserted::Updated);
    EXPECT_EQ(cleared.row.attention, ""); // a list with the column clears it
    EXPECT_EQ(cleared.row.holdNote, "see the desk");
}
