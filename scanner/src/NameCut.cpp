// SPDX-License-Identifier: Apache-2.0
#include <accueil/scanner/NameCut.h>

#include <unicode/brkiter.h>
#include <unicode/utext.h>

#include <memory>

namespace accueil::scanner {

namespace {

bool IsSpace(char c) {
    return c == ' ' || c == '\t';
}

std::string_view TrimEnd(std::string_view text) {
    while (!text.empty() && IsSpace(text.back())) {
        text.remove_suffix(1);
    }
    return text;
}

// The last boundary of `kind` at or before `maxBytes` (a UTF-8 offset), past 0; 0 if none.
// `acceptable` may refuse a boundary.
template <class Acceptable>
std::size_t LastBoundary(std::string_view utf8, std::size_t maxBytes, bool words,
                         Acceptable acceptable) {
    UErrorCode status = U_ZERO_ERROR;
    UText* text = utext_openUTF8(nullptr, utf8.data(), static_cast<int64_t>(utf8.size()), &status);
    const std::unique_ptr<UText, UText* (*)(UText*)> owned(text, utext_close);
    std::unique_ptr<icu::BreakIterator> breaks(
        words ? icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status)
              : icu::BreakIterator::createCharacterInstance(icu::Locale::getRoot(), status));
    if (status > U_ZERO_ERROR || breaks == nullptr) {
        return 0;
    }
    breaks->setText(text, status);
    if (status > U_ZERO_ERROR) {
        return 0;
    }
    // With a UTF-8 UText, ICU's boundaries are byte offsets into it. The limit is first moved
    // back to the start of its code point: ICU would take an offset inside a character as that
    // character's start and look for a boundary before it, one too early.
    std::size_t start = maxBytes;
    while (start > 0 && (static_cast<unsigned char>(utf8[start]) & 0xC0) == 0x80) {
        --start;
    }
    const auto limit = static_cast<int32_t>(start);
    const int32_t at = breaks->isBoundary(limit) ? limit : breaks->preceding(limit);
    for (int32_t b = at; b > 0; b = breaks->previous()) {
        if (acceptable(static_cast<std::size_t>(b), *breaks)) {
            return static_cast<std::size_t>(b);
        }
    }
    return 0;
}

// Lam (U+0644, UTF-8 D9 84) right before the cut, and an alef (U+0622, U+0623, U+0625,
// U+0627: D8 A2, D8 A3, D8 A5, D8 A7) right after it: together they are one ligature.
bool SplitsLamAlef(std::string_view utf8, std::size_t at) {
    if (at < 2 || at + 1 >= utf8.size()) {
        return false;
    }
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(utf8[i]); };
    const bool lam = byte(at - 2) == 0xD9 && byte(at - 1) == 0x84;
    const bool alef = byte(at) == 0xD8 && (byte(at + 1) == 0xA2 || byte(at + 1) == 0xA3 ||
                                           byte(at + 1) == 0xA5 || byte(at + 1) == 0xA7);
    return lam && alef;
}

} // namespace

std::string_view CutName(std::string_view utf8, std::size_t maxBytes) {
    if (utf8.size() <= maxBytes) {
        return utf8;
    }
    // After a whole word: a boundary that ends a word, with something before it.
    const std::size_t word =
        LastBoundary(utf8, maxBytes, true, [&](std::size_t at, const icu::BreakIterator& b) {
            return b.getRuleStatus() != UBRK_WORD_NONE && !TrimEnd(utf8.substr(0, at)).empty();
        });
    if (word > 0) {
        return TrimEnd(utf8.substr(0, word));
    }
    const std::size_t character =
        LastBoundary(utf8, maxBytes, false, [&](std::size_t at, const icu::BreakIterator&) {
            return !SplitsLamAlef(utf8, at);
        });
    return TrimEnd(utf8.substr(0, character));
}

std::string ShownName(std::string_view name, bool cut) {
    std::string shown(name);
    if (cut && !shown.empty()) {
        shown += "…";
    }
    return shown;
}

} // namespace accueil::scanner
