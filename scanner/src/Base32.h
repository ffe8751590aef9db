// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace accueil::scanner::detail {

/// RFC 4648 base32 (A-Z, 2-7) without padding.
std::string Base32Encode(const std::uint8_t* data, std::size_t size);

/// Strict inverse of Base32Encode: upper case only, no padding, and the unused low bits of the
/// last character must be zero (so every byte string has exactly one text). nullopt otherwise.
std::optional<std::vector<std::uint8_t>> Base32Decode(std::string_view text);

/// True if every byte of text forms well-formed UTF-8 (no overlongs, no surrogates).
bool IsValidUtf8(std::string_view text);

} // namespace accueil::scanner::detail
