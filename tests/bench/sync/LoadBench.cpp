// SPDX-License-Identifier: Apache-2.0
// The central under simulated kiosks: each kiosk runs a sync round (push if it has events,
// settings, registrant and attendance pulls) every interval, and check-ins arrive at a fixed
// total rate, each pushed at once by the kiosk that saw it. Latency of every request is kept,
// and how late the generator started each request against its schedule.

#include "../../sync/SyncTestEnv.h"
#include "LoadCentral.h"
#include "SyncBench.h"

#include <accueil/core/Text.h>
#include <accueil/sync/HttpClient.h>
#include <accueil/sync/Tokens.h>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
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

// Set by SIGINT or SIGTERM: the workers stop at their next wake-up and the run ends as on an
// error, whatever it started (cluster, processes) stopped and removed. Only a flag is written
// in the handler, which is all a handler may safely do.
// NOLINTNEXTLINE(cppcoreguidelines-avoid-non-const-global-variables): a handler's only channel
volatile std::sig_atomic_t g_interrupted = 0;

extern "C" void OnInterrupt(int /*signal*/) {
    g_interrupted = 1;
}

// For the length of a load run, SIGINT and SIGTERM set the flag instead of killing the bench
// (which would leave the cluster and the instances behind); as they were afterwards.
class StopOnInterrupt {
public:
    StopOnInterrupt() {
        struct sigaction action {};
        action.sa_handler = OnInterrupt;
        sigemptyset(&action.sa_mask);
        ::sigaction(SIGINT, &action, &m_int);
        ::sigaction(SIGTERM, &action, &m_term);
    }
    ~StopOnInterrupt() {
        ::sigaction(SIGINT, &m_int, nullptr);
        ::sigaction(SIGTERM, &m_term, nullptr);
    }
    StopOnInterrupt(const StopOnInterrupt&) = delete;
    StopOnInterrupt& operator=(const StopOnInterrupt&) = delete;

private:
    struct sigaction m_int {};
    struct sigaction m_term {};
};

void ThrowIfInterrupted() {
    if (g_interrupted != 0) {
        throw std::runtime_error("interrupted: the run stopped, and what it started is removed");
    }
}

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
    std::vector<double> behind;
    int errors = 0;
    std::string firstError;
    Clock::time_point lastAnswer;
};

// What the worker threads share: the run's set-up, the kiosks (each worker drives its own share)
// and the figures they add to.
struct LoadRun {
    const LoadOptions& options;
    int threads = 0;
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
    std::vector<double> behind;
    int errors = 0;
    std::string firstError;
};

