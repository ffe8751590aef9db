// SPDX-License-Identifier: Apache-2.0
#include <accueil/core/EventCalendar.h>

#include <date/date.h>
#include <date/tz.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <sstream>

namespace accueil::core {

namespace {

using namespace std::chrono;

std::string FormatDate(date::year_month_day ymd) {
    return date::format("%F", date::sys_days(ymd));
}

bool ParseInt(std::string_view text, int& out) {
    if (text.empty()) {
        return false;
    }
    const auto* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, out);
    return ec == std::errc() && ptr == end;
}

// Splits "YYYY-MM-DD" into a valid date; false for anything else (including 2025-02-30).
bool ParseDate(std::string_view text, date::year_month_day& out) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
        return false;
    }
    int y = 0;
    int m = 0;
    int d = 0;
    if (!ParseInt(text.substr(0, 4), y) || !ParseInt(text.substr(5, 2), m) ||
        !ParseInt(text.substr(8, 2), d)) {
        return false;
    }
    out =
        date::year{y} / date::month{static_cast<unsigned>(m)} / date::day{static_cast<unsigned>(d)};
    return out.ok();
}

// The steps of EventCalendar::parseTime after the date. Each returns why the text is not a
// time (the reason in parseTime's message), or nullptr when it read its part.

// Reads ",123" or ".123" (any number of digits, milliseconds kept) from the front of `rest`,
// which it advances. `rest` starts with the separator.
const char* ReadFractionOfSecond(std::string_view& rest, int& ms) {
    std::size_t n = 1;
    while (n < rest.size() && rest[n] >= '0' && rest[n] <= '9') {
        if (n <= 3) {
            ms = ms * 10 + (rest[n] - '0');
        }
        ++n;
    }
    if (n == 1) {
        return "bad fraction of a second";
    }
    for (std::size_t k = n; k <= 3; ++k) {
        ms *= 10;
    }
    rest.remove_prefix(n);
    return nullptr;
}

// Reads "HH:MM", then optionally ":SS" and a fraction of a second, from the front of `rest`,
// which it advances to what follows (an offset, or nothing).
const char* ReadTimeOfDay(std::string_view& rest, milliseconds& timeOfDay) {
    int hh = 0;
    int mm = 0;
    int ss = 0;
    int ms = 0;
    if (rest.size() < 5 || rest[2] != ':' || !ParseInt(rest.substr(0, 2), hh) ||
        !ParseInt(rest.substr(3, 2), mm)) {
        return "no hour and minute";
    }
    rest.remove_prefix(5);
    if (!rest.empty() && rest[0] == ':') {
        if (rest.size() < 3 || !ParseInt(rest.substr(1, 2), ss)) {
            return "bad seconds";
        }
        rest.remove_prefix(3);
        if (!rest.empty() && (rest[0] == '.' || rest[0] == ',')) {
            if (const char* why = ReadFractionOfSecond(rest, ms); why != nullptr) {
                return why;
            }
        }
    }
    if (hh > 23 || mm > 59 || ss > 60) {
        return "hour, minute or second out of range";
    }
    timeOfDay = hours{hh} + minutes{mm} + seconds{ss} + milliseconds{ms};
    return nullptr;
}

// Reads the whole of `rest` (not empty) as a UTC offset: "Z", "+02:00", "+0200" or "+02".
const char* ReadUtcOffset(std::string_view rest, int& offsetMinutes) {
    if (rest == "Z" || rest == "z") {
        offsetMinutes = 0;
        return nullptr;
    }
    if ((rest[0] != '+' && rest[0] != '-') ||
        (rest.size() != 6 && rest.size() != 5 && rest.size() != 3)) {
        return "unexpected text after the time";
    }
    int oh = 0;
    int om = 0;
    const std::string_view digits = rest.substr(1);
    bool ok = ParseInt(digits.substr(0, 2), oh);
    if (digits.size() == 5) {
        ok = ok && digits[2] == ':' && ParseInt(digits.substr(3, 2), om);
    } else if (digits.size() == 4) {
        ok = ok && ParseInt(digits.substr(2, 2), om);
    }
    if (!ok || oh > 18 || om > 59) {
        return "bad UTC offset";
    }
    offsetMinutes = (rest[0] == '-' ? -1 : 1) * (oh * 60 + om);
    return nullptr;
}

} // namespace

