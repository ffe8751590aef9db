// SPDX-License-Identifier: Apache-2.0
// The central's embedded storage: the kiosk schema (registration list, attendance and audit
// logs, reached through the core's row API) plus the registrant change sequence and the kiosk
// tokens.

#include "PushRules.h"
#include "SqliteAccounts.h"
#include "StreamPages.h"

#include <accueil/core/PersonalDataWipe.h>
#include <accueil/core/Sqlite.h>
#include <accueil/core/StoreRows.h>
#include <accueil/sync/SqliteCentralStore.h>

#include <fcntl.h>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>
#include <sys/file.h>
#include <unistd.h>

#include <array>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <optional>
#include <system_error>
#include <utility>
#include <vector>

namespace accueil::sync {

using core::ErrorKind;
using core::MakeError;
using core::Result;
namespace sql = core::sql;

namespace {

// The meta key of the purge after the meeting, as on a kiosk.
constexpr const char* kPurgedAtKey = "purged_at";

// The central's own table, run at every open beside core::rows::AddCentralSchema (which adds
// the registrant change sequence and the indexes by kiosk).
constexpr const char* kCentralSchema = R"sql(
CREATE TABLE IF NOT EXISTS central_kiosk (
    id         TEXT PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    revoked_at INTEGER
);
-- One-time enrolment codes (their hashes): used once, before expires_at.
CREATE TABLE IF NOT EXISTS central_enrolment (
    code_hash  TEXT PRIMARY KEY,
    kiosk_id   TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER
);
CREATE TABLE IF NOT EXISTS central_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
INSERT OR IGNORE INTO central_meta (key, value) VALUES ('epoch', lower(hex(randomblob(16))));
-- A closed day's report as frozen (docs/reports.md): written once, never updated.
CREATE TABLE IF NOT EXISTS day_snapshot (
    day            TEXT PRIMARY KEY,
    as_of          INTEGER NOT NULL,
    as_of_local    TEXT NOT NULL,
    list_seq       INTEGER NOT NULL,
    attendance_seq INTEGER NOT NULL,
    report_json    TEXT NOT NULL
);
)sql";

std::string ReadEpoch(sql::Database& db) {
    sql::Statement st = db.prepare("SELECT value FROM central_meta WHERE key = 'epoch'");
    return st.step() ? st.text(0) : std::string();
}

// A day's snapshot and what changed since it: registrants whose latest change came after the
// snapshot's sequence number, and the day's attendance events stored after its newest one.
std::optional<DaySnapshot> ReadSnapshot(sql::Database& db, const std::string& day, int cap) {
    sql::Statement st = db.prepare("SELECT as_of, as_of_local, list_seq, attendance_seq, "
                                   "report_json FROM day_snapshot WHERE day = ?");
    st.bind(1, day);
    if (!st.step()) {
        return std::nullopt;
    }
    DaySnapshot s{day, st.int64(0), st.text(1), st.int64(2), st.int64(3), st.text(4), {}, 0, 0};
    sql::Statement changed =
        db.prepare("SELECT id FROM central_change WHERE seq > ? ORDER BY id LIMIT ?");
    changed.bind(1, s.listSeq).bind(2, cap);
    while (changed.step()) {
        s.changed.push_back(changed.text(0));
    }
    sql::Statement count = db.prepare("SELECT count(*) FROM central_change WHERE seq > ?");
    count.bind(1, s.listSeq);
    count.step();
    s.changedCount = static_cast<int>(count.int64(0));
    sql::Statement late = db.prepare("SELECT count(*) FROM attendance WHERE day = ? AND seq > ?");
    late.bind(1, day).bind(2, s.attendanceSeq);
    late.step();
    s.attendanceSince = static_cast<int>(late.int64(0));
    return s;
}

// What stands at a number of a stream ("" when nothing does).
using MarkAt = std::string (*)(sql::Database&, std::int64_t);

// One page of a stream, read at one moment: the cursor checked, the items after it (`fetch`
// fills items and next), then what stands at the page's end and the epoch.
template <class Item, class Fetch>
Result<Page<Item>> ReadStream(sql::Database& db, const CursorCheck& cursor, int limit,
                              std::int64_t (*highWater)(sql::Database&), MarkAt markAt,
                              Fetch fetch) {
    sql::Transaction tx(db, sql::Transaction::Mode::Deferred);
    Page<Item> page;
    page.highWater = highWater(db);
    if (auto checked =
            CheckCursor(cursor, page.highWater, [&](std::int64_t seq) { return markAt(db, seq); });
        !checked) {
        return std::move(checked).error();
    }
    page.next = cursor.seq;
    fetch(page);
    ClosePage(page, limit);
    page.check = page.next > 0 ? markAt(db, page.next) : std::string();
    page.epoch = ReadEpoch(db);
    tx.commit();
    return page;
}

template <class F> auto Guarded(const char* what, F&& body) -> decltype(body()) {
    try {
        return body();
    } catch (const sql::SqlError& e) {
        const std::string hint = e.busy() ? " (the database stayed locked by another process)" : "";
        return MakeError(ErrorKind::Storage, std::string(what) + ": " + e.what() + hint);
    } catch (const std::exception& e) {
        return MakeError(ErrorKind::Storage, std::string(what) + ": " + e.what());
    }
}

// Read connections for request threads, so reads never wait behind a writer's fsync (WAL
// lets them run beside it). Opened on demand, at most `max`, each used by one thread at a time.
class ReaderPool {
public:
    ReaderPool(std::string path, int max) : m_path(std::move(path)), m_max(max) {}

