// SPDX-License-Identifier: Apache-2.0
// accueil_sync_bench [initial|idle|push|load|compare|all] [--registrants N] [--events N]
//                    [--seconds S] [--kiosks K] [--check-ins PER_SECOND] [--threads T]
//                    [--backend sqlite|postgresql] [--instances N] [--disk-writer]
// --disk-writer: during the load, another process writes and fsyncs in the central's folder.
// --backend postgresql: the load goes to N `accueil central serve` processes (default 2) over a
// durable PostgreSQL cluster of the bench's own; `compare` runs the load on SQLite, then on
// PostgreSQL, and prints both side by side.
// Prints one line per figure with its goal. Everything runs on loopback in a temporary folder.
// Exit status: 0 every goal met, 1 a goal missed, 2 bad arguments or a run that could not be
// set up or carried out.

#include "SyncBench.h"

#include "../../sync/SyncTestEnv.h"

#include <accueil/core/Sqlite.h>
#include <accueil/core/Text.h>

#include <spdlog/spdlog.h>

#include <cstdlib>
#include <cstring>
#include <iostream>
#include <stdexcept>
#include <string>

namespace accueil::sync::bench {
namespace {

using test::Central;
using test::Kiosk;
using test::TempDir;

// A figure that could not be taken: main reports it and exits 2.
struct BenchFailure : std::runtime_error {
    using std::runtime_error::runtime_error;
};

void Check(bool ok, const char* what) {
    if (!ok) {
        throw BenchFailure(what);
    }
}

// Initial sync of N registrants, then idle rounds, on one central; `splitPages` also times the
// registrant pages alone.
int InitialAndIdle(int registrants, bool runInitial, bool runIdle, bool splitPages) {
    TempDir dir;
    const auto event = test::TestEvent();
    Central central(dir, event);
    const auto people = core::GenerateDemoRegistrants(registrants, event.calendar->days(), 11);
    Check(central.store->importRegistrants(people, {}).ok(), "import");
    Kiosk k(dir, event, "door-1", central.url(), central.addKiosk("door-1"), 60'000);

    if (splitPages) {
        // Where the time goes: the pages alone (server, transfer, JSON parse), no local writes.
        const auto p0 = Clock::now();
        std::int64_t since = 0;
        for (bool more = true; more;) {
            auto page =
                k.client.getJson("/v1/registrants?since=" + std::to_string(since) + "&limit=2000");
            Check(page.ok(), "page");
            since = (*page)["next"].get<std::int64_t>();
            more = (*page)["more"].get<bool>();
        }
        std::printf("  pages only: %.0f ms\n", Ms(Clock::now() - p0));
    }
    const auto t0 = Clock::now();
    const RoundReport first = k.sync();
    const double initialMs = Ms(Clock::now() - t0);
    Check(first.ok() && *k.store.registrantCount() == registrants, "initial sync");
    if (runInitial) {
        std::printf("initial sync of %d registrants: %.0f ms (goal <= 5000 ms)\n", registrants,
                    initialMs);
    }
    if (runIdle) {
        std::vector<double> times;
        for (int i = 0; i < 200; ++i) {
            const auto t = Clock::now();
            const RoundReport r = k.sync();
            times.push_back(Ms(Clock::now() - t));
            Check(r.ok(), "idle round");
        }
        std::printf("idle sync round (nothing new), 200 rounds: median %.2f ms, p99 %.2f ms, "
                    "max %.2f ms (goal <= 20 ms)\n",
                    Percentile(times, 0.5), Percentile(times, 0.99), Percentile(times, 1.0));
    }
    return initialMs <= 5000 ? 0 : 1;
}

// N queued events (written straight into the log and outbox), pushed in one round.
int Push(int events) {
    TempDir dir;
    const auto event = test::TestEvent();
    Central central(dir, event);
    const auto people = core::GenerateDemoRegistrants(1000, event.calendar->days(), 5);
    Check(central.store->importRegistrants(people, {}).ok(), "import");
    Kiosk k(dir, event, "door-1", central.url(), central.addKiosk("door-1"), 60'000);
    Check(k.sync().ok(), "first sync");
    {
        // Straight into the file on a connection of its own, as a kiosk would have queued them.
        core::sql::Database db = core::sql::Database::Open(k.dbPath, false);
        core::sql::Transaction tx(db);
        for (int i = 0; i < events; ++i) {
            const std::string uuid = core::NewUuid();
            db.prepare("INSERT INTO attendance (uuid, registrant_id, day, kind, kiosk_id, at, "
                       "method) VALUES (?, ?, '2025-06-17', 'check_in', 'door-1', ?, 'camera')")
                .bind(1, uuid)
                .bind(2, people[static_cast<std::size_t>(i) % people.size()].id)
                .bind(3, test::At(event, "2025-06-17", 9, 0) + i)
                .run();
            db.prepare("INSERT INTO outbox (stream, uuid) VALUES ('attendance', ?)")
                .bind(1, uuid)
                .run();
        }
        tx.commit();
    }
    const auto t0 = Clock::now();
    const auto pushed = k.client.push(k.store);
    const double ms = Ms(Clock::now() - t0);
    Check(pushed.ok() && *pushed == events && *k.store.outboxSize() == 0, "push");
    std::printf("push of %d queued events: %.0f ms (goal <= 1000 ms)\n", events, ms);
    return ms <= 1000 ? 0 : 1;
}

constexpr const char* kUsage =
    " [initial|idle|push|load|compare|all] [--registrants N] [--events N] [--seconds S]"
    " [--kiosks K] [--check-ins PER_SECOND] [--threads T] [--backend sqlite|postgresql]"
    " [--instances N] [--disk-writer]";

// Bad input on the command line: main prints it with the usage and exits 2.
struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// A whole positive number, or a UsageError naming the option.
int PositiveNumber(const std::string& option, const char* text) {
    char* end = nullptr;
    const long v = text != nullptr ? std::strtol(text, &end, 10) : 0;
    if (text == nullptr || *text == '\0' || *end != '\0' || v <= 0 || v > 1'000'000) {
        throw UsageError(option + " needs a whole number from 1 to 1000000, not '" +
                         (text != nullptr ? text : "") + "'");
    }
    return static_cast<int>(v);
}

Backend BackendNamed(const char* text) {
    const std::string name = text != nullptr ? text : "";
    if (name == "sqlite") {
        return Backend::Sqlite;
    }
    if (name == "postgresql") {
        return Backend::Postgresql;
    }
    throw UsageError("--backend is sqlite or postgresql, not '" + name + "'");
}

int Run(int argc, char** argv) {
    std::string what = "all";
    int registrants = 100'000;
    int events = 10'000;
    LoadOptions load;
    bool backendGiven = false;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&] { return i + 1 < argc ? argv[++i] : nullptr; };
        auto next = [&] { return PositiveNumber(a, value()); };
        if (a == "--registrants") {
            registrants = next();
        } else if (a == "--events") {
            events = next();
        } else if (a == "--seconds") {
            load.seconds = next();
        } else if (a == "--kiosks") {
            load.kiosks = next();
        } else if (a == "--check-ins") {
            load.checkInsPerSecond = next();
        } else if (a == "--threads") {
            load.threads = next();
        } else if (a == "--instances") {
            load.instances = next();
        } else if (a == "--backend") {
            load.backend = BackendNamed(value());
            backendGiven = true;
        } else if (a == "--disk-writer") {
            load.diskWriter = true;
        } else if (a == "all" || a == "initial" || a == "idle" || a == "push" || a == "load" ||
                   a == "compare") {
            what = a;
        } else {
            throw UsageError("unknown argument '" + a + "'");
        }
    }
    // The SQLite central is one process by design (its serve lock refuses a second).
    if (load.backend == Backend::Sqlite && load.instances > 1 && what != "compare") {
        throw UsageError("--instances " + std::to_string(load.instances) +
                         ": the SQLite central is one instance; --instances needs --backend "
                         "postgresql");
    }
    if (what == "compare" && backendGiven) {
        throw UsageError("compare runs both backends: leave out --backend");
    }
    // NOLINTNEXTLINE(concurrency-mt-unsafe): read before any thread starts
    const bool splitPages = std::getenv("ACCUEIL_BENCH_SPLIT") != nullptr;
    spdlog::set_level(spdlog::level::warn);
    int failures = 0;
    if (what == "all" || what == "initial" || what == "idle") {
        failures += InitialAndIdle(registrants, what != "idle", what != "initial", splitPages);
    }
    if (what == "all" || what == "push") {
        failures += Push(events);
    }
    if (what == "all" || what == "load") {
        failures += ReportLoad(load, RunLoad(load));
    }
    if (what == "compare") {
        failures += RunCompare(load, load.instances > 0 ? load.instances : 2);
    }
    return failures == 0 ? 0 : 1;
}

} // namespace
} // namespace accueil::sync::bench

int main(int argc, char** argv) {
    try {
        return accueil::sync::bench::Run(argc, argv);
    } catch (const accueil::sync::bench::UsageError& e) {
        std::cerr << "accueil_sync_bench: " << e.what() << "\nusage: " << argv[0]
                  << accueil::sync::bench::kUsage << '\n';
        return 2;
    } catch (const accueil::sync::bench::BenchFailure& e) {
        std::cerr << "bench failed: " << e.what() << '\n';
        return 2;
    } catch (const std::exception& e) {
        // Not a figure: the run could not be set up or carried out (exit 1 is a goal missed).
        std::cerr << "accueil_sync_bench: " << e.what() << '\n';
        return 2;
    }
}
