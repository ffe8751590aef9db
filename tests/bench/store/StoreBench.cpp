// SPDX-License-Identifier: Apache-2.0
// Store benchmarks: durable check-in latency beside the bare-commit floor, import throughput,
// and name search latency, all over 100k registrants in a real SQLite file.
//
//   ./run.sh bench      (or build/tests/bench/accueil_bench_store
//   --benchmark_counters_tabular=true)

#include <accueil/core/AttendanceStore.h>
#include <accueil/core/DemoRegistrants.h>
#include <accueil/core/RegistrantImport.h>
#include <accueil/core/Sqlite.h>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <stdexcept>

using namespace accueil::core;
namespace fs = std::filesystem;

namespace {

constexpr int kRegistrants = 100'000;

fs::path BenchDir() {
    fs::path dir = fs::temp_directory_path() / "accueil-bench";
    fs::create_directories(dir);
    return dir;
}

const EventConfig& Event() {
    static const EventConfig event = [] {
        const fs::path path = BenchDir() / "event.toml";
        std::ofstream(path) << "[event]\nid = \"bench\"\ntimezone = \"Europe/Zurich\"\n"
                               "days = [\"2025-06-17\", \"2025-06-18\", \"2025-06-19\", "
                               "\"2025-06-20\"]\ndebounce_seconds = 5\n";
        auto loaded = LoadEventConfig(path.string());
        if (!loaded) {
            throw std::runtime_error(loaded.error().message);
        }
        return std::move(loaded).value();
    }();
    return event;
}

const std::vector<Registrant>& People() {
    static const auto people = GenerateDemoRegistrants(kRegistrants, Event().calendar->days(), 1);
    return people;
}

void RemoveDb(const fs::path& db) {
    for (const char* suffix : {"", "-wal", "-shm"}) {
        fs::remove(db.string() + suffix);
    }
}

// Latency percentiles as counters, in milliseconds.
void Percentiles(benchmark::State& state, std::vector<double>& seconds) {
    if (seconds.empty()) {
        return;
    }
    std::sort(seconds.begin(), seconds.end());
    const auto at = [&](double q) {
        return seconds[std::min(seconds.size() - 1,
                                static_cast<std::size_t>(q * static_cast<double>(seconds.size())))];
    };
    state.counters["p50_ms"] = at(0.50) * 1e3;
    state.counters["p99_ms"] = at(0.99) * 1e3;
}

template <class F> double Timed(F&& f) {
    const auto t0 = std::chrono::steady_clock::now();
    f();
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// The floor: one bare row inserted and committed with the store's pragmas (WAL, FULL).
void BM_FloorInsertCommit(benchmark::State& state) {
    const fs::path path = BenchDir() / "floor.db";
    RemoveDb(path);
    auto db = sql::Database::Open(path.string(), true);
    db.exec("CREATE TABLE t (seq INTEGER PRIMARY KEY, uuid TEXT NOT NULL UNIQUE, at INTEGER)");
    std::vector<double> lat;
    std::int64_t i = 0;
    for ([[maybe_unused]] auto _ : state) {
        const double s = Timed([&] {
            sql::Transaction tx(db);
            db.prepare("INSERT INTO t (uuid, at) VALUES (?, ?)")
                .bind(1, "0190a1b2-c3d4-7e5f-8a9b-" + std::to_string(100'000'000'000 + i))
                .bind(2, i)
                .run();
            tx.commit();
        });
        state.SetIterationTime(s);
        lat.push_back(s);
        ++i;
    }
    Percentiles(state, lat);
    state.counters["per_s"] =
        benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_FloorInsertCommit)->UseManualTime()->Iterations(3000)->Unit(benchmark::kMillisecond);

// Decide + durably commit one scan (rules, attendance, audit, outbox) with 100k registrants.
void BM_CheckInDurable(benchmark::State& state) {
    const fs::path path = BenchDir() / "checkin.db";
    RemoveDb(path);
    auto store = AttendanceStore::Open(path.string(), Event(), "door-1");
    if (!store || !store->upsertRegistrants(People()).ok()) {
        state.SkipWithError("setup failed");
        return;
    }
    const UtcMillis start = *Event().calendar->parseTime("2025-06-17T07:00:00Z");
    std::vector<double> lat;
    std::int64_t i = 0;
    ScanRequest r;
    r.method = Method::Camera;
    for ([[maybe_unused]] auto _ : state) {
        r.payload = People()[static_cast<std::size_t>(i % kRegistrants)].id;
        r.claim = accueil::scanner::ParsePlainId(r.payload);
        r.at = start + i * 100;
        bool ok = true;
        const double s = Timed([&] { ok = store->recordScan(r).ok(); });
        if (!ok) {
            state.SkipWithError("scan failed");
            return;
        }
        state.SetIterationTime(s);
        lat.push_back(s);
        ++i;
    }
    Percentiles(state, lat);
    state.counters["per_s"] =
        benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_CheckInDurable)->UseManualTime()->Iterations(3000)->Unit(benchmark::kMillisecond);

// Parse a 100k-row CSV and import it into an empty database in one transaction.
void BM_Import100k(benchmark::State& state) {
    const std::string csv = ToCsv(People());
    const fs::path path = BenchDir() / "import.db";
    for ([[maybe_unused]] auto _ : state) {
        state.PauseTiming();
        RemoveDb(path);
        auto store = AttendanceStore::Open(path.string(), Event(), "door-1");
        state.ResumeTiming();
        auto list = ParseRegistrantCsv(csv, "bench.csv", {}, *Event().calendar);
        if (!list || !store || !store->upsertRegistrants(list->registrants).ok()) {
            state.SkipWithError("import failed");
            return;
        }
    }
    state.counters["rows_per_s"] = benchmark::Counter(
        static_cast<double>(state.iterations() * kRegistrants), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Import100k)->Iterations(3)->Unit(benchmark::kMillisecond);

// Searches `queries` in turn over 100k registrants: latency percentiles and hits per query.
void RunSearches(benchmark::State& state, const std::vector<std::string>& queries) {
    const fs::path path = BenchDir() / "search.db";
    RemoveDb(path);
    auto store = AttendanceStore::Open(path.string(), Event(), "door-1");
    if (!store || !store->upsertRegistrants(People()).ok()) {
        state.SkipWithError("setup failed");
        return;
    }
    std::vector<double> lat;
    std::size_t i = 0;
    std::size_t hits = 0;
    for ([[maybe_unused]] auto _ : state) {
        const double s = Timed([&] {
            auto r = store->search(queries[i % queries.size()], 50);
            hits += r.ok() ? r->size() : 0;
        });
        state.SetIterationTime(s);
        lat.push_back(s);
        ++i;
    }
    Percentiles(state, lat);
    state.counters["hits"] = static_cast<double>(hits) / static_cast<double>(state.iterations());
}

// Staff typing names: accent-free prefixes, family names, delegations, two-word queries.
void BM_Search100k(benchmark::State& state) {
    RunSearches(state,
                {"muller", "lukas", "cote d", "ελευ", "добр", "garcia m", "zoe", "switz", "a",
                 "REG-054321", "kouassi", "王", "norw", "j", "international camp", "ioana pop"});
}

// Staff on a Latin keyboard typing names written in other scripts (Cyrillic, Greek, Arabic,
// Chinese), in Latin letters.
void BM_SearchAcrossScripts100k(benchmark::State& state) {
    RunSearches(state, {"ivanov", "dobryn", "fatima", "muhammad", "wang", "li", "eleni", "papadop",
                        "eleutheriou", "dmitri", "anna ivan", "f"});
}
BENCHMARK(BM_Search100k)->UseManualTime()->Iterations(1600)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_SearchAcrossScripts100k)
    ->UseManualTime()
    ->Iterations(1600)
    ->Unit(benchmark::kMillisecond);

} // namespace

BENCHMARK_MAIN();
