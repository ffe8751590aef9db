// SPDX-License-Identifier: Apache-2.0
// The central under simulated kiosks: each kiosk runs a sync round (push if it has events,
// settings, registrant and attendance pulls) every interval, and check-ins arrive at a fixed
// total rate, each pushed at once by the kiosk that saw it. Latency of every request is kept.

#include "../../sync/SyncTestEnv.h"
#include "SyncBench.h"

#include <accueil/core/Text.h>
#include <accueil/sync/HttpClient.h>

#include <atomic>
#include <mutex>
#include <thread>

namespace accueil::sync::bench {

namespace {

using nlohmann::json;

struct SimKiosk {
    std::string id;
    std::unique_ptr<HttpClient> http;
    std::int64_t registrantCursor = 0;
    std::int64_t attendanceCursor = 0;
    Clock::time_point due;
};

struct Totals {
    std::mutex mutex;
    std::vector<double> latencies;
    std::vector<double> pushLatencies;
    std::vector<double> roundLatencies;
    int errors = 0;
    std::string firstError;
};

} // namespace

int RunLoad(const LoadOptions& o) {
    test::TempDir dir;
    const auto event = test::TestEvent();
    ServerOptions server;
    test::Central central(dir, event, server);
    const auto people = core::GenerateDemoRegistrants(5000, event.calendar->days(), 9);
    if (!central.store->importRegistrants(people, {})) {
        return 1;
    }
    std::vector<SimKiosk> kiosks(static_cast<std::size_t>(o.kiosks));
    const auto start = Clock::now() + std::chrono::milliseconds(200);
    for (int i = 0; i < o.kiosks; ++i) {
        auto& k = kiosks[static_cast<std::size_t>(i)];
        k.id = "sim-" + std::to_string(i);
        k.http = std::make_unique<HttpClient>(
            HttpOptions{central.url(), central.addKiosk(k.id), 5000, 10'000, "", nullptr});
        // Already synced: the list is there; rounds are spread over the interval.
        k.registrantCursor = static_cast<std::int64_t>(people.size());
        k.due = start + std::chrono::milliseconds(i * o.intervalSeconds * 1000 / o.kiosks);
    }
    Totals totals;
    std::atomic<std::uint64_t> serial{0};
    const auto end = start + std::chrono::seconds(o.seconds);

    auto timed = [&](std::vector<double>& lat, HttpClient& http, const std::string& path,
                     const std::string* body, std::string& error) -> std::optional<json> {
        const auto t = Clock::now();
        HttpResult r = body != nullptr ? http.post(path, *body) : http.get(path);
        lat.push_back(Ms(Clock::now() - t));
        if (!r) {
            error = r.error().message;
            return std::nullopt;
        }
        const HttpResponse& resp = *r;
        if (resp.status != 200) {
            error = "HTTP " + std::to_string(resp.status) + " " + resp.body;
            return std::nullopt;
        }
        return json::parse(resp.body, nullptr, false);
    };

    auto worker = [&](int t) {
        std::vector<double> lat;
        std::vector<double> pushLat;
        int errors = 0;
        std::string firstError;
        std::vector<SimKiosk*> mine;
        for (std::size_t i = static_cast<std::size_t>(t); i < kiosks.size();
             i += static_cast<std::size_t>(o.threads)) {
            mine.push_back(&kiosks[i]);
        }
        // Check-ins: this thread's share of the total rate, pushed by one of its kiosks.
        const auto checkInEvery =
            std::chrono::microseconds(1'000'000LL * o.threads / std::max(o.checkInsPerSecond, 1));
        auto nextCheckIn = start + std::chrono::microseconds(t * 1000);
        while (true) {
            auto nextDue = nextCheckIn;
            for (auto* k : mine) {
                nextDue = std::min(nextDue, k->due);
            }
            if (nextDue >= end) {
                break;
            }
            std::this_thread::sleep_until(nextDue); // pacing the load, not synchronisation
            const auto now = Clock::now();
            std::string error;
            if (nextCheckIn <= now) {
                SimKiosk* k = mine[serial++ % mine.size()];
                core::AttendanceEvent e;
                e.uuid = core::NewUuid();
                e.registrantId = people[serial % people.size()].id;
                e.day = "2025-06-17";
                e.kioskId = k->id;
                e.at = test::At(event, "2025-06-17", 9, 0);
                const std::string body = json{{"attendance", json::array({ToJson(e)})}}.dump();
                if (!timed(pushLat, *k->http, "/v1/events", &body, error)) {
                    ++errors;
                }
                nextCheckIn += checkInEvery;
            }
            for (auto* k : mine) {
                if (k->due > now) {
                    continue;
                }
                k->due += std::chrono::seconds(o.intervalSeconds);
                if (!timed(lat, *k->http, "/v1/settings", nullptr, error)) {
                    ++errors;
                }
                auto reg = timed(lat, *k->http,
                                 "/v1/registrants?since=" + std::to_string(k->registrantCursor),
                                 nullptr, error);
                if (!reg) {
                    ++errors;
                } else {
                    k->registrantCursor = (*reg)["next"].get<std::int64_t>();
                }
                auto att = timed(lat, *k->http,
                                 "/v1/attendance?since=" + std::to_string(k->attendanceCursor),
                                 nullptr, error);
                if (!att) {
                    ++errors;
                } else {
                    k->attendanceCursor = (*att)["next"].get<std::int64_t>();
                }
            }
            if (!error.empty() && firstError.empty()) {
                firstError = error;
            }
        }
        std::lock_guard lock(totals.mutex);
        totals.latencies.insert(totals.latencies.end(), lat.begin(), lat.end());
        totals.roundLatencies.insert(totals.roundLatencies.end(), lat.begin(), lat.end());
        totals.latencies.insert(totals.latencies.end(), pushLat.begin(), pushLat.end());
        totals.pushLatencies.insert(totals.pushLatencies.end(), pushLat.begin(), pushLat.end());
        totals.errors += errors;
        if (totals.firstError.empty()) {
            totals.firstError = firstError;
        }
    };
    std::vector<std::thread> threads;
    for (int t = 0; t < o.threads; ++t) {
        threads.emplace_back(worker, t);
    }
    for (auto& t : threads) {
        t.join();
    }
    const double p99 = Percentile(totals.latencies, 0.99);
    std::printf("central under %d kiosks (round every %d s) + %d check-ins/s for %d s: %zu "
                "requests, p50 %.2f ms, p99 %.2f ms, max %.2f ms, errors %d (goal p99 <= 50 ms, "
                "no errors)%s%s\n",
                o.kiosks, o.intervalSeconds, o.checkInsPerSecond, o.seconds,
                totals.latencies.size(), Percentile(totals.latencies, 0.5), p99,
                Percentile(totals.latencies, 1.0), totals.errors,
                totals.firstError.empty() ? "" : "; first error: ", totals.firstError.c_str());
    std::printf("  sync-round requests: %zu, p50 %.2f ms, p99 %.2f ms; check-in pushes (each "
                "one fsync'd commit): %zu, p50 %.2f ms, p99 %.2f ms\n",
                totals.roundLatencies.size(), Percentile(totals.roundLatencies, 0.5),
                Percentile(totals.roundLatencies, 0.99), totals.pushLatencies.size(),
                Percentile(totals.pushLatencies, 0.5), Percentile(totals.pushLatencies, 0.99));
    return p99 <= 50 && totals.errors == 0 ? 0 : 1;
}

} // namespace accueil::sync::bench
