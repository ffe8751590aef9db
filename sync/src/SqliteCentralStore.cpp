// SPDX-License-Identifier: Apache-2.0
// The central's embedded storage: the kiosk schema (registration list, attendance and audit
// logs) plus change sequence numbers and kiosk tokens.

#include <accueil/core/Sqlite.h>
#include <accueil/core/SyncStore.h>
#include <accueil/sync/SqliteCentralStore.h>

#include <nlohmann/json.hpp>

#include <condition_variable>
#include <mutex>
#include <vector>

namespace accueil::sync {

using core::ErrorKind;
using core::MakeError;
using core::Result;
namespace sql = core::sql;

namespace {

// Idempotent, run at every open. Every insert or change of a registrant row takes the next
// number of one counter, so "changes since N" is a range scan and a cursor is never a clock.
constexpr const char* kCentralSchema = R"sql(
CREATE TABLE IF NOT EXISTS central_counter (
    name  TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);
INSERT OR IGNORE INTO central_counter (name, value) VALUES ('registrant', 0);
CREATE TABLE IF NOT EXISTS central_change (
    id  TEXT PRIMARY KEY,
    seq INTEGER NOT NULL UNIQUE
);
CREATE TRIGGER IF NOT EXISTS central_registrant_insert AFTER INSERT ON registrant
BEGIN
    UPDATE central_counter SET value = value + 1 WHERE name = 'registrant';
    INSERT OR REPLACE INTO central_change (id, seq)
        VALUES (NEW.id, (SELECT value FROM central_counter WHERE name = 'registrant'));
END;
CREATE TRIGGER IF NOT EXISTS central_registrant_update AFTER UPDATE ON registrant
BEGIN
    UPDATE central_counter SET value = value + 1 WHERE name = 'registrant';
    INSERT OR REPLACE INTO central_change (id, seq)
        VALUES (NEW.id, (SELECT value FROM central_counter WHERE name = 'registrant'));
END;
CREATE TABLE IF NOT EXISTS central_kiosk (
    id         TEXT PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    revoked_at INTEGER
);
CREATE INDEX IF NOT EXISTS attendance_by_kiosk ON attendance (kiosk_id);
CREATE INDEX IF NOT EXISTS audit_by_kiosk ON audit (kiosk_id);
)sql";

template <class F> auto Guarded(const char* what, F&& body) -> decltype(body()) {
    try {
        return body();
    } catch (const std::exception& e) {
        return MakeError(ErrorKind::Storage, std::string(what) + ": " + e.what());
    }
}

std::optional<std::string> NullIfEmpty(const std::string& s) {
    return s.empty() ? std::nullopt : std::optional<std::string>(s);
}

// Read connections for request threads, so reads never wait behind a writer's fsync (WAL
// lets them run beside it). Opened on demand, at most `max`, each used by one thread at a time.
class ReaderPool {
public:
    ReaderPool(std::string path, int max) : m_path(std::move(path)), m_max(max) {}

    template <class F> auto with(F&& body) -> decltype(body(std::declval<sql::Database&>())) {
        std::unique_ptr<sql::Database> db = take();
        struct Return {
            ReaderPool& pool;
            std::unique_ptr<sql::Database>& db;
            ~Return() { pool.put(std::move(db)); }
        } back{*this, db};
        return body(*db);
    }

private:
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
    SqliteCentralStore(core::AttendanceStore store, const std::string& path)
        : m_store(std::move(store)), m_readers(path, 16), m_shareWriter(path == ":memory:") {}

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
            sql::Transaction tx(db());
            db().prepare("INSERT INTO central_kiosk (id, token_hash, created_at) VALUES (?, ?, ?) "
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
            sql::Transaction tx(db());
            db().prepare("UPDATE central_kiosk SET revoked_at = coalesce(revoked_at, ?) "
                         "WHERE id = ?")
                .bind(1, core::NowUtcMillis())
                .bind(2, kioskId)
                .run();
            if (db().changes() == 0) {
                return MakeError(ErrorKind::NotFound, "no kiosk \"" + kioskId + "\"");
            }
            tx.commit();
            return core::Ok{};
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
        return m_store.upsertRegistrants(list, fields);
    }

