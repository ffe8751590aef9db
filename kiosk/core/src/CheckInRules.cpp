// SPDX-License-Identifier: Apache-2.0
#include <accueil/core/CheckInRules.h>

namespace accueil::core {

namespace {

Decision Refuse(Outcome outcome, std::string reason) {
    return Decision{outcome, false, false, false, std::move(reason)};
}

// Someone already in today: the re-entry policy, unless they left the zone since and are
// simply coming back.
Decision DecideReentry(const ScanFacts& f) {
    if (f.leftZone) {
        return Decision{Outcome::WelcomeBack, true, false, false, "back in after leaving"};
    }
    switch (f.reentry) {
    case ReentryPolicy::Allow:
        break;
    case ReentryPolicy::Warn:
        return Decision{Outcome::WelcomeBack, true, true, false,
                        "already in today (re-entry is flagged)"};
    case ReentryPolicy::Deny:
        return Refuse(Outcome::Denied, "already in today and re-entry is not allowed");
    }
    return Decision{Outcome::WelcomeBack, true, false, false, "already in today"};
}

// The day checks, the re-entry policy and the zone's capacity: shared by listed registrants
// and badge-only entries.
Decision DecideEntry(const ScanFacts& f, bool registeredForDay) {
    if (!f.meetingDay) {
        return Refuse(Outcome::NotValidToday, f.day + " is not a meeting day");
    }
    if (!registeredForDay) {
        return Refuse(Outcome::NotValidToday, "not registered for " + f.day);
    }
    Decision d = f.firstEntryToday
                     ? DecideReentry(f)
                     : Decision{Outcome::Admitted, true, false, false, "first entry today"};
    if (d.recordsEntry && f.zoneFull) {
        return Refuse(Outcome::RoomFull, "the zone is at its capacity");
    }
    return d;
}

// An exit is recorded for anyone the door knows: a person leaving is never held back. What
// would have refused them at an entrance becomes a warning for staff.
Decision DecideExit(const ScanFacts& f) {
    Decision d{Outcome::Goodbye, true, false, false, "left"};
    if (f.registrant == nullptr) {
        d.fromBadgeOnly = true; // a valid signed badge of someone not listed here yet
        return d;
    }
    const Registrant& r = *f.registrant;
    std::string problem;
    if (r.status == RegistrantStatus::Cancelled) {
        problem = "registration cancelled";
    } else if (f.claim->badgeVersion && *f.claim->badgeVersion < r.badgeVersion) {
        problem = "an old badge (version " + std::to_string(*f.claim->badgeVersion) + ")";
    } else if (!r.holdNote.empty()) {
        problem = "hold: " + r.holdNote;
    } else if (!f.meetingDay || !r.validOn(f.day)) {
        problem = "not registered for " + f.day;
    }
    if (!problem.empty()) {
        d.warn = true;
        d.reason = "left (" + problem + ")";
    }
    return d;
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
    if (f.direction == Direction::Out &&
        (f.registrant != nullptr || claim.format == scanner::ClaimFormat::SignedBadge)) {
        return DecideExit(f);
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
