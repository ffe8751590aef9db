// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "CoreMessages.h"
#include "CoreTypes.h"
#include "SyncStatus.h"

#include <accueil/core/AttendanceStore.h>
#include <accueil/core/Occupancy.h>
#include <accueil/core/TodayStats.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace accueil::kiosk::app {

/// Which screen is up. The outcome screen covers the waiting screen; the login and panel
/// screens cover both.
/// OutOfService is for good: the central revoked the kiosk and its personal data was erased.
enum class Screen { Waiting, Outcome, Login, Panel, OutOfOrder, OutOfService };

/// A registrant's photo as the screens show it: decoded on the store thread (ReadPhotoView), put
/// on the GPU by the main loop before the next frame (PhotoTextures), which then drops the
/// pixels. No photo: an empty registrantId, and nothing is drawn.
struct PhotoView {
    std::string registrantId;
    std::uint64_t version = 0; ///< tells two photos of one registrant apart (from the JPEG)
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> rgb; ///< RGB pixels, until uploaded
    std::uintptr_t texture = 0;    ///< ImGui texture id once uploaded; 0 = nothing to draw
};

/// The last scan's answer, as shown.
struct OutcomeDisplay {
    Outcome outcome = Outcome::Unreadable;
    bool warn = false;
    bool repeat = false;
    std::string name;
    std::string delegation;
    std::string timeText;        ///< "09:15", local time of the first entry today (or of the scan)
    std::string language;        ///< the delegate's language when known and available, else ""
    std::string staffLanguage{}; ///< the kiosk's UI language, for what is said to staff
    /// Not valid today: the meeting days the registration covers ("2025-06-18"), to say so.
    std::vector<std::string> validDays{};
    /// The registrant's attention note on an entry: a band for staff, the welcome unchanged.
    std::string attention{};
    /// The registrant's photo, beside the name, where the event enables it (photo_on_outcome).
    PhotoView photo{};
    UtcMillis shownAt = 0;
    UtcMillis until = 0;
    std::uint64_t sequence = 0; ///< increases with every outcome (a new scan replaces at once)
};

/// The staff login: who, then the PIN pad.
struct LoginState {
    std::string staffId;
    std::string pin;     ///< digits typed so far; cleared on every attempt
    std::string message; ///< catalog key of the last error, e.g. "login.wrong_pin"
    CatalogText detail;  ///< the core's reason (lockout time), in the screen's language
    bool busy = false;   ///< a PIN check is running on the store thread
    bool fromCard = false;
};

enum class PanelTab { Search, Today, Kiosk };

/// A staff form's text fields (owned by the UI state, edited in place by ImGui widgets).
struct WalkInForm {
    std::string givenName;
    std::string familyName;
    std::string delegation;
    std::string category; ///< one of the event's categories when it lists them, else typed
    std::string reason;
    std::string gender{}; ///< canonical (female, male, other, undisclosed); "" = not chosen yet
};

/// The text fields of the staff panel, for the on-screen keyboard.
enum class TextField {
    None,
    Query,
    Reason,
    HoldNote,
    WalkInGivenName,
    WalkInFamilyName,
    WalkInDelegation,
    WalkInCategory,
    WalkInReason,
};

/// Everything the staff panel shows and edits.
struct PanelState {
    StaffMember staff;
    PanelTab tab = PanelTab::Search;
    std::string query;
    std::uint64_t searchSequence = 0; ///< answers to older queries are dropped
    std::vector<SearchHit> hits;
    std::optional<Registrant> selected;
    PhotoView photo; ///< the selected registrant's photo, when they have one
    std::vector<AttendanceEvent> history;
    std::optional<UtcMillis> selectedFirstEntry;
    std::string reason; ///< for a manual check-in, an undo or a hold
    /// The entry Undo was pressed for without a reason: the card asks for it (uuid; "" = none).
    std::string undoTarget;
    std::string holdNote;
    WalkInForm walkIn;
    bool walkInOpen = false;
    bool leaveAsked = false;   ///< "Leave the kiosk" tapped once: the Kiosk tab asks for the PIN
    std::string leavePin;      ///< digits typed to confirm leaving; cleared on every attempt
    bool leaveBusy = false;    ///< that PIN is being checked on the store thread
    std::string message;       ///< catalog key of the last action's result
    CatalogText messageDetail; ///< the core's reason for a failure, in the screen's language
    bool messageIsError = false;
    std::optional<TodayStats> today;
    UtcMillis lastActivity = 0;
    TextField typing = TextField::None; ///< the field the on-screen keyboard types into
    bool keyboardShift = false;
};

/// The kiosk's long-lived UI state: one plain struct, changed on the main thread only.
struct UiState {
    Screen screen = Screen::Waiting;
    std::string language = "en"; ///< the UI's language (panel and waiting screen order)
    OutcomeDisplay outcome;
    LoginState login;
    PanelState panel;
    SyncStatus sync;
    CameraState camera = CameraState::None;
    CameraPreview preview; ///< the newest camera frame on the GPU, when a camera runs
    /// The last wedge scan had caps lock on and named nobody, read either way: the status
    /// line says so, for staff to switch it off.
    bool scannerCapsLock = false;
    /// Today's entries at other doors of registrants with an attention note, oldest first,
    /// as the store knows them after its sync pulls (refreshed with the sync state).
    std::vector<AttentionArrival> attentionArrivals;
    /// How many of them staff have seen on the panel's Today tab; the waiting screen marks the
    /// rest in its status corner.
    std::size_t attentionSeen = 0;
    std::string outOfOrderReason;
    /// The central revoked this kiosk (now, or before a restart): the out-of-service screen
    /// stays up whatever else happens, and scans are refused.
    bool outOfService = false;
    /// Out of service because the meeting is over and the store was purged (accueil purge),
    /// not because the central revoked the kiosk: the screen says which.
    bool purged = false;
    UtcMillis outOfOrderSince = 0; ///< set by the controller's first tick on that screen
    bool quitRequested = false;
    int pendingJobs = 0; ///< store jobs submitted and not yet answered
    /// Which way this door's scans go: an exit door's are exits; at a door for both, staff
    /// choose on the panel's Kiosk tab.
    core::Direction direction = core::Direction::In;
    /// Inside now per zone, as the store last counted it (the capacity band, the Today tab).
    std::optional<core::Occupancy> occupancy;
};

/// Takes the store's list of today's attention arrivals at other doors; what is on the open
/// Today tab counts as seen. Main thread.
void TakeAttentionArrivals(UiState& state, std::vector<AttentionArrival> arrivals);

/// Puts the kiosk out of service for good: the out-of-service screen, and nothing left on
/// screen or in the panel that named anyone. Main thread.
void EnterOutOfService(UiState& state);

} // namespace accueil::kiosk::app
