// SPDX-License-Identifier: Apache-2.0
#include <accueil/core/SearchText.h>
#include <accueil/core/Text.h>

#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <vector>

namespace accueil::core {

const char* const kSearchIndexTable = R"sql(
CREATE VIRTUAL TABLE registrant_search USING fts5 (
    text, skeleton, tokenize = 'unicode61 remove_diacritics 2'
);
)sql";

namespace {

bool IsAscii(std::string_view text) {
    return std::all_of(text.begin(), text.end(),
                       [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

bool Failed(UErrorCode status) {
    return status > U_ZERO_ERROR;
}

// Marks of the Brahmic scripts (U+0900–U+109F: Devanagari to Myanmar) are vowels, not
// accents: taking them away would leave another name.
bool IsAccent(UChar32 cp) {
    return u_charType(cp) == U_NON_SPACING_MARK && !(cp >= 0x0900 && cp <= 0x109F);
}

// Latin letters as people type a name from another script: Russian as the BGN/PCGN
// romanisation spells it in passports and lists ("Шевченко" is "shevchenko", not ICU's
// scholarly "ševčenko"), every other script by ICU's Any-Latin, whose scholarly sibilants are
// then spelled the common way ("शर्मा" is "sharma", not "sarma"), then ASCII in lower case.
constexpr const char16_t* kToLatinRules = uR"rules(
::Russian-Latin/BGN;
::Any-Latin;
::Lower;
[śṣš] > sh;
ž > zh;
č > ch;
::Latin-ASCII;
)rules";

icu::Transliterator* MakeToLatin() {
    UErrorCode status = U_ZERO_ERROR;
    UParseError where{};
    icu::Transliterator* made = icu::Transliterator::createFromRules(
        "AccueilToLatin", icu::UnicodeString(kToLatinRules), UTRANS_FORWARD, where, status);
    if (Failed(status)) {
        delete made; // NOLINT(cppcoreguidelines-owning-memory): ICU hands out raw owners
        return nullptr;
    }
    return made;
}

// One transliterator per thread (one is not meant to be shared between threads), made at
// first use. Null when ICU lacks the data.
icu::Transliterator* ToLatin() {
    thread_local const std::unique_ptr<icu::Transliterator> latin(MakeToLatin());
    // NOLINTNEXTLINE(clang-analyzer-cplusplus.NewDelete): it follows the thread's exit
    return latin.get();
}

struct Scripts {
    bool other = false; ///< a letter outside the Latin script
    bool abjad = false; ///< a letter of a script that writes no short vowels
};

Scripts ScriptsOf(const icu::UnicodeString& text) {
    Scripts found;
    for (int32_t i = 0; i < text.length(); i = text.moveIndex32(i, 1)) {
        const UChar32 cp = text.char32At(i);
        if (u_isalpha(cp) == 0) {
            continue;
        }
        UErrorCode status = U_ZERO_ERROR;
        const UScriptCode script = uscript_getScript(cp, &status);
        if (Failed(status) || script == USCRIPT_LATIN || script == USCRIPT_COMMON ||
            script == USCRIPT_INHERITED) {
            continue;
        }
        found.other = true;
        found.abjad = found.abjad || script == USCRIPT_ARABIC || script == USCRIPT_HEBREW ||
                      script == USCRIPT_SYRIAC || script == USCRIPT_THAANA;
    }
    return found;
}

std::vector<std::string> Words(std::string_view text) {
    std::vector<std::string> words;
    std::string word;
    for (const char c : text) {
        if (c == ' ' || c == '\t' || c == '-' || c == '\'') {
            if (!word.empty()) {
                words.push_back(std::move(word));
                word.clear();
            }
        } else {
            word += c;
        }
    }
    if (!word.empty()) {
        words.push_back(std::move(word));
    }
    return words;
}

std::string Utf8(const icu::UnicodeString& text) {
    std::string out;
    text.toUTF8String(out);
    return out;
}

// The Arabic article "ال" written onto a name ("الهاشمي", al-Hashimi): the name is also found
// without it ("hashimi"), as Latin spellings often leave it out or write it apart.
constexpr std::string_view kArabicArticle = "\u0627\u0644";

// The words of a name to spell, each once: an Arabic word with the article also without it.
std::vector<std::string> WordsToSpell(std::string_view name, bool abjad) {
    std::vector<std::string> words;
    for (std::string& word : Words(name)) {
        const bool article = abjad && word.size() > kArabicArticle.size() + 2 &&
                             word.compare(0, kArabicArticle.size(), kArabicArticle) == 0;
        std::string rest = article ? word.substr(kArabicArticle.size()) : std::string();
        words.push_back(std::move(word));
        if (article) {
            words.push_back(std::move(rest));
        }
    }
    return words;
}

// The Latin spelling of each word of a name, then, where ICU split one word into syllables
// (Chinese), the syllables joined as people write them in Latin letters.
std::string LatinSpelling(std::string_view name, bool abjad, std::string& skeleton) {
    icu::Transliterator* latin = ToLatin();
    if (latin == nullptr) {
        return {};
    }
    std::string out;
    const auto add = [](std::string& to, const std::string& word) {
        if (!word.empty()) {
            to += (to.empty() ? "" : " ") + word;
        }
    };
    for (const std::string& word : WordsToSpell(name, abjad)) {
        icu::UnicodeString spelled = icu::UnicodeString::fromUTF8(word);
        latin->transliterate(spelled);
        const std::string ascii = Utf8(spelled);
        add(out, ascii);
        std::string joined;
        for (const char c : ascii) {
            if (std::isalnum(static_cast<unsigned char>(c)) != 0) {
                joined += c;
            }
        }
        if (joined != ascii) {
            add(out, joined);
        }
        if (abjad) {
            add(skeleton, ConsonantSkeleton(joined));
        }
    }
    return out;
}

} // namespace

std::string FoldAcrossScripts(std::string_view utf8) {
    if (IsAscii(utf8) || !IsValidUtf8(utf8)) {
        return FoldForSearch(utf8);
    }
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
    const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
    if (Failed(status)) {
        return FoldForSearch(utf8);
    }
    const icu::UnicodeString decomposed =
        nfd->normalize(icu::UnicodeString::fromUTF8(
                           icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size()))),
                       status);
    icu::UnicodeString bare;
    for (int32_t i = 0; i < decomposed.length(); i = decomposed.moveIndex32(i, 1)) {
        const UChar32 cp = decomposed.char32At(i);
        if (!IsAccent(cp)) {
            bare.append(cp);
        }
    }
    icu::UnicodeString folded = nfc->normalize(bare, status);
    if (Failed(status)) {
        return FoldForSearch(utf8);
    }
    folded.foldCase();
    return FoldForSearch(Utf8(folded));
}