    template <class F> auto with(F&& body) -> decltype(body(std::declval<sql::Database&>())) {
        Lease lease(*this);
        return body(lease.db());
    }

private:
    // A connection taken from the pool, given back when the lease ends (also by an exception).
    class Lease {
    public:
        explicit Lease(ReaderPool& pool) : m_pool(pool), m_db(pool.take()) {}
        ~Lease() { m_pool.put(std::move(m_db)); }
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        sql::Database& db() const { return *m_db; }

    private:
        ReaderPool& m_pool;
        std::unique_ptr<sql::Database> m_db;
    };

    std::unique_ptr<sql::Database> take() {
        std::unique_lock lock(m_mutex);
        m_free.wait(lock, [&] { return !m_idle.empty() || m_opened < m_max; });
        if (!m_idle.empty()) {
            auto db = std::move(m_idle.back());
            m_idle.pop_back();
            return db;
        }
        ++m_opened;
        lock.unlock();
        try {
            return std::make_unique<sql::Database>(sql::Database::Open(m_path, false));
        } catch (...) {
            std::lock_guard again(m_mutex);
            --m_opened;
            m_free.notify_one();
            throw;
        }
    }
    void put(std::unique_ptr<sql::Database> db) {
        std::lock_guard lock(m_mutex);
        if (db) {
            m_idle.push_back(std::move(db));
        }
        m_free.notify_one();
    }

    std::string m_path;
    int m_max;
    int m_opened = 0;
    std::mutex m_mutex;
    std::condition_variable m_free;
    std::vector<std::unique_ptr<sql::Database>> m_idle;
};

class SqliteCentralStore final : public CentralStore {
public:
    SqliteCentralStore(sql::Database db, core::EventConfig event, const std::string& path)
        : m_db(std::move(db)), m_event(std::move(event)), m_readers(path, 16),
          m_shareWriter(path == ":memory:") {}

    Result<std::optional<KioskIdentity>> findKiosk(const std::string& tokenHash) override {
        return read([&](sql::Database& rdb) {
            return Guarded("reading kiosks", [&]() -> Result<std::optional<KioskIdentity>> {
                sql::Statement st =
                    rdb.prepare("SELECT id, token_hash, revoked_at IS NOT NULL FROM central_kiosk "
                                "WHERE token_hash = ?");
                st.bind(1, tokenHash);
                if (!st.step()) {
                    return std::optional<KioskIdentity>();
                }
                return std::optional<KioskIdentity>(
                    KioskIdentity{st.text(0), st.text(1), st.int64(2) != 0});
            });
        });
    }

    Result<void> putKiosk(const std::string& kioskId, const std::string& tokenHash) override {
        std::lock_guard lock(m_mutex);
        return Guarded("saving a kiosk", [&]() -> Result<void> {
            sql::Transaction tx(m_db);
            m_db.prepare("INSERT INTO central_kiosk (id, token_hash, created_at) VALUES (?, ?, ?) "
                         "ON CONFLICT (id) DO UPDATE SET token_hash = excluded.token_hash, "
                         "created_at = excluded.created_at, revoked_at = NULL")
                .bind(1, kioskId)
                .bind(2, tokenHash)
                .bind(3, core::NowUtcMillis())
                .run();
            tx.commit();
            return core::Ok{};
        });
    }

    Result<void> revokeKiosk(const std::string& kioskId) override {
        std::lock_guard lock(m_mutex);
        return Guarded("revoking a kiosk", [&]() -> Result<void> {
            sql::Transaction tx(m_db);
            m_db.prepare("UPDATE central_kiosk SET revoked_at = coalesce(revoked_at, ?) "
                         "WHERE id = ?")
                .bind(1, core::NowUtcMillis())
                .bind(2, kioskId)
                .run();
            if (m_db.changes() == 0) {
                return MakeError(ErrorKind::NotFound, "no kiosk \"" + kioskId + "\"");
            }
            tx.commit();
            return core::Ok{};
        });
    }

    Result<void> putEnrolment(const std::string& kioskId, const std::string& codeHash,
                              core::UtcMillis expiresAt) override {
        std::lock_guard lock(m_mutex);
        return Guarded("saving an enrolment code", [&]() -> Result<void> {
            sql::Transaction tx(m_db);
            m_db.prepare("INSERT INTO central_enrolment (code_hash, kiosk_id, created_at, "
                         "expires_at) VALUES (?, ?, ?, ?)")
                .bind(1, codeHash)
                .bind(2, kioskId)
                .bind(3, core::NowUtcMillis())
                .bind(4, expiresAt)
                .run();
            tx.commit();
            return core::Ok{};
        });
    }

