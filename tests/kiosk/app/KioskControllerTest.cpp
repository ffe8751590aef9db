// SPDX-License-Identifier: Apache-2.0
#include "TestKiosk.h"

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

TEST(KioskController, EveryRefusalHasItsOutcome) {
    ControllerFixture f;
    f.apply(ScanPayload{"REG-3"});
    EXPECT_EQ(f.state.outcome.outcome, Outcome::NotValidToday);
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
    EXPECT_EQ(f.state.outcome.language, "fr"); // the registration says French
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

TEST(KioskController, LeavingNeedsThePanel) {
    ControllerFixture f;
    f.apply(LeaveKiosk{});
    EXPECT_FALSE(f.state.quitRequested);
    f.apply(OpenStaffLogin{});
    f.state.login.staffId = "amina";
    f.state.login.pin = "2468";
    f.apply(PinSubmit{});
    f.apply(LeaveKiosk{});
    EXPECT_TRUE(f.state.quitRequested);
    auto audit = f.store->recentAudit(5);
    ASSERT_TRUE(audit.ok());
    EXPECT_EQ(audit->front().action, "kiosk_exit");
    EXPECT_EQ(audit->front().staffId, "amina");
}

TEST(KioskController, StaffActionsGoThroughTheStoreWithTheStaffId) {
    ControllerFixture f;
    f.apply(OpenStaffLogin{});
    f.state.login.staffId = "amina";
    f.state.login.pin = "2468";
    f.apply(PinSubmit{});
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

    f.state.panel.walkIn = {"Walk", "In", "Chile", "Observer", "not on the list"};
    f.apply(AdmitWalkIn{});
    EXPECT_EQ(f.state.panel.message, "panel.done_walk_in");
    ASSERT_TRUE(f.state.panel.selected);
    EXPECT_TRUE(f.state.panel.selected->provisional);

    f.apply(SelectTab{1});
    ASSERT_TRUE(f.state.panel.today);
    EXPECT_EQ(f.state.panel.today->admitted, 1); // the walk-in; the manual entry was undone
}

TEST(KioskController, PanelLocksItselfWhenIdle) {
    ControllerFixture f;
    f.apply(OpenStaffLogin{});
    f.state.login.staffId = "amina";
    f.state.login.pin = "2468";
    f.apply(PinSubmit{});
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
    f.apply(OpenStaffLogin{});
    f.state.login.staffId = "amina";
    f.state.login.pin = "2468";
    f.apply(PinSubmit{});
    f.apply(ScanPayload{"REG-1"});
    EXPECT_EQ(f.state.screen, Screen::Panel);
    EXPECT_EQ(f.state.panel.query, "REG-1");
    EXPECT_TRUE(f.store->history("REG-1")->empty());
}

} // namespace accueil::kiosk::app::test

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
