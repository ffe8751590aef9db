// SPDX-License-Identifier: Apache-2.0
// The dashboard's accounts and sessions in SQLite. The lockout follows the staff PINs'
// (kiosk/core/src/StaffActions.cpp): a slot is claimed as a failure before the slow hash runs.

#include "SqliteAccounts.h"

#include "AccountRules.h"

namespace accueil::sync::accounts {

using core::ErrorKind;
using core::MakeError;
using core::Result;
using core::UtcMillis;
namespace sql = core::sql;

const char* const kSchema = R"sql(
-- Dashboard accounts: the password's Argon2id hash (libsodium's crypto_pwhash_str), and the
-- count of wrong passwords in a row with the lock they set.
CREATE TABLE IF NOT EXISTS central_user (
    id              TEXT PRIMARY KEY,
    role            TEXT NOT NULL CHECK (role IN ('viewer', 'admin')),
    password_hash   TEXT NOT NULL,
    created_at      INTEGER NOT NULL,
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    locked_until    INTEGER
);
-- Signed-in browsers: the SHA-256 of the cookie's token, never the token.
CREATE TABLE IF NOT EXISTS central_session (
    token_hash TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES central_user (id) ON DELETE CASCADE,
    csrf       TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    last_used  INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS central_session_user ON central_session (user_id);
)sql";

namespace {

// The sessions of a user end with the account or its old password (by hand: foreign keys may
// be off on this connection).
void EndSessionsOf(sql::Database& db, const std::string& id) {
    db.prepare("DELETE FROM central_session WHERE user_id = ?").bind(1, id).run();
}

} // namespace

Result<void> AddUser(sql::Database& db, const std::string& id, const std::string& role,
                     const std::string& passwordHash, UtcMillis now) {
    if (db.prepare("SELECT 1 FROM central_user WHERE id = ?").bind(1, id).step()) {
        return MakeError(ErrorKind::Conflict, "user " + id + " exists already");
    }
    db.prepare("INSERT INTO central_user (id, role, password_hash, created_at) VALUES (?, ?, ?, ?)")
        .bind(1, id)
        .bind(2, role)
        .bind(3, passwordHash)
        .bind(4, now)
        .run();
    return core::Ok{};
}

std::vector<CentralUser> ListUsers(sql::Database& db) {
    sql::Statement st = db.prepare("SELECT id, role, created_at, failed_attempts, locked_until "
                                   "FROM central_user ORDER BY id");
    std::vector<CentralUser> out;
    while (st.step()) {
        CentralUser u{st.text(0), st.text(1), st.int64(2), static_cast<int>(st.int64(3)), {}};
        if (!st.isNull(4)) {
            u.lockedUntil = st.int64(4);
        }
        out.push_back(std::move(u));
    }
    return out;
}

Result<void> RemoveUser(sql::Database& db, const std::string& id) {
    db.prepare("DELETE FROM central_user WHERE id = ?").bind(1, id).run();
    if (db.changes() == 0) {
        return MakeError(ErrorKind::NotFound, "no user " + id);
    }
    EndSessionsOf(db, id);
    return core::Ok{};
}

Result<void> SetPassword(sql::Database& db, const std::string& id,
                         const std::string& passwordHash) {
    db.prepare("UPDATE central_user SET password_hash = ?2, failed_attempts = 0, "
               "locked_until = NULL WHERE id = ?1")
        .bind(1, id)
        .bind(2, passwordHash)
        .run();
    if (db.changes() == 0) {
        return MakeError(ErrorKind::NotFound, "no user " + id);
    }
    EndSessionsOf(db, id);
    return core::Ok{};
}

namespace {

// The account's lock as stored; nullopt when there is no such account.
std::optional<AccountLock> ReadLock(sql::Database& db, const std::string& id) {
    sql::Statement st =
        db.prepare("SELECT failed_attempts, locked_until FROM central_user WHERE id = ?");
    st.bind(1, id);
    if (!st.step()) {
        return std::nullopt;
    }
    AccountLock lock{static_cast<int>(st.int64(0)), std::nullopt};
    if (!st.isNull(1)) {
        lock.lockedUntil = st.int64(1);
    }
    return lock;
}

} // namespace

