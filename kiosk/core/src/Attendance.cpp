// SPDX-License-Identifier: Apache-2.0
#include <accueil/core/Attendance.h>
#include <accueil/core/Registrant.h>

#include <algorithm>
#include <array>
#include <utility>

namespace accueil::core {

std::string_view ToString(Outcome outcome) {
    switch (outcome) {
    case Outcome::Admitted:
        return "admitted";
    case Outcome::WelcomeBack:
        return "welcome_back";
    case Outcome::NotValidToday:
        return "not_valid_today";
    case Outcome::Cancelled:
        return "cancelled";
    case Outcome::Replaced:
        return "replaced";
    case Outcome::NotRecognised:
        return "not_recognised";
    case Outcome::SeeDesk:
        return "see_desk";
    case Outcome::Unreadable:
        return "unreadable";
    case Outcome::Denied:
        return "denied";
    case Outcome::Goodbye:
        return "goodbye";
    case Outcome::RoomFull:
        return "room_full";
    }
    return {};
}

std::optional<Outcome> ParseOutcome(std::string_view text) {
    for (const Outcome o : kOutcomes) {
        if (ToString(o) == text) {
            return o;
        }
    }
    return std::nullopt;
}

bool IsEntry(Outcome outcome) {
    return outcome == Outcome::Admitted || outcome == Outcome::WelcomeBack;
}

namespace {
constexpr std::array<std::pair<EventKind, std::string_view>, 4> kKinds{{
    {EventKind::CheckIn, "check_in"},
    {EventKind::CheckOut, "check_out"},
    {EventKind::Undo, "undo"},
    {EventKind::ManualCheckIn, "manual_check_in"},
}};
constexpr std::array<std::pair<Method, std::string_view>, 3> kMethods{{
    {Method::Camera, "camera"},
    {Method::Wedge, "wedge"},
    {Method::Manual, "manual"},
}};

template <class E, std::size_t N>
std::string_view NameOf(const std::array<std::pair<E, std::string_view>, N>& table, E value) {
    for (const auto& [e, name] : table) {
        if (e == value) {
            return name;
        }
    }
    return table[0].second;
}

template <class E, std::size_t N>
std::optional<E> ValueOf(const std::array<std::pair<E, std::string_view>, N>& table,
                         std::string_view name) {
    for (const auto& [e, n] : table) {
        if (n == name) {
            return e;
        }
    }
    return std::nullopt;
}
} // namespace

std::string_view ToString(EventKind kind) {
    return NameOf(kKinds, kind);
}
std::string_view ToString(Method method) {
    return NameOf(kMethods, method);
}
std::optional<Method> ParseMethod(std::string_view text) {
    return ValueOf(kMethods, text);
}
std::optional<EventKind> ParseEventKind(std::string_view text) {
    return ValueOf(kKinds, text);
}
std::string_view ToString(Direction direction) {
    return direction == Direction::Out ? "out" : "in";
}
bool IsEntryKind(EventKind kind) {
    return kind == EventKind::CheckIn || kind == EventKind::ManualCheckIn;
}

bool Registrant::validOn(std::string_view day) const {
    return days.empty() || std::find(days.begin(), days.end(), day) != days.end();
}

std::string Registrant::displayName() const {
    if (givenName.empty()) {
        return familyName;
    }
    if (familyName.empty()) {
        return givenName;
    }
    return givenName + " " + familyName;
}

const char* ToString(RegistrantStatus status) {
    return status == RegistrantStatus::Active ? "active" : "cancelled";
}

} // namespace accueil::core
