// SPDX-License-Identifier: Apache-2.0
// Reading Indico's check-in answers (shapes of indico/modules/events/registration/schemas.py:
// CheckinEventSchema, CheckinRegFormSchema, CheckinRegistrationSchema) and mapping them.

#include "IndicoMapping.h"

#include "IndicoApi.h"

#include <accueil/core/Text.h>

#include <algorithm>
#include <cctype>
#include <set>

namespace accueil::sync {

using nlohmann::json;

namespace {

struct Bad {
    std::string what;
};

const json& Member(const json& object, const char* key, json::value_t type, const char* typeName) {
    const auto it = object.find(key);
    if (it == object.end()) {
        throw Bad{std::string("\"") + key + "\" is missing"};
    }
    const bool number = type == json::value_t::number_integer;
    if (number ? !it->is_number_integer() : it->type() != type) {
        throw Bad{std::string("\"") + key + "\" is not " + typeName};
    }
    return *it;
}

std::int64_t Id(const json& object, const char* key) {
    return Member(object, key, json::value_t::number_integer, "a whole number").get<std::int64_t>();
}

std::string Text(const json& object, const char* key) {
    return Member(object, key, json::value_t::string, "a string").get<std::string>();
}

template <class T, class F>
IndicoResult<T> Checked(const std::string& path, const json& answer, const char* what, F&& read) {
    try {
        if (!answer.is_object() && !answer.is_array()) {
            throw Bad{std::string("not ") + what};
        }
        return read();
    } catch (const Bad& bad) {
        return BadAnswer(path, bad.what);
    }
}

std::vector<IndicoPerson> Persons(const IndicoField& field) {
    std::vector<IndicoPerson> persons;
    if (field.data.is_null()) {
        return persons;
    }
    if (!field.data.is_array()) {
        throw Bad{"field \"" + field.title + "\": accompanying persons are not a list"};
    }
    for (const json& p : field.data) {
        if (!p.is_object()) {
            throw Bad{"field \"" + field.title + "\": an accompanying person is not an object"};
        }
        IndicoPerson person{CanonicalUuid(Text(p, "id")), Text(p, "firstName"),
                            Text(p, "lastName")};
        if (person.uuid.empty()) {
            throw Bad{"field \"" + field.title + "\": an accompanying person's id is not a UUID"};
        }
        persons.push_back(std::move(person));
    }
    return persons;
}

void ReadFields(const json& details, IndicoRegistration& out) {
    for (const json& section :
         Member(details, "registration_data", json::value_t::array, "a list")) {
        if (!section.is_object()) {
            throw Bad{"a registration_data section is not an object"};
        }
        for (const json& f : Member(section, "fields", json::value_t::array, "a list")) {
            if (!f.is_object() || !f.contains("data")) {
                throw Bad{"a field of registration_data is not an object with \"data\""};
            }
            IndicoField field{Text(f, "title"), Text(f, "input_type"), f["data"],
                              f.value("choices", json())};
            if (field.inputType == "accompanying_persons") {
                auto persons = Persons(field);
                out.persons.insert(out.persons.end(), persons.begin(), persons.end());
            }
            out.fields.push_back(std::move(field));
        }
    }
}

// A field's answer as text: plain values as they are, a choice as its caption.
std::string FieldText(const IndicoField& field) {
    const json& d = field.data;
    if (d.is_null()) {
        return {};
    }
    if (d.is_string()) {
        return d.get<std::string>();
    }
    if (d.is_number() || d.is_boolean()) {
        return d.dump();
    }
    if (d.is_object() && d.empty()) {
        return {}; // a choice field left unanswered
    }
    // A single choice is {"<choice id>": <places>}; its caption is in "choices".
    if (d.is_object() && d.size() == 1 && field.choices.is_array()) {
        const std::string choice = d.begin().key();
        for (const json& c : field.choices) {
            if (c.is_object() && c.value("id", json()) == choice && c.contains("caption") &&
                c["caption"].is_string()) {
                return c["caption"].get<std::string>();
            }
        }
    }
    throw Bad{"field \"" + field.title + "\": cannot read its answer " + d.dump()};
}

std::string Trim(std::string s) {
    const auto notSpace = [](unsigned char c) { return std::isspace(c) == 0; };
    s.erase(s.begin(), std::find_if(s.begin(), s.end(), notSpace));
    s.erase(std::find_if(s.rbegin(), s.rend(), notSpace).base(), s.end());
    return s;
}

// Names from the personal-data fields, or else from the full name ("Given Family Name" is
// split at the first space: Indico writes the first name first).
void Names(const IndicoRegistration& r, PulledRegistrant& out) {
    for (const IndicoField& f : r.fields) {
        if (f.title == "First Name") {
            out.givenName = Trim(FieldText(f));
        } else if (f.title == "Last Name") {
            out.familyName = Trim(FieldText(f));
        }
    }
    if (out.givenName.empty() && out.familyName.empty()) {
        const std::string full = Trim(r.fullName);
        const auto space = full.find(' ');
        out.givenName = full.substr(0, space);
        out.familyName = space == std::string::npos ? "" : Trim(full.substr(space + 1));
    }
}

void Values(const IndicoRegistration& r, const IndicoConfig& config, PulledRegistrant& out) {
    for (const IndicoField& f : r.fields) {
        const auto mapped = config.fields.find(f.title);
        if (mapped == config.fields.end()) {
            continue;
        }
        std::string value = Trim(FieldText(f));
        if (mapped->second == "gender") {
            const std::string gender = core::NormalizeGender(value);
            if (gender.empty()) {
                throw Bad{"field \"" + f.title + "\": \"" + value +
                          "\" is not a gender we know (female, male, other, undisclosed)"};
            }
            value = gender;
        }
        out.values[mapped->second] = value;
    }
    for (const std::string& tag : r.tags) {
        if (const auto action = config.tags.find(tag); action != config.tags.end()) {
            const bool hold = action->second.kind == IndicoTagAction::Kind::Hold;
            out.values[hold ? "hold" : "category"] = action->second.value;
        }
    }
}

void Apply(const PulledRegistrant& p, core::Registrant& row) {
    row.givenName = p.givenName;
    row.familyName = p.familyName;
    row.ticket = p.ticket;
    row.status = p.status;
    row.provisional = false;
    for (const auto& [field, value] : p.values) {
        if (field == "gender") {
            row.gender = value;
        } else if (field == "delegation") {
            row.delegation = value;
        } else if (field == "category") {
            row.category = value;
        } else if (field == "role") {
            row.role = value;
        } else if (field == "language") {
            row.language = value;
        } else if (field == "hold") {
            row.holdNote = value;
        }
    }
}

} // namespace

std::string CanonicalUuid(const std::string& text) {
    if (text.size() != 36) {
        return {};
    }
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? c != '-' : std::isxdigit(c) == 0) {
            return {};
        }
        out += static_cast<char>(std::tolower(c));
    }
    return out;
}

