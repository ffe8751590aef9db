// SPDX-License-Identifier: Apache-2.0
#include "Base32.h"
#include "Sodium.h"

#include <accueil/scanner/BadgeToken.h>
#include <accueil/scanner/NameCut.h>

#include <sodium.h>

#include <algorithm>

namespace accueil::scanner {

namespace {

constexpr std::size_t kFixedBytes = 11; // flags, key id, issued at, badge version
constexpr std::size_t kLengthBytes = 4; // one length byte before each of the four strings
constexpr std::uint8_t kFlagGivenTruncated = 0x01;
constexpr std::uint8_t kFlagFamilyTruncated = 0x02;

bool IsIdChar(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-';
}

bool IsId(std::string_view s, std::size_t maxBytes) {
    return !s.empty() && s.size() <= maxBytes && std::all_of(s.begin(), s.end(), IsIdChar);
}

bool IsRegistrantId(std::string_view s) {
    return IsId(s, kBadgeRegistrantIdMaxBytes) && s.front() != '.' && s.front() != '_' &&
           s.front() != '-';
}

std::string_view TrimSpace(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
        s.remove_prefix(1);
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
        s.remove_suffix(1);
    }
    return s;
}

void PutString(std::vector<std::uint8_t>& out, std::string_view s) {
    out.push_back(static_cast<std::uint8_t>(s.size()));
    out.insert(out.end(), s.begin(), s.end());
}

/// Reads the length-prefixed strings of a token body; false if they overrun it.
class Reader {
public:
    Reader(const std::uint8_t* data, std::size_t size) : m_data(data), m_size(size) {}
    bool string(std::string& out) {
        if (m_pos >= m_size) {
            return false;
        }
        const std::size_t len = m_data[m_pos++];
        if (len > m_size - m_pos) {
            return false;
        }
        out.assign(reinterpret_cast<const char*>(m_data + m_pos), len);
        m_pos += len;
        return true;
    }
    std::size_t pos() const { return m_pos; }
    void seek(std::size_t pos) { m_pos = pos; }

private:
    const std::uint8_t* m_data;
    std::size_t m_size;
    std::size_t m_pos = 0;
};

} // namespace

namespace {

/// The checks on the token size and on the identifiers, version and time a token carries.
Result<void> CheckIssueInput(const BadgeData& data, const IssueOptions& options) {
    if (options.maxChars < kBadgeTokenCharsV7M || options.maxChars > kBadgeTokenMaxChars) {
        return Error{ErrorKind::InvalidArgument, "token size must be 178-224 characters"};
    }
    if (!IsId(data.eventId, kBadgeEventIdMaxBytes)) {
        return Error{ErrorKind::InvalidArgument,
                     "event id must be 1-16 characters of A-Z a-z 0-9 . _ -"};
    }
    if (!IsRegistrantId(data.registrantId)) {
        return Error{ErrorKind::InvalidArgument,
                     "registrant id must be 1-24 characters of A-Z a-z 0-9 . _ -, "
                     "starting with a letter or digit"};
    }
    if (data.badgeVersion < 0 || data.badgeVersion > 0xFFFF) {
        return Error{ErrorKind::InvalidArgument, "badge version must be 0-65535"};
    }
    if (data.issuedAt < 0 || data.issuedAt > 0xFFFFFFFFLL) {
        return Error{ErrorKind::InvalidArgument, "issue time must be 0 to 2^32-1 Unix seconds"};
    }
    return Ok{};
}

struct NameCuts {
    std::string_view given;
    std::string_view family;
};

/// The names share the budget the identifiers and the signature leave over. Each gets half;
/// a short one hands what it does not use to the other.
NameCuts CutNames(std::string_view given, std::string_view family, std::size_t budget) {
    std::size_t givenMax = budget / 2;
    std::size_t familyMax = budget - givenMax;
    if (given.size() < givenMax) {
        familyMax += givenMax - given.size();
        givenMax = given.size();
    } else if (family.size() < familyMax) {
        givenMax += familyMax - family.size();
        familyMax = family.size();
    }
    return {CutName(given, givenMax), CutName(family, familyMax)};
}

/// The signed message: the prefix, then flags, key id, issue time, badge version and the four
/// length-prefixed strings.
std::vector<std::uint8_t> TokenMessage(const BadgeSecretKey& secretKey, const BadgeData& data,
                                       std::string_view given, std::string_view family,
                                       const NameCuts& cuts) {
    std::vector<std::uint8_t> message(kBadgeTokenPrefix.begin(), kBadgeTokenPrefix.end());
    std::uint8_t flags = 0;
    if (cuts.given.size() < given.size()) {
        flags |= kFlagGivenTruncated;
    }
    if (cuts.family.size() < family.size()) {
        flags |= kFlagFamilyTruncated;
    }
    message.push_back(flags);
    std::array<std::uint8_t, 32> pk{};
    std::copy(secretKey.bytes().begin() + 32, secretKey.bytes().end(), pk.begin());
    const auto keyId = KeyIdOf(pk);
    message.insert(message.end(), keyId.begin(), keyId.end());
    const auto issued = static_cast<std::uint32_t>(data.issuedAt);
    for (int shift = 24; shift >= 0; shift -= 8) {
        message.push_back(static_cast<std::uint8_t>(issued >> shift));
    }
    const auto version = static_cast<std::uint16_t>(data.badgeVersion);
    message.push_back(static_cast<std::uint8_t>(version >> 8));
    message.push_back(static_cast<std::uint8_t>(version));
    PutString(message, data.eventId);
    PutString(message, data.registrantId);
    PutString(message, cuts.given);
    PutString(message, cuts.family);
    return message;
}

} // namespace

