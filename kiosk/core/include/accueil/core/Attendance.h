// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <accueil/core/EventCalendar.h>

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace accueil::core {

/// One line of the append-only attendance log.
enum class EventKind {
    CheckIn,       ///< a badge admitted at the door
    CheckOut,      ///< left a zone through an exit door (or the nightly check-out)
    Undo,          ///< cancels the event named by `target`
    ManualCheckIn, ///< staff admitted someone by hand
};

/// How the entry was made.
enum class Method { Camera, Wedge, Manual };

/// The zone of an event that names none (an older kiosk's) and of a door that names none: the
/// building, which every event has ([zones] in event.toml may name others).
inline constexpr std::string_view kDefaultZone = "building";

/// Which way a scan goes through a door.
enum class Direction { In, Out };

struct AttendanceEvent {
    std::string uuid; ///< made by the kiosk that recorded it; unique across all kiosks
    std::string registrantId;
    std::string day; ///< meeting day in the event's zone, YYYY-MM-DD
    EventKind kind = EventKind::CheckIn;
    std::string target; ///< for Undo: the uuid it cancels
    std::string kioskId;
    UtcMillis at = 0;
    Method method = Method::Camera;
    std::string staffId;                          ///< for staff actions
    std::string reason;                           ///< for staff actions
    std::string zone = std::string(kDefaultZone); ///< where: an entry's or exit's zone
};

/// Every scan ends in exactly one of these (docs/check-in-rules.md). Adding one: see
/// CONTRIBUTING.md, "Add an outcome"; kOutcomes and ToString must name it.
enum class Outcome {
    Admitted,
    WelcomeBack,
    NotValidToday,
    Cancelled,
    Replaced,
    NotRecognised,
    SeeDesk,
    Unreadable,
    Denied,   ///< already in today and the re-entry policy is deny
    Goodbye,  ///< an exit recorded: the delegate left the zone
    RoomFull, ///< the entrance's zone is at its capacity: staff may admit by hand
};

/// Every outcome, in declaration order: what the parser and the screens walk. A test fails when
/// an enumerator is missing here.
inline constexpr std::array kOutcomes{
    Outcome::Admitted, Outcome::WelcomeBack,   Outcome::NotValidToday, Outcome::Cancelled,
    Outcome::Replaced, Outcome::NotRecognised, Outcome::SeeDesk,       Outcome::Unreadable,
    Outcome::Denied,   Outcome::Goodbye,       Outcome::RoomFull,
};

/// Stable snake_case names used in JSON, CSV and the audit log; empty for a value that is not
/// an enumerator.
std::string_view ToString(Outcome outcome);
/// The outcome named by ToString, or nullopt.
std::optional<Outcome> ParseOutcome(std::string_view text);
std::string_view ToString(EventKind kind);
std::string_view ToString(Method method);
std::optional<Method> ParseMethod(std::string_view text);
std::optional<EventKind> ParseEventKind(std::string_view text);
/// "in" or "out".
std::string_view ToString(Direction direction);

/// True for the kinds that put someone inside a zone (check_in, manual_check_in).
bool IsEntryKind(EventKind kind);

/// True for the outcomes that let the delegate in.
bool IsEntry(Outcome outcome);

} // namespace accueil::core
