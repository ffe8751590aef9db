// SPDX-License-Identifier: Apache-2.0
#include "TestKiosk.h"
#include "screens/Screens.h"

#include <accueil/core/SyncStore.h>
#include <accueil/scanner/BadgeKey.h>
#include <accueil/scanner/BadgeToken.h>

#include <cctype>

namespace accueil::kiosk::app::test {

TEST(KioskController, ScanShowsAdmittedAfterTheCommit) {
    ControllerFixture f;
    f.apply(ScanPayload{"REG-1"});
    EXPECT_EQ(f.state.screen, Screen::Outcome);
    EXPECT_EQ(f.state.outcome.outcome, Outcome::Admitted);
    EXPECT_EQ(f.state.outcome.name, "Agnieszka Łukasiewicz-Müller");
    EXPECT_EQ(f.state.outcome.timeText, "09:00");
    EXPECT_EQ(f.state.pendingJobs, 0);
    auto history = f.store->history("REG-1");
    ASSERT_TRUE(history.ok());
    EXPECT_EQ(history->size(), 1u); // recorded before the screen turned green
}

TEST(KioskController, StaffTurnADoorForBothIntoAnExitAndItIsAudited) {
    ControllerFixture f;
    f.signIn();
    f.apply(SetDirection{core::Direction::Out});
    EXPECT_EQ(f.state.direction, core::Direction::In); // an entrance stays one
    f.config.direction = core::DoorDirection::Both;
    f.apply(SetDirection{core::Direction::Out});
    EXPECT_EQ(f.state.direction, core::Direction::Out);
    auto audit = f.store->recentAudit(1);
    ASSERT_TRUE(audit.ok());
    ASSERT_EQ(audit->size(), 1U);
    EXPECT_EQ(audit->front().action, "door_direction");
    EXPECT_EQ(audit->front().staffId, "amina");
    EXPECT_NE(audit->front().detail.find("\"out\""), std::string::npos);
    f.apply(LockPanel{});
    f.apply(ScanPayload{"REG-1"}, 1000);
    EXPECT_EQ(f.state.screen, Screen::Outcome);
    EXPECT_EQ(f.state.outcome.outcome, Outcome::Goodbye);
    auto history = f.store->history("REG-1");
    ASSERT_TRUE(history.ok());
    ASSERT_EQ(history->size(), 1U);
    EXPECT_EQ(history->front().kind, core::EventKind::CheckOut);
}

TEST(OfflineAlert, FromTheLastSuccessOrTheStartAndOnlyPastTheThreshold) {
    const UtcMillis start = 1'750'000'000'000;
    const UtcMillis minute = 60'000;
    EXPECT_FALSE(OfflineAlertMinutes(std::nullopt, start, start + 29 * minute, 30));
    EXPECT_EQ(OfflineAlertMinutes(std::nullopt, start, start + 30 * minute, 30), 30);
    EXPECT_FALSE(OfflineAlertMinutes(start + 20 * minute, start, start + 42 * minute, 30));
    EXPECT_EQ(OfflineAlertMinutes(start, start, start + 42 * minute + 59'999, 30), 42);
    EXPECT_FALSE(OfflineAlertMinutes(start, start, start + 10'000 * minute, 0)); // off
}

TEST(KioskController, OutOfServiceRefusesScansAndStaffAndForgetsWhatWasShown) {
    ControllerFixture f;
    f.apply(ScanPayload{"REG-1"});
    ASSERT_EQ(f.state.outcome.name, "Agnieszka Łukasiewicz-Müller");
    EnterOutOfService(f.state);
    EXPECT_EQ(f.state.screen, Screen::OutOfService);
    EXPECT_TRUE(f.state.outcome.name.empty());
    f.apply(ScanPayload{"REG-2"}, 10'000);
    f.apply(OpenStaffLogin{}, 11'000);
    f.apply(ScanPayload{"STAFF:amina"}, 12'000);
    EXPECT_EQ(f.state.screen, Screen::OutOfService);
    EXPECT_TRUE(f.store->history("REG-2")->empty()); // not admitted
    f.controller->tick(f.t0 + 3'600'000);            // unlike out of order, it does not pass
    EXPECT_EQ(f.state.screen, Screen::OutOfService);
}

TEST(KioskController, EveryRefusalHasItsOutcome) {
    ControllerFixture f;
    f.apply(ScanPayload{"REG-3"});
    EXPECT_EQ(f.state.outcome.outcome, Outcome::NotValidToday);
    EXPECT_EQ(f.state.outcome.validDays, std::vector<std::string>{"2025-06-20"}); // to say so
    f.apply(ScanPayload{"REG-4"});
    EXPECT_EQ(f.state.outcome.outcome, Outcome::Cancelled);
    f.apply(ScanPayload{"REG-404"});
    EXPECT_EQ(f.state.outcome.outcome, Outcome::NotRecognised);
    f.apply(ScanPayload{"not a badge!"});
    EXPECT_EQ(f.state.outcome.outcome, Outcome::Unreadable);
}

TEST(KioskController, NewScanReplacesTheOutcomeAndItExpires) {
    ControllerFixture f;
    f.apply(ScanPayload{"REG-1"});
    const auto first = f.state.outcome.sequence;
    f.apply(ScanPayload{"REG-2"}, 500);
    EXPECT_GT(f.state.outcome.sequence, first);
    EXPECT_EQ(f.state.outcome.name, "Ελένη Ελευθερίου");
    EXPECT_EQ(f.state.outcome.language, "fr");      // the registration says French
    EXPECT_EQ(f.state.outcome.staffLanguage, "en"); // what staff read stays in the kiosk's
    f.controller->tick(f.state.outcome.until - 1);
    EXPECT_EQ(f.state.screen, Screen::Outcome);
    f.controller->tick(f.state.outcome.until);
    EXPECT_EQ(f.state.screen, Screen::Waiting);
}

TEST(KioskController, WedgeScanIsRecordedAsWedge) {
    ControllerFixture f;
    f.apply(ScanPayload{"REG-1\r\n", true});
    EXPECT_EQ(f.state.outcome.outcome, Outcome::Admitted);
    auto history = f.store->history("REG-1");
    ASSERT_TRUE(history.ok());
    EXPECT_EQ(history->front().method, Method::Wedge);
}

TEST(KioskController, PanelOpensOnlyWithTheRightPin) {
    ControllerFixture f;
    f.apply(OpenStaffLogin{});
    EXPECT_EQ(f.state.screen, Screen::Login);
    f.state.login.staffId = "amina";
    for (char d : std::string("1111")) {
        f.apply(PinDigit{d});
    }
    f.apply(PinSubmit{});
    EXPECT_EQ(f.state.screen, Screen::Login);
    EXPECT_EQ(f.state.login.message, "login.refused");
    EXPECT_TRUE(f.state.login.pin.empty());
    for (char d : std::string("2468")) {
        f.apply(PinDigit{d});
    }
    f.apply(PinSubmit{});
    EXPECT_EQ(f.state.screen, Screen::Panel);
    EXPECT_EQ(f.state.panel.staff.id, "amina");
}

TEST(KioskController, StaffCardScanFillsTheStaffId) {
    ControllerFixture f;
    f.apply(ScanPayload{"STAFF:amina"});
    EXPECT_EQ(f.state.screen, Screen::Login);
    EXPECT_EQ(f.state.login.staffId, "amina");
    EXPECT_TRUE(f.store->history("amina")->empty()); // not a delegate scan
}

TEST(KioskController, StaffCardPrefixComesFromTheSettings) {
    ControllerFixture f(ControllerSettings{"CARD/"});
    f.apply(ScanPayload{"STAFF:amina"}); // a badge like any other now, and not a valid one
    EXPECT_EQ(f.state.screen, Screen::Outcome);
    f.apply(ScanPayload{"CARD/amina"}, 10'000);
    EXPECT_EQ(f.state.screen, Screen::Login);
    EXPECT_EQ(f.state.login.staffId, "amina");

    ControllerFixture off(ControllerSettings{""}); // "" turns staff cards off
    off.apply(ScanPayload{"STAFF:amina"});
    EXPECT_EQ(off.state.screen, Screen::Outcome);
}

TEST(KioskController, LeavingNeedsThePanelAConfirmationAndThePin) {
    ControllerFixture f;
    f.apply(LeaveKiosk{});
    EXPECT_FALSE(f.state.quitRequested);
    f.signIn();
    f.apply(LeaveKiosk{true}); // a confirmation nobody was asked for leaves nothing
    EXPECT_FALSE(f.state.quitRequested);
    f.apply(CancelLeave{});
    f.apply(LeaveKiosk{}); // one tap asks
    EXPECT_TRUE(f.state.panel.leaveAsked);
    EXPECT_FALSE(f.state.quitRequested);
    f.apply(CancelLeave{});
    EXPECT_FALSE(f.state.panel.leaveAsked);
    f.apply(LeaveKiosk{});
    f.apply(SelectTab{0}); // turning away forgets the question
    EXPECT_FALSE(f.state.panel.leaveAsked);
    f.apply(LeaveKiosk{});
    f.apply(LeaveKiosk{true}); // asked, but answered without the PIN
    EXPECT_FALSE(f.state.quitRequested);
    EXPECT_EQ(f.state.panel.message, "panel.leave_need_pin");
    for (char d : std::string("1111")) {
        f.apply(PinDigit{d});
    }
    EXPECT_EQ(f.state.panel.leavePin, "1111");
    EXPECT_TRUE(f.state.login.pin.empty()); // the panel's PIN, not the sign-in's
    f.apply(LeaveKiosk{true});              // a wrong PIN leaves nothing
    EXPECT_FALSE(f.state.quitRequested);
    EXPECT_EQ(f.state.panel.message, "panel.leave_refused");
    EXPECT_TRUE(f.state.panel.leavePin.empty());
    EXPECT_TRUE(f.state.panel.leaveAsked); // still asking
    for (char d : std::string("24689")) {
        f.apply(PinDigit{d});
    }
    f.apply(PinBackspace{});
    f.apply(PinSubmit{}); // Enter, as the pad's button, with the signed-in staff member's PIN
    EXPECT_TRUE(f.state.quitRequested);
    auto audit = f.store->recentAudit(5);
    ASSERT_TRUE(audit.ok());
    ASSERT_GE(audit->size(), 3U);
    EXPECT_EQ((*audit)[0].action, "kiosk_exit");
    EXPECT_EQ((*audit)[0].staffId, "amina");
    // The PIN attempts that leave are told apart from signing in.
    EXPECT_EQ((*audit)[1].action, "leave_pin");
    EXPECT_EQ((*audit)[1].outcome, "ok");
    EXPECT_EQ((*audit)[2].action, "leave_pin");
    EXPECT_EQ((*audit)[2].outcome, "refused");
}

TEST(KioskController, StaffActionsGoThroughTheStoreWithTheStaffId) {
    ControllerFixture f;
    f.signIn();
    f.state.panel.query = "lukasiewicz";
    f.apply(SearchEdited{});
    ASSERT_EQ(f.state.panel.hits.size(), 1u);
    f.apply(SelectRegistrant{"REG-1"});
    ASSERT_TRUE(f.state.panel.selected);
    f.apply(ManualCheckIn{});
    EXPECT_EQ(f.state.panel.message, "panel.need_reason");
    f.state.panel.reason = "badge forgotten";
    f.apply(ManualCheckIn{});
    EXPECT_EQ(f.state.panel.message, "panel.done_check_in");
    ASSERT_EQ(f.state.panel.history.size(), 1u);
    EXPECT_EQ(f.state.panel.history[0].staffId, "amina");

    f.state.panel.reason = "wrong person";
    f.apply(UndoEntry{f.state.panel.history[0].uuid});
    EXPECT_EQ(f.state.panel.message, "panel.done_undo");
    EXPECT_EQ(f.state.panel.history.size(), 2u);

    f.state.panel.holdNote = "collect new badge";
    f.apply(PlaceHold{});
    EXPECT_EQ(f.state.panel.selected->holdNote, "collect new badge");
    f.apply(ClearHold{});
    EXPECT_TRUE(f.state.panel.selected->holdNote.empty());

    f.state.panel.walkIn = {"Walk", "In", "Chile", "NGO", "not on the list", "female"};
    f.apply(AdmitWalkIn{});
    EXPECT_EQ(f.state.panel.message, "panel.done_walk_in");
    ASSERT_TRUE(f.state.panel.selected);
    EXPECT_TRUE(f.state.panel.selected->provisional);

    f.apply(SelectTab{1});
    ASSERT_TRUE(f.state.panel.today);
    EXPECT_EQ(f.state.panel.today->admitted, 1); // the walk-in; the manual entry was undone
}

// Undo is pressed in the history, away from the reason field: without a reason the card asks
// for one beside the entry, with the on-screen keyboard on the field, and undoes nothing yet.
TEST(KioskController, UndoWithoutAReasonAsksForItAndUndoesNothing) {
    ControllerFixture f;
    f.signIn();
    f.apply(SelectRegistrant{"REG-1"});
    f.state.panel.reason = "badge forgotten";
    f.apply(ManualCheckIn{});
    ASSERT_EQ(f.state.panel.history.size(), 1u);
    const std::string entry = f.state.panel.history[0].uuid;

    f.apply(UndoEntry{entry});
    EXPECT_EQ(f.state.panel.undoTarget, entry);
    EXPECT_EQ(f.state.panel.typing, TextField::Reason); // the keyboard types the reason
    EXPECT_FALSE(f.state.panel.messageIsError);         // a question, not yet an error
    EXPECT_EQ(f.store->history("REG-1")->size(), 1u);
    f.apply(UndoEntry{entry}); // asked, and pressed again without an answer
    EXPECT_EQ(f.state.panel.message, "panel.need_reason");
    EXPECT_EQ(f.store->history("REG-1")->size(), 1u);

    f.apply(CancelUndo{});
    EXPECT_TRUE(f.state.panel.undoTarget.empty());
    EXPECT_EQ(f.state.panel.typing, TextField::None);
    EXPECT_TRUE(f.state.panel.message.empty());

    f.apply(UndoEntry{entry});
    f.state.panel.reason = "wrong person";
    f.apply(UndoEntry{entry});
    EXPECT_EQ(f.state.panel.message, "panel.done_undo");
    EXPECT_TRUE(f.state.panel.undoTarget.empty());
    EXPECT_EQ(f.state.panel.typing, TextField::None);
    EXPECT_EQ(f.store->history("REG-1")->size(), 2u);
}

// An error is about what staff were doing: it goes when they move on, and does not greet the
// next person's card.
TEST(KioskController, AStaffErrorGoesWhenStaffMoveOn) {
    ControllerFixture f;
    f.signIn();
    f.apply(SelectRegistrant{"REG-1"});
    auto fail = [&f] {
        f.apply(PlaceHold{}); // no note
        ASSERT_EQ(f.state.panel.message, "panel.need_hold_note");
    };
    fail();
    f.state.panel.query = "dupont";
    f.apply(SearchEdited{});
    EXPECT_TRUE(f.state.panel.message.empty());
    f.apply(SelectRegistrant{"REG-1"});
    fail();
    f.apply(SelectTab{1});
    EXPECT_TRUE(f.state.panel.message.empty());
    f.apply(SelectTab{0});
    fail();
    f.apply(ScanPayload{"REG-2"}); // the next delegate's badge, in the panel
    EXPECT_EQ(f.state.panel.selected->id, "REG-2");
    EXPECT_TRUE(f.state.panel.message.empty());
    fail();
    f.apply(ToggleWalkIn{});
    EXPECT_TRUE(f.state.panel.message.empty());
    f.apply(ToggleWalkIn{});
    f.state.panel.reason = "badge forgotten";
    f.apply(ManualCheckIn{});
    f.apply(SearchEdited{}); // a result is not an error: it stays until the next action
    EXPECT_EQ(f.state.panel.message, "panel.done_check_in");
}

// A walk-in is counted in the figures like anyone: a gender the reports know and, when the
// event lists its categories, one of them. Without them the form says what is missing and
// nobody is admitted.
TEST(KioskController, WalkInNeedsAGenderAndOneOfTheEventsCategories) {
    ControllerFixture f;
    f.signIn();
    f.apply(ToggleWalkIn{});
    f.state.panel.walkIn.givenName = "Walk";
    f.state.panel.walkIn.familyName = "In";
    f.state.panel.walkIn.reason = "not on the list";
    f.state.panel.walkIn.category = "Observer"; // not one of the event's
    f.apply(AdmitWalkIn{});
    EXPECT_EQ(f.state.panel.message, "panel.need_category");
    EXPECT_TRUE(f.state.panel.messageIsError);
    f.apply(ChooseWalkInCategory{"Observers"}); // a tap can only choose what the event lists
    EXPECT_EQ(f.state.panel.walkIn.category, "Observer");
    f.apply(ChooseWalkInCategory{"NGO"});
    EXPECT_EQ(f.state.panel.walkIn.category, "NGO");
    EXPECT_TRUE(f.state.panel.message.empty()); // answered: the question goes
    f.apply(AdmitWalkIn{});
    EXPECT_EQ(f.state.panel.message, "panel.need_gender");
    f.apply(ChooseWalkInGender{"femme"}); // canonical values only
    EXPECT_TRUE(f.state.panel.walkIn.gender.empty());
    f.apply(AdmitWalkIn{});
    EXPECT_EQ(f.state.panel.message, "panel.need_gender");
    ASSERT_TRUE(f.store->search("Walk", 10, f.t0)->empty()); // nobody admitted meanwhile
    EXPECT_TRUE(f.state.panel.walkInOpen);                   // and the form keeps what was typed
    EXPECT_EQ(f.state.panel.walkIn.givenName, "Walk");

    f.apply(ChooseWalkInGender{"undisclosed"});
    f.apply(AdmitWalkIn{});
    EXPECT_EQ(f.state.panel.message, "panel.done_walk_in");
    auto hits = f.store->search("Walk", 10, f.t0);
    ASSERT_EQ(hits->size(), 1u);
    EXPECT_EQ(hits->front().registrant.gender, "undisclosed");
    EXPECT_EQ(hits->front().registrant.category, "NGO");
    EXPECT_TRUE(f.state.panel.walkIn.gender.empty()); // the next walk-in starts blank
}

TEST(KioskController, WalkInCategoryIsTypedWhenTheEventListsNone) {
    ControllerFixture f;
    f.config.event.categories.clear();
    f.signIn();
    f.apply(ToggleWalkIn{});
    f.state.panel.walkIn = {"Walk", "In", "", " Observer ", "not on the list", ""};
    f.apply(ChooseWalkInGender{"male"});
    f.apply(ChooseWalkInCategory{"NGO"}); // no list: nothing to choose from
    EXPECT_EQ(f.state.panel.walkIn.category, " Observer ");
    f.apply(AdmitWalkIn{});
    EXPECT_EQ(f.state.panel.message, "panel.done_walk_in");
    auto hits = f.store->search("Walk", 10, f.t0);
    ASSERT_EQ(hits->size(), 1u);
    EXPECT_EQ(hits->front().registrant.category, "Observer");
    EXPECT_EQ(hits->front().registrant.gender, "male");
}

// Staff turning to another person start clean: the last one's error is gone, and a reason or
// hold note typed for them cannot be recorded against someone else.
TEST(KioskController, AnotherPersonsCardStartsClean) {
    ControllerFixture f;
    f.signIn();
    f.apply(SelectRegistrant{"REG-1"});
    f.apply(ManualCheckIn{});
    ASSERT_EQ(f.state.panel.message, "panel.need_reason");
    f.state.panel.reason = "badge forgotten";
    f.state.panel.holdNote = "see protocol";
    f.apply(SelectRegistrant{"REG-1"}); // the same card again: what was typed stays
    EXPECT_EQ(f.state.panel.reason, "badge forgotten");
    f.apply(SelectRegistrant{"REG-2"});
    ASSERT_TRUE(f.state.panel.selected);
    EXPECT_EQ(f.state.panel.selected->id, "REG-2");
    EXPECT_TRUE(f.state.panel.message.empty());
    EXPECT_TRUE(f.state.panel.reason.empty());
    EXPECT_TRUE(f.state.panel.holdNote.empty());
    f.apply(ManualCheckIn{});
    EXPECT_EQ(f.state.panel.message, "panel.need_reason"); // asked again, for this person
    // A badge scanned in the panel opens its card clean too.
    f.state.panel.reason = "typed for REG-2";
    f.apply(ScanPayload{"REG-1"});
    ASSERT_TRUE(f.state.panel.selected);
    EXPECT_EQ(f.state.panel.selected->id, "REG-1");
    EXPECT_TRUE(f.state.panel.reason.empty());
}

TEST(KioskController, PanelLocksItselfWhenIdle) {
    ControllerFixture f;
    f.signIn();
    ASSERT_EQ(f.state.screen, Screen::Panel);
    f.controller->tick(f.t0 + 59'000);
    EXPECT_EQ(f.state.screen, Screen::Panel);
    f.controller->tick(f.t0 + 60'000);
    while (f.queue.drain(f.state) > 0) {
    }
    EXPECT_EQ(f.state.screen, Screen::Waiting);
    EXPECT_TRUE(f.state.panel.staff.id.empty());
}

TEST(KioskController, ScansDuringThePanelSearchInsteadOfAdmitting) {
    ControllerFixture f;
    f.signIn();
    f.apply(ScanPayload{"REG-1"});
    EXPECT_EQ(f.state.screen, Screen::Panel);
    EXPECT_EQ(f.state.panel.query, "REG-1");
    EXPECT_TRUE(f.store->history("REG-1")->empty());
}

namespace accueil::kiosk::app::test {

TEST(KioskController, OutOfOrderTriesAgainAfterAWhile) {
    ControllerFixture f;
    f.state.screen = Screen::OutOfOrder;
    f.controller->tick(f.t0);
    f.controller->tick(f.t0 + 9'999);
    EXPECT_EQ(f.state.screen, Screen::OutOfOrder);
    f.controller->tick(f.t0 + 10'000);
    EXPECT_EQ(f.state.screen, Screen::Waiting);
    f.apply(ScanPayload{"REG-1"}, 11'000);
    EXPECT_EQ(f.state.screen, Screen::Outcome);
}

} // namespace accueil::kiosk::app::test

namespace {

constexpr const char* kTicket = "0b5d1c3e-8f4a-4d2b-9c6e-7a1f2e3d4c5b";

/// The example event accepting badges signed with a fresh key and Indico tickets of event 1,
/// with REG-2 holding the ticket kTicket.
struct SignedFixture : ControllerFixture {
    scanner::BadgeSecretKey key;

    SignedFixture() {
        auto pair = scanner::GenerateBadgeKey();
        EXPECT_TRUE(pair.ok());
        key = std::move(pair->secretKey);
        config.event.badges.publicKeys = {pair->publicKey};
        config.event.badges.acceptIndico = true;
        config.event.badges.indicoEventId = "1";
        Registrant holder = SampleRegistrants()[1];
        holder.ticket = kTicket;
        EXPECT_TRUE(
            store->upsertRegistrants({holder}, core::UpsertFields{false, true, false}).ok());
        auto reader = scanner::BadgeReader::create(core::BadgeReaderOptionsFor(config.event));
        EXPECT_TRUE(reader.ok());
        controller = std::make_unique<KioskController>(state, *executor, config, catalog, *reader);
    }
    std::string badge(const std::string& id) {
        scanner::BadgeData data;
        data.eventId = config.event.id;
        data.registrantId = id;
        data.issuedAt = t0 / 1000;
        auto token = scanner::IssueBadgeToken(key, data);
        EXPECT_TRUE(token.ok());
        return *token;
    }
    void openPanel() {
        signIn();
        ASSERT_EQ(state.screen, Screen::Panel);
    }
};

ScanPayload Wedge(const std::string& text, const std::string& capsText = "") {
    ScanPayload scan;
    scan.text = text;
    scan.wedge = true;
    scan.capsText = capsText;
    return scan;
}

std::string Lower(std::string text) {
    for (char& c : text) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return text;
}

} // namespace

TEST(KioskController, AScanInThePanelOpensTheCardOfWhomEveryKindOfBadgeNames) {
    SignedFixture f;
    f.openPanel();
    const std::string indico = R"({"registrant_id":"REG-2","checkin_secret":")" +
                               std::string(kTicket) + R"(","event_id":"1"})";
    for (const auto& [payload, id] :
         {std::pair{f.badge("REG-3"), "REG-3"}, std::pair{std::string("REG-1"), "REG-1"},
          std::pair{indico, "REG-2"}}) {
        f.apply(Wedge(payload));
        ASSERT_TRUE(f.state.panel.selected) << payload;
        EXPECT_EQ(f.state.panel.selected->id, id);
        EXPECT_TRUE(f.state.panel.message.empty());
    }
    // A badge that names nobody clears the card it found before: it is not theirs.
    f.apply(Wedge(f.badge("REG-404")));
    EXPECT_FALSE(f.state.panel.selected);
    EXPECT_EQ(f.state.panel.message, "panel.no_match");
    // Looked up, not admitted.
    EXPECT_TRUE(f.store->history("REG-3")->empty());
    EXPECT_EQ(f.state.screen, Screen::Panel);
}

TEST(KioskController, ACapsLockScanIsReadAsTheScannerMeantIt) {
    SignedFixture f;
    const std::string token = f.badge("REG-1");
    // A scanner that follows caps lock: its keys say lower case, it meant upper case.
    f.apply(Wedge(Lower(token), token));
    EXPECT_EQ(f.state.outcome.outcome, Outcome::Admitted);
    EXPECT_FALSE(f.state.scannerCapsLock);
    auto history = f.store->history("REG-1");
    ASSERT_TRUE(history.ok());
    EXPECT_EQ(history->size(), 1u);
    // One that ignores it typed the text right: that reading wins, nothing is tried twice.
    f.apply(Wedge("REG-2", "reg-2"), 10'000);
    EXPECT_EQ(f.state.outcome.outcome, Outcome::Admitted);
    EXPECT_EQ(f.state.outcome.name, "Ελένη Ελευθερίου");
    // A signed badge of someone not listed names nobody either way: the valid reading counts.
    const std::string unlisted = f.badge("REG-77");
    f.apply(Wedge(Lower(unlisted), unlisted), 20'000);
    EXPECT_NE(f.state.outcome.outcome, Outcome::Unreadable);
    EXPECT_FALSE(f.state.scannerCapsLock);
    f.apply(Wedge(unlisted, Lower(unlisted)), 40'000);
    EXPECT_NE(f.state.outcome.outcome, Outcome::Unreadable);
    EXPECT_FALSE(f.state.scannerCapsLock);
}

TEST(KioskController, ACapsLockScanThatNamesNobodyTellsStaffWhy) {
    SignedFixture f;
    f.apply(Wedge("reg-404", "REG-404"));
    EXPECT_EQ(f.state.outcome.outcome, Outcome::NotRecognised);
    EXPECT_TRUE(f.state.scannerCapsLock);
    const WaitingView view = MakeWaitingView(f.state, f.config, f.catalog, f.t0);
    EXPECT_NE(view.status.find("caps lock"), std::string::npos) << view.status;
    f.apply(Wedge("REG-1"), 10'000); // caps lock off again
    EXPECT_FALSE(f.state.scannerCapsLock);
}

TEST(KioskController, TheCameraClaimIsUsedAsReadNotReadAgain) {
    SignedFixture f;
    ScanPayload scan;
    scan.text = f.badge("REG-1");
    scan.claim = scanner::BadgeReader::create(core::BadgeReaderOptionsFor(f.config.event))
                     ->read(f.badge("REG-2")); // what the decoding thread read and verified
    f.apply(scan);
    EXPECT_EQ(f.state.outcome.outcome, Outcome::Admitted);
    EXPECT_EQ(f.state.outcome.name, "Ελένη Ελευθερίου");
}

namespace {

// Lists REG-6 and REG-7 with attention notes in the fixture's store.
void ListWithNotes(ControllerFixture& f) {
    Registrant minister = SampleRegistrants()[3];
    minister.id = "REG-6";
    minister.status = RegistrantStatus::Active; // a copy of a cancelled one
    minister.attention = "Minister: escort to room XX";
    Registrant ambassador = SampleRegistrants()[0];
    ambassador.id = "REG-7";
    ambassador.attention = "Ambassador";
    ASSERT_TRUE(f.store->upsertRegistrants({minister, ambassador},
                                           core::UpsertFields{false, false, false, true}));
}

} // namespace

TEST(KioskController, AnAttentionNoteIsForStaffAndTheWelcomeStaysAsItIs) {
    ControllerFixture f;
    ListWithNotes(f);
    f.apply(ScanPayload{"REG-6"});
    ASSERT_EQ(f.state.screen, Screen::Outcome);
    EXPECT_EQ(f.state.outcome.outcome, Outcome::Admitted);
    EXPECT_EQ(f.state.outcome.attention, "Minister: escort to room XX");
    const OutcomeView view = MakeOutcomeView(f.state.outcome, f.catalog);
    EXPECT_EQ(view.staffNote, "Attention: Minister: escort to room XX");
    EXPECT_EQ(view.headline, f.catalog.text(f.state.outcome.language, "outcome.admitted.headline"));
    EXPECT_TRUE(view.action.empty());
    EXPECT_EQ(view.name, "Jean Dupont");

    f.apply(ScanPayload{"REG-1"}, 1'000);
    EXPECT_TRUE(f.state.outcome.attention.empty());
    EXPECT_TRUE(MakeOutcomeView(f.state.outcome, f.catalog).staffNote.empty());
}

TEST(KioskController, AttentionArrivalsAtOtherDoorsAreMarkedUntilStaffSeeThem) {
    ControllerFixture f;
    ListWithNotes(f);
    AttendanceEvent elsewhere;
    elsewhere.uuid = NewUuid();
    elsewhere.registrantId = "REG-7";
    elsewhere.day = "2025-06-17";
    elsewhere.kind = EventKind::CheckIn;
    elsewhere.kioskId = "door-2";
    elsewhere.at = f.t0 - 600'000;
    elsewhere.method = Method::Camera;
    ASSERT_TRUE(core::ApplyRemoteAttendance(*f.store, {elsewhere}, 1));
    const auto waitingMark = [&] {
        return MakeWaitingView(f.state, f.config, f.catalog, f.t0).attentionMark;
    };
    EXPECT_EQ(waitingMark(), "");

    f.controller->tick(f.t0); // the sync state's refresh reads the list too
    while (f.queue.drain(f.state) > 0) {
    }
    ASSERT_EQ(f.state.attentionArrivals.size(), 1U);
    EXPECT_EQ(f.state.attentionArrivals[0].kioskId, "door-2");
    EXPECT_EQ(f.state.attentionArrivals[0].note, "Ambassador");
    EXPECT_EQ(waitingMark(), "Attention: 1");

    f.signIn();
    EXPECT_EQ(f.state.attentionSeen, 0U); // the search tab is not the list
    f.apply(SelectTab{static_cast<int>(PanelTab::Today)});
    EXPECT_EQ(f.state.attentionSeen, 1U);
    f.apply(LockPanel{});
    EXPECT_EQ(waitingMark(), ""); // seen, and still listed
    EXPECT_EQ(f.state.attentionArrivals.size(), 1U);
}

} // namespace accueil::kiosk::app::test