IndicoResult<std::string> ParseEvent(const json& answer, const std::string& path,
                                     std::int64_t eventId) {
    return Checked<std::string>(path, answer, "an event", [&]() -> IndicoResult<std::string> {
        if (Id(answer, "id") != eventId) {
            throw Bad{"the event is " + std::to_string(Id(answer, "id")) + ", not " +
                      std::to_string(eventId)};
        }
        return Text(answer, "title");
    });
}

IndicoResult<std::vector<std::int64_t>> ParseForms(const json& answer, const std::string& path) {
    using Ids = std::vector<std::int64_t>;
    return Checked<Ids>(path, answer, "a list", [&]() -> IndicoResult<Ids> {
        if (!answer.is_array()) {
            throw Bad{"not a list of forms"};
        }
        Ids ids;
        for (const auto& form : answer) {
            if (!form.is_object()) {
                throw Bad{"a form is not an object"};
            }
            ids.push_back(Id(form, "id"));
        }
        return ids;
    });
}

IndicoResult<IndicoRegistration> ParseRegistration(const json& answer, const std::string& path,
                                                   bool details) {
    using R = IndicoRegistration;
    return Checked<R>(path, answer, "a registration", [&]() -> IndicoResult<R> {
        if (!answer.is_object()) {
            throw Bad{"a registration is not an object"};
        }
        R r;
        r.id = Id(answer, "id");
        const std::string where = "registration " + std::to_string(r.id) + ": ";
        try {
            r.formId = Id(answer, "regform_id");
            r.ticket = CanonicalUuid(Text(answer, "checkin_secret"));
            if (r.ticket.empty()) {
                throw Bad{"\"checkin_secret\" is not a UUID"};
            }
            r.state = Text(answer, "state");
            const auto& states = IndicoStates();
            if (std::find(states.begin(), states.end(), r.state) == states.end()) {
                throw Bad{R"("state" ")" + r.state + R"(" is not one of Indico's states)"};
            }
            r.checkedIn =
                Member(answer, "checked_in", json::value_t::boolean, "true or false").get<bool>();
            r.fullName = Text(answer, "full_name");
            for (const auto& tag : Member(answer, "tags", json::value_t::array, "a list")) {
                if (!tag.is_object()) {
                    throw Bad{"a tag is not an object"};
                }
                r.tags.push_back(Text(tag, "title"));
            }
            const auto picture = answer.find("personal_data_picture");
            if (picture != answer.end() && !picture->is_null()) {
                r.picture = Text(answer, "personal_data_picture");
            }
            if (details) {
                ReadFields(answer, r);
            }
        } catch (const Bad& bad) {
            throw Bad{where + bad.what};
        }
        return r;
    });
}

