// SPDX-License-Identifier: Apache-2.0
#pragma once

// The dashboard's sign-in lockout and session idle clock, apart from any database, so that
// every central backend locks and expires the same way (docs/security.md, "The dashboard").

#include <accueil/core/Attendance.h>
#include <accueil/sync/CentralStore.h>

#include <optional>

namespace accueil::sync {

/// An account's lock as stored: wrong passwords in a row, and the lock they set.
struct AccountLock {
    int failedAttempts = 0;
    std::optional<core::UtcMillis> lockedUntil;
};

/// What a sign-in attempt may do with an account's lock: go on to the slow hash check with the
/// attempt already counted as a failure (`claimed`, storing `lock`), or stop (locked, or every
/// attempt the limit allows is being checked right now). An expired lock starts a fresh count.
/// Pure; any thread.
struct ClaimDecision {
    bool claimed = false;
    AccountLock lock; ///< claimed: what to store; otherwise the lock that stopped it
};
ClaimDecision ClaimAttempt(const AccountLock& stored, core::UtcMillis now,
                           const SignInLimits& limits);

/// Whether an account is locked at `now`. Pure; any thread.
bool LockedAt(const AccountLock& stored, core::UtcMillis now);

/// The lock a wrong password sets: once the failures reach the limit and no lock is set, until
/// `now` + the lockout; otherwise nullopt (the lock stays as it is). Pure; any thread.
std::optional<core::UtcMillis>
LockAfterWrongPassword(const AccountLock& stored, core::UtcMillis now, const SignInLimits& limits);

/// A page polls every few seconds: the session's idle clock restarts at most once a minute.
/// Moves `session` on to `now` and returns true when it is time to write it. Pure; any thread.
bool RestartIdleClock(DashboardSession& session, core::UtcMillis now, core::UtcMillis idle);

} // namespace accueil::sync
