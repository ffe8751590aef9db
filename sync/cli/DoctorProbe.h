// SPDX-License-Identifier: Apache-2.0
#pragma once

// The facts `accueil doctor` judges, read from this machine: files, databases (read-only),
// devices, the display, and the central over HTTP. Nothing here writes anything. Main thread.

#include "Doctor.h"

#include <chrono>
#include <string>

namespace accueil::cli::doctor {

/// The kind of installation `path` describes, from its tables. Errors: the file cannot be
/// read, or is not TOML (the parser's message in `error`).
Kind ProbeKind(const std::string& path, std::string& error);

/// Opens `path` read-only (never creating it) and reads its health and counts.
DatabaseFacts ProbeDatabase(const std::string& path, bool central);

/// stat() of a file and its folder, and who this process runs as.
FileModeFacts ProbeFileMode(const std::string& path);

/// The free bytes on the file system of `folder` (`error` set when statvfs failed).
std::uint64_t ProbeFreeBytes(const std::string& folder, std::string& error);

/// One GET of `baseUrl + path` with the bearer `token` (none when empty), verified against
/// `caFile` when set; the Date header, timings and, over https, the certificate's expiry.
/// `verify` false: for knocking on the central's own port, whatever name its certificate has.
HttpFacts ProbeHttp(const std::string& baseUrl, const std::string& path, const std::string& token,
                    const std::string& caFile, bool verify = true, long timeoutMs = 5000);

/// Finds the device of one [scanner] kind and tries it for reading.
DeviceFacts ProbeDevice(const std::string& kind, const std::string& device);

/// Runs `accueil-kiosk --check-display` (beside this program, else on PATH), killing it after
/// `limit`.
RendererFacts ProbeRenderer(std::chrono::seconds limit = std::chrono::seconds(10));

/// What answers on the central's host and port.
ListenState ProbeListen(const std::string& host, int port, bool tls, std::string& detail);

/// Reads the central's certificate and key (PEM) and compares them.
TlsFileFacts ProbeTlsFiles(const std::string& certPath, const std::string& keyPath);

/// An environment variable, "" when unset.
std::string Environment(const char* name);

} // namespace accueil::cli::doctor
