// SPDX-License-Identifier: Apache-2.0
#include <accueil/cli/CliSupport.h>

#include <termios.h>
#include <unistd.h>

#include <filesystem>
#include <iostream>
#include <system_error>

namespace accueil::cli {

int Fail(const core::Error& error) {
    std::cerr << "accueil: " << error.message << '\n';
    switch (error.kind) {
    case core::ErrorKind::Config:
        return kExitConfig;
    case core::ErrorKind::Input:
        return kExitInput;
    case core::ErrorKind::Storage:
        return kExitStorage;
    case core::ErrorKind::Auth:
        return kExitAuth;
    case core::ErrorKind::NotFound:
    case core::ErrorKind::Conflict:
        return kExitNotFound;
    }
    return kExitFailure;
}

std::optional<std::string> ReadSecret(const char* prompt) {
    const bool tty = isatty(STDIN_FILENO) != 0;
    termios saved{};
    if (tty) {
        std::cerr << prompt << std::flush;
        tcgetattr(STDIN_FILENO, &saved);
        termios quiet = saved;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    }
    std::string line;
    const bool got = static_cast<bool>(std::getline(std::cin, line));
    if (tty) {
        tcsetattr(STDIN_FILENO, TCSANOW, &saved);
        std::cerr << '\n';
    }
    if (!got) {
        return std::nullopt;
    }
    if (!line.empty() && line.back() == '\r') {
        line.pop_back();
    }
    return line;
}

// Warnings before the summary line, on standard error: a script reading the summary on
// standard output is not disturbed, and an operator sees them above it.
core::Result<core::RegistrantList> ReadListToImport(const std::string& path,
                                                    const core::ImportSettings& settings,
                                                    const core::EventCalendar& calendar) {
    auto list = core::ReadRegistrantCsv(path, settings, calendar);
    if (!list) {
        return core::MakeError(list.error().kind, list.error().message + "\nNothing was imported.");
    }
    for (const auto& warning : list->warnings) {
        std::cerr << "accueil: warning: " << warning << '\n';
    }
    return list;
}

core::Result<core::PhotoFolder> ReadPhotosToImport(const std::string& dir) {
    auto folder = core::ReadPhotoFolder(dir);
    if (!folder) {
        return core::MakeError(folder.error().kind,
                               folder.error().message + "\nNothing was imported.");
    }
    for (const auto& warning : folder->warnings) {
        std::cerr << "accueil: warning: " << warning << '\n';
    }
    return folder;
}

std::string PhotoSummaryLine(const core::PhotoSummary& summary) {
    const int total = summary.added + summary.replaced + summary.unchanged;
    return "Imported " + std::to_string(total) + (total == 1 ? " photo: " : " photos: ") +
           std::to_string(summary.added) + " added, " + std::to_string(summary.replaced) +
           " replaced, " + std::to_string(summary.unchanged) + " unchanged.";
}

core::Result<OpenedKiosk> OpenKiosk(const std::string& configPath, MissingDatabase missing) {
    auto config = core::LoadKioskConfig(configPath);
    if (!config) {
        return std::move(config).error();
    }
    std::error_code error;
    if (missing == MissingDatabase::Refuse &&
        !std::filesystem::exists(config->databasePath, error)) {
        return core::MakeError(core::ErrorKind::Storage,
                               "database " + config->databasePath +
                                   " does not exist: check [kiosk] database in " + configPath +
                                   ", or start the kiosk's list with `accueil import` or "
                                   "`accueil sync --once`");
    }
    auto store = core::AttendanceStore::Open(config->databasePath, config->event, config->id);
    if (!store) {
        return std::move(store).error();
    }
    if (auto zoned = store->setZone(config->zone); !zoned) {
        return std::move(zoned).error();
    }
    return OpenedKiosk{std::move(config).value(), std::move(store).value()};
}

// One option per level rather than CLI11's fallthrough: each command's own --help then lists
// --config, and the innermost value wins when it is given twice.
void AddConfigOption(CLI::App& command, std::string& path, const std::string& file,
                     const std::string& description) {
    command.add_option("--config", path, description)->type_name(file);
    for (CLI::App* sub :
         command.get_subcommands([](CLI::App* s) { return !s->get_name().empty(); })) {
        AddConfigOption(*sub, path, file, description);
    }
}

// Not CLI11's required(): that would insist on the option at one level, while it may be typed
// at any of them. An empty path is as good as none: it names no file.
void RequireConfig(const CLI::App& command, const std::string& path) {
    if (!path.empty()) {
        return;
    }
    std::string name = command.get_name();
    for (const CLI::App* up = command.get_parent(); up != nullptr; up = up->get_parent()) {
        name.insert(0, up->get_name() + " ");
    }
    const std::string file = command.get_option("--config")->get_type_name();
    throw CLI::RequiredError(name + ": --config " + file + " is required",
                             CLI::ExitCodes::RequiredError);
}

} // namespace accueil::cli
