// SPDX-License-Identifier: Apache-2.0
#include "Base32.h"

namespace accueil::scanner::detail {

namespace {
constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

int Base32Value(char c) {
    if (c >= 'A' && c <= 'Z') {
        return c - 'A';
    }
    if (c >= '2' && c <= '7') {
        return c - '2' + 26;
    }
    return -1;
}
} // namespace

std::string Base32Encode(const std::uint8_t* data, std::size_t size) {
    std::string out;
    out.reserve((size * 8 + 4) / 5);
    unsigned buffer = 0;
    int bits = 0;
    for (std::size_t i = 0; i < size; ++i) {
        buffer = (buffer << 8) | data[i];
        bits += 8;
        while (bits >= 5) {
            out.push_back(kAlphabet[(buffer >> (bits - 5)) & 31u]);
            bits -= 5;
        }
    }
    if (bits > 0) {
        out.push_back(kAlphabet[(buffer << (5 - bits)) & 31u]);
    }
    return out;
}

std::optional<std::vector<std::uint8_t>> Base32Decode(std::string_view text) {
    // Lengths 1, 3 and 6 (mod 8) cannot come out of the encoder.
    const std::size_t rest = text.size() % 8;
    if (rest == 1 || rest == 3 || rest == 6) {
        return std::nullopt;
    }
    std::vector<std::uint8_t> out;
    out.reserve(text.size() * 5 / 8);
    unsigned buffer = 0;
    int bits = 0;
    for (const char c : text) {
        const int v = Base32Value(c);
        if (v < 0) {
            return std::nullopt;
        }
        buffer = (buffer << 5) | static_cast<unsigned>(v);
        bits += 5;
        if (bits >= 8) {
            out.push_back(static_cast<std::uint8_t>((buffer >> (bits - 8)) & 0xFFu));
            bits -= 8;
        }
    }
    // Leftover bits must be zero, otherwise two texts would decode to the same bytes.
    if ((buffer & ((1u << bits) - 1u)) != 0) {
        return std::nullopt;
    }
    return out;
}

bool IsValidUtf8(std::string_view text) {
    std::size_t i = 0;
    while (i < text.size()) {
        const auto c = static_cast<unsigned char>(text[i]);
        std::size_t len = 0;
        std::uint32_t cp = 0;
        if (c < 0x80) {
            ++i;
            continue;
        }
        if ((c & 0xE0) == 0xC0) {
            len = 2;
            cp = c & 0x1Fu;
        } else if ((c & 0xF0) == 0xE0) {
            len = 3;
            cp = c & 0x0Fu;
        } else if ((c & 0xF8) == 0xF0) {
            len = 4;
            cp = c & 0x07u;
        } else {
            return false;
        }
        if (i + len > text.size()) {
            return false;
        }
        for (std::size_t k = 1; k < len; ++k) {
            const auto cc = static_cast<unsigned char>(text[i + k]);
            if ((cc & 0xC0) != 0x80) {
                return false;
            }
            cp = (cp << 6) | (cc & 0x3Fu);
        }
        if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
            cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            return false;
        }
        i += len;
    }
    return true;
}

} // namespace accueil::scanner::detail
