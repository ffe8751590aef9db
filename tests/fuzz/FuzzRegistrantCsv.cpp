// SPDX-License-Identifier: Apache-2.0
// The registration-list importer over any bytes: with the default columns and with the Indico
// profile. A list is all rows or an error naming the file; it never crashes or hangs.
#include <accueil/core/EventCalendar.h>
#include <accueil/core/ImportSettings.h>
#include <accueil/core/RegistrantImport.h>
#include <accueil/core/Text.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

using namespace accueil::core;

namespace {

const EventCalendar& Calendar() {
    static const EventCalendar calendar =
        *EventCalendar::Create("Europe/Zurich", {"2025-06-17", "2025-06-18", "2025-06-19"});
    return calendar;
}

const ImportSettings& Indico() {
    static const ImportSettings settings = *ImportProfile("indico");
    return settings;
}

void Check(const Result<RegistrantList>& list) {
    if (!list) {
        // An error names the file it read.
        if (list.error().message.rfind("list.csv", 0) != 0) {
            std::abort();
        }
        return;
    }
    // What is accepted obeys the import's rules.
    for (const Registrant& r : list->registrants) {
        if (r.id.empty() || r.id.size() > 64 || !IsValidUtf8(r.givenName) ||
            TextFieldProblem(r.familyName, 200)) {
            std::abort();
        }
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    Check(ParseRegistrantCsv(text, "list.csv", ImportSettings{}, Calendar()));
    Check(ParseRegistrantCsv(text, "list.csv", Indico(), Calendar()));
    return 0;
}
