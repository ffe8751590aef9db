// SPDX-License-Identifier: Apache-2.0
#include <accueil/core/CheckInRules.h>

namespace accueil::core {

namespace {

Decision Refuse(Outcome outcome, std::string reason) {
    return Decision{outcome, false, false, false, std::move(reason)};
}

// The day checks and the re-entry policy: shared by listed registrants and badge-only entries.
Decision DecideEntry(const ScanFacts& f, bool registeredForDay) {
    if (!f.meetingDay) {
        return Refuse(Outcome::NotValidToday, f.day + " is not a meeting day");
    }
    if (!registeredForDay) {
        return Refuse(Outcome::NotValidToday, "not registered for " + f.day);
    }
    if (f.firstEntryToday) {
        switch (f.reentry) {
        case ReentryPolicy::Allow:
            return Decision{Outcome::WelcomeBack, true, false, false, "already in today"};
        case ReentryPolicy::Warn:
            return Decision{Outcome::WelcomeBack, true, true, false,
                            "already in today (re-entry is flagged)"};
        case ReentryPolicy::Deny:
            return Refuse(Outcome::Denied, "already in today and re-entry is not allowed");
        }
    }
    return Decision{Outcome::Admitted, true, false, false, "first entry today"};
}

} // namespace

Decision Decide(const ScanFacts& f) {
    const scanner::BadgeClaim& claim = *f.claim;
    if (claim.format == scanner::ClaimFormat::Unreadable) {
        return Refuse(Outcome::Unreadable, claim.reason.empty() ? "not a badge" : claim.reason);
    }
    if (!claim.valid()) {
        return Refuse(Outcome::NotRecognised,
                      "badge " + std::string(scanner::ToString(claim.verification)) +
                          (claim.reason.empty() ? "" : ": " + claim.reason));
    }
    if (f.registrant == nullptr) {
        if (claim.format == scanner::ClaimFormat::SignedBadge) {
            // Registered after this kiosk's last sync: the signature vouches for them.
            Decision d = DecideEntry(f, true);
            d.fromBadgeOnly = d.recordsEntry;
            return d;
        }
        return Refuse(Outcome::NotRecognised, "not on the registration list");
    }
    const Registrant& r = *f.registrant;
    if (r.status == RegistrantStatus::Cancelled) {
        return Refuse(Outcome::Cancelled, "registration cancelled");
    }
    if (claim.badgeVersion && *claim.badgeVersion < r.badgeVersion) {
        return Refuse(Outcome::Replaced, "badge version " + std::to_string(*claim.badgeVersion) +
                                             " replaced by version " +
                                             std::to_string(r.badgeVersion));
    }
    if (!r.holdNote.empty()) {
        return Refuse(Outcome::SeeDesk, "hold: " + r.holdNote);
    }
    Decision d = DecideEntry(f, r.validOn(f.day));
    if (d.recordsEntry) {
        d.attention = r.attention; // admit, and tell staff: the delegate's welcome is unchanged
    }
    return d;
}

bool IsRepeatScan(const std::optional<PreviousScan>& previous, std::string_view key, UtcMillis now,
                  int debounceSeconds) {
    if (!previous || debounceSeconds <= 0 || previous->key != key) {
        return false;
    }
    const UtcMillis elapsed = now - previous->at;
    return elapsed >= 0 && elapsed < static_cast<UtcMillis>(debounceSeconds) * 1000;
}

} // namespace accueil::core