UtcMillis NowUtcMillis() {
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::string FormatUtc(UtcMillis at) {
    const sys_time<milliseconds> tp{milliseconds{at}};
    return date::format("%FT%TZ", tp);
}

bool IsIsoDate(std::string_view text) {
    date::year_month_day ymd{};
    return ParseDate(text, ymd);
}

Result<EventCalendar> EventCalendar::Create(const std::string& timeZone,
                                            std::vector<std::string> days) {
    const date::time_zone* zone = nullptr;
    try {
        zone = date::locate_zone(timeZone);
    } catch (const std::exception&) {
        return MakeError(ErrorKind::Config, "unknown time zone \"" + timeZone + "\"");
    }
    if (days.empty()) {
        return MakeError(ErrorKind::Config, "the event has no meeting days");
    }
    for (const auto& day : days) {
        if (!IsIsoDate(day)) {
            return MakeError(ErrorKind::Config, "\"" + day + "\" is not a date (YYYY-MM-DD)");
        }
    }
    std::sort(days.begin(), days.end());
    if (const auto dup = std::adjacent_find(days.begin(), days.end()); dup != days.end()) {
        return MakeError(ErrorKind::Config, "day " + *dup + " is listed twice");
    }
    return EventCalendar(zone, timeZone, std::move(days));
}

std::string EventCalendar::dateAt(UtcMillis at) const {
    const sys_time<milliseconds> tp{milliseconds{at}};
    const auto local = m_zone->to_local(tp);
    return FormatDate(date::year_month_day{date::floor<date::days>(local)});
}

bool EventCalendar::isMeetingDay(std::string_view day) const {
    return std::binary_search(m_days.begin(), m_days.end(), day);
}

UtcMillis EventCalendar::localMidnight(std::string_view day) const {
    date::year_month_day ymd{};
    if (!ParseDate(day, ymd)) {
        return 0;
    }
    const date::local_time<milliseconds> local{date::local_days(ymd).time_since_epoch()};
    // A midnight that does not exist (DST gap) maps to the first instant after it.
    const auto sys = m_zone->to_sys(local, date::choose::earliest);
    return sys.time_since_epoch().count();
}

std::string EventCalendar::localTimeOfDay(UtcMillis at) const {
    const sys_time<milliseconds> tp{milliseconds{at}};
    const auto local = date::floor<minutes>(m_zone->to_local(tp));
    return date::format("%H:%M", local);
}

std::string EventCalendar::localIso(UtcMillis at) const {
    const auto tp = date::floor<seconds>(sys_time<milliseconds>{milliseconds{at}});
    return date::format("%FT%T%Ez", date::make_zoned(m_zone, tp));
}

Result<UtcMillis> EventCalendar::parseTime(std::string_view text) const {
    const auto fail = [&](const char* why) {
        return MakeError(ErrorKind::Input,
                         "invalid time \"" + std::string(text) + "\": " + why +
                             " (expected e.g. 2025-06-17T09:15:00Z or 2025-06-17T09:15:00+02:00)");
    };
    date::year_month_day ymd{};
    if (text.size() < 16 || !ParseDate(text.substr(0, 10), ymd) ||
        (text[10] != 'T' && text[10] != ' ')) {
        return fail("no date");
    }
    std::string_view rest = text.substr(11);
    milliseconds timeOfDay{0};
    if (const char* why = ReadTimeOfDay(rest, timeOfDay); why != nullptr) {
        return fail(why);
    }
    if (rest.empty()) {
        const date::local_time<milliseconds> local{date::local_days(ymd).time_since_epoch() +
                                                   timeOfDay};
        try {
            return m_zone->to_sys(local).time_since_epoch().count();
        } catch (const std::exception&) {
            return fail("that local time does not exist or is ambiguous in the event's zone; "
                        "give an offset");
        }
    }
    int offsetMinutes = 0;
    if (const char* why = ReadUtcOffset(rest, offsetMinutes); why != nullptr) {
        return fail(why);
    }
    const sys_time<milliseconds> utc{date::sys_days(ymd).time_since_epoch() + timeOfDay -
                                     minutes{offsetMinutes}};
    return utc.time_since_epoch().count();
}

} // namespace accueil::core
