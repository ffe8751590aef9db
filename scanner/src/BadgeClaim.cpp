// SPDX-License-Identifier: Apache-2.0
#include <accueil/scanner/BadgeClaim.h>

namespace accueil::scanner {

namespace {

bool IsIdChar(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-';
}

std::string_view Trim(std::string_view s) {
    const auto isSpace = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    while (!s.empty() && isSpace(s.front())) {
        s.remove_prefix(1);
    }
    while (!s.empty() && isSpace(s.back())) {
        s.remove_suffix(1);
    }
    return s;
}

} // namespace

BadgeClaim ParsePlainId(std::string_view payload) {
    BadgeClaim claim;
    const std::string_view id = Trim(payload);
    if (id.empty()) {
        claim.reason = "empty code";
        return claim;
    }
    if (id.size() > 64) {
        claim.reason = "code too long for a registrant ID";
        return claim;
    }
    if (id.front() == '.' || id.front() == '_' || id.front() == '-') {
        claim.reason = "a registrant ID starts with a letter or digit";
        return claim;
    }
    for (const char c : id) {
        if (!IsIdChar(c)) {
            claim.reason = "not a registrant ID (unexpected character)";
            return claim;
        }
    }
    claim.format = ClaimFormat::PlainId;
    claim.verification = Verification::Valid;
    claim.registrantId = std::string(id);
    return claim;
}

std::string_view ToString(ClaimFormat format) {
    switch (format) {
    case ClaimFormat::PlainId:
        return "plain_id";
    case ClaimFormat::SignedBadge:
        return "signed_badge";
    case ClaimFormat::IndicoTicket:
        return "indico_ticket";
    case ClaimFormat::Unreadable:
        return "unreadable";
    }
    return "unreadable";
}

std::string_view ToString(Verification verification) {
    switch (verification) {
    case Verification::Valid:
        return "valid";
    case Verification::BadSignature:
        return "bad_signature";
    case Verification::UnknownKey:
        return "unknown_key";
    case Verification::OtherEvent:
        return "other_event";
    case Verification::Malformed:
        return "malformed";
    }
    return "malformed";
}

} // namespace accueil::scanner
