// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <accueil/scanner/BadgeClaim.h>
#include <accueil/scanner/Error.h>

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace accueil::scanner {

/// What a kiosk accepts and trusts.
struct BadgeReaderOptions {
    std::string eventId;                 ///< signed badges of other events are OtherEvent
    std::vector<std::string> publicKeys; ///< "ACPK..." texts of the keys that sign badges
    bool acceptPlainIds = true;
    bool acceptIndico = false;
    std::string plainIdPattern; ///< ECMAScript regex; empty = ParsePlainId's rules
    /// Indico tickets of another event are OtherEvent: a v1 code whose event_id differs from
    /// this one (empty = not checked), a code whose server differs from `indicoServer`
    /// (a host name, "https://" and a trailing "/" ignored; empty = not checked).
    std::string indicoEventId;
    std::string indicoServer;
};

/// Reads payloads against options compiled once (keys decoded, pattern compiled). Immutable
/// after creation: read() may be called from any thread concurrently.
class BadgeReader {
public:
    /// Errors: BadData for a public key that does not parse, InvalidArgument for a pattern
    /// that is not a valid ECMAScript regex. Any thread.
    static Result<BadgeReader> create(const BadgeReaderOptions& options);

    /// Detects the payload's format and verifies it (see ReadBadge).
    BadgeClaim read(std::string_view payload) const;

private:
    struct Compiled;
    explicit BadgeReader(std::shared_ptr<const Compiled> compiled)
        : m_compiled(std::move(compiled)) {}
    std::shared_ptr<const Compiled> m_compiled;
};

/// Detects the format of a scanned payload (surrounding white space and CR/LF ignored) and
/// verifies it:
/// - "AC1..." signed badge: Valid, or Malformed / UnknownKey / BadSignature / OtherEvent with
///   a reason. Fields are filled only when the signature holds (Valid or OtherEvent).
/// - JSON: an Indico ticket if acceptIndico, otherwise Unreadable.
/// - anything else: a plain registrant ID if acceptPlainIds and it matches the pattern,
///   otherwise Unreadable.
/// Options that do not compile give an Unreadable claim naming the problem. Never throws;
/// any thread. Compiles the options on each call: keep a BadgeReader for repeated reads.
BadgeClaim ReadBadge(std::string_view payload, const BadgeReaderOptions& options);

} // namespace accueil::scanner