std::string ConsonantSkeleton(std::string_view asciiWord) {
    std::string out;
    for (const char c : asciiWord) {
        const auto lower = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (lower < 'a' || lower > 'z') {
            continue;
        }
        if (std::string_view("aeiouwy").find(lower) != std::string_view::npos) {
            continue;
        }
        if (out.empty() || out.back() != lower) {
            out += lower;
        }
    }
    return out;
}

SearchText SearchTextOf(std::string_view givenName, std::string_view familyName,
                        std::string_view delegation) {
    std::string name(givenName);
    name += ' ';
    name += familyName;
    SearchText text;
    text.text = FoldAcrossScripts(name + " " + std::string(delegation));
    if (IsAscii(name) || !IsValidUtf8(name)) {
        return text;
    }
    const Scripts scripts = ScriptsOf(icu::UnicodeString::fromUTF8(name));
    if (!scripts.other) {
        return text;
    }
    const std::string latin = LatinSpelling(name, scripts.abjad, text.skeleton);
    if (!latin.empty()) {
        text.text += " " + latin;
    }
    return text;
}

std::string SearchMatch(std::string_view query) {
    const std::string folded = FoldAcrossScripts(query);
    std::string match;
    std::string word;
    const auto flush = [&] {
        if (word.empty()) {
            return;
        }
        std::string term = "text : \"" + word + "\"*";
        const std::string skeleton = IsAscii(word) ? ConsonantSkeleton(word) : std::string();
        if (!skeleton.empty()) {
            term = "(" + term + " OR skeleton : \"" + skeleton + "\"*)";
        }
        match += (match.empty() ? "" : " AND ") + term;
        word.clear();
    };
    for (const char c : folded) {
        const auto u = static_cast<unsigned char>(c);
        if (u >= 0x80 || std::isalnum(u) != 0) {
            word += c;
        } else {
            flush();
        }
    }
    flush();
    return match;
}

} // namespace accueil::core
