// SPDX-License-Identifier: Apache-2.0
// A child process for the durability and concurrency tests: records check-ins in a loop and
// prints each event's UUID on standard output *after* recordScan has returned (committed).
//
//   accueil_store_writer DB KIOSK_ID FIRST_REGISTRANT COUNT

#include <accueil/core/AttendanceStore.h>
#include <accueil/core/Config.h>

#include <cstdio>
#include <cstdlib>
#include <string>

using namespace accueil::core;

int main(int argc, char** argv) {
    if (argc != 6) {
        std::fprintf(stderr, "usage: %s EVENT.toml DB KIOSK_ID FIRST COUNT\n", argv[0]);
        return 2;
    }
    auto event = LoadEventConfig(argv[1]);
    if (!event) {
        std::fprintf(stderr, "%s\n", event.error().message.c_str());
        return 3;
    }
    auto store = AttendanceStore::Open(argv[2], *event, argv[3]);
    if (!store) {
        std::fprintf(stderr, "%s\n", store.error().message.c_str());
        return 3;
    }
    const int first = std::atoi(argv[4]);
    const int count = std::atoi(argv[5]);
    const UtcMillis start = *event->calendar->parseTime("2025-06-17T07:00:00Z");
    for (int i = 0; i < count; ++i) {
        ScanRequest r;
        r.payload = "REG-" + std::to_string(first + i % 1000);
        r.claim = accueil::scanner::ParsePlainId(r.payload);
        r.at = start + static_cast<UtcMillis>(i) * 10'000; // beyond the debounce window
        auto result = store->recordScan(r);
        if (!result) {
            std::fprintf(stderr, "scan %d: %s\n", i, result.error().message.c_str());
            return 1;
        }
        if (result->eventUuid.empty()) {
            std::fprintf(stderr, "scan %d: nothing recorded (%s)\n", i,
                         result->decision.reason.c_str());
            return 1;
        }
        std::printf("%s\n", result->eventUuid.c_str());
        std::fflush(stdout);
    }
    return 0;
}