SignInSlot ClaimSignIn(sql::Database& db, const std::string& id, UtcMillis now,
                       const SignInLimits& limits) {
    sql::Statement st = db.prepare("SELECT role, password_hash FROM central_user WHERE id = ?");
    st.bind(1, id);
    SignInSlot slot;
    const auto stored = ReadLock(db, id);
    if (!stored || !st.step()) {
        return slot; // UnknownUser
    }
    slot.role = st.text(0);
    const ClaimDecision decision = ClaimAttempt(*stored, now, limits);
    if (!decision.claimed) {
        slot.state = SignInSlot::State::Locked;
        slot.lockedUntil = decision.lock.lockedUntil;
        return slot;
    }
    slot.passwordHash = st.text(1);
    db.prepare("UPDATE central_user SET failed_attempts = ?2, locked_until = NULL WHERE id = ?1")
        .bind(1, id)
        .bind(2, decision.lock.failedAttempts)
        .run();
    slot.state = SignInSlot::State::Claimed;
    return slot;
}

bool FinishSignIn(sql::Database& db, const std::string& id, bool rightPassword, UtcMillis now,
                  const SignInLimits& limits) {
    const auto stored = ReadLock(db, id);
    if (!stored) {
        return false; // removed meanwhile
    }
    if (rightPassword && !LockedAt(*stored, now)) {
        db.prepare("UPDATE central_user SET failed_attempts = 0, locked_until = NULL WHERE id = ?")
            .bind(1, id)
            .run();
        return true;
    }
    if (!rightPassword) {
        if (const auto until = LockAfterWrongPassword(*stored, now, limits)) {
            db.prepare("UPDATE central_user SET locked_until = ?2 WHERE id = ?1")
                .bind(1, id)
                .bind(2, *until)
                .run();
        }
    }
    return false;
}

void PutSession(sql::Database& db, const DashboardSession& s) {
    db.prepare("INSERT INTO central_session (token_hash, user_id, csrf, created_at, last_used, "
               "expires_at) VALUES (?, ?, ?, ?, ?, ?)")
        .bind(1, s.tokenHash)
        .bind(2, s.userId)
        .bind(3, s.csrf)
        .bind(4, s.createdAt)
        .bind(5, s.lastUsed)
        .bind(6, s.expiresAt)
        .run();
}

std::optional<DashboardSession> UseSession(sql::Database& db, const std::string& tokenHash,
                                           UtcMillis now, UtcMillis idle) {
    sql::Statement st = db.prepare(
        "SELECT s.user_id, u.role, s.csrf, s.created_at, s.last_used, s.expires_at FROM "
        "central_session s JOIN central_user u ON u.id = s.user_id WHERE s.token_hash = ?");
    st.bind(1, tokenHash);
    if (!st.step()) {
        return std::nullopt;
    }
    DashboardSession s{tokenHash,   st.text(0),  st.text(1), st.text(2),
                       st.int64(3), st.int64(4), st.int64(5)};
    if (s.expiresAt <= now) {
        EndSession(db, tokenHash);
        return std::nullopt;
    }
    if (RestartIdleClock(s, now, idle)) {
        db.prepare("UPDATE central_session SET last_used = ?2, expires_at = ?3 WHERE "
                   "token_hash = ?1")
            .bind(1, tokenHash)
            .bind(2, s.lastUsed)
            .bind(3, s.expiresAt)
            .run();
    }
    return s;
}

void EndSession(sql::Database& db, const std::string& tokenHash) {
    db.prepare("DELETE FROM central_session WHERE token_hash = ?").bind(1, tokenHash).run();
}

} // namespace accueil::sync::accounts
