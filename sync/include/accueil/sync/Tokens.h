// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <string_view>

namespace accueil::sync {

/// A new kiosk token: 32 random bytes from libsodium, as 43 characters of URL-safe base64.
/// Shown once; the central stores only its hash. Any thread.
std::string NewKioskToken();

/// Hex SHA-256 of a token: what the central stores and looks tokens up by. Any thread.
std::string HashToken(std::string_view token);

/// Hex SHA-256 of any text (the night job's digests). Any thread.
std::string Sha256Hex(std::string_view text);

/// Compares two hashes in constant time (sodium_memcmp); false when the lengths differ.
bool SameHash(std::string_view a, std::string_view b);

} // namespace accueil::sync