    Result<EnrolmentAnswer> enrolKiosk(const std::string& codeHash, const std::string& askedKioskId,
                                       const std::string& tokenHash, core::UtcMillis now) override {
        std::lock_guard lock(m_mutex);
        return Guarded("enrolling a kiosk", [&]() -> Result<EnrolmentAnswer> {
            // One writer transaction: two kiosks racing with the same code cannot both win.
            sql::Transaction tx(m_db);
            sql::Statement st = m_db.prepare("SELECT kiosk_id, expires_at, used_at IS NOT NULL "
                                             "FROM central_enrolment WHERE code_hash = ?");
            st.bind(1, codeHash);
            if (!st.step()) {
                return EnrolmentAnswer{"", EnrolmentRefusal::Unknown};
            }
            EnrolmentAnswer answer{st.text(0), std::nullopt};
            if (st.int64(2) != 0) {
                answer.refused = EnrolmentRefusal::Used;
            } else if (now >= st.int64(1)) {
                answer.refused = EnrolmentRefusal::Expired;
            } else if (!askedKioskId.empty() && askedKioskId != answer.kioskId) {
                answer.refused = EnrolmentRefusal::OtherKiosk;
            }
            if (answer.refused) {
                return answer;
            }
            m_db.prepare("UPDATE central_enrolment SET used_at = ? WHERE code_hash = ?")
                .bind(1, now)
                .bind(2, codeHash)
                .run();
            m_db.prepare("INSERT INTO central_kiosk (id, token_hash, created_at) VALUES (?, ?, ?) "
                         "ON CONFLICT (id) DO UPDATE SET token_hash = excluded.token_hash, "
                         "created_at = excluded.created_at, revoked_at = NULL")
                .bind(1, answer.kioskId)
                .bind(2, tokenHash)
                .bind(3, now)
                .run();
            tx.commit();
            return answer;
        });
    }

    Result<std::vector<KioskRecord>> listKiosks() override {
        return read([&](sql::Database& rdb) {
            return Guarded("listing kiosks", [&]() -> Result<std::vector<KioskRecord>> {
                std::vector<KioskRecord> out;
                sql::Statement st =
                    rdb.prepare("SELECT id, created_at, revoked_at FROM central_kiosk ORDER BY id");
                while (st.step()) {
                    KioskRecord k{st.text(0), st.int64(1), std::nullopt};
                    if (!st.isNull(2)) {
                        k.revokedAt = st.int64(2);
                    }
                    out.push_back(std::move(k));
                }
                return out;
            });
        });
    }

    Result<core::UpsertSummary> importRegistrants(const std::vector<core::Registrant>& list,
                                                  core::UpsertFields fields) override {
        std::lock_guard lock(m_mutex);
        return Guarded("saving registrants", [&]() -> Result<core::UpsertSummary> {
            const core::UtcMillis now = core::NowUtcMillis();
            sql::Transaction tx(m_db);
            const core::UpsertSummary summary =
                core::rows::UpsertRegistrants(m_db, list, fields, now);
            tx.commit();
            return summary;
        });
    }

    Result<std::vector<core::UpsertSummary>> applyPlan(const RegistrantPlan& plan,
                                                       core::UpsertFields fields) override {
        std::lock_guard lock(m_mutex);
        return Guarded("saving registrants", [&]() -> Result<std::vector<core::UpsertSummary>> {
            const core::UtcMillis now = core::NowUtcMillis();
            sql::Transaction tx(m_db);
            auto batches = plan(core::rows::AllRegistrants(m_db));
            if (!batches) {
                return std::move(batches).error(); // rolled back: nothing was written
            }
            std::vector<core::UpsertSummary> summaries;
            for (const auto& batch : *batches) {
                summaries.push_back(core::rows::UpsertRegistrants(m_db, batch, fields, now));
            }
            tx.commit();
            return summaries;
        });
    }

    Result<std::vector<core::Registrant>> allRegistrants() override {
        return read([&](sql::Database& rdb) {
            return Guarded("reading registrants", [&]() -> Result<std::vector<core::Registrant>> {
                return core::rows::AllRegistrants(rdb);
            });
        });
    }

    Result<std::vector<std::string>> checkedInRegistrants() override {
        return read([&](sql::Database& rdb) {
            return Guarded("reading check-ins", [&]() -> Result<std::vector<std::string>> {
                return core::rows::CheckedInRegistrantIds(rdb);
            });
        });
    }

    Result<std::string> epoch() override {
        return read([&](sql::Database& rdb) {
            return Guarded("reading the epoch",
                           [&]() -> Result<std::string> { return ReadEpoch(rdb); });
        });
    }

    Result<RegistrantPage> registrantsSince(const CursorCheck& cursor, int limit) override {
        return read([&](sql::Database& rdb) {
            return Guarded("reading registrant changes", [&]() -> Result<RegistrantPage> {
                return ReadStream<core::Registrant>(
                    rdb, cursor, limit, core::rows::RegistrantChangeHighWater,
                    core::rows::RegistrantChangeMark, [&](RegistrantPage& page) {
                        for (auto& c : core::rows::RegistrantChangesSince(rdb, cursor.seq, limit)) {
                            page.next = c.seq;
                            page.items.push_back(std::move(c.registrant));
                        }
                    });
            });
        });
    }

    Result<AttendancePage> attendanceSince(const CursorCheck& cursor, int limit,
                                           const std::string& excludeKiosk) override {
        return read([&](sql::Database& rdb) {
            return Guarded("reading attendance", [&]() -> Result<AttendancePage> {
                // A page that ends early up to the high water skips the asking kiosk's own.
                return ReadStream<core::AttendanceEvent>(
                    rdb, cursor, limit, core::rows::AttendanceHighWater,
                    core::rows::AttendanceUuidAt, [&](AttendancePage& page) {
                        for (auto& logged :
                             core::rows::AttendanceSince(rdb, cursor.seq, excludeKiosk, limit)) {
                            page.next = logged.seq;
                            page.items.push_back(std::move(logged.event));
                        }
                    });
            });
        });
    }

