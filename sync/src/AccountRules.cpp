// SPDX-License-Identifier: Apache-2.0

#include "AccountRules.h"

namespace accueil::sync {

ClaimDecision ClaimAttempt(const AccountLock& stored, core::UtcMillis now,
                           const SignInLimits& limits) {
    int failures = stored.failedAttempts;
    if (stored.lockedUntil && *stored.lockedUntil <= now) {
        failures = 0; // the lock ran out: a fresh count
    } else if (stored.lockedUntil || failures >= limits.maxFailures) {
        return ClaimDecision{false, stored};
    }
    return ClaimDecision{true, AccountLock{failures + 1, std::nullopt}};
}

bool LockedAt(const AccountLock& stored, core::UtcMillis now) {
    return stored.lockedUntil && *stored.lockedUntil > now;
}

std::optional<core::UtcMillis>
LockAfterWrongPassword(const AccountLock& stored, core::UtcMillis now, const SignInLimits& limits) {
    if (stored.failedAttempts >= limits.maxFailures && !stored.lockedUntil) {
        return now + limits.lockout;
    }
    return std::nullopt;
}

bool RestartIdleClock(DashboardSession& session, core::UtcMillis now, core::UtcMillis idle) {
    if (now - session.lastUsed < 60'000) {
        return false;
    }
    session.lastUsed = now;
    session.expiresAt = now + idle;
    return true;
}

} // namespace accueil::sync
