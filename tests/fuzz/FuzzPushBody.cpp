// SPDX-License-Identifier: Apache-2.0
// The central's check of a push body over any bytes: the request is refused or split into
// events it keeps and events it refuses with a reason; nothing it keeps breaks its rules.
#include "CentralRequest.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

using namespace accueil;

namespace {

const core::EventCalendar& Calendar() {
    static const core::EventCalendar calendar =
        *core::EventCalendar::Create("Europe/Zurich", {"2025-06-17", "2025-06-18"});
    return calendar;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view body(reinterpret_cast<const char*>(data), size);
    sync::PushRules rules;
    rules.calendar = &Calendar();
    rules.now = 1'750'150'000'000;
    rules.listedAmong = [](const std::set<std::string>& ids) {
        return ids.contains("X1") ? std::set<std::string>{"X1"} : std::set<std::string>{};
    };
    const auto batch = sync::ParsePushBody(body, "door-1", 50, rules);
    if (!batch) {
        return 0;
    }
    for (const auto& e : batch->attendance) {
        if (e.kioskId != "door-1" || !Calendar().isMeetingDay(e.day) || e.uuid.size() != 36) {
            std::abort();
        }
    }
    for (const auto& a : batch->audit) {
        if (a.kioskId != "door-1" || a.uuid.size() != 36) {
            std::abort();
        }
    }
    for (const auto& r : batch->refused) {
        if (r.reason.empty()) {
            std::abort();
        }
    }
    return 0;
}
