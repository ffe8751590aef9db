// SPDX-License-Identifier: Apache-2.0
#include <accueil/core/EventCalendar.h>
#include <accueil/core/Text.h>

#include <sodium.h>

#include <algorithm>
#include <array>
#include <cstdint>

namespace accueil::core {

namespace {

// Decodes one code point at `i`; returns 0 bytes consumed on malformed input.
std::size_t DecodeUtf8(std::string_view s, std::size_t i, char32_t& cp) {
    const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
    const std::size_t left = s.size() - i;
    const unsigned char c = b(0);
    if (c < 0x80) {
        cp = c;
        return 1;
    }
    const auto cont = [&](std::size_t k) { return k < left && (b(k) & 0xC0) == 0x80; };
    if (c >= 0xC2 && c <= 0xDF && cont(1)) {
        cp = ((c & 0x1Fu) << 6) | (b(1) & 0x3Fu);
        return 2;
    }
    if (c >= 0xE0 && c <= 0xEF && cont(1) && cont(2)) {
        cp = ((c & 0x0Fu) << 12) | ((b(1) & 0x3Fu) << 6) | (b(2) & 0x3Fu);
        if (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF)) {
            return 0;
        }
        return 3;
    }
    if (c >= 0xF0 && c <= 0xF4 && cont(1) && cont(2) && cont(3)) {
        cp = ((c & 0x07u) << 18) | ((b(1) & 0x3Fu) << 12) | ((b(2) & 0x3Fu) << 6) | (b(3) & 0x3Fu);
        if (cp < 0x10000 || cp > 0x10FFFF) {
            return 0;
        }
        return 4;
    }
    return 0;
}

// The small letter of `cp` in the alphabets FoldCase covers, else `cp`. These capitals sit at a
// fixed distance from their small letters, so no table is needed (and no ICU).
char32_t LowerCase(char32_t cp) {
    if ((cp >= U'A' && cp <= U'Z') || (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) ||
        (cp >= 0x391 && cp <= 0x3A9 && cp != 0x3A2) || (cp >= 0x410 && cp <= 0x42F)) {
        return cp + 0x20;
    }
    if (cp >= 0x400 && cp <= 0x40F) { // Ѐ Ё … Џ
        return cp + 0x50;
    }
    return cp;
}

// Builds a string from `utf8` one code point at a time: `each(out, cp, bytes)` appends what
// stands for the code point `cp`, spelled `bytes`; malformed bytes are copied as they are.
template <class Each> std::string MapUtf8(std::string_view utf8, Each each) {
    std::string out;
    out.reserve(utf8.size());
    std::size_t i = 0;
    while (i < utf8.size()) {
        char32_t cp = 0;
        const std::size_t n = DecodeUtf8(utf8, i, cp);
        if (n == 0) {
            out += utf8[i++];
            continue;
        }
        each(out, cp, utf8.substr(i, n));
        i += n;
    }
    return out;
}

struct Fold {
    char32_t from;
    const char* to;
};

// Letters with no canonical decomposition; sorted by code point for binary search.
// clang-format off
constexpr std::array<Fold, 30> kFolds{{
    {U'Æ', "ae"}, {U'Ð', "d"},  {U'Ø', "o"},  {U'Þ', "th"}, {U'ß', "ss"}, {U'æ', "ae"},
    {U'ð', "d"},  {U'ø', "o"},  {U'þ', "th"}, {U'Đ', "d"},  {U'đ', "d"},  {U'Ħ', "h"},
    {U'ħ', "h"},  {U'ı', "i"},  {U'Ĳ', "ij"}, {U'ĳ', "ij"}, {U'ĸ', "k"},  {U'Ŀ', "l"},
    {U'ŀ', "l"},  {U'Ł', "l"},  {U'ł', "l"},  {U'Ŋ', "n"},  {U'ŋ', "n"},  {U'Œ', "oe"},
    {U'œ', "oe"}, {U'Ŧ', "t"},  {U'ŧ', "t"},  {U'ƒ', "f"},  {U'Ɨ', "i"},  {U'ẞ', "ss"},
}};
// clang-format on

} // namespace

