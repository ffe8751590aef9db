// SPDX-License-Identifier: Apache-2.0
// A child process for the durability and concurrency tests: records check-ins in a loop and
// prints each event's UUID on standard output *after* recordScan has returned (committed).
//
//   accueil_store_writer EVENT.toml DB KIOSK_ID FIRST COUNT

#include <accueil/core/AttendanceStore.h>
#include <accueil/core/Config.h>

#include <charconv>
#include <exception>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

using namespace accueil::core;

namespace {

// A whole number written in full (FIRST and COUNT); nullopt for anything else.
std::optional<int> ParseWhole(std::string_view text) {
    int value = 0;
    const auto* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (text.empty() || ec != std::errc() || ptr != end) {
        return std::nullopt;
    }
    return value;
}

int Run(const std::vector<std::string>& args) {
    const auto usage = [&] {
        std::cerr << "usage: " << args[0] << " EVENT.toml DB KIOSK_ID FIRST COUNT\n";
        return 2;
    };
    if (args.size() != 6) {
        return usage();
    }
    const std::optional<int> first = ParseWhole(args[4]);
    const std::optional<int> count = ParseWhole(args[5]);
    if (!first || !count) {
        return usage();
    }
    auto event = LoadEventConfig(args[1]);
    if (!event) {
        std::cerr << event.error().message << '\n';
        return 3;
    }
    auto store = AttendanceStore::Open(args[2], *event, args[3]);
    if (!store) {
        std::cerr << store.error().message << '\n';
        return 3;
    }
    const UtcMillis start = *event->calendar->parseTime("2025-06-17T07:00:00Z");
    for (int i = 0; i < *count; ++i) {
        ScanRequest r;
        r.payload = "REG-" + std::to_string(*first + i % 1000);
        r.claim = accueil::scanner::ParsePlainId(r.payload);
        r.at = start + static_cast<UtcMillis>(i) * 10'000; // beyond the debounce window
        auto result = store->recordScan(r);
        if (!result) {
            std::cerr << "scan " << i << ": " << result.error().message << '\n';
            return 1;
        }
        if (result->eventUuid.empty()) {
            std::cerr << "scan " << i << ": nothing recorded (" << result->decision.reason << ")\n";
            return 1;
        }
        // The parent counts a line as acknowledged: it must leave now, not at exit.
        std::cout << result->eventUuid << '\n' << std::flush;
    }
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    try {
        return Run(std::vector<std::string>(argv, argv + argc));
    } catch (const std::exception& e) {
        std::cerr << "accueil_store_writer: " << e.what() << '\n';
        return 1;
    }
}
