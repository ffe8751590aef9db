// SPDX-License-Identifier: Apache-2.0
// The central's check of a push body over any bytes: the request is refused or split into
// events it keeps and events it refuses with a reason; nothing it keeps breaks its rules.
#include "CentralRequest.h"

#include <accueil/scanner/BadgeKey.h>
#include <accueil/scanner/BadgeReader.h>

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

// The event's badges: no code a fuzzer writes is signed by this key, so every badge it sends
// must fail to vouch for a provisional registrant.
const scanner::BadgeReader& Badges() {
    static const scanner::BadgeReader reader = [] {
        scanner::BadgeReaderOptions options;
        options.eventId = "BWC-RC9";
        options.publicKeys = {scanner::GenerateBadgeKey()->publicKey};
        return *scanner::BadgeReader::create(options);
    }();
    return reader;
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
    rules.readBadge = [](std::string_view text) { return Badges().read(text); };
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
    // Nobody the central does not list is taken without a walk-in check-in by staff.
    for (const auto& r : batch->provisional) {
        bool byStaff = r.id == "X1";
        for (const auto& e : batch->attendance) {
            byStaff = byStaff || (e.registrantId == r.id &&
                                  e.kind == core::EventKind::ManualCheckIn && !e.staffId.empty());
        }
        if (!byStaff) {
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