    Result<AuditPage> auditSince(const CursorCheck& cursor, int limit,
                                 const std::string& kioskId) override {
        return read([&](sql::Database& rdb) {
            return Guarded("reading audit lines", [&]() -> Result<AuditPage> {
                return ReadStream<core::AuditEntry>(
                    rdb, cursor, limit, core::rows::AuditHighWater, core::rows::AuditUuidAt,
                    [&](AuditPage& page) {
                        for (auto& logged :
                             core::rows::AuditSince(rdb, cursor.seq, kioskId, limit)) {
                            page.next = logged.seq;
                            page.items.push_back(std::move(logged.entry));
                        }
                    });
            });
        });
    }

    Result<PhotoPage> photosSince(const CursorCheck& cursor, int limit,
                                  std::size_t maxBytes) override {
        return read([&](sql::Database& rdb) {
            return Guarded("reading photo changes", [&]() -> Result<PhotoPage> {
                return ReadStream<core::rows::PhotoChange>(
                    rdb, cursor, limit, core::rows::PhotoChangeHighWater,
                    core::rows::PhotoChangeMark, [&](PhotoPage& page) {
                        page.items =
                            core::rows::PhotoChangesSince(rdb, cursor.seq, limit, maxBytes);
                        if (!page.items.empty()) {
                            page.next = page.items.back().seq;
                            page.more = static_cast<int>(page.items.size()) < limit; // cut short?
                        }
                    });
            });
        });
    }

    Result<core::PhotoSummary> importPhotos(const std::vector<core::Photo>& photos) override {
        std::lock_guard lock(m_mutex);
        return Guarded("saving photos", [&]() -> Result<core::PhotoSummary> {
            sql::Transaction tx(m_db);
            std::vector<std::string> ids;
            ids.reserve(photos.size());
            for (const auto& p : photos) {
                ids.push_back(p.registrantId);
            }
            if (auto unlisted = core::rows::UnlistedIds(m_db, ids); !unlisted.empty()) {
                return UnlistedPhotos(unlisted);
            }
            const core::PhotoSummary summary =
                core::rows::PutPhotos(m_db, photos, core::NowUtcMillis());
            tx.commit();
            return summary;
        });
    }

    Result<bool> removePhoto(const std::string& registrantId) override {
        std::lock_guard lock(m_mutex);
        return Guarded("removing a photo", [&]() -> Result<bool> {
            sql::Transaction tx(m_db);
            const bool removed = core::rows::DeletePhoto(m_db, registrantId);
            tx.commit();
            return removed;
        });
    }

    Result<CentralLogKeys> logKeys(const std::string& kioskId) override {
        return read([&](sql::Database& rdb) {
            return Guarded("reading the logs", [&]() -> Result<CentralLogKeys> {
                sql::Transaction tx(rdb, sql::Transaction::Mode::Deferred);
                CentralLogKeys keys{core::rows::AttendanceKeys(rdb),
                                    core::rows::AuditUuids(rdb, kioskId)};
                tx.commit();
                return keys;
            });
        });
    }

    Result<core::WipeSummary> purgePersonalData(core::UtcMillis now,
                                                const std::string& meetingReportJson) override {
        std::lock_guard lock(m_mutex);
        auto before = Guarded("reading the purge mark", [&]() -> Result<bool> {
            return m_db.scalar("SELECT count(*) FROM meta WHERE key = 'purged_at'") != 0;
        });
        if (!before || *before) {
            return before ? core::MakeError(core::ErrorKind::Conflict,
                                            m_db.path() + " was purged already")
                          : std::move(before).error();
        }
        return core::ErasePersonalData(m_db, kPurgedAtKey, now, [&] {
            m_db.prepare("INSERT INTO meta (key, value) VALUES ('purged_report', ?) "
                         "ON CONFLICT (key) DO UPDATE SET value = excluded.value")
                .bind(1, meetingReportJson)
                .run();
        });
    }

    Result<std::optional<PurgedCentral>> purged() override {
        return read([&](sql::Database& rdb) {
            return Guarded("reading the purge mark", [&]() -> Result<std::optional<PurgedCentral>> {
                sql::Transaction tx(rdb, sql::Transaction::Mode::Deferred);
                sql::Statement st = rdb.prepare(
                    "SELECT a.value, coalesce(r.value, '') FROM meta a LEFT JOIN meta r ON "
                    "r.key = 'purged_report' WHERE a.key = ?");
                st.bind(1, kPurgedAtKey);
                std::optional<PurgedCentral> out;
                if (st.step()) {
                    out = PurgedCentral{std::stoll(st.text(0)), st.text(1)};
                }
                tx.commit();
                return out;
            });
        });
    }

    // Group commit: the push joins the queue and waits. Whichever waiting push finds no group
    // being committed leads the next one: it takes every push queued by then into one
    // transaction and one fsync, then wakes each with its own outcome. A lone push commits at
    // once; pushes that arrive during a commit form the next group.
    Result<PushOutcome> storeBatch(const PushBatch& batch) override {
        QueuedPush mine{&batch, std::nullopt};
        std::unique_lock queue(m_queueMutex);
        m_queue.push_back(&mine);
        while (!mine.outcome) {
            if (m_committing) {
                m_committed.wait(queue);
                continue;
            }
            m_committing = true;
            queue.unlock();
            commitGroup();
            queue.lock();
            m_committing = false;
            m_committed.notify_all();
        }
        return std::move(*mine.outcome);
    }

