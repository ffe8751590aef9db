// SPDX-License-Identifier: Apache-2.0
#pragma once

// The words of the documents a secretariat hands on (the XLSX and PDF reports of
// docs/reports.md): one table per language, here and nowhere else. Header-only, so anything
// that shows the same figures to people (a dashboard) can take the same words.

#include <accueil/core/Config.h>

#include <array>
#include <string>
#include <string_view>

namespace accueil::cli {

/// Titles, headers and labels of the report documents in one language.
struct DocumentLabels {
    const char* language; ///< "en", "fr"
    const char* reportTitle;
    // Sheet names (at most 31 characters, none of []:*?/\).
    const char* summarySheet;
    const char* rowsSheet;
    const char* delegationsSheet;
    const char* categoriesSheet;
    const char* groupsSheet;
    const char* arrivalsSheet;
    const char* insideSheet;
    // The summary.
    const char* event;
    const char* venue;
    const char* dates;
    const char* asOf; ///< before the moment the figures stand at: "As of", "Situation au"
    const char* figures;
    const char* frozen;
    const char* live;
    const char* frozenDays;
    const char* distinctParticipants;
    const char* headsOfDelegation;
    // Table titles.
    const char* byDelegationTitle;
    const char* byCategoryTitle;
    const char* groupsTitle;
    const char* arrivalsTitle;
    const char* genderByGroupTitle;
    const char* insideTitle;
    const char* continued;
    // Column headers.
    const char* delegation;
    const char* category;
    const char* gender;
    const char* group;
    const char* categories;
    const char* delegations;
    const char* names;
    const char* women;
    const char* men;
    const char* other;
    const char* undisclosed;
    const char* present;
    const char* womenShare;
    const char* day;
    const char* dimension;
    const char* value;
    const char* expected;
    const char* admitted;
    const char* walkIns;
    const char* notArrived;
    const char* quarterFrom;
    const char* arrivals;
    const char* zone;
    const char* inside;
    // The rows' dimension and value words ("total"/"all", the genders are the columns' words).
    const char* total;
    const char* all;
    // Dates and numbers.
    std::array<const char*, 12> months;
    const char* rangeFrom; ///< "from 17 June 2025 to 20 June 2025": "from", "du"
    const char* rangeTo;   ///< "to", "au"
    const char* meetingDays;
    const char* page;   ///< "Page 2 of 5": "Page"
    const char* pageOf; ///< "of", "sur"
    char decimalSeparator;
    const char* percentSuffix; ///< after a share as text: "%", " %" (French puts a space)
    const char* percentFormat; ///< the spreadsheet's number format for shares
    const char* nobodyArrived;
    const char* colon; ///< between a label and its value: ": ", " : "
    const char* peak;  ///< before a day's busiest quarter on the arrivals chart
};

inline constexpr DocumentLabels kEnglishLabels{
    "en",
    "Attendance report",
    "Summary",
    "Rows",
    "Delegations",
    "Categories",
    "Groups",
    "Arrivals",
    "Inside now",
    "Event",
    "Venue",
    "Dates",
    "As of",
    "Figures",
    "frozen (the day's snapshot)",
    "live (computed from the log when printed)",
    "Frozen days",
    "Distinct participants",
    "Heads of delegation",
    "Attendance by delegation and gender",
    "Attendance by category and gender",
    "Delegations by group",
    "Arrivals per 15 minutes",
    "Gender balance by delegation group",
    "Inside now",
    "(continued)",
    "Delegation",
    "Category",
    "Gender",
    "Group",
    "Categories",
    "Delegations",
    "Names",
    "Women",
    "Men",
    "Other",
    "Undisclosed",
    "Present",
    "% women",
    "Day",
    "Dimension",
    "Value",
    "Expected",
    "Admitted",
    "Walk-ins",
    "Not arrived",
    "From",
    "Arrivals",
    "Zone",
    "Inside",
    "Total",
    "all",
    {"January", "February", "March", "April", "May", "June", "July", "August", "September",
     "October", "November", "December"},
    "from",
    "to",
    "meeting days",
    "Page",
    "of",
    '.',
    "%",
    "0.0%",
    "Nobody arrived on these days.",
    ": ",
    "busiest",
};

inline constexpr DocumentLabels kFrenchLabels{
    "fr",
    "Rapport de participation",
    "Résumé",
    "Lignes",
    "Délégations",
    "Catégories",
    "Groupes",
    "Arrivées",
    "Présents sur place",
    "Réunion",
    "Lieu",
    "Dates",
    "Situation au",
    "Chiffres",
    "figés (instantané du jour)",
    "en direct (calculés à partir du journal à l'impression)",
    "Jours figés",
    "Participants distincts",
    "Chefs de délégation",
    "Participation par délégation et par genre",
    "Participation par catégorie et par genre",
    "Délégations par groupe",
    "Arrivées par quart d'heure",
    "Équilibre femmes-hommes par groupe de délégations",
    "Présents sur place",
    "(suite)",
    "Délégation",
    "Catégorie",
    "Genre",
    "Groupe",
    "Catégories",
    "Délégations",
    "Noms",
    "Femmes",
    "Hommes",
    "Autre",
    "Non précisé",
    "Présents",
    "% de femmes",
    "Jour",
    "Dimension",
    "Valeur",
    "Attendus",
    "Admis",
    "Inscrits sur place",
    "Non arrivés",
    "De",
    "Arrivées",
    "Zone",
    "Présents",
    "Total",
    "tous",
    {"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
     "octobre", "novembre", "décembre"},
    "du",
    "au",
    "jours de réunion",
    "Page",
    "sur",
    ',',
    " %",
    "0.0 %",
    "Personne n'est arrivé ces jours-là.",
    " : ",
    "pointe",
};

/// The languages the documents are written in.
inline constexpr std::array<std::string_view, 2> kDocumentLanguages{"en", "fr"};

/// The labels of `language` ("en" or "fr"); English for any other. Any thread.
inline const DocumentLabels& LabelsFor(std::string_view language) {
    return language == "fr" ? kFrenchLabels : kEnglishLabels;
}

/// The language a document is written in when none is asked for: the event's first working
/// language ([event] languages) when the documents have it, else English. Any thread.
inline std::string DefaultDocumentLanguage(const core::EventConfig& event) {
    if (!event.languages.empty()) {
        for (std::string_view known : kDocumentLanguages) {
            if (event.languages.front() == known) {
                return std::string(known);
            }
        }
    }
    return "en";
}

} // namespace accueil::cli
