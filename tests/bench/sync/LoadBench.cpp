// SPDX-License-Identifier: Apache-2.0
// The central under simulated kiosks: each kiosk runs a sync round (push if it has events,
// settings, registrant and attendance pulls) every interval, and check-ins arrive at a fixed
// total rate, each pushed at once by the kiosk that saw it. Latency of every request is kept.

#include "../../sync/SyncTestEnv.h"
#include "SyncBench.h"

#include <accueil/core/Text.h>
#include <accueil/sync/HttpClient.h>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <ctime>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

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

// What the worker threads share: the run's set-up, the kiosks (each worker drives its own share)
// and the figures they add to.
struct LoadRun {
    const LoadOptions& options;
    const core::EventConfig& event;
    const std::vector<core::Registrant>& people;
    std::vector<SimKiosk>& kiosks;
    Clock::time_point start;
    Clock::time_point end;
    std::atomic<std::uint64_t>& serial;
    Totals& totals;
};

// One worker thread's figures, added to the totals when it ends.
struct WorkerTally {
    std::vector<double> roundLatencies;
    std::vector<double> pushLatencies;
    int errors = 0;
    std::string firstError;
};

// Kiosks with a token each, already synced (the list is there), their rounds spread over the
// interval from `start`.
std::vector<SimKiosk> SimulatedKiosks(const LoadOptions& o, const test::Central& central,
                                      std::size_t registrants, Clock::time_point start) {
    std::vector<SimKiosk> kiosks(static_cast<std::size_t>(o.kiosks));
    for (int i = 0; i < o.kiosks; ++i) {
        auto& k = kiosks[static_cast<std::size_t>(i)];
        k.id = "sim-" + std::to_string(i);
        k.http = std::make_unique<HttpClient>(
            HttpOptions{central.url(), central.addKiosk(k.id), 5000, 10'000, "", nullptr});
        k.registrantCursor = static_cast<std::int64_t>(registrants);
        k.due = start + std::chrono::milliseconds(i * o.intervalSeconds * 1000 / o.kiosks);
    }
    return kiosks;
}

// One request, its latency kept in `lat`; the JSON answer to a 200, else nullopt and `error`.
std::optional<json> Timed(std::vector<double>& lat, HttpClient& http, const std::string& path,
                          const std::string* body, std::string& error) {
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
}

// One check-in of `registrantId`, pushed at once by the kiosk that saw it.
void PushCheckIn(const LoadRun& run, SimKiosk& k, const std::string& registrantId,
                 WorkerTally& tally, std::string& error) {
    core::AttendanceEvent e;
    e.uuid = core::NewUuid();
    e.registrantId = registrantId;
    e.day = "2025-06-17";
    e.kioskId = k.id;
    e.at = test::At(run.event, "2025-06-17", 9, 0);
    const std::string body = json{{"attendance", json::array({ToJson(e)})}}.dump();
    if (!Timed(tally.pushLatencies, *k.http, "/v1/events", &body, error)) {
        ++tally.errors;
    }
}

// A kiosk's sync round: settings, then registrant and attendance pulls from its cursors.
void SyncRound(SimKiosk& k, WorkerTally& tally, std::string& error) {
    std::vector<double>& lat = tally.roundLatencies;
    if (!Timed(lat, *k.http, "/v1/settings", nullptr, error)) {
        ++tally.errors;
    }
    auto reg = Timed(lat, *k.http, "/v1/registrants?since=" + std::to_string(k.registrantCursor),
                     nullptr, error);
    if (!reg) {
        ++tally.errors;
    } else {
        k.registrantCursor = (*reg)["next"].get<std::int64_t>();
    }
    auto att = Timed(lat, *k.http, "/v1/attendance?since=" + std::to_string(k.attendanceCursor),
                     nullptr, error);
    if (!att) {
        ++tally.errors;
    } else {
        k.attendanceCursor = (*att)["next"].get<std::int64_t>();
    }
}

void AddToTotals(Totals& totals, const WorkerTally& tally) {
    const auto& lat = tally.roundLatencies;
    const auto& pushLat = tally.pushLatencies;
    std::lock_guard lock(totals.mutex);
    totals.latencies.insert(totals.latencies.end(), lat.begin(), lat.end());
    totals.roundLatencies.insert(totals.roundLatencies.end(), lat.begin(), lat.end());
    totals.latencies.insert(totals.latencies.end(), pushLat.begin(), pushLat.end());
    totals.pushLatencies.insert(totals.pushLatencies.end(), pushLat.begin(), pushLat.end());
    totals.errors += tally.errors;
    if (totals.firstError.empty()) {
        totals.firstError = tally.firstError;
    }
}

// Worker `t` of the run: drives every `threads`-th kiosk from the t-th, and its share of the
// check-ins, until the end of the run.
void RunWorker(const LoadRun& run, int t) {
    const LoadOptions& o = run.options;
    WorkerTally tally;
    std::vector<SimKiosk*> mine;
    for (auto i = static_cast<std::size_t>(t); i < run.kiosks.size();
         i += static_cast<std::size_t>(o.threads)) {
        mine.push_back(&run.kiosks[i]);
    }
    // Check-ins: this thread's share of the total rate, pushed by one of its kiosks.
    const auto checkInEvery =
        std::chrono::microseconds(1'000'000LL * o.threads / std::max(o.checkInsPerSecond, 1));
    auto nextCheckIn = run.start + std::chrono::microseconds(t * 1000);
    while (true) {
        auto nextDue = nextCheckIn;
        for (auto* k : mine) {
            nextDue = std::min(nextDue, k->due);
        }
        if (nextDue >= run.end) {
            break;
        }
        std::this_thread::sleep_until(nextDue); // pacing the load, not synchronisation
        const auto now = Clock::now();
        std::string error;
        if (nextCheckIn <= now) {
            SimKiosk* k = mine[run.serial++ % mine.size()];
            PushCheckIn(run, *k, run.people[run.serial % run.people.size()].id, tally, error);
            nextCheckIn += checkInEvery;
        }
        for (auto* k : mine) {
            if (k->due > now) {
                continue;
            }
            k->due += std::chrono::seconds(o.intervalSeconds);
            SyncRound(*k, tally, error);
        }
        if (!error.empty() && tally.firstError.empty()) {
            tally.firstError = error;
        }
    }
    AddToTotals(run.totals, tally);
}

// Another program sharing the central's disk: a child process that writes 4 MiB and fsyncs,
// over and over, in a file of the central's folder (rewound every 64 MiB). It stops by itself
// after `seconds`, and is killed when the run ends.
class DiskWriter {
public:
    DiskWriter(const std::string& path, int seconds) {
        // Made before fork: the child only calls what is safe after forking a threaded process.
        std::vector<char> block(std::size_t{4} * 1024 * 1024, 'w');
        const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
        if (fd < 0) {
            throw std::runtime_error("cannot open " + path + " for the disk writer");
        }
        m_pid = ::fork();
        if (m_pid == 0) {
            WriteUntil(fd, block, seconds);
        }
        ::close(fd);
        if (m_pid < 0) {
            throw std::runtime_error("cannot start the disk writer");
        }
    }
    DiskWriter(const DiskWriter&) = delete;
    DiskWriter& operator=(const DiskWriter&) = delete;
    ~DiskWriter() {
        ::kill(m_pid, SIGKILL);
        ::waitpid(m_pid, nullptr, 0);
    }

private:
    [[noreturn]] static void WriteUntil(int fd, const std::vector<char>& block, int seconds) {
        constexpr off_t kWrap = 64LL * 1024 * 1024;
        timespec now{};
        ::clock_gettime(CLOCK_MONOTONIC, &now);
        const time_t end = now.tv_sec + seconds;
        off_t at = 0;
        while (now.tv_sec < end) {
            if (::pwrite(fd, block.data(), block.size(), at) < 0 || ::fsync(fd) != 0) {
                ::_exit(1);
            }
            at = (at + static_cast<off_t>(block.size())) % kWrap;
            ::clock_gettime(CLOCK_MONOTONIC, &now);
        }
        ::_exit(0);
    }

    pid_t m_pid = -1;
};

// Prints the figures; 0 when they meet the goal.
int Report(const LoadOptions& o, const Totals& totals,
           const std::optional<PushCommitStats>& commits) {
    const double p99 = Percentile(totals.latencies, 0.99);
    std::printf("central under %d kiosks (round every %d s) + %d check-ins/s for %d s%s: %zu "
                "requests, p50 %.2f ms, p99 %.2f ms, max %.2f ms, errors %d (goal p99 <= 50 ms, "
                "no errors)%s%s\n",
                o.kiosks, o.intervalSeconds, o.checkInsPerSecond, o.seconds,
                o.diskWriter ? ", another process writing to the disk" : "",
                totals.latencies.size(), Percentile(totals.latencies, 0.5), p99,
                Percentile(totals.latencies, 1.0), totals.errors,
                totals.firstError.empty() ? "" : "; first error: ", totals.firstError.c_str());
    std::printf("  sync-round requests: %zu, p50 %.2f ms, p99 %.2f ms; check-in pushes: %zu, "
                "p50 %.2f ms, p99 %.2f ms, max %.2f ms\n",
                totals.roundLatencies.size(), Percentile(totals.roundLatencies, 0.5),
                Percentile(totals.roundLatencies, 0.99), totals.pushLatencies.size(),
                Percentile(totals.pushLatencies, 0.5), Percentile(totals.pushLatencies, 0.99),
                Percentile(totals.pushLatencies, 1.0));
    if (commits) {
        std::printf("  the central stored %lld pushes in %lld commits\n",
                    static_cast<long long>(commits->pushes),
                    static_cast<long long>(commits->commits));
    }
    return p99 <= 50 && totals.errors == 0 ? 0 : 1;
}

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
    std::optional<DiskWriter> writer;
    if (o.diskWriter) {
        writer.emplace(dir.file("disk-writer.bin"), o.seconds + 5);
    }
    const auto start = Clock::now() + std::chrono::milliseconds(200);
    std::vector<SimKiosk> kiosks = SimulatedKiosks(o, central, people.size(), start);
    Totals totals;
    std::atomic<std::uint64_t> serial{0};
    const LoadRun run{o,      event, people, kiosks, start, start + std::chrono::seconds(o.seconds),
                      serial, totals};
    std::vector<std::thread> threads;
    threads.reserve(static_cast<std::size_t>(o.threads));
    for (int t = 0; t < o.threads; ++t) {
        threads.emplace_back(RunWorker, std::cref(run), t);
    }
    for (auto& t : threads) {
        t.join();
    }
    return Report(o, totals, SqlitePushCommitStats(*central.store));
}

} // namespace accueil::sync::bench
