// SPDX-License-Identifier: Apache-2.0
#include <accueil/cli/CliSupport.h>

#include <iostream>

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

core::Result<OpenedKiosk> OpenKiosk(const std::string& configPath) {
    auto config = core::LoadKioskConfig(configPath);
    if (!config) {
        return std::move(config).error();
    }
    auto store = core::AttendanceStore::Open(config->databasePath, config->event, config->id);
    if (!store) {
        return std::move(store).error();
    }
    return OpenedKiosk{std::move(config).value(), std::move(store).value()};
}

} // namespace accueil::cli
