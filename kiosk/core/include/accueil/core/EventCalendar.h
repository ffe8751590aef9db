// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <accueil/core/Result.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace date {
class time_zone;
}

namespace accueil::core {

/// Milliseconds since the Unix epoch, UTC. The one time type the store and rules use.
using UtcMillis = std::int64_t;

/// Current wall-clock time. Any thread.
UtcMillis NowUtcMillis();

/// "2025-06-17T07:15:02.123Z". Any thread.
std::string FormatUtc(UtcMillis at);

/// True for a real calendar date written YYYY-MM-DD.
bool IsIsoDate(std::string_view text);

/// The event's days and time zone: which meeting day a moment belongs to. Days belong to the
/// event's zone, not to UTC (23:30 UTC on 16 June is 17 June in Geneva). Immutable after
/// creation, so any thread may use it.
class EventCalendar {
public:
    /// Fails (Config) for an unknown zone, a malformed or duplicate day.
    static Result<EventCalendar> Create(const std::string& timeZone, std::vector<std::string> days);

    /// The calendar date (YYYY-MM-DD) in the event's zone at that moment.
    std::string dateAt(UtcMillis at) const;

    /// Whether the date is one of the meeting days.
    bool isMeetingDay(std::string_view day) const;

    const std::vector<std::string>& days() const { return m_days; }
    const std::string& timeZoneName() const { return m_timeZoneName; }

    /// Parses ISO-8601: "2025-06-17T09:15:00Z", "...+02:00", fractional seconds allowed; a time
    /// without an offset is local time in the event's zone. Errors are Input with the reason.
    Result<UtcMillis> parseTime(std::string_view text) const;

    /// The UTC moment at which a local date/time in the event zone begins.
    UtcMillis localMidnight(std::string_view day) const;

    /// "09:15" local time, for screens and CLI output.
    std::string localTimeOfDay(UtcMillis at) const;
    /// "2025-06-18T00:30:04+02:00": the moment as ISO-8601 local time with the zone's offset
    /// then, to the second.
    std::string localIso(UtcMillis at) const;

private:
    EventCalendar(const date::time_zone* zone, std::string name, std::vector<std::string> days)
        : m_zone(zone), m_timeZoneName(std::move(name)), m_days(std::move(days)) {}

    const date::time_zone* m_zone; // owned by the process-wide tz database
    std::string m_timeZoneName;
    std::vector<std::string> m_days; // sorted
};

} // namespace accueil::core
