// SPDX-License-Identifier: Apache-2.0
#include "WedgeLayouts.h"

#include <accueil/scanner/WedgeDecoder.h>

#include <array>
#include <cctype>
#include <span>

namespace accueil::scanner {

namespace {

using namespace keys;

/// What one key types: unshifted, shifted, with AltGr. A leading '^' marks a dead key
/// ("^^" is a dead circumflex); "" types nothing.
struct KeyRow {
    int key;
    const char* normal;
    const char* shift;
    const char* altGr;
};

// Keys other than letters. Digits, the keypad, Space are common to all and come below.
constexpr auto kUs = std::to_array<KeyRow>({
    {k0 + 1, "1", "!", ""},       {k0 + 2, "2", "@", ""},        {k0 + 3, "3", "#", ""},
    {k0 + 4, "4", "$", ""},       {k0 + 5, "5", "%", ""},        {k0 + 6, "6", "^", ""},
    {k0 + 7, "7", "&", ""},       {k0 + 8, "8", "*", ""},        {k0 + 9, "9", "(", ""},
    {k0, "0", ")", ""},           {kMinus, "-", "_", ""},        {kEqual, "=", "+", ""},
    {kLeftBracket, "[", "{", ""}, {kRightBracket, "]", "}", ""}, {kBackslash, "\\", "|", ""},
    {kSemicolon, ";", ":", ""},   {kApostrophe, "'", "\"", ""},  {kGraveAccent, "`", "~", ""},
    {kComma, ",", "<", ""},       {kPeriod, ".", ">", ""},       {kSlash, "/", "?", ""},
});

constexpr auto kSwiss = std::to_array<KeyRow>({
    {k0 + 1, "1", "+", "¦"},       {k0 + 2, "2", "\"", "@"},
    {k0 + 3, "3", "*", "#"},       {k0 + 4, "4", "ç", "°"},
    {k0 + 5, "5", "%", "§"},       {k0 + 6, "6", "&", "¬"},
    {k0 + 7, "7", "/", "|"},       {k0 + 8, "8", "(", "¢"},
    {k0 + 9, "9", ")", ""},        {k0, "0", "=", ""},
    {kMinus, "'", "?", "^´"},      {kEqual, "^^", "^`", "^~"},
    {kLeftBracket, "ü", "è", "["}, {kRightBracket, "^¨", "!", "]"},
    {kBackslash, "$", "£", "}"},   {kSemicolon, "ö", "é", ""},
    {kApostrophe, "ä", "à", "{"},  {kGraveAccent, "§", "°", ""},
    {kComma, ",", ";", ""},        {kPeriod, ".", ":", ""},
    {kSlash, "-", "_", ""},        {kWorld2, "<", ">", "\\"},
});

constexpr auto kGerman = std::to_array<KeyRow>({
    {k0 + 1, "1", "!", ""},
    {k0 + 2, "2", "\"", "²"},
    {k0 + 3, "3", "§", "³"},
    {k0 + 4, "4", "$", ""},
    {k0 + 5, "5", "%", ""},
    {k0 + 6, "6", "&", ""},
    {k0 + 7, "7", "/", "{"},
    {k0 + 8, "8", "(", "["},
    {k0 + 9, "9", ")", "]"},
    {k0, "0", "=", "}"},
    {kMinus, "ß", "?", "\\"},
    {kEqual, "^´", "^`", ""},
    {kLeftBracket, "ü", "Ü", ""},
    {kRightBracket, "+", "*", "~"},
    {kBackslash, "#", "'", ""},
    {kSemicolon, "ö", "Ö", ""},
    {kApostrophe, "ä", "Ä", ""},
    {kGraveAccent, "^^", "°", ""},
    {kComma, ",", ";", ""},
    {kPeriod, ".", ":", ""},
    {kSlash, "-", "_", ""},
    {kWorld2, "<", ">", "|"},
    {kA + ('Q' - 'A'), "q", "Q", "@"},
    {kA + ('E' - 'A'), "e", "E", "€"},
    {kA + ('M' - 'A'), "m", "M", "µ"},
});

constexpr auto kFrench = std::to_array<KeyRow>({
    {k0 + 1, "&", "1", ""},           {k0 + 2, "é", "2", "^~"},
    {k0 + 3, "\"", "3", "#"},         {k0 + 4, "'", "4", "{"},
    {k0 + 5, "(", "5", "["},          {k0 + 6, "-", "6", "|"},
    {k0 + 7, "è", "7", "^`"},         {k0 + 8, "_", "8", "\\"},
    {k0 + 9, "ç", "9", "^"},          {k0, "à", "0", "@"},
    {kMinus, ")", "°", "]"},          {kEqual, "=", "+", "}"},
    {kLeftBracket, "^^", "^¨", ""},   {kRightBracket, "$", "£", "¤"},
    {kBackslash, "*", "µ", ""},       {kSemicolon, "m", "M", ""},
    {kApostrophe, "ù", "%", ""},      {kGraveAccent, "²", "", ""},
    {kA + ('M' - 'A'), ",", "?", ""}, {kComma, ";", ".", ""},
    {kPeriod, ":", "/", ""},          {kSlash, "!", "§", ""},
    {kWorld2, "<", ">", ""},          {kA + ('Q' - 'A'), "a", "A", ""},
    {kA + ('A' - 'A'), "q", "Q", ""}, {kA + ('W' - 'A'), "z", "Z", ""},
    {kA + ('Z' - 'A'), "w", "W", ""}, {kA + ('E' - 'A'), "e", "E", "€"},
});

const KeyRow* Find(std::span<const KeyRow> rows, int key) {
    for (const KeyRow& row : rows) {
        if (row.key == key) {
            return &row;
        }
    }
    return nullptr;
}

const KeyRow* FindRow(WedgeLayout layout, int key) {
    switch (layout) {
    case WedgeLayout::Us:
        return Find(kUs, key);
    case WedgeLayout::Swiss:
        return Find(kSwiss, key);
    case WedgeLayout::German:
        return Find(kGerman, key);
    case WedgeLayout::French:
        return Find(kFrench, key);
    }
    return nullptr;
}

/// Letters not in the table: QWERTZ layouts swap Y and Z.
char LetterFor(WedgeLayout layout, int key) {
    char c = static_cast<char>('a' + (key - kA));
    if (layout == WedgeLayout::Swiss || layout == WedgeLayout::German) {
        c = c == 'y' ? 'z' : c == 'z' ? 'y' : c;
    }
    return c;
}

const char* KeypadFor(int key) {
    static constexpr std::array<const char*, 10> kDigits = {"0", "1", "2", "3", "4",
                                                            "5", "6", "7", "8", "9"};
    if (key >= kKp0 && key <= kKp0 + 9) {
        return kDigits[key - kKp0];
    }
    switch (key) {
    case kKpDecimal:
        return ".";
    case kKpDivide:
        return "/";
    case kKpMultiply:
        return "*";
    case kKpSubtract:
        return "-";
    case kKpAdd:
        return "+";
    default:
        return nullptr;
    }
}

} // namespace

namespace detail {

KeyChar LookupKey(WedgeLayout layout, int key, bool shift, bool altGr) {
    if (const KeyRow* row = FindRow(layout, key)) {
        std::string_view s = altGr ? row->altGr : shift ? row->shift : row->normal;
        const bool dead = s.size() > 1 && s.front() == '^';
        if (dead) {
            s.remove_prefix(1);
        }
        return {std::string(s), dead};
    }
    if (altGr) {
        return {};
    }
    if (key >= kA && key <= kA + 25) {
        const char c = LetterFor(layout, key);
        return {std::string(1, shift ? static_cast<char>(c - 'a' + 'A') : c), false};
    }
    if (key == kSpace) {
        return {" ", false};
    }
    if (const char* kp = KeypadFor(key)) {
        return {kp, false};
    }
    return {};
}

bool IsModifierKey(int key) {
    return key >= kLeftShift && key <= kRightSuper;
}

} // namespace detail

std::optional<WedgeLayout> ParseWedgeLayout(std::string_view name) {
    std::string lower(name);
    for (char& c : lower) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    if (lower == "us") {
        return WedgeLayout::Us;
    }
    if (lower == "ch") {
        return WedgeLayout::Swiss;
    }
    if (lower == "de") {
        return WedgeLayout::German;
    }
    if (lower == "fr") {
        return WedgeLayout::French;
    }
    return std::nullopt;
}

std::string CharacterFor(WedgeLayout layout, int key, bool shift, bool altGr) {
    return detail::LookupKey(layout, key, shift, altGr).text;
}

std::vector<KeyEvent> TypeOnLayout(std::string_view text, WedgeLayout layout,
                                   std::int64_t startMicros, std::int64_t gapMicros) {
    // Every key the layouts know, tried in a fixed order.
    std::vector<int> allKeys = {kSpace,        kApostrophe,  kComma, kMinus,       kPeriod,
                                kSlash,        kSemicolon,   kEqual, kLeftBracket, kBackslash,
                                kRightBracket, kGraveAccent, kWorld2};
    for (int i = 0; i < 10; ++i) {
        allKeys.push_back(k0 + i);
    }
    for (int i = 0; i < 26; ++i) {
        allKeys.push_back(kA + i);
    }
    std::vector<KeyEvent> events;
    std::int64_t at = startMicros;
    std::size_t i = 0;
    while (i < text.size()) {
        // One UTF-8 character at a time.
        std::size_t len = 1;
        const auto c = static_cast<unsigned char>(text[i]);
        if (c >= 0xF0) {
            len = 4;
        } else if (c >= 0xE0) {
            len = 3;
        } else if (c >= 0xC0) {
            len = 2;
        }
        const std::string_view ch = text.substr(i, len);
        i += len;
        bool found = false;
        for (const int key : allKeys) {
            for (const auto& [shift, altGr] :
                 {std::pair{false, false}, std::pair{true, false}, std::pair{false, true}}) {
                const detail::KeyChar kc = detail::LookupKey(layout, key, shift, altGr);
                if (kc.text == ch) {
                    events.push_back(KeyEvent{key, shift, altGr, at, 0});
                    at += gapMicros;
                    if (kc.dead) { // a dead key followed by Space types the accent itself
                        events.push_back(KeyEvent{kSpace, false, false, at, 0});
                        at += gapMicros;
                    }
                    found = true;
                    break;
                }
            }
            if (found) {
                break;
            }
        }
    }
    return events;
}

} // namespace accueil::scanner