    Result<RegistrantPage> registrantsSince(std::int64_t cursor, int limit) override {
        return read([&](sql::Database& rdb) {
            return Guarded("reading registrant changes", [&]() -> Result<RegistrantPage> {
                sql::Transaction tx(rdb, sql::Transaction::Mode::Deferred);
                RegistrantPage page;
                page.highWater =
                    rdb.scalar("SELECT value FROM central_counter WHERE name = 'registrant'");
                if (cursor > page.highWater) {
                    return MakeError(ErrorKind::Conflict, "cursor " + std::to_string(cursor) +
                                                              " is ahead of the central (" +
                                                              std::to_string(page.highWater) + ")");
                }
                sql::Statement st = rdb.prepare(
                    "SELECT c.seq, r.id, r.given_name, r.family_name, r.delegation, r.category, "
                    "r.role, r.gender, r.days, r.status, r.badge_version, r.hold_note, r.ticket, "
                    "r.language, r.provisional FROM central_change c JOIN registrant r ON r.id = "
                    "c.id "
                    "WHERE c.seq > ? ORDER BY c.seq LIMIT ?");
                st.bind(1, cursor).bind(2, limit);
                page.next = cursor;
                while (st.step()) {
                    page.next = st.int64(0);
                    core::Registrant r;
                    r.id = st.text(1);
                    r.givenName = st.text(2);
                    r.familyName = st.text(3);
                    r.delegation = st.text(4);
                    r.category = st.text(5);
                    r.role = st.text(6);
                    r.gender = st.text(7);
                    const std::string days = st.text(8);
                    for (std::size_t start = 0; start < days.size();) {
                        std::size_t end = days.find(';', start);
                        end = end == std::string::npos ? days.size() : end;
                        if (end > start) {
                            r.days.push_back(days.substr(start, end - start));
                        }
                        start = end + 1;
                    }
                    r.status = st.text(9) == "cancelled" ? core::RegistrantStatus::Cancelled
                                                         : core::RegistrantStatus::Active;
                    r.badgeVersion = st.int64(10);
                    r.holdNote = st.text(11);
                    r.ticket = st.text(12);
                    r.language = st.text(13);
                    r.provisional = st.int64(14) != 0;
                    page.items.push_back(std::move(r));
                }
                page.more =
                    static_cast<int>(page.items.size()) == limit && page.next < page.highWater;
                if (!page.more) {
                    page.next = page.highWater;
                }
                tx.commit();
                return page;
            });
        });
    }

    Result<AttendancePage> attendanceSince(std::int64_t cursor, int limit,
                                           const std::string& excludeKiosk) override {
        return read([&](sql::Database& rdb) {
            return Guarded("reading attendance", [&]() -> Result<AttendancePage> {
                sql::Transaction tx(rdb, sql::Transaction::Mode::Deferred);
                AttendancePage page;
                page.highWater = rdb.scalar("SELECT coalesce(MAX(seq), 0) FROM attendance");
                if (cursor > page.highWater) {
                    return MakeError(ErrorKind::Conflict, "cursor " + std::to_string(cursor) +
                                                              " is ahead of the central (" +
                                                              std::to_string(page.highWater) + ")");
                }
                sql::Statement st = rdb.prepare(
                    "SELECT seq, uuid, registrant_id, day, kind, target, kiosk_id, at, method, "
                    "staff_id, reason FROM attendance WHERE seq > ? AND kiosk_id <> ? "
                    "ORDER BY seq LIMIT ?");
                st.bind(1, cursor).bind(2, excludeKiosk).bind(3, limit);
                page.next = cursor;
                while (st.step()) {
                    page.next = st.int64(0);
                    core::AttendanceEvent e;
                    e.uuid = st.text(1);
                    e.registrantId = st.text(2);
                    e.day = st.text(3);
                    e.kind = core::ParseEventKind(st.text(4)).value_or(core::EventKind::CheckIn);
                    e.target = st.isNull(5) ? "" : st.text(5);
                    e.kioskId = st.text(6);
                    e.at = st.int64(7);
                    e.method = core::ParseMethod(st.text(8)).value_or(core::Method::Manual);
                    e.staffId = st.isNull(9) ? "" : st.text(9);
                    e.reason = st.isNull(10) ? "" : st.text(10);
                    page.items.push_back(std::move(e));
                }
                page.more =
                    static_cast<int>(page.items.size()) == limit && page.next < page.highWater;
                if (!page.more) {
                    page.next = page.highWater; // the rest up to here is the asking kiosk's own
                }
                tx.commit();
                return page;
            });
        });
    }

