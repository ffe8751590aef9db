// SPDX-License-Identifier: Apache-2.0
// The verdicts of `accueil doctor`: facts in, one line out. No I/O here.

#include "Doctor.h"

#include <accueil/cli/CliSupport.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <set>

namespace accueil::cli::doctor {

const char* ToString(Status status) {
    switch (status) {
    case Status::Ok:
        return "ok";
    case Status::Warning:
        return "warning";
    case Status::Error:
        return "error";
    }
    return "error";
}

Check Ok(std::string name, std::string detail) {
    return Check{std::move(name), Status::Ok, std::move(detail), {}};
}
Check Warn(std::string name, std::string detail, std::string fix) {
    return Check{std::move(name), Status::Warning, std::move(detail), std::move(fix)};
}
Check Fail(std::string name, std::string detail, std::string fix) {
    return Check{std::move(name), Status::Error, std::move(detail), std::move(fix)};
}

Kind KindOf(bool hasKiosk, bool centralHasListenOrDatabase) {
    if (hasKiosk) {
        return Kind::Kiosk;
    }
    return centralHasListenOrDatabase ? Kind::Central : Kind::Unknown;
}

Check ConfigCheck(const std::string& path, const std::optional<std::string>& loaderError) {
    if (loaderError) {
        return Fail("config", *loaderError, "correct " + path + " (docs/configuration.md)");
    }
    return Ok("config", path + " and its event file read");
}

namespace {

std::string Octal(unsigned mode) {
    std::array<char, 8> buf{};
    (void)std::snprintf(buf.data(), buf.size(), "%04o", mode & 07777U);
    return buf.data();
}

std::string Plural(std::int64_t n, const std::string& one, const std::string& many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

} // namespace

Check DatabaseCheck(const DatabaseFacts& f, bool central) {
    const std::string init = central ? "accueil central init --config CENTRAL.toml"
                                     : "accueil import --config KIOSK.toml LIST.csv, or "
                                       "accueil sync --once";
    if (!f.exists) {
        return Fail("database", f.path + " does not exist", "create it: " + init);
    }
    if (!f.openError.empty()) {
        return Fail("database", f.path + " cannot be read: " + f.openError,
                    "check its permissions, or restore it from a backup");
    }
    if (f.quickCheck != "ok") {
        return Fail("database", f.path + " is damaged (quick_check: " + f.quickCheck + ")",
                    central ? "stop the central and run accueil central restore from a backup"
                            : "move it aside and sync the kiosk again from the central "
                              "(accueil sync --once)");
    }
    if (f.schemaVersion <= 0) {
        return Fail("database", f.path + " has no Accueil schema", "create it: " + init);
    }
    return Ok("database", f.path + ": intact, schema " + std::to_string(f.schemaVersion) + ", " +
                              Plural(f.registrants, "registrant", "registrants"));
}

Check StaffCheck(const DatabaseFacts& f) {
    if (f.staff == 0) {
        return Fail("staff", "no staff account: the staff panel cannot be opened",
                    "echo PIN | accueil staff add --config KIOSK.toml --id ID --name NAME");
    }
    return Ok("staff", Plural(f.staff, "staff account", "staff accounts"));
}

Check KioskTokensCheck(const DatabaseFacts& f) {
    const std::string detail = Plural(f.kioskTokens, "kiosk token", "kiosk tokens") + ", " +
                               std::to_string(f.revokedTokens) + " revoked";
    if (f.kioskTokens - f.revokedTokens <= 0) {
        return Warn("kiosk-tokens", detail + ": no kiosk can sync",
                    "accueil central kiosk add --config CENTRAL.toml --id door-1 --token-file "
                    "door-1.token");
    }
    return Ok("kiosk-tokens", detail);
}

Check DatabasePermissionsCheck(const FileModeFacts& f) {
    const std::string name = "database-permissions";
    // The folder first: a world-writable folder lets anyone replace the file, whatever its mode.
    if ((f.folderMode & 0002U) != 0) {
        return Fail(name, f.folder + " is writable by anyone (mode " + Octal(f.folderMode) + ")",
                    "chmod 700 " + f.folder);
    }
    if ((f.mode & 0077U) != 0) {
        return Warn(name,
                    f.path + " is mode " + Octal(f.mode) +
                        ": others on this machine can read the registration list",
                    "chmod 600 " + f.path);
    }
    if ((f.folderMode & 0007U) != 0) {
        return Warn(name,
                    f.folder + " is mode " + Octal(f.folderMode) +
                        ": others can list it and read the database's journal files",
                    "chmod o-rwx " + f.folder);
    }
    if (f.owner != f.me) {
        return Warn(name, f.path + " belongs to " + f.ownerName + ", not to " + f.myName,
                    "chown " + f.myName + " " + f.path + ", or run as " + f.ownerName);
    }
    return Ok(name, f.path + " mode " + Octal(f.mode) + ", owned by " + f.myName);
}

Check DiskCheck(const std::string& folder, std::uint64_t freeBytes, const std::string& error) {
    if (!error.empty()) {
        return Fail("disk", "cannot read the free space of " + folder + ": " + error,
                    "check that " + folder + " exists");
    }
    const std::uint64_t mib = freeBytes / kMiB;
    const std::string detail = std::to_string(mib) + " MiB free on " + folder;
    if (freeBytes < kDiskErrorBytes) {
        return Fail("disk", detail + ": the database may soon fail to write",
                    "free space on that file system (journalctl --vacuum-size=100M, old "
                    "reports)");
    }
    if (freeBytes < kDiskWarningBytes) {
        return Warn("disk", detail, "free some space on that file system (under 1 GiB)");
    }
    return Ok("disk", detail);
}

bool IsCentralHealth(const HttpFacts& answer) {
    if (answer.status != 200) {
        return false;
    }
    const auto json = nlohmann::json::parse(answer.body, nullptr, false);
    return json.is_object() && json.value("status", "") == "ok";
}

Check CentralReachableCheck(const std::string& url, const HttpFacts& health) {
    if (!health.transportError.empty()) {
        return Fail("central", "cannot reach " + url + ": " + health.transportError,
                    "check that the central runs (systemctl status accueil-central) and the "
                    "network to it, or correct [central] url");
    }
    if (!IsCentralHealth(health)) {
        return Fail("central",
                    url + "/v1/health answered " + std::to_string(health.status) +
                        ", not as the Accueil central does",
                    "check that [central] url names the Accueil central");
    }
    return Ok("central", url + " answers");
}

Check CentralTokenCheck(const std::string& url, const HttpFacts& settings,
                        const std::string& tokenFile, const std::string& tokenError) {
    const std::string name = "central-token";
    if (!tokenError.empty()) {
        return Fail(name, tokenError,
                    "write the kiosk's token to " + tokenFile +
                        " (accueil central kiosk add --token-file on the central)");
    }
    if (!settings.transportError.empty()) {
        return Fail(name, "not tried: " + url + " did not answer", "fix the central check first");
    }
    if (settings.status == 401) {
        return Fail(name, url + " refused the token in " + tokenFile + " (401: unknown token)",
                    "issue a new one on the central (accueil central kiosk add --id ID "
                    "--token-file FILE) and copy it to " +
                        tokenFile);
    }
    if (settings.status == 403) {
        return Fail(name, url + " refused the token in " + tokenFile + " (403: revoked)",
                    "issue this kiosk a new token on the central (accueil central kiosk add)");
    }
    if (settings.status != 200) {
        return Fail(name, url + "/v1/settings answered " + std::to_string(settings.status),
                    "look at the central's log (journalctl -u accueil-central)");
    }
    return Ok(name, "the central accepts the token in " + tokenFile);
}

std::optional<std::int64_t> ParseHttpDate(std::string_view text) {
    // IMF-fixdate only (RFC 9110 5.6.7): every current server sends it; the two obsolete forms
    // are not worth a guess.
    std::tm tm{};
    const std::string s(text);
    const char* end = ::strptime(s.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
    if (end == nullptr || *end != '\0') {
        return std::nullopt;
    }
    return static_cast<std::int64_t>(::timegm(&tm));
}

double ClockOffsetSeconds(std::int64_t serverSeconds, double sentAt, double receivedAt) {
    // The Date header is stamped somewhere between the two moments, the middle being the best
    // guess; and it drops the fraction of its second, so the central's clock read somewhere in
    // [date, date + 1): half a second is added for that. Good to about half a second.
    return static_cast<double>(serverSeconds) + 0.5 - (sentAt + (receivedAt - sentAt) / 2.0);
}

Check ClockCheck(const std::string& url, const HttpFacts& answer) {
    const std::string name = "clock";
    if (!answer.transportError.empty()) {
        return Fail(name, "not compared: " + url + " did not answer",
                    "fix the central check first");
    }
    const auto server = ParseHttpDate(answer.date);
    if (!server) {
        return Warn(name,
                    url + " sent no usable Date header" +
                        (answer.date.empty() ? std::string() : " (\"" + answer.date + "\")"),
                    "compare the clocks by hand (date -u on both)");
    }
    const double offset = ClockOffsetSeconds(*server, answer.sentAt, answer.receivedAt);
    const double away = std::fabs(offset);
    std::array<char, 64> buf{};
    (void)std::snprintf(buf.data(), buf.size(), "%.1f s %s", away,
                        offset >= 0 ? "behind the central" : "ahead of the central");
    const std::string detail = std::string("this machine's clock is ") + buf.data();
    const std::string fix = "turn on time synchronisation (timedatectl set-ntp true) on both";
    if (away > 60) {
        return Fail(name, detail + ": badges may be judged on the wrong day", fix);
    }
    if (away > 2) {
        return Warn(name, detail, fix);
    }
    return Ok(name, detail);
}

std::optional<std::int64_t> ParseCertDate(std::string_view text) {
    std::tm tm{};
    const std::string s(text);
    const char* end = ::strptime(s.c_str(), "%b %d %H:%M:%S %Y GMT", &tm);
    if (end == nullptr || *end != '\0') {
        return std::nullopt;
    }
    return static_cast<std::int64_t>(::timegm(&tm));
}

namespace {

constexpr std::int64_t kDay = 86400;
constexpr std::int64_t kExpiryWarningDays = 14;

Check ExpiryVerdict(const std::string& name, const std::string& what, std::int64_t days,
                    const std::string& fix) {
    if (days < 0) {
        return Fail(name, what + " expired " + Plural(-days, "day", "days") + " ago", fix);
    }
    const std::string detail = what + " expires in " + Plural(days, "day", "days");
    if (days < kExpiryWarningDays) {
        return Warn(name, detail, fix);
    }
    return Ok(name, detail);
}

} // namespace

Check CentralCertificateCheck(const std::string& url, const HttpFacts& answer, std::int64_t now) {
    const std::string name = "central-tls";
    if (url.rfind("https://", 0) != 0) {
        return Ok(name, "plain http: nothing to check (fine on a closed venue network)");
    }
    if (!answer.transportError.empty()) {
        return Fail(name, "not checked: " + url + " did not answer",
                    "fix the central check first; with a venue's own authority set [central] "
                    "ca_file");
    }
    const auto expiry = ParseCertDate(answer.certExpiry);
    if (!expiry) {
        return Warn(name, "the certificate was verified but its expiry date was not reported",
                    "check it by hand: openssl s_client -connect HOST:PORT");
    }
    return ExpiryVerdict(name, "the central's certificate", (*expiry - now) / kDay,
                         "renew the central's certificate (tls_cert in central.toml)");
}

namespace {

std::string GroupFor(const std::string& kind) {
    if (kind == "serial") {
        return "dialout";
    }
    if (kind == "camera") {
        return "video";
    }
    return "input";
}

} // namespace

Check ScannerCheck(const DeviceFacts& d) {
    const std::string name = "scanner-" + d.kind;
    if (!d.exists) {
        return Fail(name, d.device + " is not present",
                    d.kind == "evdev"
                        ? "plug the scanner in, or correct [scanner] device (accueil-kiosk "
                          "--check-input lists the scanners seen)"
                        : "plug it in, or correct the device in [scanner]");
    }
    const std::string where = d.path == d.device ? d.path : d.device + " (" + d.path + ")";
    if (!d.readable) {
        return Fail(name, where + " cannot be opened: " + d.error,
                    "add the kiosk's user to the group " + GroupFor(d.kind) + " (usermod -aG " +
                        GroupFor(d.kind) + " USER) and log in again");
    }
    return Ok(name, where + " present and readable");
}

Check KeyboardWedgeCheck() {
    return Ok("scanner", "keyboard wedge through the window (no [scanner] table)");
}

Check DisplayCheck(const std::string& display, const std::string& waylandDisplay) {
    if (!waylandDisplay.empty()) {
        return Ok("display", "WAYLAND_DISPLAY=" + waylandDisplay);
    }
    if (!display.empty()) {
        return Ok("display", "DISPLAY=" + display);
    }
    return Warn("display", "neither DISPLAY nor WAYLAND_DISPLAY is set",
                "fine for a headless sync box; the kiosk itself starts from its X session "
                "(accueil-kiosk.service)");
}

bool IsSoftwareRenderer(std::string_view renderer) {
    static constexpr std::array<std::string_view, 4> kSoftware{"llvmpipe", "softpipe", "swrast",
                                                               "Software Rasterizer"};
    return std::ranges::any_of(kSoftware, [renderer](std::string_view soft) {
        return renderer.find(soft) != std::string_view::npos;
    });
}

namespace {

// The first line of `text` starting with `key`, without it; empty when none.
std::string LineAfter(const std::string& text, std::string_view key) {
    for (std::size_t at = 0; at < text.size();) {
        const std::size_t end = std::min(text.find('\n', at), text.size());
        const std::string_view line(text.data() + at, end - at);
        if (line.substr(0, key.size()) == key) {
            return std::string(line.substr(key.size()));
        }
        at = end + 1;
    }
    return {};
}

std::string FirstLine(const std::string& text) {
    return text.substr(0, text.find('\n'));
}

} // namespace

Check RendererCheck(const RendererFacts& f, bool hasDisplay) {
    const std::string name = "renderer";
    if (f.binary.empty()) {
        return Warn(name, "accueil-kiosk not found beside accueil nor on PATH",
                    "install accueil-kiosk, or ignore on a central or a sync box");
    }
    if (f.timedOut) {
        return Fail(name, f.binary + " --check-display did not finish in 10 s",
                    "check the display server (journalctl -b)");
    }
    const std::string renderer = LineAfter(f.output, "GL_RENDERER: ");
    const std::string version = LineAfter(f.output, "GL_VERSION: ");
    const std::string detail = renderer + ", OpenGL " + version;
    if (f.exitStatus != 0 && !renderer.empty()) {
        // The window and its context came up, then the program failed on its way out: the
        // kiosk draws, but this is worth a look (a driver that crashes at exit also crashes
        // when the kiosk restarts its window).
        return Warn(name,
                    detail + (IsSoftwareRenderer(renderer) ? ": no GPU driver" : "") +
                        ", then --check-display ended with exit " + std::to_string(f.exitStatus),
                    "run " + f.binary + " --check-display by hand and report what it prints");
    }
    if (f.exitStatus != 0) {
        const std::string why = FirstLine(f.output);
        const std::string failure = "no OpenGL window (exit " + std::to_string(f.exitStatus) +
                                    (why.empty() ? std::string(", nothing printed") : ": " + why) +
                                    ")";
        if (!hasDisplay) {
            return Warn(name, failure, "fine without a display; the kiosk needs one");
        }
        return Fail(name, failure, "install the GPU's driver, or mesa (libgl1-mesa-dri)");
    }
    if (IsSoftwareRenderer(renderer)) {
        return Warn(name, detail + ": no GPU driver: the kiosk will use more CPU",
                    "install the GPU's driver (firmware-misc-nonfree, or the vendor's)");
    }
    return Ok(name, detail);
}

std::vector<FontNeed> FontsNeeded(const std::vector<std::string>& languages, const std::string& dir,
                                  const std::string& cjkPath) {
    std::vector<FontNeed> needs{
        {dir + "/NotoSans-Regular.ttf", "fonts-noto-core", "the kiosk's text"},
        {dir + "/NotoSans-Bold.ttf", "fonts-noto-core", "the kiosk's text"},
    };
    // Noto Sans itself covers Latin, Greek and Cyrillic (ru, and every other language the
    // kiosk has a catalog for); only Arabic and Chinese need a font of their own.
    for (const auto& language : languages) {
        if (language == "ar") {
            needs.push_back({dir + "/NotoSansArabic-Regular.ttf", "fonts-noto-core", "Arabic"});
            needs.push_back({dir + "/NotoSansArabic-Bold.ttf", "fonts-noto-core", "Arabic"});
        } else if (language == "zh") {
            needs.push_back({cjkPath, "fonts-noto-cjk", "Chinese"});
        }
    }
    return needs;
}

Check FontsCheck(const std::vector<FontNeed>& needs, const std::vector<bool>& present) {
    std::vector<std::string> missing;
    std::set<std::string> packages;
    for (std::size_t i = 0; i < needs.size(); ++i) {
        if (i >= present.size() || !present[i]) {
            missing.push_back(needs[i].path + " (" + needs[i].why + ")");
            packages.insert(needs[i].package);
        }
    }
    if (missing.empty()) {
        return Ok("fonts", std::to_string(needs.size()) + " font files present");
    }
    std::string detail = "missing: ";
    for (std::size_t i = 0; i < missing.size(); ++i) {
        detail += (i == 0 ? "" : ", ") + missing[i];
    }
    std::string fix = "apt-get install";
    for (const auto& p : packages) {
        fix += " " + p;
    }
    return Fail("fonts", detail, fix);
}

Check ListenCheck(const std::string& address, ListenState state, const std::string& detail) {
    const std::string name = "listen";
    switch (state) {
    case ListenState::Serving:
        return Ok(name, "serving on " + address);
    case ListenState::Free:
        return Warn(name, "not running: nothing listens on " + address,
                    "systemctl start accueil-central");
    case ListenState::Taken:
        return Fail(name,
                    address + " is taken by something else" +
                        (detail.empty() ? "" : " (" + detail + ")"),
                    "stop it (ss -ltnp shows which program), or change listen in central.toml");
    case ListenState::Unchecked:
        break;
    }
    return Fail(name, "cannot try " + address + (detail.empty() ? "" : ": " + detail),
                "correct listen in central.toml");
}

Check TlsFilesCheck(const TlsFileFacts& f) {
    const std::string name = "tls";
    if (f.certPath.empty() && f.keyPath.empty()) {
        return Ok(name, "no tls_cert: the central speaks plain http");
    }
    if (!f.error.empty()) {
        return Fail(name, f.error, "correct tls_cert and tls_key in central.toml");
    }
    if (!f.keyMatches) {
        return Fail(name, f.keyPath + " is not the key of " + f.certPath,
                    "give tls_key the key the certificate was issued for");
    }
    if (!f.daysLeft) {
        return Warn(name, "cannot read the expiry of " + f.certPath,
                    "openssl x509 -enddate -noout -in " + f.certPath);
    }
    return ExpiryVerdict(name, f.certPath, *f.daysLeft,
                         "renew the certificate and restart the central");
}

Check IndicoTokenCheck(const std::string& path, bool exists, unsigned mode) {
    const std::string name = "indico-token";
    if (!exists) {
        return Fail(name, path + " does not exist", "write Indico's API token to it (mode 0600)");
    }
    if ((mode & 0077U) != 0) {
        return Fail(name, path + " is mode " + Octal(mode) + ": others can read the token",
                    "chmod 600 " + path);
    }
    return Ok(name, path + " mode " + Octal(mode));
}

Check KioskTokenFileCheck(const std::string& path, unsigned mode) {
    // A warning, not an error: the kiosk syncs all the same, but anyone on the machine who can
    // read the token can push events to the central as this door.
    if ((mode & 0077U) != 0) {
        return Warn("token-file", path + " is mode " + Octal(mode) + ": others can read the token",
                    "chmod 600 " + path);
    }
    return Ok("token-file", path + " mode " + Octal(mode));
}

int ExitStatus(const std::vector<Check>& checks) {
    const bool failed = std::any_of(checks.begin(), checks.end(),
                                    [](const Check& c) { return c.status == Status::Error; });
    return failed ? kExitChecksFailed : kExitOk;
}

std::string FormatLine(const Check& c) {
    std::array<char, 32> head{};
    (void)std::snprintf(head.data(), head.size(), "%-8s %-21s ", ToString(c.status),
                        c.name.c_str());
    std::string line = head.data() + c.detail;
    if (!c.fix.empty()) {
        line += " — " + c.fix;
    }
    return line;
}

std::string FormatText(Kind kind, const std::string& configPath, const std::vector<Check>& checks) {
    std::string text = (kind == Kind::Central ? "central: " : "kiosk: ") + configPath + '\n';
    int warnings = 0;
    int errors = 0;
    for (const auto& c : checks) {
        text += FormatLine(c) + '\n';
        warnings += c.status == Status::Warning ? 1 : 0;
        errors += c.status == Status::Error ? 1 : 0;
    }
    text += std::to_string(checks.size()) + " checks: " + std::to_string(errors) + " errors, " +
            std::to_string(warnings) + " warnings\n";
    return text;
}

std::string FormatJson(const std::vector<Check>& checks) {
    auto array = nlohmann::json::array();
    for (const auto& c : checks) {
        array.push_back({{"check", c.name},
                         {"status", ToString(c.status)},
                         {"detail", c.detail},
                         {"fix", c.fix}});
    }
    return array.dump() + '\n';
}

} // namespace accueil::cli::doctor