Result<std::string> IssueBadgeToken(const BadgeSecretKey& secretKey, const BadgeData& data,
                                    const IssueOptions& options) {
    if (!detail::SodiumReady()) {
        return Error{ErrorKind::Crypto, "libsodium could not be initialised"};
    }
    if (auto checked = CheckIssueInput(data, options); !checked) {
        return std::move(checked).error();
    }
    // Base32 turns 5 bytes into 8 characters; the last character may carry spare bits.
    const std::size_t maxBytes = (options.maxChars - kBadgeTokenPrefix.size()) * 5 / 8;
    const std::string_view given = TrimSpace(data.givenName);
    const std::string_view family = TrimSpace(data.familyName);
    if (!detail::IsValidUtf8(given) || !detail::IsValidUtf8(family)) {
        return Error{ErrorKind::InvalidArgument, "names must be UTF-8"};
    }

    const std::size_t overhead = kFixedBytes + kLengthBytes + kBadgeSignatureBytes +
                                 data.eventId.size() + data.registrantId.size();
    if (overhead > maxBytes) {
        return Error{ErrorKind::InvalidArgument, "event and registrant ids too long for a " +
                                                     std::to_string(options.maxChars) +
                                                     "-character token"};
    }
    const NameCuts cuts = CutNames(given, family, maxBytes - overhead);
    const std::vector<std::uint8_t> message = TokenMessage(secretKey, data, given, family, cuts);

    std::array<std::uint8_t, kBadgeSignatureBytes> signature{};
    crypto_sign_detached(signature.data(), nullptr, message.data(), message.size(),
                         secretKey.bytes().data());
    std::vector<std::uint8_t> body(message.begin() + kBadgeTokenPrefix.size(), message.end());
    body.insert(body.end(), signature.begin(), signature.end());
    return std::string(kBadgeTokenPrefix) + detail::Base32Encode(body.data(), body.size());
}

bool LooksLikeBadgeToken(std::string_view text) {
    if (text.size() < kBadgeTokenPrefix.size()) {
        return false;
    }
    for (std::size_t i = 0; i < kBadgeTokenPrefix.size(); ++i) {
        char c = text[i];
        if (c >= 'a' && c <= 'z') {
            c = static_cast<char>(c - 'a' + 'A');
        }
        if (c != kBadgeTokenPrefix[i]) {
            return false;
        }
    }
    return true;
}

Result<ParsedBadgeToken> ParseBadgeToken(std::string_view text) {
    const auto bad = [](std::string message) {
        return Error{ErrorKind::BadData, std::move(message)};
    };
    if (text.substr(0, kBadgeTokenPrefix.size()) != kBadgeTokenPrefix) {
        return bad(LooksLikeBadgeToken(text)
                       ? "badge token is in lower case (caps lock on the scanner?)"
                       : "not a badge token (no AC1 prefix)");
    }
    if (text.size() > kBadgeTokenMaxChars) {
        return bad("badge token too long");
    }
    const std::string_view b32 = text.substr(kBadgeTokenPrefix.size());
    if (std::any_of(b32.begin(), b32.end(), [](char c) { return c >= 'a' && c <= 'z'; })) {
        return bad("badge token is in lower case (caps lock on the scanner?)");
    }
    const auto body = detail::Base32Decode(b32);
    if (!body) {
        return bad("badge token is not valid base32");
    }
    const std::size_t minBytes = kFixedBytes + kLengthBytes + 2 + kBadgeSignatureBytes;
    if (body->size() < minBytes) {
        return bad("badge token too short (cut off?)");
    }
    ParsedBadgeToken token;
    const std::uint8_t* p = body->data();
    const std::uint8_t flags = p[0];
    if ((flags & ~(kFlagGivenTruncated | kFlagFamilyTruncated)) != 0) {
        return bad("badge token has unknown flags");
    }
    token.givenNameTruncated = (flags & kFlagGivenTruncated) != 0;
    token.familyNameTruncated = (flags & kFlagFamilyTruncated) != 0;
    std::copy(p + 1, p + 5, token.keyId.begin());
    token.data.issuedAt = (std::int64_t{p[5]} << 24) | (std::int64_t{p[6]} << 16) |
                          (std::int64_t{p[7]} << 8) | std::int64_t{p[8]};
    token.data.badgeVersion = (std::int64_t{p[9]} << 8) | std::int64_t{p[10]};

    const std::size_t fieldsSize = body->size() - kBadgeSignatureBytes;
    Reader reader(p, fieldsSize);
    reader.seek(kFixedBytes);
    if (!reader.string(token.data.eventId) || !reader.string(token.data.registrantId) ||
        !reader.string(token.data.givenName) || !reader.string(token.data.familyName)) {
        return bad("badge token fields overrun (cut off or damaged)");
    }
    if (reader.pos() != fieldsSize) {
        return bad("badge token has trailing bytes (damaged)");
    }
    if (!IsId(token.data.eventId, kBadgeEventIdMaxBytes) ||
        !IsRegistrantId(token.data.registrantId)) {
        return bad("badge token identifiers are malformed");
    }
    if (!detail::IsValidUtf8(token.data.givenName) || !detail::IsValidUtf8(token.data.familyName)) {
        return bad("badge token names are not UTF-8");
    }
    token.signedMessage.assign(kBadgeTokenPrefix.begin(), kBadgeTokenPrefix.end());
    token.signedMessage.insert(token.signedMessage.end(), p, p + fieldsSize);
    std::copy(p + fieldsSize, p + body->size(), token.signature.begin());
    return token;
}

} // namespace accueil::scanner
