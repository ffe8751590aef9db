// SPDX-License-Identifier: Apache-2.0
#pragma once

// The kiosk's subcommands of `accueil`. Each registers itself on the top-level app and, when it
// runs, sets `exitCode`. Called on the main thread while the parser is built.

#include <accueil/core/Registrant.h>
#include <accueil/scanner/BadgeClaim.h>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <optional>

namespace accueil::cli {

/// `accueil import`: the registration list from a CSV file, all rows or none.
void RegisterImport(CLI::App& app, int& exitCode);
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

/// The "registrant_id" that `checkin --json` and `scan --json` print for a scanned code: the
/// listed person it resolved to; else the id a code without a ticket names (a signed badge of
/// someone not listed yet); null for a ticket nobody holds, whose id is not to be trusted.
nlohmann::json RegistrantIdJson(const scanner::BadgeClaim& claim,
                                const std::optional<core::Registrant>& resolved);

} // namespace accueil::cli
