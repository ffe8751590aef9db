// SPDX-License-Identifier: Apache-2.0
#include <accueil/core/ImportSettings.h>
#include <accueil/core/Text.h>

namespace accueil::core {

namespace {

// Indico's registrant export (CSV or XLSX), as written by generate_spreadsheet_from_registrations
// in indico/modules/events/registration/util.py: "ID", "Name", the form's fields ("First Name",
// "Last Name", "Email Address", "Affiliation", …), then "Registration state" among the optional
// columns, holding RegistrationState's title. Only "Completed" lets a delegate in: Indico
// itself treats Rejected and Withdrawn as cancelled, and a Pending or Awaiting payment
// registration is not yet accepted. An event that admits unpaid delegates maps
// "Awaiting payment" = "active" in [import.values.status].
ImportSettings IndicoProfile() {
    ImportSettings s;
    s.profile = "indico";
    s.columns = {{"id", "ID"},
                 {"given_name", "First Name"},
                 {"family_name", "Last Name"},
                 {"delegation", "Affiliation"},
                 {"status", "Registration state"}};
    s.status.set("Completed", "active");
    for (const char* state : {"Pending", "Rejected", "Withdrawn", "Awaiting payment"}) {
        s.status.set(state, "cancelled");
    }
    return s;
}

} // namespace

void ValueMap::set(std::string_view from, std::string to) {
    m_byKey[key(from)] = std::move(to);
}

std::optional<std::string> ValueMap::find(std::string_view text) const {
    if (m_byKey.empty()) {
        return std::nullopt;
    }
    const auto it = m_byKey.find(key(text));
    return it == m_byKey.end() ? std::nullopt : std::optional<std::string>(it->second);
}

std::string ValueMap::key(std::string_view text) {
    return FoldCase(TrimAscii(text));
}

std::string ImportSettings::header(const std::string& field) const {
    const auto it = columns.find(field);
    return it == columns.end() ? field : it->second;
}

const std::vector<std::string>& RegistrantFields() {
    static const std::vector<std::string> fields{
        "id",     "given_name", "family_name", "delegation", "category",
        "role",   "gender",     "days",        "status",     "badge_version",
        "ticket", "language",   "hold_note",   "attention",  "photo"};
    return fields;
}

std::optional<ImportSettings> ImportProfile(std::string_view name) {
    if (name == "indico") {
        return IndicoProfile();
    }
    return std::nullopt;
}

std::vector<std::string> ImportProfileNames() {
    return {"indico"};
}

} // namespace accueil::core