    // A hold placed or cleared at one door becomes part of the list, so every other door
    // pulls it with the next registrant changes. Inside storeBatch's transaction.
    void ApplyHold(const core::AuditEntry& a) {
        if ((a.action != "hold_placed" && a.action != "hold_cleared") || a.registrantId.empty()) {
            return;
        }
        const auto detail = nlohmann::json::parse(a.detail, nullptr, false);
        const std::string note = a.action == "hold_cleared" || !detail.is_object()
                                     ? std::string()
                                     : detail.value("note", std::string());
        if (a.action == "hold_placed" && note.empty()) {
            return; // a hold without its note cannot be shown: keep the list as it is
        }
        db().prepare("UPDATE registrant SET hold_note = ?, updated_at = ? WHERE id = ? "
                     "AND hold_note <> ?")
            .bind(1, note)
            .bind(2, a.at)
            .bind(3, a.registrantId)
            .bind(4, note)
            .run();
    }

    Result<PushOutcome> storeBatch(const PushBatch& batch) override {
        std::lock_guard lock(m_mutex);
        // Provisional registrants first, in their own transaction: only ones the central does
        // not know yet are added (never overwriting the secretariat's record), so a retried
        // request finds them there and changes nothing.
        std::vector<core::Registrant> unknown;
        for (const core::Registrant& r : batch.provisional) {
            auto existing = m_store.registrant(r.id);
            if (!existing) {
                return existing.error();
            }
            if (!existing->has_value()) {
                unknown.push_back(r);
                unknown.back().provisional = true;
            }
        }
        if (!unknown.empty()) {
            if (auto added = m_store.upsertRegistrants(unknown, {true, true, true}); !added) {
                return added.error();
            }
        }
        return Guarded("storing pushed events", [&]() -> Result<PushOutcome> {
            sql::Transaction tx(db());
            PushOutcome out;
            for (const core::AttendanceEvent& e : batch.attendance) {
                db().prepare("INSERT OR IGNORE INTO attendance (uuid, registrant_id, day, kind, "
                             "target, kiosk_id, at, method, staff_id, reason) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                    .bind(1, e.uuid)
                    .bind(2, e.registrantId)
                    .bind(3, e.day)
                    .bind(4, core::ToString(e.kind))
                    .bind(5, NullIfEmpty(e.target))
                    .bind(6, e.kioskId)
                    .bind(7, e.at)
                    .bind(8, core::ToString(e.method))
                    .bind(9, NullIfEmpty(e.staffId))
                    .bind(10, NullIfEmpty(e.reason))
                    .run();
                (db().changes() > 0 ? out.stored : out.duplicates) += 1;
            }
            for (const core::AuditEntry& a : batch.audit) {
                db().prepare("INSERT OR IGNORE INTO audit (uuid, at, kiosk_id, staff_id, action, "
                             "registrant_id, outcome, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                    .bind(1, a.uuid)
                    .bind(2, a.at)
                    .bind(3, a.kioskId)
                    .bind(4, a.staffId)
                    .bind(5, a.action)
                    .bind(6, a.registrantId)
                    .bind(7, a.outcome)
                    .bind(8, a.detail)
                    .run();
                const bool stored = db().changes() > 0;
                (stored ? out.stored : out.duplicates) += 1;
                if (stored) {
                    ApplyHold(a);
                }
            }
            tx.commit();
            return out;
        });
    }

    Result<CentralCounts> counts(const std::string& kioskId) override {
        return read([&](sql::Database& rdb) {
            return Guarded("counting", [&]() -> Result<CentralCounts> {
                sql::Transaction tx(rdb, sql::Transaction::Mode::Deferred);
                CentralCounts c;
                auto count = [&](const char* text, bool bindKiosk) {
                    sql::Statement st = rdb.prepare(text);
                    if (bindKiosk) {
                        st.bind(1, kioskId);
                    }
                    st.step();
                    return static_cast<int>(st.int64(0));
                };
                c.kioskAttendance =
                    count("SELECT COUNT(*) FROM attendance WHERE kiosk_id = ?", true);
                c.kioskAudit = count("SELECT COUNT(*) FROM audit WHERE kiosk_id = ?", true);
                c.allAttendance = count("SELECT COUNT(*) FROM attendance", false);
                c.registrants = count("SELECT COUNT(*) FROM registrant", false);
                tx.commit();
                return c;
            });
        });
    }

    Result<std::vector<core::ReportRow>> report(const std::optional<std::string>& day) override {
        std::lock_guard lock(m_mutex);
        return m_store.report(day);
    }

    Result<std::vector<core::Registrant>> provisionalRegistrants() override {
        std::lock_guard lock(m_mutex);
        return Guarded(
            "listing provisional registrants", [&]() -> Result<std::vector<core::Registrant>> {
                std::vector<core::Registrant> out;
                sql::Statement st =
                    db().prepare("SELECT id FROM registrant WHERE provisional = 1 ORDER BY id");
                std::vector<std::string> ids;
                while (st.step()) {
                    ids.push_back(st.text(0));
                }
                for (const auto& id : ids) {
                    auto r = m_store.registrant(id);
                    if (r && r->has_value()) {
                        out.push_back(**r);
                    }
                }
                return out;
            });
    }

private:
    sql::Database& db() { return m_store.database(); }

    // Runs a read on a pooled connection (or, for an in-memory database, on the writer's).
    template <class F> auto read(F&& body) -> decltype(body(std::declval<sql::Database&>())) {
        if (m_shareWriter) {
            std::lock_guard lock(m_mutex);
            return body(db());
        }
        try {
            return m_readers.with(body);
        } catch (const std::exception& e) {
            return MakeError(ErrorKind::Storage,
                             std::string("opening a read connection: ") + e.what());
        }
    }

    std::mutex m_mutex; // the writer connection
    core::AttendanceStore m_store;
    ReaderPool m_readers;
    bool m_shareWriter;
};

} // namespace

Result<std::unique_ptr<CentralStore>>
OpenSqliteCentralStore(const std::string& path, const core::EventConfig& event, bool create) {
    if (!create && path != ":memory:") {
        if (FILE* f = std::fopen(path.c_str(), "rb")) {
            std::fclose(f);
        } else {
            return MakeError(ErrorKind::Config, "no central database at " + path +
                                                    " (run `accueil central init` first)");
        }
    }
    auto store = core::AttendanceStore::Open(path, event, "central");
    if (!store) {
        return store.error();
    }
    return Guarded("preparing the central database",
                   [&]() -> Result<std::unique_ptr<CentralStore>> {
                       sql::Database& db = store->database();
                       sql::Transaction tx(db);
                       db.exec(kCentralSchema);
                       tx.commit();
                       return std::unique_ptr<CentralStore>(
                           std::make_unique<SqliteCentralStore>(std::move(store).value(), path));
                   });
}

} // namespace accueil::sync