    Result<CentralCounts> counts(const std::string& kioskId) override {
        return read([&](sql::Database& rdb) {
            return Guarded("counting", [&]() -> Result<CentralCounts> {
                sql::Transaction tx(rdb, sql::Transaction::Mode::Deferred);
                const core::rows::RowCounts c = core::rows::CountRows(rdb, kioskId);
                tx.commit();
                return CentralCounts{c.kioskAttendance, c.kioskAudit, c.allAttendance,
                                     c.registrants};
            });
        });
    }

    Result<CentralReport> reportWithFigures(const std::vector<std::string>& days) override {
        std::lock_guard lock(m_mutex);
        return Guarded("building the report", [&]() -> Result<CentralReport> {
            // One read transaction: the rows and the figures count the same list and log.
            sql::Transaction tx(m_db, sql::Transaction::Mode::Deferred);
            CentralReport out{core::rows::Report(m_db, days), core::rows::ReadFigureFacts(m_db)};
            tx.commit();
            return out;
        });
    }

    Result<std::vector<core::AttendanceEvent>> dayLog(const std::string& day) override {
        return read([&](sql::Database& rdb) {
            return Guarded("reading the day's log",
                           [&]() -> Result<std::vector<core::AttendanceEvent>> {
                               return core::rows::DayLog(rdb, day);
                           });
        });
    }

    Result<bool> freezeDay(const std::string& day, core::UtcMillis asOf,
                           const std::string& asOfLocal, const SnapshotRender& render) override {
        std::lock_guard lock(m_mutex);
        return Guarded("freezing a day", [&]() -> Result<bool> {
            // A write transaction from the start: the report, the sequence numbers and the
            // snapshot all belong to one moment, and a second freeze waits and finds it there.
            sql::Transaction tx(m_db);
            sql::Statement held = m_db.prepare("SELECT 1 FROM day_snapshot WHERE day = ?");
            held.bind(1, day);
            if (held.step()) {
                return false;
            }
            const CentralReport report{core::rows::Report(m_db, {day}),
                                       core::rows::ReadFigureFacts(m_db)};
            const std::string json = render(report);
            m_db.prepare("INSERT INTO day_snapshot (day, as_of, as_of_local, list_seq, "
                         "attendance_seq, report_json) VALUES (?, ?, ?, (SELECT value FROM "
                         "central_counter WHERE name = 'registrant'), (SELECT coalesce(max(seq), "
                         "0) FROM attendance), ?)")
                .bind(1, day)
                .bind(2, asOf)
                .bind(3, asOfLocal)
                .bind(4, json)
                .step();
            tx.commit();
            return true;
        });
    }

    Result<std::vector<DaySnapshot>> daySnapshots(const std::vector<std::string>& days,
                                                  int cap) override {
        return read([&](sql::Database& rdb) {
            return Guarded("reading frozen days", [&]() -> Result<std::vector<DaySnapshot>> {
                sql::Transaction tx(rdb, sql::Transaction::Mode::Deferred);
                std::vector<DaySnapshot> out;
                // A database only readable, from before frozen days, has no table and no
                // snapshot: its report is computed live as it always was.
                if (rdb.scalar("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND "
                               "name = 'day_snapshot'") == 0) {
                    return out;
                }
                for (const std::string& day : days) {
                    auto snapshot = ReadSnapshot(rdb, day, cap);
                    if (snapshot) {
                        out.push_back(std::move(*snapshot));
                    }
                }
                tx.commit();
                return out;
            });
        });
    }

    Result<std::vector<core::Registrant>> provisionalRegistrants() override {
        std::lock_guard lock(m_mutex);
        return Guarded("listing provisional registrants",
                       [&]() -> Result<std::vector<core::Registrant>> {
                           return core::rows::ProvisionalRegistrants(m_db);
                       });
    }

    // On a read connection: every push looks its registrants up first, and that must not
    // wait behind the fsync of the group before it.
    Result<std::set<std::string>> listedAmong(const std::set<std::string>& ids) override {
        return read([&](sql::Database& rdb) {
            return Guarded("looking registrants up", [&]() -> Result<std::set<std::string>> {
                sql::Transaction tx(rdb, sql::Transaction::Mode::Deferred);
                std::set<std::string> listed;
                for (const std::string& id : ids) {
                    if (core::rows::LoadRegistrant(rdb, id)) {
                        listed.insert(id);
                    }
                }
                tx.commit();
                return listed;
            });
        });
    }

    PushCommitStats pushCommitStats() {
        std::lock_guard queue(m_queueMutex);
        PushCommitStats out = m_stats;
        out.waiting = static_cast<int>(m_queue.size());
        return out;
    }

    Result<void> addUser(const std::string& id, const std::string& role,
                         const std::string& passwordHash, core::UtcMillis now) override {
        return write("adding a user",
                     [&] { return accounts::AddUser(m_db, id, role, passwordHash, now); });
    }

    Result<std::vector<CentralUser>> listUsers() override {
        return read([&](sql::Database& rdb) {
            return Guarded("listing users", [&]() -> Result<std::vector<CentralUser>> {
                return accounts::ListUsers(rdb);
            });
        });
    }

    Result<void> removeUser(const std::string& id) override {
        return write("removing a user", [&] { return accounts::RemoveUser(m_db, id); });
    }

    Result<void> setUserPassword(const std::string& id, const std::string& passwordHash) override {
        return write("setting a password",
                     [&] { return accounts::SetPassword(m_db, id, passwordHash); });
    }

