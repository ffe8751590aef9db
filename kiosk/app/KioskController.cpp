// SPDX-License-Identifier: Apache-2.0
#include "KioskController.h"

#include "CoreTypes.h"
#include "OutcomeStyle.h"
#include "PersonName.h"
#include "PhotoTextures.h"

#include <accueil/core/Occupancy.h>
#include <accueil/core/Text.h>
#include <accueil/core/TodayStats.h>

#include <algorithm>
#include <chrono>
#include <type_traits>

namespace accueil::kiosk::app {

namespace {

constexpr std::size_t kMaxPinDigits = 12;
constexpr int kSearchLimit = 30;
constexpr UtcMillis kOutOfOrderRetryMs = 10'000;

template <class... Ts> struct Overloaded : Ts... { using Ts::operator()...; };
template <class... Ts> Overloaded(Ts...) -> Overloaded<Ts...>;

/// A scanned payload, read, and whom it names.
struct Reading {
    std::string payload;
    scanner::BadgeClaim claim;
    std::optional<Registrant> registrant; ///< when looked up
    bool capsUnread = false;              ///< typed with caps lock on, and neither reading admits
};

// The claim of a scan, read once: the camera's comes verified from its decoding thread, a
// wedge payload is read here. A payload typed with caps lock on that names nobody is read
// again as a scanner that follows caps lock meant it; the reading that names somebody wins,
// else a valid signed badge. `lookUp`: find whom it names even without caps lock (the
// panel). Store thread.
Reading ReadScan(const scanner::BadgeReader& reader, AttendanceStore& store,
                 const ScanPayload& scan, const std::string& text, bool lookUp) {
    Reading reading{text, scan.claim ? *scan.claim : reader.read(text), std::nullopt, false};
    if (!lookUp && scan.capsText.empty()) {
        return reading; // recordScan resolves it; no second look-up
    }
    if (auto who = store.registrantFor(reading.claim); who && *who) {
        reading.registrant = std::move(**who);
        return reading;
    }
    if (scan.capsText.empty()) {
        return reading;
    }
    const std::string meant(TrimAscii(scan.capsText));
    Reading other{meant, reader.read(meant), std::nullopt, false};
    if (auto who = store.registrantFor(other.claim); who && *who) {
        other.registrant = std::move(**who);
        return other;
    }
    // Nobody listed either way: a valid signed badge still speaks for itself.
    const auto signedBadge = [](const scanner::BadgeClaim& c) {
        return c.format == scanner::ClaimFormat::SignedBadge && c.valid();
    };
    if (signedBadge(other.claim)) {
        return other;
    }
    reading.capsUnread = !signedBadge(reading.claim);
    return reading;
}

} // namespace

OutcomeDisplay MakeOutcomeDisplay(const ScanResult& result, const scanner::BadgeClaim& claim,
                                  const EventCalendar& calendar, const Catalog& catalog,
                                  const std::string& uiLanguage, UtcMillis now) {
    OutcomeDisplay display;
    display.outcome = result.decision.outcome;
    display.warn = result.decision.warn;
    display.repeat = result.repeat;
    if (result.registrant) {
        display.name = NameAsWritten(result.registrant->givenName, result.registrant->familyName);
        display.delegation = result.registrant->delegation;
        if (display.outcome == Outcome::NotValidToday) {
            display.validDays = result.registrant->days; // empty: every day (not a meeting day)
        }
        const std::string& lang = result.registrant->language;
        if (!lang.empty() && catalog.has(lang, "outcome.admitted.headline")) {
            display.language = lang;
        }
    } else if (claim.valid() && !(claim.givenName.empty() && claim.familyName.empty())) {
        display.name = std::string(TrimAscii(NameAsWritten(claim.givenName, claim.familyName)));
    }
    if (display.language.empty()) {
        display.language = uiLanguage;
    }
    display.staffLanguage = uiLanguage;
    display.attention = result.decision.attention;
    display.timeText = calendar.localTimeOfDay(result.firstEntryToday.value_or(now));
    display.shownAt = now;
    display.until = now + DisplayMillis(StyleFor(display.outcome, display.warn).cls);
    return display;
}

KioskController::KioskController(UiState& state, StoreExecutor& store, const KioskConfig& config,
                                 const Catalog& catalog, scanner::BadgeReader reader,
                                 ControllerSettings settings)
    : m_state(state), m_store(store), m_config(config), m_catalog(catalog),
      m_reader(std::move(reader)), m_settings(std::move(settings)) {
    m_state.sync.configured = !m_config.central.url().empty();
    if (!m_catalog.languages().empty()) {
        m_state.language = m_catalog.languages().front();
    }
    m_state.direction =
        m_config.direction == core::DoorDirection::Out ? core::Direction::Out : core::Direction::In;
}

void TakeAttentionArrivals(UiState& state, std::vector<AttentionArrival> arrivals) {
    const bool watching = state.screen == Screen::Panel && state.panel.tab == PanelTab::Today;
    // A new day (or an undo) shortens the list: what was seen of it cannot be more than it.
    state.attentionSeen =
        watching ? arrivals.size() : std::min(state.attentionSeen, arrivals.size());
    state.attentionArrivals = std::move(arrivals);
}

void EnterOutOfService(UiState& state) {
    state.outOfService = true;
    state.screen = Screen::OutOfService;
    // The store was wiped; what the screens still hold in memory goes too.
    state.outcome = OutcomeDisplay{};
    state.login = LoginState{};
    state.panel = PanelState{};
    state.attentionArrivals.clear();
    state.attentionSeen = 0;
}

void KioskController::submit(StoreJob job) {
    m_state.pendingJobs += 1;
    m_store.submit([job = std::move(job)](AttendanceStore& store) -> UiUpdate {
        UiUpdate inner = job(store);
        return [inner = std::move(inner)](UiState& state) {
            state.pendingJobs -= 1;
            if (inner) {
                inner(state);
            }
        };
    });
}

void KioskController::apply(const UiCommand& command, UtcMillis now, std::int64_t steadyMicros) {
    m_now = now;
    if (m_state.outOfService) {
        // A revoked kiosk admits nobody and opens no panel: it has no list and no staff left.
        m_state.screen = Screen::OutOfService;
        return;
    }
    applyInService(command, now, steadyMicros);
}

void KioskController::applyInService(const UiCommand& command, UtcMillis now,
                                     std::int64_t steadyMicros) {
    const bool staffScreen = m_state.screen == Screen::Login || m_state.screen == Screen::Panel;
    if (staffScreen && !std::holds_alternative<ScanPayload>(command)) {
        m_state.panel.lastActivity = now;
    }
    std::visit(Overloaded{
                   [&](const ScanPayload& c) { scan(c, now, steadyMicros); },
                   [&](const OpenStaffLogin&) {
                       if (m_state.screen != Screen::Panel &&
                           m_state.screen != Screen::OutOfOrder) {
                           m_state.login = LoginState{};
                           m_state.screen = Screen::Login;
                           m_state.panel.lastActivity = now;
                       }
                   },
                   [&](const LoginStaffIdDone&) {},
                   [&](const PinDigit& c) { pinDigit(c.digit); },
                   [&](const PinBackspace&) { pinBackspace(); },
                   [&](const PinSubmit&) { submitPin(now); },
                   [&](const CancelLogin&) {
                       if (m_state.screen == Screen::Login) {
                           m_state.login = LoginState{};
                           m_state.screen = Screen::Waiting;
                       }
                   },
                   [&](const DismissOutcome&) {
                       if (m_state.screen == Screen::Outcome) {
                           m_state.screen = Screen::Waiting;
                       }
                   },
                   [&](const SelectTab& c) { selectTab(c.tab); },
                   [&](const SearchEdited&) { search(); },
                   [&](const SelectRegistrant& c) { turnTo(c.id); },
                   [&](const ManualCheckIn&) { checkInByHand(now); },
                   [&](const UndoEntry& c) { undoEntry(c.eventUuid, now); },
                   [&](const CancelUndo&) { cancelUndo(); },
                   [&](const PlaceHold&) { placeHold(now); },
                   [&](const ClearHold&) { clearHold(now); },
                   [&](const ToggleWalkIn&) { toggleWalkIn(); },
                   [&](const AdmitWalkIn&) { admitWalkIn(now); },
                   [&](const ChooseWalkInGender& c) { chooseWalkInGender(c.gender); },
                   [&](const ChooseWalkInCategory& c) { chooseWalkInCategory(c.category); },
                   [&](const SwitchLanguage& c) {
                       const auto& langs = m_catalog.languages();
                       if (std::find(langs.begin(), langs.end(), c.language) != langs.end()) {
                           m_state.language = c.language;
                       }
                   },
                   [&](const RefreshToday&) { refreshToday(); },
                   [&](const SetDirection& c) { setDirection(c.direction, now); },
                   [&](const LockPanel&) { lock(now, "staff_lock"); },
                   [&](const LeaveKiosk& c) { askToLeave(c.confirmed, now); },
                   [&](const CancelLeave&) { forgetLeave(); },
                   [&](const PanelTouched&) {},
               },
               command);
}

void KioskController::pinDigit(char digit) {
    if (m_state.screen == Screen::Login && !m_state.login.busy &&
        m_state.login.pin.size() < kMaxPinDigits) {
        m_state.login.pin.push_back(digit);
        m_state.login.message.clear();
    } else if (m_state.screen == Screen::Panel && m_state.panel.leaveAsked &&
               !m_state.panel.leaveBusy && m_state.panel.leavePin.size() < kMaxPinDigits) {
        m_state.panel.leavePin.push_back(digit);
        clearError();
    }
}

void KioskController::pinBackspace() {
    std::string& pin = m_state.screen == Screen::Panel ? m_state.panel.leavePin : m_state.login.pin;
    if (!pin.empty()) {
        pin.pop_back();
    }
}

bool KioskController::requireReason() {
    if (TrimAscii(m_state.panel.reason).empty()) {
        setMessage("panel.need_reason", {}, true);
        return false;
    }
    return true;
}

void KioskController::clearError() {
    if (m_state.panel.messageIsError) {
        setMessage("", {}, false);
    }
}

void KioskController::setFailure(const std::string& key, const core::Error& error) {
    setMessage(key, MessageForError(error), true);
}

void KioskController::setMessage(const std::string& key, const CatalogText& detail, bool error) {
    m_state.panel.message = key;
    m_state.panel.messageDetail = detail;
    m_state.panel.messageIsError = error;
}

void KioskController::scan(const ScanPayload& payload, UtcMillis now, std::int64_t steadyMicros) {
    const std::string text(TrimAscii(payload.text));
    if (text.empty()) {
        return;
    }
    const std::string& prefix = m_settings.staffCardPrefix;
    if (!prefix.empty() && text.rfind(prefix, 0) == 0) {
        if (m_state.screen != Screen::Panel && m_state.screen != Screen::OutOfOrder) {
            m_state.login = LoginState{};
            m_state.login.staffId = text.substr(prefix.size());
            m_state.login.fromCard = true;
            m_state.screen = Screen::Login;
            m_state.panel.lastActivity = now;
        }
        return;
    }
    if (m_state.screen == Screen::Panel) {
        // Staff holding a badge to the camera want to look the person up, not admit them.
        m_state.panel.lastActivity = now;
        lookUp(payload, text);
        return;
    }
    if (m_state.screen == Screen::Login || m_state.screen == Screen::OutOfOrder) {
        return;
    }
    ScanRequest request;
    request.payload = text;
    request.at = now;
    request.method = payload.wedge ? Method::Wedge : Method::Camera;
    request.direction = m_state.direction;
    request.steadyMs = steadyMicros / 1000; // the debounce holds across wall-clock steps
    const std::string uiLanguage = m_state.language;
    submit([this, request, payload, uiLanguage,
            steadyMicros](AttendanceStore& store) mutable -> UiUpdate {
        Reading reading = ReadScan(m_reader, store, payload, request.payload, false);
        request.payload = std::move(reading.payload);
        request.claim = std::move(reading.claim);
        auto recorded = store.recordScan(request);
        if (!recorded) {
            std::string why = recorded.error().message;
            return [why](UiState& state) {
                state.screen = Screen::OutOfOrder;
                state.outOfOrderReason = why;
            };
        }
        OutcomeDisplay display = MakeOutcomeDisplay(
            *recorded, request.claim, *m_config.event.calendar, m_catalog, uiLanguage, request.at);
        if (m_config.event.photoOnOutcome && recorded->registrant) {
            display.photo = ReadPhotoView(store, recorded->registrant->id); // after the commit
        }
        const std::int64_t decidedMicros = std::chrono::duration_cast<std::chrono::microseconds>(
                                               std::chrono::steady_clock::now().time_since_epoch())
                                               .count();
        const bool wedge = payload.wedge;
        const bool capsUnread = reading.capsUnread;
        return [this, display = std::move(display), steadyMicros, decidedMicros, wedge,
                capsUnread](UiState& state) mutable {
            if (wedge) {
                state.scannerCapsLock = capsUnread;
            }
            if (state.screen == Screen::Login || state.screen == Screen::Panel ||
                state.screen == Screen::OutOfOrder) {
                return; // recorded; staff opened the panel meanwhile
            }
            display.sequence = ++m_outcomeSequence;
            state.outcome = std::move(display);
            state.screen = Screen::Outcome;
            m_shownScanMicros = steadyMicros;
            m_shownDecidedMicros = decidedMicros;
        };
    });
    refreshOccupancy(); // after the scan's job: the answer is not kept waiting for the count
}

void KioskController::lookUp(const ScanPayload& payload, const std::string& text) {
    // A search typed after the scan wins over the scan's answer, and the other way round.
    const std::uint64_t sequence = ++m_state.panel.searchSequence;
    submit([this, payload, text, sequence](AttendanceStore& store) -> UiUpdate {
        Reading reading = ReadScan(m_reader, store, payload, text, true);
        std::vector<AttendanceEvent> history;
        PhotoView photo;
        if (reading.registrant) {
            auto h = store.history(reading.registrant->id);
            history = h ? std::move(*h) : std::vector<AttendanceEvent>{};
            photo = ReadPhotoView(store, reading.registrant->id);
        }
        return [this, who = std::move(reading.registrant), history = std::move(history),
                photo = std::move(photo), capsUnread = reading.capsUnread, wedge = payload.wedge,
                sequence](UiState& state) mutable {
            if (wedge) {
                state.scannerCapsLock = capsUnread;
            }
            if (state.screen != Screen::Panel || sequence != state.panel.searchSequence) {
                return;
            }
            // The previous person's card goes either way: it is not the one scanned.
            state.panel.hits.clear();
            state.panel.query = who ? who->id : std::string();
            if (!who || !state.panel.selected || state.panel.selected->id != who->id) {
                state.panel.reason.clear(); // typed for someone else
                state.panel.holdNote.clear();
                state.panel.undoTarget.clear();
            }
            state.panel.selected = std::move(who);
            state.panel.history = std::move(history);
            state.panel.photo = std::move(photo);
            if (state.panel.selected) {
                setMessage("", {}, false);
            } else {
                setMessage(capsUnread ? "status.caps_lock" : "panel.no_match", {}, true);
            }
        };
    });
}

void KioskController::submitPin(UtcMillis now) {
    if (m_state.screen == Screen::Panel) {
        if (m_state.panel.leaveAsked) {
            askToLeave(true, now); // Enter after the leave PIN, as the pad's button
        }
        return;
    }
    LoginState& login = m_state.login;
    if (m_state.screen != Screen::Login || login.busy) {
        return;
    }
    if (TrimAscii(login.staffId).empty()) {
        login.message = "login.need_id";
        return;
    }
    if (login.pin.empty()) {
        login.message = "login.need_pin";
        return;
    }
    login.busy = true;
    const std::string id(TrimAscii(login.staffId));
    const std::string pin = login.pin;
    login.pin.clear();
    verifyPinThen(id, pin, now, "staff_login",
                  [this, now](UiState& state, const core::Result<core::StaffMember>& member) {
                      state.login.busy = false;
                      if (state.screen != Screen::Login) {
                          return;
                      }
                      if (!member) {
                          state.login.message = "login.refused";
                          state.login.detail = MessageForError(member.error());
                          return;
                      }
                      state.panel = PanelState{};
                      state.panel.staff = *member;
                      state.panel.lastActivity = now;
                      state.login = LoginState{};
                      state.screen = Screen::Panel;
                      refreshSync();
                  });
}

void KioskController::verifyPinThen(
    std::string id, std::string pin, UtcMillis now, const char* purpose,
    std::function<void(UiState&, const core::Result<core::StaffMember>&)> then) {
    const StaffSettings settings = m_config.staff;
    submit([id = std::move(id), pin = std::move(pin), settings, now, purpose,
            then = std::move(then)](AttendanceStore& store) -> UiUpdate {
        auto member = store.verifyPin(id, pin, settings, now, purpose);
        return [member = std::move(member), then](UiState& state) { then(state, member); };
    });
}

void KioskController::search() {
    clearError(); // staff have moved on to the next person
    PanelState& panel = m_state.panel;
    const std::uint64_t sequence = ++panel.searchSequence;
    const std::string query = panel.query;
    const UtcMillis now = m_now;
    if (TrimAscii(query).empty()) {
        panel.hits.clear();
        return;
    }
    submit([this, query, sequence, now](AttendanceStore& store) -> UiUpdate {
        auto hits = store.search(query, kSearchLimit, now);
        return [this, hits = std::move(hits), sequence](UiState& state) {
            // Typing is faster than searching: only the newest query's answer is shown.
            if (sequence != state.panel.searchSequence || !hits) {
                return;
            }
            state.panel.hits = *hits;
            if (state.panel.hits.size() == 1) {
                turnTo(state.panel.hits.front().registrant.id); // one hit: show their card
            }
        };
    });
}

void KioskController::select(const std::string& id) {
    submit([this, id](AttendanceStore& store) -> UiUpdate {
        auto registrant = store.registrant(id);
        auto history = store.history(id);
        PhotoView photo = ReadPhotoView(store, id);
        return [this, id, registrant, history, photo = std::move(photo)](UiState& state) mutable {
            if (!registrant || !*registrant) {
                if (registrant) {
                    setMessage("panel.failed", CatalogText{"error.no_registrant", {{"id", id}}, {}},
                               true);
                } else {
                    setFailure("panel.failed", registrant.error());
                }
                return;
            }
            state.panel.selected = **registrant;
            state.panel.history = history ? *history : std::vector<AttendanceEvent>{};
            state.panel.photo = std::move(photo);
        };
    });
}

void KioskController::turnTo(const std::string& id) {
    PanelState& panel = m_state.panel;
    if (!panel.selected || panel.selected->id != id) {
        panel.message.clear();
        panel.messageDetail = {};
        panel.reason.clear();
        panel.holdNote.clear();
        panel.undoTarget.clear();
    }
    select(id);
}

void KioskController::lock(UtcMillis now, const char* why) {
    if (m_state.screen != Screen::Panel && m_state.screen != Screen::Login) {
        return;
    }
    if (m_state.screen == Screen::Panel) {
        AuditEntry entry;
        entry.uuid = NewUuid();
        entry.at = now;
        entry.kioskId = m_config.id;
        entry.staffId = m_state.panel.staff.id;
        entry.action = why;
        submit([entry](AttendanceStore& store) -> UiUpdate {
            (void)store.audit(entry);
            return {};
        });
    }
    // Nothing a staff member saw or typed stays behind the lock.
    m_state.panel = PanelState{};
    m_state.login = LoginState{};
    m_state.screen = Screen::Waiting;
}

void KioskController::selectTab(int tab) {
    m_state.panel.tab = static_cast<PanelTab>(std::clamp(tab, 0, 2));
    forgetLeave();
    m_state.panel.undoTarget.clear();
    clearError(); // it was about what staff just left
    if (m_state.panel.tab != PanelTab::Search) {
        refreshToday();
    }
    if (m_state.panel.tab == PanelTab::Today) {
        m_state.attentionSeen = m_state.attentionArrivals.size(); // staff have the list
    }
}

void KioskController::refreshToday() {
    const std::string day = m_config.event.calendar->dateAt(m_now);
    submit([day](AttendanceStore& store) -> UiUpdate {
        auto stats = ComputeTodayStats(store, day);
        return [stats](UiState& state) {
            if (stats) {
                state.panel.today = *stats;
            }
        };
    });
    refreshSync();
    refreshOccupancy();
}

void KioskController::refreshOccupancy() {
    const std::string day = m_config.event.calendar->dateAt(m_now);
    const UtcMillis at = m_now;
    submit([day, at](AttendanceStore& store) -> UiUpdate {
        auto counted = ComputeInsideNow(store, day, at);
        return [counted](UiState& state) {
            if (counted) {
                state.occupancy = *counted;
            }
        };
    });
}

void KioskController::refreshSync() {
    // Other doors' admissions arrive with the sync pulls: the attention list follows them.
    const std::string day = m_config.event.calendar->dateAt(m_now);
    submit([day](AttendanceStore& store) -> UiUpdate {
        auto outbox = store.outboxSize();
        auto attention = AttentionArrivals(store, day);
        return [outbox, attention = std::move(attention)](UiState& state) {
            if (outbox) {
                state.sync.queueLength = *outbox;
            }
            if (attention) {
                TakeAttentionArrivals(state, *attention);
            }
        };
    });
}

void KioskController::tick(UtcMillis now) {
    m_now = now;
    if (m_state.outOfService) {
        m_state.screen = Screen::OutOfService;
        return;
    }
    if (m_state.screen == Screen::OutOfOrder) {
        // Try again after a while: a failure that was passing should not keep the door shut;
        // one that persists comes back, and repeated frame failures end the process.
        if (m_state.outOfOrderSince == 0) {
            m_state.outOfOrderSince = now;
        } else if (now - m_state.outOfOrderSince >= kOutOfOrderRetryMs) {
            m_state.screen = Screen::Waiting;
            m_state.outOfOrderSince = 0;
        }
    }
    if (m_state.screen == Screen::Outcome && now >= m_state.outcome.until) {
        m_state.screen = Screen::Waiting;
    }
    const bool staffScreen = m_state.screen == Screen::Login || m_state.screen == Screen::Panel;
    if (staffScreen && !m_state.login.busy &&
        now - m_state.panel.lastActivity >= m_config.staff.autoLockSeconds * 1000LL) {
        lock(now, "staff_auto_lock");
    }
    if (now - m_lastSyncPoll >= m_settings.syncPollSeconds * 1000LL) {
        m_lastSyncPoll = now;
        refreshSync();
        refreshOccupancy(); // the other doors' events came with the last pull
    }
}

std::optional<UtcMillis> KioskController::nextDeadline(UtcMillis now) const {
    std::optional<UtcMillis> next = m_lastSyncPoll + m_settings.syncPollSeconds * 1000LL;
    auto earlier = [&](UtcMillis t) {
        if (!next || t < *next) {
            next = t;
        }
    };
    if (m_state.screen == Screen::Outcome) {
        earlier(m_state.outcome.until);
    }
    if (m_state.screen == Screen::OutOfOrder) {
        earlier(m_state.outOfOrderSince == 0 ? now : m_state.outOfOrderSince + kOutOfOrderRetryMs);
    }
    if (m_state.screen == Screen::Login || m_state.screen == Screen::Panel) {
        earlier(m_state.panel.lastActivity + m_config.staff.autoLockSeconds * 1000LL);
    }
    if (next && *next < now) {
        next = now;
    }
    return next;
}

} // namespace accueil::kiosk::app
