// SPDX-License-Identifier: Apache-2.0
#pragma once

// Name search across scripts: what the search index holds for a registrant, and the query
// staff type turned into a match over it. Staff at a door type on a Latin keyboard; the list
// holds names in every script. So beside the name as written (folded: case, accents and marks
// in every script, Greek tonos included), the index holds its Latin spelling (ICU's Any-Latin:
// "Иванов" is "ivanov", "王小明" is "wang xiao ming" and "wangxiaoming"), and for scripts that
// do not write short vowels (Arabic, Hebrew) the consonant skeleton of that spelling, which a
// Latin spelling with vowels also has ("فاطمة" is "fatmt", skeleton "ftmt"; "fatima" is "ftm").

#include <string>
#include <string_view>

namespace accueil::core {

/// The two columns of the search index for one registrant.
struct SearchText {
    std::string text;     ///< folded name and delegation, then the name's Latin spelling
    std::string skeleton; ///< consonant skeletons of the name's words, for Arabic and Hebrew
};

/// What the index holds for a registrant. Pure; any thread (ICU's transliterator is kept per
/// thread).
SearchText SearchTextOf(std::string_view givenName, std::string_view familyName,
                        std::string_view delegation);

/// The FTS5 MATCH expression for what staff typed: every word a prefix of a word of the name
/// (as written or in Latin letters), or, for a Latin word, its skeleton a prefix of a skeleton.
/// Nothing typed is FTS syntax. Empty when the query has no word. Pure; any thread.
std::string SearchMatch(std::string_view query);

/// Folds text for search: lower case, marks removed in every script (Greek tonos and
/// diaeresis, Cyrillic breve, Latin accents), and the letters Unicode does not decompose spelled
/// as people type them without the key (see FoldForSearch). Pure; any thread.
std::string FoldAcrossScripts(std::string_view utf8);

/// The consonant skeleton of a word in lower-case ASCII: vowels (a e i o u, and w y, which
/// Arabic script writes for long vowels) and everything not a letter removed, doubled letters
/// made one ("mohammed" is "mhmd"). Pure; any thread.
std::string ConsonantSkeleton(std::string_view asciiWord);

/// The SQL of the search index (an FTS5 table `registrant_search` with the two columns), for
/// the schema and for the purge that empties it.
extern const char* const kSearchIndexTable;

} // namespace accueil::core
