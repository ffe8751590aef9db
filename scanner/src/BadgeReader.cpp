// SPDX-License-Identifier: Apache-2.0
#include "Sodium.h"

#include <accueil/scanner/BadgeKey.h>
#include <accueil/scanner/BadgeReader.h>
#include <accueil/scanner/BadgeToken.h>
#include <accueil/scanner/IndicoTicket.h>
#include <accueil/scanner/NameCut.h>

#include <sodium.h>

#include <optional>
#include <regex>

namespace accueil::scanner {

namespace {

/// Below this length an "AC1..." payload is read as a plain ID: no token is this short.
constexpr std::size_t kMinTokenChars = 40;

std::string_view TrimSpace(std::string_view s) {
    const auto isSpace = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    while (!s.empty() && isSpace(s.front())) {
        s.remove_prefix(1);
    }
    while (!s.empty() && isSpace(s.back())) {
        s.remove_suffix(1);
    }
    return s;
}

BadgeClaim Unreadable(std::string reason) {
    BadgeClaim claim;
    claim.reason = std::move(reason);
    return claim;
}

/// An Indico server as a host: "https://indico.un.org/" and "indico.un.org" are the same.
std::string_view IndicoHost(std::string_view server) {
    if (server.starts_with("https://")) {
        server.remove_prefix(8);
    } else if (server.starts_with("http://")) {
        server.remove_prefix(7);
    }
    while (server.ends_with('/')) {
        server.remove_suffix(1);
    }
    return server;
}

/// An Indico ticket of another event or another Indico server is not valid here: its secret
/// might match nothing, but it must never be taken for one of this meeting's.
void CheckIndicoOrigin(BadgeClaim& claim, const BadgeReaderOptions& options) {
    if (!options.indicoEventId.empty() && !claim.eventId.empty() &&
        claim.eventId != options.indicoEventId) {
        claim.verification = Verification::OtherEvent;
        claim.reason = "Indico ticket of event " + claim.eventId +
                       ", this meeting is Indico event " + options.indicoEventId;
    } else if (!options.indicoServer.empty() && !claim.indicoServer.empty() &&
               IndicoHost(claim.indicoServer) != IndicoHost(options.indicoServer)) {
        claim.verification = Verification::OtherEvent;
        claim.reason = "Indico ticket of " + std::string(IndicoHost(claim.indicoServer)) +
                       ", this meeting is on " + std::string(IndicoHost(options.indicoServer));
    }
}

// A JSON payload: an Indico ticket, when they are accepted, of this meeting's event and server.
BadgeClaim ReadIndico(std::string_view text, const BadgeReaderOptions& options) {
    BadgeClaim claim = ParseIndicoTicket(text);
    if (claim.format == ClaimFormat::IndicoTicket) {
        if (!options.acceptIndico) {
            return Unreadable("Indico tickets are not accepted here");
        }
        CheckIndicoOrigin(claim, options);
    }
    return claim;
}

} // namespace

struct BadgeReader::Compiled {
    BadgeReaderOptions options;
    std::vector<std::array<std::uint8_t, 32>> keys;
    std::optional<std::regex> pattern;
};

Result<BadgeReader> BadgeReader::create(const BadgeReaderOptions& options) {
    auto compiled = std::make_shared<Compiled>();
    compiled->options = options;
    for (const std::string& text : options.publicKeys) {
        auto key = ParsePublicKey(text);
        if (!key) {
            return Error{ErrorKind::BadData, "public key '" + text + "': " + key.error().message};
        }
        compiled->keys.push_back(*key);
    }
    if (!options.plainIdPattern.empty()) {
        try {
            compiled->pattern.emplace(options.plainIdPattern, std::regex::ECMAScript);
        } catch (const std::regex_error& e) {
            return Error{ErrorKind::InvalidArgument,
                         "plain ID pattern is not a valid regex: " + std::string(e.what())};
        }
    }
    if (!detail::SodiumReady()) {
        return Error{ErrorKind::Crypto, "libsodium could not be initialised"};
    }
    return BadgeReader(std::move(compiled));
}

BadgeClaim BadgeReader::read(std::string_view payload) const {
    const Compiled& c = *m_compiled;
    const std::string_view text = TrimSpace(payload);
    if (text.empty()) {
        return Unreadable("empty code");
    }

    if (text.front() == '{') {
        return ReadIndico(text, c.options);
    }

    if (LooksLikeBadgeToken(text) && text.size() >= kMinTokenChars) {
        BadgeClaim claim;
        claim.format = ClaimFormat::SignedBadge;
        auto parsed = ParseBadgeToken(text);
        if (!parsed) {
            claim.verification = Verification::Malformed;
            claim.reason = parsed.error().message;
            return claim;
        }
        const ParsedBadgeToken& token = *parsed;
        bool knownKey = false;
        bool verified = false;
        for (const auto& key : c.keys) {
            if (KeyIdOf(key) != token.keyId) {
                continue;
            }
            knownKey = true;
            if (crypto_sign_verify_detached(token.signature.data(), token.signedMessage.data(),
                                            token.signedMessage.size(), key.data()) == 0) {
                verified = true;
                break;
            }
        }
        if (!knownKey) {
            claim.verification = Verification::UnknownKey;
            claim.reason = "badge signed by an unknown key " + KeyIdText(token.keyId);
            return claim;
        }
        if (!verified) {
            claim.verification = Verification::BadSignature;
            claim.reason = "badge signature does not match (forged or damaged)";
            return claim;
        }
        // The signature holds, so the fields are the issuer's own words.
        claim.keyId = KeyIdText(token.keyId);
        claim.eventId = token.data.eventId;
        claim.registrantId = token.data.registrantId;
        claim.badgeVersion = token.data.badgeVersion;
        claim.issuedAt = token.data.issuedAt;
        // A name the issuer cut to fit the code is shown as cut ("Mari…"); the central reads
        // the badge with the same rule, so the provisional registrant's name is the same there.
        claim.givenName = ShownName(token.data.givenName, token.givenNameTruncated);
        claim.familyName = ShownName(token.data.familyName, token.familyNameTruncated);
        claim.nameTruncated = token.givenNameTruncated || token.familyNameTruncated;
        if (token.data.eventId != c.options.eventId) {
            claim.verification = Verification::OtherEvent;
            claim.reason = "badge of another event (" + token.data.eventId + ")";
            return claim;
        }
        claim.verification = Verification::Valid;
        return claim;
    }

    if (!c.options.acceptPlainIds) {
        return Unreadable("plain registrant IDs are not accepted here");
    }
    if (!c.pattern) {
        return ParsePlainId(text);
    }
    if (text.size() > 256 || !std::regex_match(text.begin(), text.end(), *c.pattern)) {
        return Unreadable("code does not match the registrant ID pattern");
    }
    BadgeClaim claim;
    claim.format = ClaimFormat::PlainId;
    claim.verification = Verification::Valid;
    claim.registrantId = std::string(text);
    return claim;
}

BadgeClaim ReadBadge(std::string_view payload, const BadgeReaderOptions& options) {
    auto reader = BadgeReader::create(options);
    if (!reader) {
        return Unreadable("badge reader misconfigured: " + reader.error().message);
    }
    return reader->read(payload);
}

} // namespace accueil::scanner
