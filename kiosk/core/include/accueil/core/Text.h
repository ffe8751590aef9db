// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace accueil::core {

/// True when `text` is well-formed UTF-8 (no overlongs, surrogates or code points > U+10FFFF).
bool IsValidUtf8(std::string_view text);

/// What is wrong with a field of text a person typed, if anything: more than `maxChars`
/// characters (code points), or a control character (U+0000–U+001F, U+007F–U+009F; a NUL, a
/// tab or an escape in a name breaks screens, files and terminals later). The text is valid
/// UTF-8 (check that first). Pure; any thread.
std::optional<std::string> TextFieldProblem(std::string_view utf8, std::size_t maxChars);

/// Folds a name for search: lower-case ASCII, and the letters that Unicode does not decompose
/// into a base letter plus a mark (Ł, Ø, Æ, Œ, ß, Đ, Þ, ı …) spelled the way people type them
/// without the key ("l", "o", "ae", "oe", "ss", "d", "th", "i"). Other accents are removed by
/// SQLite's unicode61 tokenizer. Invalid UTF-8 is passed through unchanged.
std::string FoldForSearch(std::string_view utf8);

/// Lower-cases the letters of Latin-1, Greek and Russian's Cyrillic alphabet (A-Z, À-Þ, Α-Ω,
/// А-Я, Ѐ-Џ) for case-insensitive matching; other text, and invalid UTF-8, is kept as it is.
/// Pure; any thread.
std::string FoldCase(std::string_view utf8);

/// Appends the UTF-8 encoding of `cp` (a Unicode scalar value) to `out`. Any thread.
void AppendUtf8(std::string& out, char32_t cp);

/// Trims ASCII white space at both ends.
std::string_view TrimAscii(std::string_view text);

/// A new RFC 9562 UUID version 7 (time-ordered, random tail), lower-case text. Any thread.
std::string NewUuid();
/// A UUID (version 8) that is a hash of `name`: the same name gives the same UUID on every host.
std::string DerivedUuid(std::string_view name);

} // namespace accueil::core
