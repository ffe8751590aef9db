// SPDX-License-Identifier: Apache-2.0
#include <accueil/core/Csv.h>
#include <accueil/core/DemoRegistrants.h>
#include <accueil/core/RegistrantImport.h>

#include <array>
#include <random>
#include <string>
#include <string_view>

namespace accueil::core {

namespace {

struct Name {
    std::string_view given;
    char gender; // f, m, x
};

// clang-format off
// Given names with their usual gender, from many languages and scripts.
constexpr std::array<Name, 48> kGiven{{
    {"Amina", 'f'},     {"Lukas", 'm'},     {"Zoë", 'f'},        {"José", 'm'},
    {"Ngozi", 'f'},     {"Søren", 'm'},     {"Małgorzata", 'f'}, {"François", 'm'},
    {"Aiyana", 'f'},    {"Tomás", 'm'},     {"Ελένη", 'f'},       {"Γιώργος", 'm'},
    {"Анна", 'f'},      {"Дмитрий", 'm'},   {"فاطمة", 'f'},       {"محمد", 'm'},
    {"美玲", 'f'},       {"伟", 'm'},         {"Priya", 'f'},       {"Arjun", 'm'},
    {"Chiara", 'f'},    {"Björn", 'm'},     {"Ayşe", 'f'},        {"Çağan", 'm'},
    {"Nguyễn Thị", 'f'}, {"Kwame", 'm'},    {"Leilani", 'f'},     {"Mateus", 'm'},
    {"Ingrid", 'f'},    {"Hiroshi", 'm'},   {"Sakura", 'f'},      {"Oluwaseun", 'x'},
    {"Alex", 'x'},      {"Dominique", 'x'}, {"Élodie", 'f'},      {"Jürgen", 'm'},
    {"Zsófia", 'f'},    {"Ørjan", 'm'},     {"Ioana", 'f'},       {"Nikola", 'm'},
    {"Marisol", 'f'},   {"Juan Pablo", 'm'}, {"Thandiwe", 'f'},   {"Tendai", 'x'},
    {"Aroha", 'f'},     {"Rahul", 'm'},     {"Lucía", 'f'},       {"Kofi", 'm'},
}};

constexpr std::array<std::string_view, 40> kFamily{{
    "Diallo",     "Müller",        "Łukasiewicz",  "García Márquez", "Okonkwo",    "Nørgaard",
    "Côté",       "Dubois",        "Ελευθερίου",   "Παπαδόπουλος",   "Добрынина",  "Иванов",
    "الهاشمي",     "بن علي",         "王",            "李",              "Sharma",     "Rossi",
    "Andersson",  "Yılmaz",        "Trần",         "Mensah",         "Kealoha",    "Silva",
    "Haugen",     "Tanaka",        "Adeyemi",      "Smith",          "Lefèvre",    "Schröder",
    "Kovács",     "Ødegård",       "Popescu",      "Petrović",       "Fernández",  "Dlamini",
    "Ngata",      "Gupta",         "Ó Súilleabháin", "Asante",
}};

struct Delegation {
    std::string_view name;
    std::string_view category;
};

constexpr std::array<Delegation, 40> kDelegations{{
    {"Switzerland", "State Party"},
    {"France", "State Party"},
    {"Côte d'Ivoire", "State Party"},
    {"Senegal", "State Party"},
    {"Norway", "State Party"},
    {"Colombia", "State Party"},
    {"Cambodia", "State Party"},
    {"Mozambique", "State Party"},
    {"Germany", "State Party"},
    {"Iraq", "State Party"},
    {"Türkiye", "State Party"},
    {"Greece", "State Party"},
    {"Ukraine", "State Party"},
    {"Afghanistan", "State Party"},
    {"Chile", "State Party"},
    {"Japan", "State Party"},
    {"Nigeria", "State Party"},
    {"Sri Lanka", "State Party"},
    {"Poland", "State Party"},
    {"Algeria", "State Party"},
    {"New Zealand", "State Party"},
    {"Viet Nam", "State Party"},
    {"Zimbabwe", "State Party"},
    {"Ghana", "State Party"},
    {"Ireland", "State Party"},
    {"Brazil", "State Party"},
    {"United States of America", "State not party"},
    {"Russian Federation", "State not party"},
    {"China", "State not party"},
    {"India", "State not party"},
    {"International Committee of the Red Cross", "International organisation"},
    {"United Nations Development Programme", "International organisation"},
    {"Geneva International Centre for Humanitarian Demining", "International organisation"},
    {"United Nations Mine Action Service", "International organisation"},
    {"International Campaign to Ban Landmines", "NGO"},
    {"Humanity & Inclusion", "NGO"},
    {"HALO Trust", "NGO"},
    {"Norwegian People's Aid", "NGO"},
    {"Agence France-Presse", "Media"},
    {"Implementation Support Unit", "Secretariat"},
}};

constexpr std::array<std::string_view, 6> kRoles{{
    "Head of delegation", "Delegate", "Delegate", "Adviser", "Expert", "Observer",
}};

// clang-format on

// "REG-000042" for the 42nd: at least six digits, zero-padded.
std::string DemoId(int number) {
    std::string digits = std::to_string(number);
    if (digits.size() < 6) {
        digits.insert(0, 6 - digits.size(), '0');
    }
    return "REG-" + digits;
}

} // namespace

std::vector<Registrant> GenerateDemoRegistrants(int count, const std::vector<std::string>& days,
                                                std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    const auto pick = [&](std::size_t n) {
        return static_cast<std::size_t>(std::uniform_int_distribution<std::size_t>(0, n - 1)(rng));
    };
    std::vector<Registrant> out;
    out.reserve(static_cast<std::size_t>(std::max(count, 0)));
    for (int i = 1; i <= count; ++i) {
        Registrant r;
        r.id = DemoId(i);
        const Name& given = kGiven[pick(kGiven.size())];
        r.givenName = std::string(given.given);
        r.familyName = std::string(kFamily[pick(kFamily.size())]);
        r.gender = given.gender == 'f' ? "female" : given.gender == 'm' ? "male" : "other";
        if (pick(40) == 0) {
            r.gender = "undisclosed";
        }
        const Delegation& d = kDelegations[pick(kDelegations.size())];
        r.delegation = std::string(d.name);
        r.category = std::string(d.category);
        r.role = d.category == "Media"         ? "Journalist"
                 : d.category == "Secretariat" ? "Staff"
                                               : std::string(kRoles[pick(kRoles.size())]);
        if (pick(100) < 3) {
            r.status = RegistrantStatus::Cancelled;
        }
        if (pick(100) < 15 && days.size() > 1) {
            // A subset of the days, never empty.
            for (const auto& day : days) {
                if (pick(2) == 0) {
                    r.days.push_back(day);
                }
            }
            if (r.days.empty()) {
                r.days.push_back(days[pick(days.size())]);
            }
            if (r.days.size() == days.size()) {
                r.days.pop_back();
            }
        }
        if (pick(100) < 2) {
            r.badgeVersion = 2;
        }
        out.push_back(std::move(r));
    }
    return out;
}

std::string ToCsv(const std::vector<Registrant>& registrants) {
    std::string out;
    for (const auto& column : DefaultRegistrantColumns()) {
        out += (out.empty() ? "" : ",") + column;
    }
    out += "\r\n";
    for (const auto& r : registrants) {
        std::string days;
        for (const auto& d : r.days) {
            days += (days.empty() ? "" : ";") + d;
        }
        out += CsvCell(r.id) + ',' + CsvCell(r.givenName) + ',' + CsvCell(r.familyName) + ',' +
               CsvCell(r.delegation) + ',' + CsvCell(r.category) + ',' + CsvCell(r.role) + ',' +
               CsvCell(r.gender) + ',' + (days.empty() ? "all" : days) + ',' + ToString(r.status) +
               ',' + std::to_string(r.badgeVersion) + "\r\n";
    }
    return out;
}

} // namespace accueil::core
