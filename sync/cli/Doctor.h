// SPDX-License-Identifier: Apache-2.0
#pragma once

// `accueil doctor`: the checks of a kiosk's or the central's installation. Each check is a pure
// function from facts gathered elsewhere (DoctorProbe.cpp) to one verdict, so the judgement is
// tested without files, devices or a network. Internal to sync/cli; every function is pure and
// may run on any thread unless its comment says otherwise.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace accueil::cli::doctor {

enum class Status { Ok, Warning, Error };

/// "ok", "warning", "error".
const char* ToString(Status status);

/// One check's verdict: what was found, and for a warning or an error what to do about it.
struct Check {
    std::string name; ///< e.g. "database", "central-token"
    Status status = Status::Ok;
    std::string detail;
    std::string fix; ///< empty when ok
};

Check Ok(std::string name, std::string detail);
Check Warn(std::string name, std::string detail, std::string fix);
Check Fail(std::string name, std::string detail, std::string fix);

/// Which installation a configuration file describes.
enum class Kind { Kiosk, Central, Unknown };

/// The kind from the file's top-level tables: [kiosk] makes a kiosk; [central] with `listen`
/// or `database` and no [kiosk] makes the central.
Kind KindOf(bool hasKiosk, bool centralHasListenOrDatabase);

// ---- configuration ----------------------------------------------------------------------------

/// `loaderError`: the configuration loader's own message, when it refused the file.
Check ConfigCheck(const std::string& path, const std::optional<std::string>& loaderError);

// ---- database ---------------------------------------------------------------------------------

/// What DoctorProbe read from a database, opened for reading only.
struct DatabaseFacts {
    std::string path;
    bool exists = false;
    std::string openError;  ///< SQLite's message when it could not be opened or read
    std::string quickCheck; ///< `PRAGMA quick_check`'s first line ("ok" when sound)
    std::int64_t schemaVersion = 0;
    std::int64_t registrants = 0;
    std::int64_t staff = 0;         ///< kiosk: staff accounts
    std::int64_t kioskTokens = 0;   ///< central: kiosk tokens issued
    std::int64_t revokedTokens = 0; ///< central: of which revoked
};

/// Exists, opens, passes quick_check, has a schema. `central` words the counts for the central.
Check DatabaseCheck(const DatabaseFacts& f, bool central);

/// Kiosk: an error without any staff account (the panel cannot be opened).
Check StaffCheck(const DatabaseFacts& f);

/// Central: the kiosk tokens issued, and how many are revoked.
Check KioskTokensCheck(const DatabaseFacts& f);

/// Owner and permission bits of a file and of its folder.
struct FileModeFacts {
    std::string path;
    unsigned mode = 0;       ///< permission bits only (07777)
    unsigned folderMode = 0; ///< of the folder holding it
    std::string folder;
    unsigned owner = 0; ///< uid of the file
    unsigned me = 0;    ///< uid of this process
    std::string ownerName;
    std::string myName;
};

/// Mode 0600 (warning otherwise, with the chmod); the folder not writable or readable by
/// others; the file owned by the running user (warning otherwise).
Check DatabasePermissionsCheck(const FileModeFacts& f);

// ---- disk -------------------------------------------------------------------------------------

constexpr std::uint64_t kMiB = 1024ULL * 1024ULL;
constexpr std::uint64_t kDiskErrorBytes = 100 * kMiB;
constexpr std::uint64_t kDiskWarningBytes = 1024 * kMiB;

/// Free space on the database's file system: an error under 100 MiB, a warning under 1 GiB.
/// `error`: why statvfs failed, when it did.
Check DiskCheck(const std::string& folder, std::uint64_t freeBytes, const std::string& error);

// ---- the central, from a kiosk ----------------------------------------------------------------

/// One answer of the central, or why there was none.
struct HttpFacts {
    std::string transportError; ///< non-empty: no answer
    long status = 0;
    std::string body;      ///< the answer's first 4 KiB
    std::string date;      ///< the answer's Date header, as sent
    double sentAt = 0;     ///< seconds since the epoch, when the request left
    double receivedAt = 0; ///< and when its answer had arrived
    /// The certificate's "Expire date" as libcurl reports it (https only); empty otherwise.
    std::string certExpiry;
};

/// Whether an answer to GET /v1/health is the Accueil central's: 200 and {"status":"ok"}.
bool IsCentralHealth(const HttpFacts& answer);

/// GET /v1/health answered as the central does.
Check CentralReachableCheck(const std::string& url, const HttpFacts& health);

/// GET /v1/settings with the kiosk's token: 401 and 403 name what to do. `tokenError`: the
/// token file could not be read.
Check CentralTokenCheck(const std::string& url, const HttpFacts& settings,
                        const std::string& tokenFile, const std::string& tokenError);

/// The kiosk's token file readable by its owner only (a warning otherwise, with the chmod).
Check KioskTokenFileCheck(const std::string& path, unsigned mode);