    Result<SignInSlot> claimSignIn(const std::string& id, core::UtcMillis now,
                                   const SignInLimits& limits) override {
        return write("checking a sign-in", [&]() -> Result<SignInSlot> {
            return accounts::ClaimSignIn(m_db, id, now, limits);
        });
    }

    Result<bool> finishSignIn(const std::string& id, bool rightPassword, core::UtcMillis now,
                              const SignInLimits& limits) override {
        return write("checking a sign-in", [&]() -> Result<bool> {
            return accounts::FinishSignIn(m_db, id, rightPassword, now, limits);
        });
    }

    Result<void> putSession(const DashboardSession& session) override {
        return write("saving a session", [&]() -> Result<void> {
            accounts::PutSession(m_db, session);
            return core::Ok{};
        });
    }

    Result<std::optional<DashboardSession>>
    useSession(const std::string& tokenHash, core::UtcMillis now, core::UtcMillis idle) override {
        return write("reading a session", [&]() -> Result<std::optional<DashboardSession>> {
            return accounts::UseSession(m_db, tokenHash, now, idle);
        });
    }

    Result<void> endSession(const std::string& tokenHash) override {
        return write("ending a session", [&]() -> Result<void> {
            accounts::EndSession(m_db, tokenHash);
            return core::Ok{};
        });
    }

private:
    // A push waiting in the queue for its group's commit; `outcome` is set when it is done.
    struct QueuedPush {
        const PushBatch* batch = nullptr;
        std::optional<Result<PushOutcome>> outcome;
    };

    // At most this many pushes, or about this many events, share one transaction, so no push
    // waits behind an unbounded group (one push alone may exceed the events' bound).
    static constexpr std::size_t kGroupPushes = 64;
    static constexpr std::size_t kGroupEvents = 20000;

    static std::size_t EventCount(const PushBatch& b) {
        return b.attendance.size() + b.audit.size() + b.provisional.size();
    }

    // Takes the oldest queued pushes, within the group's bounds (at least one). Under m_mutex,
    // so pushes queued while another writer held the database join this group.
    std::vector<QueuedPush*> takeGroup() {
        std::lock_guard queue(m_queueMutex);
        std::vector<QueuedPush*> group;
        std::size_t events = 0;
        while (!m_queue.empty() && group.size() < kGroupPushes &&
               (group.empty() || events + EventCount(*m_queue.front()->batch) <= kGroupEvents)) {
            events += EventCount(*m_queue.front()->batch);
            group.push_back(m_queue.front());
            m_queue.pop_front();
        }
        return group;
    }

    // Commits one group and hands each push its outcome. Never throws: a waiter left without
    // an outcome would wait for ever.
    void commitGroup() noexcept {
        std::lock_guard writer(m_mutex);
        const std::vector<QueuedPush*> group = takeGroup();
        std::vector<Result<PushOutcome>> outcomes = storeGroup(group);
        std::lock_guard queue(m_queueMutex);
        for (std::size_t i = 0; i < group.size(); ++i) {
            group[i]->outcome = std::move(outcomes[i]);
        }
    }

    // One write transaction for the group, each push inside a savepoint of its own: a push
    // that fails is rolled back alone and gets its error, the others are stored. The outcomes
    // hold only once the commit is done; if it fails, every push gets that error (nothing of
    // the group was stored). Under m_mutex.
    std::vector<Result<PushOutcome>> storeGroup(const std::vector<QueuedPush*>& group) {
        std::vector<Result<PushOutcome>> outcomes;
        outcomes.reserve(group.size());
        auto committed = Guarded("storing pushed events", [&]() -> Result<void> {
            sql::Transaction tx(m_db);
            for (const QueuedPush* push : group) {
                outcomes.push_back(storeInSavepoint(*push->batch));
            }
            tx.commit();
            return core::Ok{};
        });
        if (!committed) {
            outcomes.assign(group.size(), Result<PushOutcome>(committed.error()));
            return outcomes;
        }
        std::lock_guard queue(m_queueMutex);
        ++m_stats.commits;
        m_stats.pushes += static_cast<std::int64_t>(group.size());
        return outcomes;
    }

    // One push inside the group's transaction. Throws when its savepoint cannot be undone (the
    // whole transaction is lost then, and storeGroup fails the group).
    Result<PushOutcome> storeInSavepoint(const PushBatch& batch) {
        m_db.exec("SAVEPOINT push");
        Result<PushOutcome> out = storeRows(batch);
        m_db.exec(out ? "RELEASE push" : "ROLLBACK TO push; RELEASE push");
        return out;
    }

    // A push's rows: its provisional registrants, then its events, each stored once by UUID
    // (one already held, also earlier in the same group, counts as a duplicate).
    Result<PushOutcome> storeRows(const PushBatch& batch) {
        if (auto added = storeProvisional(batch.provisional); !added) {
            return std::move(added).error();
        }
        return Guarded("storing pushed events", [&]() -> Result<PushOutcome> {
            PushOutcome out;
            for (const core::AttendanceEvent& e : batch.attendance) {
                (core::rows::InsertRemoteEvent(m_db, e) ? out.stored : out.duplicates) += 1;
            }
            for (const core::AuditEntry& a : batch.audit) {
                const bool stored = core::rows::InsertRemoteAudit(m_db, a);
                (stored ? out.stored : out.duplicates) += 1;
                if (stored) {
                    applyHold(a);
                    applyReissue(a);
                    if (a.action == "attention_admitted") {
                        out.attentionAdmitted.push_back(a);
                    }
                }
            }
            return out;
        });
    }

