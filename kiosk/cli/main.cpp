// SPDX-License-Identifier: Apache-2.0
// accueil: the headless command (the registration list, check-ins, search, staff, reports,
// badges, demo data; a kiosk's sync with the central and the central itself).

#include "KioskCommands.h"

#include <accueil/cli/CliSupport.h>
#include <accueil/cli/SyncCommands.h>

#include <exception>
#include <iostream>

namespace {

int Run(int argc, char** argv) {
    using namespace accueil::cli;
    CLI::App app{"Accueil: on-site check-in for intergovernmental conferences.\n"
                 "Headless tools for the registration list, check-ins, staff and reports.",
                 "accueil"};
    app.require_subcommand(1);
    app.set_version_flag("--version", "accueil " ACCUEIL_VERSION);
    int exitCode = kExitOk;
    RegisterImport(app, exitCode);
    RegisterPhotos(app, exitCode);
    RegisterCheckin(app, exitCode);
    RegisterDesk(app, exitCode);
    RegisterFind(app, exitCode);
    RegisterStaff(app, exitCode);
    RegisterReport(app, exitCode);
    RegisterDemoData(app, exitCode);
    RegisterSync(app, exitCode);
    RegisterCentral(app, exitCode);
    RegisterIndico(app, exitCode);
    RegisterEnrol(app, exitCode);
    RegisterBadge(app, exitCode);
    RegisterScan(app, exitCode);
    RegisterTimers(app, exitCode);
    RegisterPurge(app, exitCode);
    RegisterDoctor(app, exitCode);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        // Usage errors, including a missing --config, print their message here; --help and
        // --version are not errors.
        const int code = app.exit(e);
        return code == 0 ? kExitOk : kExitUsage;
    }
    return exitCode;
}

} // namespace

int main(int argc, char** argv) {
    try {
        return Run(argc, argv);
    } catch (const std::exception& e) {
        // A failure no command foresaw (say, a folder that cannot be created): one line and
        // status 1, as docs/cli.md promises, rather than an abort.
        std::cerr << "accueil: " << e.what() << '\n';
        return accueil::cli::kExitFailure;
    }
}
