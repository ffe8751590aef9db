// SPDX-License-Identifier: Apache-2.0
#pragma once

// The kiosk's subcommands of `accueil`. Each registers itself on the top-level app and, when it
// runs, sets `exitCode`. Called on the main thread while the parser is built.

#include <accueil/cli/CliSupport.h>
#include <accueil/core/Registrant.h>
#include <accueil/scanner/BadgeClaim.h>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <optional>

namespace accueil::cli {

/// `accueil import`: the registration list from a CSV file, all rows or none.
void RegisterImport(CLI::App& app, int& exitCode);
/// `accueil photos import --config K DIR`.
void RegisterPhotos(CLI::App& app, int& exitCode);
/// `accueil checkin`: one scan decided and recorded, as the kiosk would.
void RegisterCheckin(CLI::App& app, int& exitCode);
/// `accueil find`: registrants by name, delegation or ID.
void RegisterFind(CLI::App& app, int& exitCode);
/// `accueil staff add | list | remove | check`: the staff who may open the kiosk panel.
void RegisterStaff(CLI::App& app, int& exitCode);
/// `accueil report`: attendance per day, delegation, category and gender.
void RegisterReport(CLI::App& app, int& exitCode);
/// `accueil demo-data`: made-up registrants as CSV.
void RegisterDemoData(CLI::App& app, int& exitCode);
/// `accueil badge keygen | issue`: signing keys and printable badges.
void RegisterBadge(CLI::App& app, int& exitCode);
/// `accueil scan`: the QR codes in images, their badge check, optionally a check-in.
void RegisterScan(CLI::App& app, int& exitCode);
/// `accueil timers`: the night job's and the freeze's systemd timers in the event's zone.
void RegisterTimers(CLI::App& app, int& exitCode);
/// The desk's tools, each attributed to a staff member whose PIN comes on standard input and
/// audited as the kiosk panel's: `accueil undo`, `accueil hold set | clear`, `accueil walkin`.
void RegisterDesk(CLI::App& app, int& exitCode);

/// `accueil purge --after-event`: the retention rule once the meeting is over.
void RegisterPurge(CLI::App& app, int& exitCode);

/// Reads a PIN from standard input, never from argv (it would show in `ps` and shell history);
/// on a terminal after `prompt`, not echoed. nullopt at end of input. Main thread.
std::optional<std::string> ReadPin(const char* prompt);
/// The staff member `staffId`, once the PIN on standard input is theirs: a wrong one counts
/// toward the lockout exactly as one typed at the kiosk. Errors: Auth. Main thread.
core::Result<core::StaffMember> StaffFromPin(OpenedKiosk& kiosk, const std::string& staffId);
/// The listed registrant `id`. Errors: NotFound ("no registrant with ID …"), Storage.
core::Result<core::Registrant> ListedRegistrant(core::AttendanceStore& store,
                                                const std::string& id);
/// `at` as ISO-8601 (event local time when it has no offset), or now when empty. Errors: Input.
core::Result<core::UtcMillis> TimeOrNow(const core::EventConfig& event, const std::string& at);
/// As TimeOrNow, for an entry staff record: it must fall on a meeting day (checked before the
/// PIN is asked, so a wrong day costs no attempt). Errors: Input.
core::Result<core::UtcMillis> EntryTimeOrNow(const core::EventConfig& event, const std::string& at);
/// A decided check-in as `checkin --json` prints it; `at` is when it was asked for.
nlohmann::json ScanResultJson(const core::ScanResult& r, nlohmann::json registrantId,
                              core::UtcMillis at);
/// A decided check-in as `checkin` prints it: the headline, who, the day and the reason.
void PrintScanText(const core::ScanResult& r, const core::EventCalendar& calendar);

/// The "registrant_id" that `checkin --json` and `scan --json` print for a scanned code: the
/// listed person it resolved to; else the id a code without a ticket names (a signed badge of
/// someone not listed yet); null for a ticket nobody holds, whose id is not to be trusted.
nlohmann::json RegistrantIdJson(const scanner::BadgeClaim& claim,
                                const std::optional<core::Registrant>& resolved);

} // namespace accueil::cli