// Kiosks with a token each (put in the central's store), already synced (the list is there),
// kiosk i talking to instance i % N; Schedule gives them their first rounds.
std::vector<SimKiosk> SimulatedKiosks(const LoadOptions& o, LoadCentral& central,
                                      std::size_t registrants) {
    std::vector<SimKiosk> kiosks(static_cast<std::size_t>(o.kiosks));
    const auto& urls = central.urls();
    for (int i = 0; i < o.kiosks; ++i) {
        auto& k = kiosks[static_cast<std::size_t>(i)];
        k.id = "sim-" + std::to_string(i);
        const std::string token = NewKioskToken();
        auto put = central.store().putKiosk(k.id, HashToken(token));
        if (!put) {
            throw std::runtime_error("cannot add kiosk " + k.id + ": " + put.error().message);
        }
        k.http = std::make_unique<HttpClient>(HttpOptions{
            urls[static_cast<std::size_t>(i) % urls.size()], token, 5000, 10'000, "", nullptr});
        k.registrantCursor = static_cast<std::int64_t>(registrants);
    }
    return kiosks;
}

// The kiosks' first rounds spread over one interval from `start`.
void Schedule(const LoadOptions& o, std::vector<SimKiosk>& kiosks, Clock::time_point start) {
    for (std::size_t i = 0; i < kiosks.size(); ++i) {
        kiosks[i].due =
            start + std::chrono::microseconds(static_cast<std::int64_t>(i) * o.intervalSeconds *
                                              1'000'000 / static_cast<std::int64_t>(o.kiosks));
    }
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
    totals.behind.insert(totals.behind.end(), tally.behind.begin(), tally.behind.end());
    totals.lastAnswer = std::max(totals.lastAnswer, Clock::now());
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
         i += static_cast<std::size_t>(run.threads)) {
        mine.push_back(&run.kiosks[i]);
    }
    // Check-ins: this thread's share of the total rate, pushed by one of its kiosks; the
    // threads' shares interleaved, so the check-ins arrive evenly spaced.
    const std::int64_t checkInGap = 1'000'000LL / std::max(o.checkInsPerSecond, 1);
    const auto checkInEvery = std::chrono::microseconds(checkInGap * run.threads);
    auto nextCheckIn = run.start + std::chrono::microseconds(checkInGap * t);
    while (true) {
        auto nextDue = nextCheckIn;
        for (auto* k : mine) {
            nextDue = std::min(nextDue, k->due);
        }
        if (nextDue >= run.end || g_interrupted != 0) {
            break;
        }
        std::this_thread::sleep_until(nextDue); // pacing the load, not synchronisation
        const auto now = Clock::now();
        std::string error;
        // Only what was due before the end: a generator that lags does not run past it.
        if (nextCheckIn <= now && nextCheckIn < run.end) {
            tally.behind.push_back(Ms(Clock::now() - nextCheckIn));
            SimKiosk* k = mine[run.serial++ % mine.size()];
            PushCheckIn(run, *k, run.people[run.serial % run.people.size()].id, tally, error);
            nextCheckIn += checkInEvery;
        }
        for (auto* k : mine) {
            if (k->due > now || k->due >= run.end) {
                continue;
            }
            tally.behind.push_back(Ms(Clock::now() - k->due));
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

} // namespace

bool MetGoal(const LoadFigures& f) {
    return f.all.p99 <= 50 && f.errors == 0;
}

bool KeptSchedule(const LoadFigures& f) {
    return f.behind.p99 <= 50;
}

int ReportLoad(const LoadOptions& o, const LoadFigures& f) {
    std::printf("central under %d kiosks (round every %d s) + %d check-ins/s for %d s%s: %zu "
                "requests, p50 %.2f ms, p99 %.2f ms, max %.2f ms, errors %d (goal p99 <= 50 ms, "
                "no errors)%s%s\n",
                o.kiosks, o.intervalSeconds, o.checkInsPerSecond, o.seconds,
                o.diskWriter ? ", another process writing to the disk" : "", f.all.count, f.all.p50,
                f.all.p99, f.all.max, f.errors,
                f.firstError.empty() ? "" : "; first error: ", f.firstError.c_str());
    std::printf("  central: %s\n", f.central.c_str());
    std::printf("  sync-round requests: %zu, p50 %.2f ms, p99 %.2f ms, max %.2f ms; check-in "
                "pushes: %zu, p50 %.2f ms, p99 %.2f ms, max %.2f ms\n",
                f.rounds.count, f.rounds.p50, f.rounds.p99, f.rounds.max, f.pushes.count,
                f.pushes.p50, f.pushes.p99, f.pushes.max);
    std::printf(
        "  events stored: %lld, %.1f a second over the run's %.1f s (%d a second scheduled)\n",
        static_cast<long long>(f.eventsStored),
        f.seconds > 0 ? static_cast<double>(f.eventsStored) / f.seconds : 0.0, f.seconds,
        o.checkInsPerSecond);
    if (!f.instanceLog.empty()) {
        std::printf("  an instance logged: %s\n", f.instanceLog.c_str());
    }
    if (f.commits) {
        std::printf("  the central stored %lld pushes in %lld commits\n",
                    static_cast<long long>(f.commits->pushes),
                    static_cast<long long>(f.commits->commits));
    }
    std::printf("  load generator (%d threads) behind schedule: p50 %.2f ms, p99 %.2f ms, max "
                "%.2f ms%s\n",
                f.threads, f.behind.p50, f.behind.p99, f.behind.max,
                KeptSchedule(f) ? ""
                                : " -- FELL BEHIND (p99 > 50 ms): it sent less than the load "
                                  "above, so these figures flatter the central");
    return MetGoal(f) && KeptSchedule(f) ? 0 : 1;
}

namespace {

std::string Fixed(double v, int decimals) {
    std::array<char, 32> buf{};
    (void)std::snprintf(buf.data(), buf.size(), "%.*f", decimals, v); // fits: 32 bytes
    return buf.data();
}

std::string SpreadCell(const Spread& s) {
    return Fixed(s.p50, 2) + " / " + Fixed(s.p99, 2) + " / " + Fixed(s.max, 1);
}

// A markdown table row: the figure, then one cell per run; `|` in a cell is escaped.
void Row(const std::string& figure, const std::vector<std::string>& cells) {
    std::string line = "| " + figure + " |";
    for (std::string cell : cells) {
        for (std::size_t at = cell.find('|'); at != std::string::npos;
             at = cell.find('|', at + 2)) {
            cell.replace(at, 1, "\\|");
        }
        line += " " + cell + " |";
    }
    std::printf("%s\n", line.c_str());
}

void CompareTable(const LoadOptions& o, const std::vector<LoadFigures>& runs) {
    auto each = [&](auto cellOf) {
        std::vector<std::string> cells;
        cells.reserve(runs.size());
        for (const auto& f : runs) {
            cells.push_back(cellOf(f));
        }
        return cells;
    };
    std::printf("\n");
    Row(std::to_string(o.kiosks) + " kiosks every " + std::to_string(o.intervalSeconds) + " s + " +
            std::to_string(o.checkInsPerSecond) + " check-ins/s, " + std::to_string(o.seconds) +
            " s" + (o.diskWriter ? ", disk writer" : ""),
        each([](const LoadFigures& f) { return f.central; }));
    Row("---", each([](const LoadFigures&) { return std::string("---"); }));
    Row("requests", each([](const LoadFigures& f) { return std::to_string(f.all.count); }));
    Row("all requests p50 / p99 / max (ms)",
        each([](const LoadFigures& f) { return SpreadCell(f.all); }));
    Row("sync-round requests p50 / p99 / max (ms)",
        each([](const LoadFigures& f) { return SpreadCell(f.rounds); }));
    Row("check-in pushes p50 / p99 / max (ms)",
        each([](const LoadFigures& f) { return SpreadCell(f.pushes); }));
    Row("errors", each([](const LoadFigures& f) {
            return std::to_string(f.errors) +
                   (f.firstError.empty() ? "" : " (first: " + f.firstError.substr(0, 80) + ")");
        }));
    Row("events stored a second", each([](const LoadFigures& f) {
            return Fixed(f.seconds > 0 ? static_cast<double>(f.eventsStored) / f.seconds : 0, 1) +
                   " (" + std::to_string(f.eventsStored) + " in " + Fixed(f.seconds, 1) + " s)";
        }));
    Row("pushes / commits", each([](const LoadFigures& f) {
            return f.commits ? std::to_string(f.commits->pushes) + " / " +
                                   std::to_string(f.commits->commits)
                             : std::string("n/a");
        }));
    Row("generator behind schedule p99 / max (ms)", each([](const LoadFigures& f) {
            return Fixed(f.behind.p99, 2) + " / " + Fixed(f.behind.max, 1) + " (" +
                   std::to_string(f.threads) + " threads)" +
                   (KeptSchedule(f) ? "" : " FELL BEHIND");
        }));
    Row("goal: p99 <= 50 ms, no errors",
        each([](const LoadFigures& f) { return std::string(MetGoal(f) ? "met" : "missed"); }));
}

} // namespace

int RunCompare(LoadOptions options, int postgresInstances) {
    std::vector<LoadFigures> runs;
    int failures = 0;
    options.backend = Backend::Sqlite;
    options.instances = 1;
    runs.push_back(RunLoad(options));
    failures += ReportLoad(options, runs.back());
    options.backend = Backend::Postgresql;
    options.instances = postgresInstances;
    runs.push_back(RunLoad(options));
    failures += ReportLoad(options, runs.back());
    CompareTable(options, runs);
    return failures == 0 ? 0 : 1;
}

LoadFigures RunLoad(const LoadOptions& o) {
    // Before anything is started, so an interrupt finds it all to remove (at the next check).
    const StopOnInterrupt interrupts;
    test::TempDir dir;
    const auto event = test::TestEvent();
    LoadCentral central(o, dir, event);
    const auto people = core::GenerateDemoRegistrants(5000, event.calendar->days(), 9);
    if (auto imported = central.store().importRegistrants(people, {}); !imported) {
        throw std::runtime_error("cannot import the registrants: " + imported.error().message);
    }
    std::vector<SimKiosk> kiosks = SimulatedKiosks(o, central, people.size());
    central.serve();
    ThrowIfInterrupted();
    std::optional<DiskWriter> writer;
    if (o.diskWriter) {
        writer.emplace(dir.file("disk-writer.bin"), o.seconds + 5);
    }
    const auto start = Clock::now() + std::chrono::milliseconds(200);
    Schedule(o, kiosks, start);
    Totals totals;
    totals.lastAnswer = start;
    std::atomic<std::uint64_t> serial{0};
    const int threadCount = ThreadsOf(o);
    const LoadRun run{
        o,      threadCount, event, people, kiosks, start, start + std::chrono::seconds(o.seconds),
        serial, totals};
    std::vector<std::thread> threads;
    threads.reserve(static_cast<std::size_t>(threadCount));
    for (int t = 0; t < threadCount; ++t) {
        threads.emplace_back(RunWorker, std::cref(run), t);
    }
    for (auto& t : threads) {
        t.join();
    }
    ThrowIfInterrupted();
    LoadFigures f;
    f.central = central.description();
    f.threads = threadCount;
    f.all = SpreadOf(totals.latencies);
    f.rounds = SpreadOf(totals.roundLatencies);
    f.pushes = SpreadOf(totals.pushLatencies);
    f.errors = totals.errors;
    f.firstError = totals.firstError;
    f.instanceLog = central.instanceLog();
    f.behind = SpreadOf(totals.behind);
    f.seconds = std::chrono::duration<double>(totals.lastAnswer - start).count();
    auto counts = central.store().counts("");
    if (!counts) {
        throw std::runtime_error("cannot count the stored events: " + counts.error().message);
    }
    f.eventsStored = counts->allAttendance;
    f.commits = SqlitePushCommitStats(central.store());
    return f;
}

} // namespace accueil::sync::bench