    // Provisional registrants: only ones the central does not know yet are added (never
    // overwriting the secretariat's record), so a retried request finds them there and changes
    // nothing. Inside the push's savepoint.
    Result<void> storeProvisional(const std::vector<core::Registrant>& provisional) {
        if (provisional.empty()) {
            return core::Ok{};
        }
        return Guarded("saving provisional registrants", [&]() -> Result<void> {
            std::vector<core::Registrant> unknown;
            for (const core::Registrant& r : provisional) {
                if (!core::rows::LoadRegistrant(m_db, r.id)) {
                    unknown.push_back(r);
                    unknown.back().provisional = true;
                }
            }
            core::rows::UpsertRegistrants(m_db, unknown, {true, true, true}, core::NowUtcMillis());
            return core::Ok{};
        });
    }

    // A hold placed or cleared at one door becomes part of the list, so every other door
    // pulls it with the next registrant changes. Inside the push's savepoint.
    void applyHold(const core::AuditEntry& a) {
        if (const auto note = HoldNoteOf(a)) {
            core::rows::SetHoldNote(m_db, a.registrantId, *note, a.at);
        }
    }

    // A badge re-issued at one door raises the version in the list, so every other door
    // refuses the old badge after its next pull. Inside the push's savepoint.
    void applyReissue(const core::AuditEntry& a) {
        if (const auto version = ReissuedVersionOf(a)) {
            core::rows::RaiseBadgeVersion(m_db, a.registrantId, *version, a.at);
        }
    }

    // Runs `body` in one write transaction on the writer connection; its error rolls back.
    template <class F> auto write(const char* what, F&& body) -> decltype(body()) {
        std::lock_guard lock(m_mutex);
        return Guarded(what, [&]() -> decltype(body()) {
            sql::Transaction tx(m_db);
            auto out = body();
            if (out) {
                tx.commit();
            }
            return out;
        });
    }

    // Runs a read on a pooled connection (or, for an in-memory database, on the writer's).
    template <class F> auto read(F&& body) -> decltype(body(std::declval<sql::Database&>())) {
        if (m_shareWriter) {
            std::lock_guard lock(m_mutex);
            return body(m_db);
        }
        try {
            return m_readers.with(body);
        } catch (const std::exception& e) {
            return MakeError(ErrorKind::Storage,
                             std::string("opening a read connection: ") + e.what());
        }
    }

    std::mutex m_mutex; // the writer connection
    sql::Database m_db;
    core::EventConfig m_event;
    ReaderPool m_readers;
    bool m_shareWriter;

    // The push queue. Lock order: m_mutex before m_queueMutex, never the other way.
    std::mutex m_queueMutex;
    std::condition_variable m_committed; // a group was committed
    std::deque<QueuedPush*> m_queue;     // pushes waiting for a group, oldest first
    bool m_committing = false;           // a push leads a group now
    PushCommitStats m_stats;
};

} // namespace

std::optional<PushCommitStats> SqlitePushCommitStats(CentralStore& store) {
    auto* sqlite = dynamic_cast<SqliteCentralStore*>(&store);
    if (sqlite == nullptr) {
        return std::nullopt;
    }
    return sqlite->pushCommitStats();
}

Result<std::unique_ptr<CentralStore>>
OpenSqliteCentralStore(const std::string& path, const core::EventConfig& event, bool create) {
    if (!create && path != ":memory:") {
        if (!std::ifstream(path, std::ios::binary).is_open()) {
            return MakeError(ErrorKind::Config, "no central database at " + path +
                                                    " (run `accueil central init` first)");
        }
    }
    auto db = core::rows::OpenStoreDatabase(path, event);
    if (!db) {
        return std::move(db).error();
    }
    return Guarded(
        "preparing the central database", [&]() -> Result<std::unique_ptr<CentralStore>> {
            if (!db->readOnly()) { // a file that can only be read serves reports as it is
                sql::Transaction tx(*db);
                core::rows::AddCentralSchema(*db);
                db->exec(kCentralSchema);
                db->exec(accounts::kSchema);
                tx.commit();
            }
            return std::unique_ptr<CentralStore>(
                std::make_unique<SqliteCentralStore>(std::move(db).value(), event, path));
        });
}

