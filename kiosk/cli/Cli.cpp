// SPDX-License-Identifier: Apache-2.0
#include "Cli.h"

#include <iostream>

namespace accueil::cli {

int Fail(const kiosk::Error& error) {
    std::cerr << "accueil: " << error.message << '\n';
    switch (error.kind) {
    case kiosk::ErrorKind::Config:
        return kExitConfig;
    case kiosk::ErrorKind::Input:
        return kExitInput;
    case kiosk::ErrorKind::Storage:
        return kExitStorage;
    case kiosk::ErrorKind::Auth:
        return kExitAuth;
    case kiosk::ErrorKind::NotFound:
    case kiosk::ErrorKind::Conflict:
        return kExitNotFound;
    }
    return kExitFailure;
}

std::optional<Opened> OpenKiosk(const std::string& configPath, int& exitCode) {
    auto config = kiosk::LoadKioskConfig(configPath);
    if (!config) {
        exitCode = Fail(config.error());
        return std::nullopt;
    }
    auto store = kiosk::AttendanceStore::Open(config->databasePath, config->event, config->id);
    if (!store) {
        exitCode = Fail(store.error());
        return std::nullopt;
    }
    return Opened{std::move(config).value(), std::move(store).value()};
}

} // namespace accueil::cli
