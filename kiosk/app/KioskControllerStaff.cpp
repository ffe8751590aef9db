// SPDX-License-Identifier: Apache-2.0
#include "CoreTypes.h"
#include "KioskController.h"

#include <accueil/core/Text.h>

#include <algorithm>
#include <array>
#include <string_view>

// The staff panel's actions: each one store call with the signed-in staff id, then the
// card refreshed from the store.

namespace accueil::kiosk::app {

void KioskController::setDirection(core::Direction direction, UtcMillis now) {
    if (m_config.direction != core::DoorDirection::Both || direction == m_state.direction) {
        return; // an entrance or an exit door stays what kiosk.toml says
    }
    const std::string staff = m_state.panel.staff.id;
    submit([this, direction, staff, now](AttendanceStore& store) -> UiUpdate {
        AuditEntry line;
        line.at = now;
        line.staffId = staff;
        line.action = "door_direction";
        line.detail = R"({"direction":")" + std::string(ToString(direction)) + R"("})";
        auto done = store.audit(line);
        return [this, done, direction](UiState& state) {
            if (done) {
                state.direction = direction;
                setMessage(direction == core::Direction::Out ? "panel.now_exit"
                                                             : "panel.now_entrance",
                           {}, false);
            } else {
                setFailure("panel.failed", done.error());
            }
        };
    });
}

void KioskController::checkInByHand(UtcMillis now) {
    if (!m_state.panel.selected || !requireReason()) {
        return;
    }
    const std::string id = m_state.panel.selected->id;
    const std::string staff = m_state.panel.staff.id;
    const std::string reason = m_state.panel.reason;
    submit([this, id, staff, reason, now](AttendanceStore& store) -> UiUpdate {
        auto done = store.manualCheckIn(id, staff, reason, now);
        return [this, done, id](UiState& state) {
            if (done) {
                state.panel.reason.clear();
                setMessage("panel.done_check_in", {}, false);
                select(id);
            } else {
                setFailure("panel.failed", done.error());
            }
        };
    });
}

void KioskController::undoEntry(const std::string& eventUuid, UtcMillis now) {
    if (!m_state.panel.selected) {
        return;
    }
    if (TrimAscii(m_state.panel.reason).empty()) {
        // Undo is pressed in the history, far from the reason field: the card asks for the
        // reason beside the entry, with the keyboard on it. A second press without one says so.
        const bool asked = m_state.panel.undoTarget == eventUuid;
        m_state.panel.undoTarget = eventUuid;
        m_state.panel.typing = TextField::Reason;
        if (asked) {
            setMessage("panel.need_reason", {}, true);
        } else {
            clearError();
        }
        return;
    }
    const std::string id = m_state.panel.selected->id;
    const std::string staff = m_state.panel.staff.id;
    const std::string reason = m_state.panel.reason;
    submit([this, id, staff, reason, target = eventUuid, now](AttendanceStore& store) -> UiUpdate {
        auto done = store.undo(target, staff, reason, now);
        return [this, done, id](UiState& state) {
            if (done) {
                state.panel.reason.clear();
                state.panel.undoTarget.clear();
                if (state.panel.typing == TextField::Reason) {
                    state.panel.typing = TextField::None;
                }
                setMessage("panel.done_undo", {}, false);
                select(id);
            } else {
                setFailure("panel.failed", done.error());
            }
        };
    });
}

void KioskController::cancelUndo() {
    m_state.panel.undoTarget.clear();
    m_state.panel.typing = TextField::None;
    clearError();
}

void KioskController::placeHold(UtcMillis now) {
    if (!m_state.panel.selected) {
        return;
    }
    if (TrimAscii(m_state.panel.holdNote).empty()) {
        setMessage("panel.need_hold_note", {}, true);
        return;
    }
    const std::string id = m_state.panel.selected->id;
    const std::string staff = m_state.panel.staff.id;
    const std::string note = m_state.panel.holdNote;
    submit([this, id, staff, note, now](AttendanceStore& store) -> UiUpdate {
        auto done = store.setHold(id, note, staff, now);
        return [this, done, id](UiState& state) {
            if (done) {
                state.panel.holdNote.clear();
            }
            if (done) {
                setMessage("panel.done_hold", {}, false);
            } else {
                setFailure("panel.failed", done.error());
            }
            select(id);
        };
    });
}

void KioskController::clearHold(UtcMillis now) {
    if (!m_state.panel.selected) {
        return;
    }
    const std::string id = m_state.panel.selected->id;
    const std::string staff = m_state.panel.staff.id;
    submit([this, id, staff, now](AttendanceStore& store) -> UiUpdate {
        auto done = store.setHold(id, "", staff, now);
        return [this, done, id](UiState&) {
            if (done) {
                setMessage("panel.done_clear_hold", {}, false);
            } else {
                setFailure("panel.failed", done.error());
            }
            select(id);
        };
    });
}

namespace {

// The genders a walk-in may be recorded with: the canonical values the reports count.
constexpr std::array<std::string_view, 4> kWalkInGenders = {"female", "male", "other",
                                                            "undisclosed"};

bool Listed(const auto& list, std::string_view value) {
    return std::find(list.begin(), list.end(), value) != list.end();
}

} // namespace

void KioskController::toggleWalkIn() {
    m_state.panel.walkInOpen = !m_state.panel.walkInOpen;
    m_state.panel.undoTarget.clear();
    clearError();
}

void KioskController::chooseWalkInGender(const std::string& gender) {
    if (m_state.panel.walkInOpen && Listed(kWalkInGenders, gender)) {
        m_state.panel.walkIn.gender = gender;
        setMessage("", {}, false); // what the form asked for is being given
    }
}

void KioskController::chooseWalkInCategory(const std::string& category) {
    if (m_state.panel.walkInOpen && Listed(m_config.event.categories, category)) {
        m_state.panel.walkIn.category = category;
        setMessage("", {}, false);
    }
}

void KioskController::admitWalkIn(UtcMillis now) {
    const WalkInForm& form = m_state.panel.walkIn;
    if (TrimAscii(form.givenName).empty() && TrimAscii(form.familyName).empty()) {
        setMessage("panel.need_name", {}, true);
        return;
    }
    // An event that lists its categories gets one of them, never a spelling of its own.
    const std::vector<std::string>& categories = m_config.event.categories;
    if (!categories.empty() && !Listed(categories, form.category)) {
        setMessage("panel.need_category", {}, true);
        return;
    }
    if (!Listed(kWalkInGenders, form.gender)) {
        setMessage("panel.need_gender", {}, true);
        return;
    }
    if (TrimAscii(form.reason).empty()) {
        setMessage("panel.need_reason", {}, true);
        return;
    }
    Registrant person;
    person.givenName = std::string(TrimAscii(form.givenName));
    person.familyName = std::string(TrimAscii(form.familyName));
    person.delegation = std::string(TrimAscii(form.delegation));
    person.category = std::string(TrimAscii(form.category));
    person.gender = form.gender;
    const std::string staff = m_state.panel.staff.id;
    const std::string reason = form.reason;
    submit([this, person, staff, reason, now](AttendanceStore& store) -> UiUpdate {
        auto done = store.admitWalkIn(person, staff, reason, now);
        return [this, done](UiState& state) {
            if (!done) {
                setFailure("panel.failed", done.error());
                return;
            }
            state.panel.walkIn = WalkInForm{};
            state.panel.walkInOpen = false;
            setMessage("panel.done_walk_in", {}, false);
            if (done->registrant) {
                select(done->registrant->id);
            }
        };
    });
}

void KioskController::askToLeave(bool confirmed, UtcMillis now) {
    PanelState& panel = m_state.panel;
    // Closing the program stops the door: one tap asks, and only the signed-in staff member's
    // PIN leaves, so a panel left open is not a way to shut the door.
    if (m_state.screen != Screen::Panel || panel.leaveBusy) {
        return;
    }
    if (!confirmed || !panel.leaveAsked) {
        panel.leaveAsked = true;
        panel.leavePin.clear();
        return;
    }
    if (panel.leavePin.empty()) {
        setMessage("panel.leave_need_pin", {}, true);
        return;
    }
    panel.leaveBusy = true;
    const std::string id = panel.staff.id;
    const std::string pin = panel.leavePin;
    panel.leavePin.clear();
    verifyPinThen(id, pin, now, "leave_pin",
                  [this, now](UiState& state, const core::Result<core::StaffMember>& member) {
                      state.panel.leaveBusy = false;
                      if (state.screen != Screen::Panel || !state.panel.leaveAsked) {
                          return;
                      }
                      if (!member) {
                          setFailure("panel.leave_refused", member.error());
                          return;
                      }
                      leave(now);
                  });
}

void KioskController::forgetLeave() {
    m_state.panel.leaveAsked = false;
    m_state.panel.leavePin.clear();
}

void KioskController::leave(UtcMillis now) {
    if (m_state.screen != Screen::Panel) {
        return; // leaving is only possible from the unlocked panel
    }
    AuditEntry entry;
    entry.uuid = NewUuid();
    entry.at = now;
    entry.kioskId = m_config.id;
    entry.staffId = m_state.panel.staff.id;
    entry.action = "kiosk_exit";
    submit([entry](AttendanceStore& store) -> UiUpdate {
        auto done = store.audit(entry);
        return [done](UiState& state) {
            // Without the audit line the kiosk stays: the exit must be on record.
            if (done) {
                state.quitRequested = true;
            }
        };
    });
}

} // namespace accueil::kiosk::app
