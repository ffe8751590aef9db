// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "Catalog.h"
#include "Commands.h"
#include "CoreMessages.h"
#include "CoreTypes.h"
#include "StoreWorker.h"
#include "UiState.h"

#include <accueil/core/Config.h>
#include <accueil/scanner/BadgeReader.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace accueil::kiosk::app {

/// What the controller takes beyond KioskConfig's rules. RunKiosk fills the staff-card prefix
/// from kiosk.toml's `[app] staff_card_prefix` (core::AppSettings).
struct ControllerSettings {
    std::string staffCardPrefix = "STAFF:"; ///< a scanned "STAFF:<id>" opens the PIN pad; "" = off
    int syncPollSeconds = 10; ///< how often the outbox size and attention arrivals are refreshed
};

/// Turns commands from the screens and the input layer into store jobs and UI state changes.
/// It decides nothing about attendance itself: the store and its rules do. Main thread only.
class KioskController {
public:
    KioskController(UiState& state, StoreExecutor& store, const KioskConfig& config,
                    const Catalog& catalog, scanner::BadgeReader reader,
                    ControllerSettings settings = {});

    /// Handles one command at time `now`. `steadyMicros` stamps scans for the latency figures.
    void apply(const UiCommand& command, UtcMillis now, std::int64_t steadyMicros = 0);
    /// Time-driven changes: the outcome returning to waiting, the panel's auto-lock, the
    /// periodic sync-state refresh.
    void tick(UtcMillis now);
    /// The next moment tick() would change something (to sleep until then), if any.
    std::optional<UtcMillis> nextDeadline(UtcMillis now) const;

    /// Where the steady clock stood when the scan now on screen was read (0 if unknown).
    std::int64_t shownScanMicros() const { return m_shownScanMicros; }
    /// When the store had committed that scan (same steady clock, microseconds).
    std::int64_t shownDecidedMicros() const { return m_shownDecidedMicros; }

private:
    void applyInService(const UiCommand& command, UtcMillis now, std::int64_t steadyMicros);
    void scan(const ScanPayload& payload, UtcMillis now, std::int64_t steadyMicros);
    void submitPin(UtcMillis now);
    // Staff actions (KioskControllerStaff.cpp).
    void checkInByHand(UtcMillis now);
    void undoEntry(const std::string& eventUuid, UtcMillis now);
    void cancelUndo();
    void placeHold(UtcMillis now);
    void clearHold(UtcMillis now);
    void toggleWalkIn();
    void admitWalkIn(UtcMillis now);
    void chooseWalkInGender(const std::string& gender);
    void chooseWalkInCategory(const std::string& category);
    void pinDigit(char digit);
    void pinBackspace();
    /// "Leave the kiosk": asks for the PIN, then checks it and leaves.
    void askToLeave(bool confirmed, UtcMillis now);
    void forgetLeave();
    void leave(UtcMillis now);
    void search();
    /// A scan in the panel: opens the card of whom it names, as check-in resolves it.
    void lookUp(const ScanPayload& payload, const std::string& text);
    void select(const std::string& id);
    /// Staff turn to `id` (a tap, a single search hit): a different person's card starts clean,
    /// without the last one's message, reason or hold note.
    void turnTo(const std::string& id);
    void lock(UtcMillis now, const char* why);
    void selectTab(int tab);
    void refreshToday();
    void refreshSync();
    /// Inside now per zone, counted on the store thread after the jobs already queued.
    void refreshOccupancy();
    void setDirection(core::Direction direction, UtcMillis now);
    void setMessage(const std::string& key, const CatalogText& detail, bool error);
    /// `key` with the core's error put into the catalog's words.
    void setFailure(const std::string& key, const core::Error& error);
    /// Clears the panel's message when it is an error (a result stays until the next action).
    void clearError();
    void submit(StoreJob job);
    /// Checks `pin` for staff member `id` on the store's thread (a wrong one counts toward the
    /// lockout), then runs `then` with the answer on the UI thread.
    /// `purpose` names the attempt in the audit log (AttendanceStore::verifyPin).
    void verifyPinThen(std::string id, std::string pin, UtcMillis now, const char* purpose,
                       std::function<void(UiState&, const core::Result<core::StaffMember>&)> then);
    bool requireReason();

    UiState& m_state;
    StoreExecutor& m_store;
    const KioskConfig& m_config;
    const Catalog& m_catalog;
    scanner::BadgeReader m_reader;
    ControllerSettings m_settings;
    UtcMillis m_lastSyncPoll = 0;
    UtcMillis m_now = 0;
    std::uint64_t m_outcomeSequence = 0;
    std::int64_t m_shownScanMicros = 0;
    std::int64_t m_shownDecidedMicros = 0;
};

/// Builds the OutcomeDisplay for a recorded scan (pure; tested on its own). `uiLanguage` is
/// used when the registration names no language the catalog has.
OutcomeDisplay MakeOutcomeDisplay(const ScanResult& result, const scanner::BadgeClaim& claim,
                                  const EventCalendar& calendar, const Catalog& catalog,
                                  const std::string& uiLanguage, UtcMillis now);

} // namespace accueil::kiosk::app
