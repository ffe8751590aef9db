// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <accueil/core/EventCalendar.h>

#include <optional>
#include <string>
#include <string_view>

namespace accueil::core {

/// One line of the append-only attendance log.
enum class EventKind {
    CheckIn,       ///< a badge admitted at the door
    CheckOut,      ///< left the building (kept for sites that scan on the way out)
    Undo,          ///< cancels the event named by `target`
    ManualCheckIn, ///< staff admitted someone by hand
};

/// How the entry was made.
enum class Method { Camera, Wedge, Manual };

struct AttendanceEvent {
    std::string uuid; ///< made by the kiosk that recorded it; unique across all kiosks
    std::string registrantId;
    std::string day; ///< meeting day in the event's zone, YYYY-MM-DD
    EventKind kind = EventKind::CheckIn;
    std::string target; ///< for Undo: the uuid it cancels
    std::string kioskId;
    UtcMillis at = 0;
    Method method = Method::Camera;
    std::string staffId; ///< for staff actions
    std::string reason;  ///< for staff actions
};

/// Every scan ends in exactly one of these (DESIGN.md, "Outcomes of a scan").
enum class Outcome {
    Admitted,
    WelcomeBack,
    NotValidToday,
    Cancelled,
    Replaced,
    NotRecognised,
    SeeDesk,
    Unreadable,
    Denied, ///< already in today and the re-entry policy is deny
};

/// Stable snake_case names used in JSON, CSV and the audit log.
std::string_view ToString(Outcome outcome);
std::string_view ToString(EventKind kind);
std::string_view ToString(Method method);
std::optional<Method> ParseMethod(std::string_view text);
std::optional<EventKind> ParseEventKind(std::string_view text);

/// True for the outcomes that let the delegate in.
bool IsEntry(Outcome outcome);

} // namespace accueil::core
