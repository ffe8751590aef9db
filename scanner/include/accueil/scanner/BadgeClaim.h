// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace accueil::scanner {

/// Which kind of payload a scanned code turned out to be.
enum class ClaimFormat {
    PlainId,      ///< a bare registrant ID (accepted only for registrants in the local list)
    SignedBadge,  ///< an Ed25519-signed Accueil badge token
    IndicoTicket, ///< an Indico ticket QR code (matched on the registrant's ticket column)
    Unreadable,   ///< a code was read but is not a badge of any accepted format
};

/// What the badge's own data says about itself, before the local list is consulted.
enum class Verification {
    Valid,
    BadSignature,
    UnknownKey,
    OtherEvent,
    Malformed,
};

/// What a scanned code claims: who it names and how far that can be trusted. Produced by the
/// scanner (payload parsing and signature verification), consumed by the check-in rules,
/// which compare it with the local registration list.
struct BadgeClaim {
    ClaimFormat format = ClaimFormat::Unreadable;
    Verification verification = Verification::Malformed;
    std::string registrantId;
    std::optional<std::int64_t> badgeVersion; ///< set by formats that carry a version
    std::string reason; ///< why it is unreadable or not valid (English, for logs)

    // Carried by signed badges, so a delegate registered after the last sync can be greeted.
    std::string eventId;
    std::string givenName;
    std::string familyName;
    std::int64_t issuedAt = 0; ///< Unix seconds
    std::string ticket;        ///< Indico ticket UUID, for IndicoTicket claims

    // Added by the scanner beyond the rules' contract; informative only.
    std::string keyId;          ///< signed badges: 8 hex digits naming the signing key
    bool nameTruncated = false; ///< signed badges: a name was cut to fit the code
    std::string indicoServer;   ///< Indico tickets: the server named in the code, if any

    bool valid() const { return verification == Verification::Valid; }
};

/// Whether the claim stands or falls by a ticket secret (an Indico code, or any code carrying a
/// ticket): such a claim names its holder only through the ticket, never through the
/// registrant id printed beside it.
inline bool IsTicketClaim(const BadgeClaim& claim) {
    return claim.format == ClaimFormat::IndicoTicket || !claim.ticket.empty();
}

/// Parses a bare registrant ID: 1 to 64 characters of [A-Za-z0-9._-], starting with a letter
/// or digit, surrounding white space ignored. Anything else is an Unreadable claim with a
/// reason. Pure; any thread.
BadgeClaim ParsePlainId(std::string_view payload);

/// Stable lower-case names, used in JSON, the audit log and tests.
std::string_view ToString(ClaimFormat format);
std::string_view ToString(Verification verification);

} // namespace accueil::scanner
