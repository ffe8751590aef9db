// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <accueil/scanner/BadgeKey.h>
#include <accueil/scanner/Error.h>

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace accueil::scanner {

/// The token format, documented byte by byte in docs/badge-format.md.
inline constexpr std::string_view kBadgeTokenPrefix = "AC1";
/// QR alphanumeric capacities (ISO/IEC 18004 table 7): version 7 holds 178 characters at
/// error correction M and 224 at L; 224 characters need version 9 at M.
inline constexpr std::size_t kBadgeTokenCharsV7M = 178;
inline constexpr std::size_t kBadgeTokenMaxChars = 224; ///< the most a reader accepts
inline constexpr std::size_t kBadgeSignatureBytes = 64;
inline constexpr std::size_t kBadgeEventIdMaxBytes = 16;
inline constexpr std::size_t kBadgeRegistrantIdMaxBytes = 24;

/// What a badge token says, as given to IssueBadgeToken.
struct BadgeData {
    std::string eventId;      ///< 1-16 chars of [A-Za-z0-9._-]
    std::string registrantId; ///< 1-24 chars of [A-Za-z0-9._-], starting with a letter or digit
    std::int64_t badgeVersion = 1; ///< 0-65535; a re-issued badge gets a higher version
    std::int64_t issuedAt = 0;     ///< Unix seconds, 0 to 2^32-1
    std::string givenName;         ///< UTF-8; truncated to fit (on a code point boundary)
    std::string familyName;        ///< UTF-8; truncated to fit
};

/// How big a token may get. The default keeps every token within QR version 7 at error
/// correction M; up to kBadgeTokenMaxChars leaves more room for names (version 7 at L).
struct IssueOptions {
    std::size_t maxChars = kBadgeTokenCharsV7M;
};

/// Signs data into a token: "AC1" then base32 (RFC 4648, no padding) of the fields and the
/// Ed25519 signature; at most options.maxChars characters, all in QR alphanumeric mode.
/// Names are cut (on code point boundaries) to the bytes left over. Errors: InvalidArgument
/// (field out of range, name not UTF-8, maxChars outside 178-224), Crypto. Any thread.
Result<std::string> IssueBadgeToken(const BadgeSecretKey& secretKey, const BadgeData& data,
                                    const IssueOptions& options = {});

/// The fields of a token as parsed, before any signature check.
struct ParsedBadgeToken {
    std::array<std::uint8_t, 4> keyId{};
    BadgeData data;
    bool givenNameTruncated = false;
    bool familyNameTruncated = false;
    std::vector<std::uint8_t> signedMessage; ///< "AC1" + the fields, what the signature covers
    std::array<std::uint8_t, kBadgeSignatureBytes> signature{};
};

/// True if text starts with the token prefix (any case). Pure; any thread.
bool LooksLikeBadgeToken(std::string_view text);

/// Parses the structure of a token without verifying it. Errors: BadData with the reason
/// (wrong prefix, lower case, not base32, wrong lengths, bad UTF-8). Pure; any thread.
Result<ParsedBadgeToken> ParseBadgeToken(std::string_view text);

} // namespace accueil::scanner
