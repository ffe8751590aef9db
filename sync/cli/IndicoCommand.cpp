// SPDX-License-Identifier: Apache-2.0
// accueil indico pull | push: the registration list from Indico's check-in API, and check-ins
// back to it.

#include "OpenCentral.h"

#include <accueil/cli/CliSupport.h>
#include <accueil/cli/SyncCommands.h>
#include <accueil/sync/Indico.h>

#include <nlohmann/json.hpp>

#include <iostream>

namespace accueil::cli {

namespace {

struct IndicoOptions {
    std::string config;
    bool json = false;
};

// Exit statuses of `accueil indico` beyond the shared ones, with the meanings `accueil sync`
// gives them (docs/cli.md).
constexpr int kExitNetwork = 10; ///< Indico could not be reached, or the answer was cut
constexpr int kExitServer = 11;  ///< Indico answered 5xx or 429, after retries
constexpr int kExitData = 12;    ///< Indico's answer was unusable; nothing was changed

int ExitFor(const sync::IndicoError& e) {
    std::cerr << "accueil: Indico (" << sync::ToString(e.kind) << "): " << e.message << '\n';
    switch (e.kind) {
    case sync::IndicoErrorKind::Config:
        return kExitConfig;
    case sync::IndicoErrorKind::Network:
        return kExitNetwork;
    case sync::IndicoErrorKind::Server:
        return kExitServer;
    case sync::IndicoErrorKind::Auth:
        return kExitAuth;
    case sync::IndicoErrorKind::NotFound:
        return kExitNotFound;
    case sync::IndicoErrorKind::Data:
        return kExitData;
    case sync::IndicoErrorKind::Storage:
        return kExitStorage;
    case sync::IndicoErrorKind::Cancelled:
        return kExitFailure;
    }
    return kExitFailure;
}

sync::IndicoRunOptions RunOptions(const OpenedCentral& c) {
    sync::IndicoRunOptions run;
    run.photosDir = sync::IndicoPhotosDir(c.config);
    return run;
}

nlohmann::json ToJson(const sync::IndicoPullSummary& s) {
    return {{"event", s.eventId},
            {"registrations", s.registrations},
            {"accompanying", s.accompanying},
            {"added", s.added},
            {"updated", s.updated},
            {"cancelled", s.cancelled},
            {"unchanged", s.unchanged},
            {"photos", s.photos},
            {"photos_unreadable", s.photosUnreadable}};
}

nlohmann::json ToJson(const sync::IndicoPushSummary& s) {
    return {{"registrations", s.registrations},
            {"sent", s.sent},
            {"already_checked_in", s.alreadyCheckedIn},
            {"not_arrived", s.notArrived}};
}

// The summary on standard output, as a sentence or as one JSON object; an error on standard
// error, with its exit status.
template <class Summary> int Report(const sync::IndicoResult<Summary>& result, bool json) {
    if (!result) {
        return ExitFor(result.error());
    }
    std::cout << (json ? ToJson(*result).dump() : sync::Describe(*result) + ".") << '\n';
    return kExitOk;
}

int RunPush(const IndicoOptions& options, OpenedCentral& c) {
    return Report(sync::PushCheckinsToIndico(*c.config.indico, *c.store, RunOptions(c)),
                  options.json);
}

// With push_checkins set, a pull is followed by a push, as in `central serve`.
int RunPull(const IndicoOptions& options, OpenedCentral& c) {
    const int status =
        Report(sync::PullFromIndico(*c.config.indico, *c.store, RunOptions(c)), options.json);
    return status == kExitOk && c.config.indico->pushCheckins ? RunPush(options, c) : status;
}

// Every indico command needs the central and its [indico] table: checked before it runs.
void OnRun(CLI::App* command, const std::shared_ptr<IndicoOptions>& opt,
           int (*run)(const IndicoOptions&, OpenedCentral&), int& exitCode) {
    command->callback([command, opt, run, &exitCode] {
        RequireConfig(*command, opt->config);
        auto c = OpenCentral(opt->config, false);
        if (!c) {
            exitCode = Fail(c.error());
        } else if (!c->config.indico) {
            exitCode = Fail(core::MakeError(core::ErrorKind::Config,
                                            opt->config + ": [indico]: missing section"));
        } else if (auto open = RefuseIfPurged(*c, "talking to Indico"); !open) {
            exitCode = Fail(open.error());
        } else {
            exitCode = run(*opt, *c);
        }
    });
}

} // namespace

void RegisterIndico(CLI::App& app, int& exitCode) {
    auto opt = std::make_shared<IndicoOptions>();
    CLI::App* indico = app.add_subcommand(
        "indico", "The registration list from Indico's check-in API ([indico] in central.toml).");
    indico->require_subcommand(1);
    CLI::App* pull = indico->add_subcommand(
        "pull", "Pull every registration of the event into the central (a full list, applied "
                "as a diff; all or nothing).");
    pull->add_flag("--json", opt->json, "print the counts as one JSON object");
    OnRun(pull, opt, RunPull, exitCode);
    CLI::App* push = indico->add_subcommand(
        "push", "Mark checked in, in Indico, everyone who checked in at a door.");
    push->add_flag("--json", opt->json, "print the counts as one JSON object");
    OnRun(push, opt, RunPush, exitCode);
    indico->footer("Exit status: 0 done; 3 config or token file; 5 central database; 6 token "
                   "refused (401/403);\n7 event or form not found (404); 10 network; 11 Indico "
                   "failing (5xx/429) after retries;\n12 unusable answer (nothing changed).");
    AddConfigOption(*indico, opt->config, "CENTRAL.toml", "the central's configuration (required)");
}

} // namespace accueil::cli
