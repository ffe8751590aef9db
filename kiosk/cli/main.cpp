// SPDX-License-Identifier: Apache-2.0
// accueil: the headless command (import, check-in, search, staff, reports, demo data).

#include "KioskCommands.h"

#include <accueil/cli/CliSupport.h>
#include <accueil/cli/SyncCommands.h>

int main(int argc, char** argv) {
    CLI::App app{"Accueil: on-site check-in for intergovernmental conferences.\n"
                 "Headless tools for the registration list, check-ins, staff and reports.",
                 "accueil"};
    app.require_subcommand(1);
    app.set_version_flag("--version", "accueil 0.1.0");
    int exitCode = accueil::cli::kExitOk;
    accueil::cli::RegisterImport(app, exitCode);
    accueil::cli::RegisterCheckin(app, exitCode);
    accueil::cli::RegisterFind(app, exitCode);
    accueil::cli::RegisterStaff(app, exitCode);
    accueil::cli::RegisterReport(app, exitCode);
    accueil::cli::RegisterDemoData(app, exitCode);
    accueil::cli::RegisterSync(app, exitCode);
    accueil::cli::RegisterCentral(app, exitCode);
    accueil::cli::RegisterBadge(app, exitCode);
    accueil::cli::RegisterScan(app, exitCode);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? 0 : accueil::cli::kExitUsage;
    }
    return exitCode;
}