namespace {

// The same limits as a CSV import's: at most 200 characters a field, no control characters
// (what a delegate typed into Indico's form reaches the kiosk's screen and the reports).
void CheckText(const PulledRegistrant& p) {
    std::vector<std::pair<std::string, const std::string*>> fields{{"First Name", &p.givenName},
                                                                   {"Last Name", &p.familyName}};
    for (const auto& [field, value] : p.values) {
        fields.emplace_back(field, &value);
    }
    for (const auto& [name, value] : fields) {
        if (!core::IsValidUtf8(*value)) {
            throw Bad{"field \"" + name + "\": not valid UTF-8"};
        }
        if (auto why = core::TextFieldProblem(*value, 200)) {
            throw Bad{"field \"" + name + "\": " + *why};
        }
    }
}

PulledRegistrant Host(const IndicoRegistration& r, const IndicoConfig& config) {
    PulledRegistrant host;
    host.id = std::to_string(r.id);
    host.ticket = r.ticket;
    host.status = config.states.at(r.state);
    Names(r, host);
    Values(r, config, host);
    return host;
}

PulledRegistrant Companion(const PulledRegistrant& host, int hostIndex,
                           const IndicoPerson& person) {
    PulledRegistrant p;
    p.id = host.id + "-" + person.uuid.substr(0, 8);
    p.ticket = host.ticket + "/" + person.uuid;
    p.givenName = Trim(person.firstName);
    p.familyName = Trim(person.lastName);
    p.values["role"] = "Accompanying person";
    p.host = hostIndex;
    return p;
}

} // namespace

IndicoResult<std::vector<PulledRegistrant>>
MapRegistrations(const std::vector<IndicoRegistration>& registrations, const IndicoConfig& config) {
    std::vector<PulledRegistrant> out;
    std::set<std::string> ids;
    std::set<std::string> tickets;
    const auto add = [&](PulledRegistrant p) {
        CheckText(p);
        // Two rows with one ID or one ticket would overwrite each other without a word.
        if (!ids.insert(p.id).second || !tickets.insert(p.ticket).second) {
            throw Bad{"the ID " + p.id + " or the ticket " + p.ticket + " appears twice"};
        }
        out.push_back(std::move(p));
    };
    for (const IndicoRegistration& r : registrations) {
        try {
            const int hostIndex = static_cast<int>(out.size());
            add(Host(r, config));
            for (const IndicoPerson& person : r.persons) {
                add(Companion(out[static_cast<std::size_t>(hostIndex)], hostIndex, person));
            }
        } catch (const Bad& bad) {
            return IndicoError{IndicoErrorKind::Data, "registration " + std::to_string(r.id) +
                                                          ": " + bad.what +
                                                          "; nothing was applied"};
        }
    }
    return out;
}

RegistrantBatches PlanPull(const std::vector<PulledRegistrant>& pulled,
                           const std::vector<core::Registrant>& current) {
    std::map<std::string, const core::Registrant*> byTicket;
    std::map<std::string, const core::Registrant*> byId;
    for (const core::Registrant& r : current) {
        if (!r.ticket.empty()) {
            byTicket[r.ticket] = &r;
        }
        byId[r.id] = &r;
    }
    RegistrantBatches batches(2);
    std::vector<core::Registrant>& rows = batches[0];
    std::set<std::string> seen;
    for (const PulledRegistrant& p : pulled) {
        const auto t = byTicket.find(p.ticket);
        const auto i = byId.find(p.id);
        core::Registrant row;
        row.id = p.id;
        if (t != byTicket.end()) {
            row = *t->second;
        } else if (i != byId.end()) {
            row = *i->second;
        }
        Apply(p, row);
        if (p.host >= 0) {
            // The host's row is already in `rows`, at the same index (one row per pulled one).
            const core::Registrant& host = rows[static_cast<std::size_t>(p.host)];
            row.delegation = host.delegation;
            row.days = host.days;
            row.status = host.status;
        }
        seen.insert(p.ticket);
        rows.push_back(std::move(row));
    }
    for (const core::Registrant& r : current) {
        if (!r.ticket.empty() && !r.provisional && r.status == core::RegistrantStatus::Active &&
            !seen.contains(r.ticket)) {
            core::Registrant cancelled = r;
            cancelled.status = core::RegistrantStatus::Cancelled;
            batches[1].push_back(std::move(cancelled));
        }
    }
    return batches;
}

} // namespace accueil::sync