/// Seconds since the epoch of an HTTP date ("Sun, 06 Nov 1994 08:49:37 GMT"); nullopt when
/// it is not one.
std::optional<std::int64_t> ParseHttpDate(std::string_view text);

/// The central's clock minus ours, in seconds: its Date header (plus the half second it
/// truncates) against the middle of the round trip (the server stamps its answer about then).
/// Positive: the central is ahead.
double ClockOffsetSeconds(std::int64_t serverSeconds, double sentAt, double receivedAt);

/// Within 2 s ok, within 60 s a warning, else an error (a badge's day depends on the clock).
Check ClockCheck(const std::string& url, const HttpFacts& answer);

/// Seconds since the epoch of libcurl's certificate date ("Jun 17 12:00:00 2026 GMT").
std::optional<std::int64_t> ParseCertDate(std::string_view text);

/// https: days until the central's certificate expires (a warning under 14 days). `now`:
/// seconds since the epoch.
Check CentralCertificateCheck(const std::string& url, const HttpFacts& answer, std::int64_t now);

// ---- scanners ---------------------------------------------------------------------------------

/// One device of the [scanner] table, as found on this machine.
struct DeviceFacts {
    std::string kind;   ///< "evdev", "serial", "camera"
    std::string device; ///< as configured: a path, or "vendor:product" for evdev
    std::string path;   ///< the node found ("" when a vendor:product matched nothing)
    bool exists = false;
    bool readable = false; ///< opened for reading by this user
    std::string error;     ///< why it could not be opened
};

/// Present and readable; the fix names the group to join (input, dialout, video).
Check ScannerCheck(const DeviceFacts& d);

/// No [scanner] table: scans arrive as keys through the window.
Check KeyboardWedgeCheck();

// ---- display ----------------------------------------------------------------------------------

/// DISPLAY or WAYLAND_DISPLAY set; a warning without (fine for a headless sync box).
Check DisplayCheck(const std::string& display, const std::string& waylandDisplay);

/// What `accueil-kiosk --check-display` did.
struct RendererFacts {
    std::string binary; ///< the kiosk program run; empty when none was found
    int exitStatus = 0;
    bool timedOut = false;
    std::string output; ///< its standard output and error
};

/// llvmpipe, softpipe, swrast: Mesa drawing on the CPU.
bool IsSoftwareRenderer(std::string_view renderer);

/// The GL renderer the kiosk gets: a GPU is ok, a software renderer a warning, no GL an error
/// (a warning when there is no display at all: `hasDisplay` false).
Check RendererCheck(const RendererFacts& f, bool hasDisplay);

// ---- fonts ------------------------------------------------------------------------------------

/// A font file the kiosk needs, and the Debian package that has it.
struct FontNeed {
    std::string path;
    std::string package;
    std::string why; ///< "the kiosk's text", "Arabic names"
};

/// The fonts for `languages` (kiosk.toml): Noto Sans always, Arabic for ar, CJK for zh; `dir`
/// holds Noto's TrueType files, `cjkPath` the CJK collection.
std::vector<FontNeed> FontsNeeded(const std::vector<std::string>& languages, const std::string& dir,
                                  const std::string& cjkPath);

/// Every needed font exists (`present` in the same order as `needs`); the fix names the
/// packages to install.
Check FontsCheck(const std::vector<FontNeed>& needs, const std::vector<bool>& present);

// ---- the central's own checks -----------------------------------------------------------------

/// What answers at the central's `listen` address.
enum class ListenState {
    Serving,   ///< /v1/health answered {"status":"ok"}
    Free,      ///< nothing listens there (connection refused)
    Taken,     ///< something else answers, or the port is held
    Unchecked, ///< the address could not be resolved or tried
};

Check ListenCheck(const std::string& address, ListenState state, const std::string& detail);

/// The central's certificate and key files.
struct TlsFileFacts {
    std::string certPath;
    std::string keyPath;
    std::string error; ///< unreadable or not PEM: which file and why
    bool keyMatches = false;
    std::optional<std::int64_t> daysLeft;
};

Check TlsFilesCheck(const TlsFileFacts& f);

/// [indico] token_file: readable, mode 0600.
Check IndicoTokenCheck(const std::string& path, bool exists, unsigned mode);

// ---- the report -------------------------------------------------------------------------------

/// `accueil doctor`'s exit status: 0 when no check failed (warnings allowed), else 8.
int ExitStatus(const std::vector<Check>& checks);

/// One line a check: "ok       database  …" with " — fix" after a warning or an error.
std::string FormatLine(const Check& check);

/// The whole report as text: the kind on the first line, then a line a check.
std::string FormatText(Kind kind, const std::string& configPath, const std::vector<Check>& checks);

/// A JSON array of {check, status, detail, fix}.
std::string FormatJson(const std::vector<Check>& checks);

} // namespace accueil::cli::doctor