bool IsValidUtf8(std::string_view text) {
    std::size_t i = 0;
    while (i < text.size()) {
        char32_t cp = 0;
        const std::size_t n = DecodeUtf8(text, i, cp);
        if (n == 0) {
            return false;
        }
        i += n;
    }
    return true;
}

std::string FoldForSearch(std::string_view utf8) {
    return MapUtf8(utf8, [](std::string& out, char32_t cp, std::string_view bytes) {
        if (cp < 0x80) {
            out += static_cast<char>(cp >= 'A' && cp <= 'Z' ? cp + ('a' - 'A') : cp);
            return;
        }
        const auto* it = std::lower_bound(kFolds.begin(), kFolds.end(), cp,
                                          [](const Fold& f, char32_t c) { return f.from < c; });
        if (it != kFolds.end() && it->from == cp) {
            out += it->to;
        } else {
            out.append(bytes);
        }
    });
}

std::string FoldCase(std::string_view utf8) {
    return MapUtf8(utf8, [](std::string& out, char32_t cp, std::string_view /*bytes*/) {
        AppendUtf8(out, LowerCase(cp));
    });
}

void AppendUtf8(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

std::optional<std::string> TextFieldProblem(std::string_view utf8, std::size_t maxChars) {
    std::size_t chars = 0;
    std::size_t i = 0;
    while (i < utf8.size()) {
        char32_t cp = 0;
        const std::size_t n = DecodeUtf8(utf8, i, cp);
        if (n == 0) {
            return "not valid UTF-8";
        }
        ++chars;
        if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) {
            static constexpr std::string_view kHex = "0123456789ABCDEF";
            std::string code = "U+";
            for (int shift = 12; shift >= 0; shift -= 4) {
                code += kHex[(cp >> shift) & 0xFu];
            }
            return "a control character (" + code + ") at character " + std::to_string(chars);
        }
        i += n;
    }
    if (chars > maxChars) {
        return "longer than " + std::to_string(maxChars) + " characters (" + std::to_string(chars) +
               ")";
    }
    return std::nullopt;
}

std::string_view TrimAscii(std::string_view text) {
    const auto space = [](char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
    };
    while (!text.empty() && space(text.front())) {
        text.remove_prefix(1);
    }
    while (!text.empty() && space(text.back())) {
        text.remove_suffix(1);
    }
    return text;
}

namespace {

// 16 bytes as a UUID of the given version (RFC 9562), lower-case.
std::string FormatUuid(std::array<unsigned char, 16> b, unsigned char version) {
    b[6] = static_cast<unsigned char>((b[6] & 0x0F) | (version << 4));
    b[8] = static_cast<unsigned char>((b[8] & 0x3F) | 0x80); // RFC variant
    static constexpr std::string_view kHex = "0123456789abcdef";
    std::string out;
    out.reserve(36);
    for (std::size_t k = 0; k < b.size(); ++k) {
        if (k == 4 || k == 6 || k == 8 || k == 10) {
            out += '-';
        }
        out += kHex[b[k] >> 4];
        out += kHex[b[k] & 0x0F];
    }
    return out;
}

} // namespace

std::string NewUuid() {
    std::array<unsigned char, 16> b{};
    randombytes_buf(b.data(), b.size());
    const auto ms = static_cast<std::uint64_t>(NowUtcMillis());
    for (int k = 0; k < 6; ++k) {
        b[static_cast<std::size_t>(k)] = static_cast<unsigned char>(ms >> (8 * (5 - k)));
    }
    return FormatUuid(b, 7);
}

std::string DerivedUuid(std::string_view name) {
    std::array<unsigned char, 16> b{};
    crypto_generichash(b.data(), b.size(), reinterpret_cast<const unsigned char*>(name.data()),
                       name.size(), nullptr, 0);
    return FormatUuid(b, 8);
}

} // namespace accueil::core