namespace {

namespace fs = std::filesystem;

// The copy of a backup, checked and prepared beside the live file: a full integrity check, the
// event, this build's schema, a new epoch; the WAL folded in, so the file stands alone.
Result<std::string> PrepareRestored(const std::string& copy, const core::EventConfig& event) {
    auto db = core::rows::OpenStoreDatabase(copy, event);
    if (!db) {
        return MakeError(ErrorKind::Input, "the backup cannot be used: " + db.error().message);
    }
    return Guarded("preparing the restored database", [&]() -> Result<std::string> {
        {
            sql::Statement check = db->prepare("PRAGMA integrity_check");
            if (!check.step() || check.text(0) != "ok") {
                return MakeError(ErrorKind::Input,
                                 "the backup is damaged (integrity check: " + check.text(0) + ")");
            }
        }
        sql::Transaction tx(*db);
        core::rows::AddCentralSchema(*db);
        db->exec(kCentralSchema);
        db->exec(accounts::kSchema);
        db->exec("UPDATE central_meta SET value = lower(hex(randomblob(16))) WHERE key = 'epoch'");
        const std::string epoch = ReadEpoch(*db);
        tx.commit();
        db->exec("PRAGMA wal_checkpoint(TRUNCATE)");
        return epoch;
    });
}

// A file cut short (a copy that stopped early) may still pass SQLite's checks when its last
// pages held nothing: its header says how long it must be. Files without a valid header are
// left to SQLite to refuse.
Result<void> RefuseCutShort(const std::string& path) {
    std::array<unsigned char, 100> header{};
    std::ifstream in(path, std::ios::binary);
    if (!in.read(reinterpret_cast<char*>(header.data()), header.size()) ||
        std::memcmp(header.data(), "SQLite format 3", 16) != 0) {
        return core::Ok{};
    }
    const auto be32 = [&header](std::size_t at) {
        return (std::uint32_t{header[at]} << 24U) | (std::uint32_t{header[at + 1]} << 16U) |
               (std::uint32_t{header[at + 2]} << 8U) | std::uint32_t{header[at + 3]};
    };
    const std::uint32_t rawPageSize = (std::uint32_t{header[16]} << 8U) | header[17];
    const std::uintmax_t pageSize = rawPageSize == 1 ? 65536 : rawPageSize;
    // The page count is only valid when the change counter matches "version-valid-for".
    if (be32(92) != be32(24)) {
        return core::Ok{};
    }
    const std::uintmax_t expected = pageSize * be32(28);
    std::error_code ec;
    const std::uintmax_t size = fs::file_size(path, ec);
    if (!ec && size < expected) {
        return MakeError(ErrorKind::Input, "the backup is cut short: " + std::to_string(size) +
                                               " bytes where its header counts " +
                                               std::to_string(expected));
    }
    return core::Ok{};
}

void RemoveWithSidecars(const std::string& path) {
    std::error_code ec;
    for (const char* suffix : {"-wal", "-shm"}) {
        fs::remove(path + suffix, ec);
    }
    fs::remove(path, ec);
}

} // namespace

Result<ServeLock> ServeLock::Take(const std::string& databasePath) {
    const std::string lockPath = databasePath + ".serve-lock";
    const int fd = ::open(lockPath.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) {
        return MakeError(ErrorKind::Storage,
                         "cannot open " + lockPath + ": " +
                             std::error_code(errno, std::generic_category()).message());
    }
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        std::string holder(32, '\0');
        const ssize_t n = ::pread(fd, holder.data(), holder.size(), 0);
        holder.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
        ::close(fd);
        return MakeError(ErrorKind::Conflict,
                         "the central is running on " + databasePath +
                             (holder.empty() ? std::string() : " (process " + holder + ")") +
                             ": stop it first (systemctl stop accueil-central)");
    }
    // Who holds it, for the message above; the lock itself is what counts.
    const std::string pid = std::to_string(::getpid());
    if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, pid.data(), pid.size(), 0) < 0) {
        spdlog::warn("cannot write the process id into {}", lockPath);
    }
    return ServeLock(fd);
}

ServeLock::ServeLock(ServeLock&& other) noexcept : m_fd(std::exchange(other.m_fd, -1)) {}

ServeLock& ServeLock::operator=(ServeLock&& other) noexcept {
    if (this != &other) {
        if (m_fd >= 0) {
            ::close(m_fd);
        }
        m_fd = std::exchange(other.m_fd, -1);
    }
    return *this;
}

ServeLock::~ServeLock() {
    if (m_fd >= 0) {
        ::close(m_fd); // and the lock with it
    }
}

Result<std::string> RestoreSqliteCentral(const std::string& backupPath, const std::string& path,
                                         const core::EventConfig& event) {
    // A running central holds its file open: replacing it underneath would leave it serving the
    // old one. The lock is held until the restored file is in place, so none starts meanwhile.
    auto held = ServeLock::Take(path);
    if (!held) {
        return std::move(held).error();
    }
    std::error_code ec;
    if (!fs::is_regular_file(backupPath, ec)) {
        return MakeError(ErrorKind::Input, "no backup file at " + backupPath);
    }
    if (auto whole = RefuseCutShort(backupPath); !whole) {
        return MakeError(ErrorKind::Input,
                         "cannot restore from " + backupPath + ": " + whole.error().message);
    }
    // The backup itself is never opened for writing: its copy is checked and prepared.
    const std::string copy = path + ".restoring";
    RemoveWithSidecars(copy);
    fs::copy_file(backupPath, copy, fs::copy_options::overwrite_existing, ec);
    if (ec) {
        return MakeError(ErrorKind::Storage,
                         "cannot copy " + backupPath + " to " + copy + ": " + ec.message());
    }
    auto epoch = PrepareRestored(copy, event);
    if (!epoch) {
        RemoveWithSidecars(copy);
        return MakeError(epoch.error().kind,
                         "cannot restore from " + backupPath + ": " + epoch.error().message);
    }
    // The live file's WAL belongs to the live file: it goes first, then the checked copy takes
    // the live file's name in one rename.
    for (const char* suffix : {"-wal", "-shm"}) {
        fs::remove(path + suffix, ec);
    }
    fs::rename(copy, path, ec);
    if (ec) {
        return MakeError(ErrorKind::Storage,
                         "cannot put the restored database in place: " + ec.message());
    }
    RemoveWithSidecars(copy);
    return epoch;
}

} // namespace accueil::sync
