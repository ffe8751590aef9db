// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <accueil/core/Attendance.h>
#include <accueil/scanner/BadgeClaim.h>

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace accueil::kiosk::app {

// What the screens and the input layer ask for. Frame functions only emit these; the
// controller decides what they do.

struct ScanPayload {
    std::string text;
    bool wedge = false;
    /// Steady-clock time it was read: the camera frame's capture, the last key of a scanner's
    /// burst (the kernel's stamp for evdev, the window's for X keys); 0 = unknown.
    std::int64_t capturedMicros = 0;
    std::int64_t decodedMicros = 0; ///< when the scanner side had read it (0 = not there)
    /// Typed with caps lock on: what a scanner that follows caps lock meant (else empty).
    std::string capsText{};
    /// The claim when text was already read and verified (the camera's decoding thread), so
    /// it is not read again; a wedge payload is read on the store thread.
    std::optional<scanner::BadgeClaim> claim{};
};
struct OpenStaffLogin {};
struct LoginStaffIdDone {};
struct PinDigit {
    char digit = '0';
};
struct PinBackspace {};
struct PinSubmit {};
struct CancelLogin {};
struct DismissOutcome {};
struct SelectTab {
    int tab = 0;
};
struct SearchEdited {};
struct SelectRegistrant {
    std::string id;
};
struct ManualCheckIn {};
struct UndoEntry {
    std::string eventUuid;
};
struct CancelUndo {}; ///< the card stops asking for an undo's reason
struct PlaceHold {};
struct ClearHold {};
struct ToggleWalkIn {};
struct AdmitWalkIn {};
/// A touch choice on the walk-in form: the gender (canonical value), the category (one of
/// the event's).
struct ChooseWalkInGender {
    std::string gender;
};
struct ChooseWalkInCategory {
    std::string category;
};
struct SwitchLanguage {
    std::string language;
};
struct RefreshToday {};
struct LockPanel {};
/// "Leave the kiosk": the first tap asks (confirmed = false) for the signed-in staff member's
/// PIN (typed with PinDigit/PinBackspace); the second, with the right PIN, leaves.
struct LeaveKiosk {
    bool confirmed = false;
};
struct CancelLeave {};
struct PanelTouched {}; ///< any staff input: postpones the auto-lock
/// Staff turn a door for both directions into an entrance or an exit (audited).
struct SetDirection {
    core::Direction direction = core::Direction::In;
};

using UiCommand =
    std::variant<ScanPayload, OpenStaffLogin, LoginStaffIdDone, PinDigit, PinBackspace, PinSubmit,
                 CancelLogin, DismissOutcome, SelectTab, SearchEdited, SelectRegistrant,
                 ManualCheckIn, UndoEntry, CancelUndo, PlaceHold, ClearHold, ToggleWalkIn,
                 AdmitWalkIn, ChooseWalkInGender, ChooseWalkInCategory, SwitchLanguage,
                 RefreshToday, LockPanel, LeaveKiosk, CancelLeave, PanelTouched, SetDirection>;

using Commands = std::vector<UiCommand>;

} // namespace accueil::kiosk::app
