// SPDX-License-Identifier: Apache-2.0
// accueil badge keygen | issue | reissue

#include "KioskCommands.h"

#include <accueil/cli/CliSupport.h>
#include <accueil/cli/RunProgram.h>
#include <accueil/scanner/BadgeKey.h>
#include <accueil/scanner/BadgeRender.h>
#include <accueil/scanner/BadgeToken.h>

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <filesystem>
#include <iostream>
#include <iterator>
#include <optional>
#include <regex>
#include <tuple>
#include <vector>

namespace accueil::cli {

using namespace accueil::core;

namespace {

struct KeygenOptions {
    std::string out;
};

struct IssueOptions {
    std::string key;
    std::string config;
    std::string registrant;
    std::string out;
    bool all = false;
    std::string outDir;
    std::string pdf;
    std::string size = "A6";
    bool cropMarks = false;
    std::string printer;
};

int FailScanner(const scanner::Error& error, ErrorKind kind = ErrorKind::Input) {
    return Fail(MakeError(kind, error.message));
}

// "17–20 June 2025" for consecutive days in one month, else "17 June 2025, 19 June 2025".
std::string MeetingDates(const std::vector<std::string>& days) {
    static constexpr std::array<const char*, 12> kMonths{
        "January", "February", "March",     "April",   "May",      "June",
        "July",    "August",   "September", "October", "November", "December"};
    const auto pretty = [](const std::string& d) {
        return std::to_string(std::stoi(d.substr(8, 2))) + " " +
               kMonths.at(static_cast<std::size_t>(std::stoi(d.substr(5, 2)) - 1)) + " " +
               d.substr(0, 4);
    };
    if (days.empty()) {
        return {};
    }
    bool consecutive = true;
    for (std::size_t i = 1; i < days.size(); ++i) {
        consecutive = consecutive && days[i].substr(0, 8) == days[0].substr(0, 8) &&
                      std::stoi(days[i].substr(8, 2)) == std::stoi(days[i - 1].substr(8, 2)) + 1;
    }
    if (days.size() > 1 && consecutive) {
        return std::to_string(std::stoi(days.front().substr(8, 2))) + "–" + pretty(days.back());
    }
    std::string out;
    for (const auto& d : days) {
        out += (out.empty() ? "" : ", ") + pretty(d);
    }
    return out;
}

// A badge file is a PDF when its name says so, else a PNG.
bool IsPdf(const std::string& path) {
    std::string ext = std::filesystem::path(path).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return ext == ".pdf";
}

// A badge size: A5, A6 or A7 portrait, or WIDTHxHEIGHT in millimetres ("90x130").
core::Result<scanner::BadgeLayout> BadgeSize(const std::string& size) {
    static const std::vector<std::tuple<std::string, double, double>> kNamed{
        {"A5", 148, 210}, {"A6", 105, 148}, {"A7", 74, 105}};
    for (const auto& [name, w, h] : kNamed) {
        if (size == name) {
            return scanner::BadgeLayout::FromMillimetres(w, h);
        }
    }
    std::smatch m;
    if (std::regex_match(size, m, std::regex(R"((\d{2,3})x(\d{2,3}))"))) {
        const int w = std::stoi(m[1].str());
        const int h = std::stoi(m[2].str());
        if (w >= 50 && h >= 70 && w <= 300 && h <= 420 && w < h) {
            return scanner::BadgeLayout::FromMillimetres(w, h);
        }
    }
    return MakeError(ErrorKind::Input, "--size " + size +
                                           ": give A5, A6, A7 or WIDTHxHEIGHT in millimetres, "
                                           "portrait, from 50x70 to 300x420 (e.g. 90x130)");
}

// Signs r's badge: its token, and what is printed around it.
core::Result<scanner::BadgePrintData> SignBadge(const scanner::BadgeSecretKey& key,
                                                const EventConfig& event, const Registrant& r) {
    scanner::BadgeData data;
    data.eventId = event.id;
    data.registrantId = r.id;
    data.badgeVersion = r.badgeVersion;
    data.issuedAt = NowUtcMillis() / 1000;
    data.givenName = r.givenName;
    data.familyName = r.familyName;
    auto token = scanner::IssueBadgeToken(key, data);
    if (!token) {
        return MakeError(ErrorKind::Input, token.error().message);
    }
    scanner::BadgePrintData print;
    print.token = *token;
    print.givenName = r.givenName;
    print.familyName = r.familyName;
    print.delegation = r.delegation;
    print.category = r.category;
    print.meetingDates = MeetingDates(r.days.empty() ? event.calendar->days() : r.days);
    print.eventTitle = event.displayName("en");
    // A character no installed font has would print as an empty box: the desk is told which.
    const std::vector<char32_t> missing = scanner::MissingGlyphs(print);
    if (!missing.empty()) {
        std::cerr << "accueil: warning: the badge of " << r.displayName() << " [" << r.id
                  << "] has characters no installed font draws (they print as empty boxes):";
        for (const char32_t c : missing) {
            std::cerr << ' ' << fmt::format("U+{:04X}", static_cast<std::uint32_t>(c));
        }
        std::cerr << "; install fonts-noto-core and fonts-noto-cjk, or a font that has them.\n";
    }
    return print;
}

// Writes a signed badge at `path`: a PDF when `pdf`, else a PNG.
core::Result<void> WriteBadge(const scanner::BadgePrintData& print, const std::string& path,
                              bool pdf, const scanner::BadgeLayout& layout) {
    if (auto written = pdf ? scanner::RenderBadgePdf(print, path, layout)
                           : scanner::RenderBadgePng(print, path, layout);
        !written) {
        return MakeError(ErrorKind::Storage, written.error().message);
    }
    return {};
}

// Signs r's badge and writes it at `path`, a PDF when `pdf`, else a PNG; returns the token.
core::Result<std::string> MakeBadge(const scanner::BadgeSecretKey& key, const EventConfig& event,
                                    const Registrant& r, const std::string& path, bool pdf,
                                    const scanner::BadgeLayout& layout = {}) {
    auto print = SignBadge(key, event, r);
    if (!print) {
        return print.error();
    }
    if (auto written = WriteBadge(*print, path, pdf, layout); !written) {
        return written.error();
    }
    return print->token;
}

// Hands `file` to the printing system (`lp -d PRINTER`) and audits the job it was given, so
// the desk can tell which badges left for which printer. An error when lp refused or hung.
core::Result<void> PrintBadge(OpenedKiosk& opened, const std::string& printer,
                              const std::string& file, const Registrant& r,
                              const std::string& staffId) {
    constexpr std::chrono::seconds kLpLimit{30};
    const ProgramRun lp =
        RunProgram({"lp", "-d", printer, "-t", "Badge " + r.id, "--", file}, kLpLimit);
    std::string said = lp.error.empty() ? lp.output : lp.error;
    while (!said.empty() && (said.back() == '\n' || said.back() == '\r')) {
        said.pop_back();
    }
    if (!lp.error.empty() || lp.timedOut || lp.exitStatus != 0) {
        const std::string why = lp.exitStatus == 127 ? "lp was not found (install cups-client)"
                                : lp.timedOut        ? "lp did not answer in 30 s"
                                                     : said;
        return MakeError(ErrorKind::Input, "the badge was not printed on " + printer + " (" + why +
                                               "); it is in " + file);
    }
    // "request id is desk-42 (1 file(s))"
    std::smatch m;
    const std::string job =
        std::regex_search(said, m, std::regex(R"(request id is (\S+))")) ? m[1].str() : said;
    AuditEntry line;
    line.at = NowUtcMillis();
    line.staffId = staffId;
    line.action = "badge_printed";
    line.registrantId = r.id;
    line.outcome = "sent";
    line.detail =
        "printer " + printer + ", job " + job + ", version " + std::to_string(r.badgeVersion);
    if (auto audited = opened.store.audit(line); !audited) {
        return audited.error();
    }
    std::cerr << "Badge of " << r.displayName() << " [" << r.id << "] sent to printer " << printer
              << " as job " << job << ".\n";
    return {};
}

// Issues one badge: the token on standard output, the printable file at `path`, and on
// `printer` when one is named. Returns the exit status.
int IssueOne(const scanner::BadgeSecretKey& key, OpenedKiosk& opened, const Registrant& r,
             const std::string& path, const scanner::BadgeLayout& layout,
             const std::string& printer = {}) {
    auto token = MakeBadge(key, opened.config.event, r, path, IsPdf(path), layout);
    if (!token) {
        return Fail(token.error());
    }
    std::cout << *token << '\n';
    if (!printer.empty()) {
        if (auto printed = PrintBadge(opened, printer, path, r, {}); !printed) {
            return Fail(printed.error());
        }
    }
    return kExitOk;
}

// Never overwrites: a key replaced by mistake would make every printed badge unverifiable.
int RunKeygen(const KeygenOptions& options) {
    if (std::filesystem::exists(options.out)) {
        return Fail(MakeError(ErrorKind::Conflict,
                              options.out + " exists already; refusing to overwrite a key"));
    }
    auto pair = scanner::GenerateBadgeKey();
    if (!pair) {
        return FailScanner(pair.error(), ErrorKind::Storage);
    }
    if (auto saved = scanner::SaveSecretKey(pair->secretKey, options.out); !saved) {
        return FailScanner(saved.error(), ErrorKind::Storage);
    }
    std::cout << pair->publicKey << '\n';
    return kExitOk;
}

// Badges the kiosks would refuse are still issued (the key may be added to event.toml later),
// but the desk is told at once.
void WarnIfKeyNotAccepted(const scanner::BadgeSecretKey& key, const EventConfig& event) {
    const auto& accepted = event.badges.publicKeys;
    if (std::find(accepted.begin(), accepted.end(), key.publicKeyText()) == accepted.end()) {
        std::cerr << "accueil: note: this key's public key is not in [badges] public_keys of "
                  << event.path << "; kiosks will refuse these badges until it is added:\n  "
                  << key.publicKeyText() << '\n';
    }
}

// The kiosk and the signing key, for issuing badges; the desk is told at once when the event
// does not accept the key. The exit status: kExitOk, or the failure's (said on stderr).
int OpenWithKey(const std::string& config, const std::string& keyPath,
                std::optional<OpenedKiosk>& opened, std::optional<scanner::BadgeSecretKey>& key) {
    auto kiosk = OpenKiosk(config);
    if (!kiosk) {
        return Fail(kiosk.error());
    }
    auto loaded = scanner::LoadSecretKey(keyPath);
    if (!loaded) {
        return FailScanner(loaded.error(), ErrorKind::Config);
    }
    WarnIfKeyNotAccepted(*loaded, kiosk->config.event);
    opened.emplace(std::move(kiosk).value());
    key.emplace(std::move(loaded).value());
    return kExitOk;
}

// The badges of `registrants`: a PNG each in --out-dir, or --out for one, and all of them in
// the --pdf print file, one a page; each token on standard output once its badge is drawn.
int IssueBadges(const scanner::BadgeSecretKey& key, OpenedKiosk& opened,
                const std::vector<Registrant>& registrants, const IssueOptions& options,
                const scanner::BadgeLayout& layout) {
    std::optional<scanner::BadgePdf> printFile;
    if (!options.pdf.empty()) {
        auto created = scanner::BadgePdf::create(options.pdf, layout, options.cropMarks);
        if (!created) {
            return FailScanner(created.error(), ErrorKind::Storage);
        }
        printFile.emplace(std::move(created).value());
    }
    for (const Registrant& r : registrants) {
        // One signature a badge: the file beside the print file carries the same token.
        auto print = SignBadge(key, opened.config.event, r);
        if (!print) {
            return Fail(print.error());
        }
        const std::string file =
            !options.outDir.empty() ? options.outDir + "/" + r.id + ".png" : options.out;
        if (!file.empty()) {
            if (auto written = WriteBadge(*print, file, IsPdf(file), layout); !written) {
                return Fail(written.error());
            }
        }
        if (printFile) {
            if (auto added = printFile->add(*print); !added) {
                return FailScanner(added.error(), ErrorKind::Storage);
            }
        }
        std::cout << print->token << '\n';
    }
    if (printFile) {
        if (auto finished = printFile->finish(); !finished) {
            return FailScanner(finished.error(), ErrorKind::Storage);
        }
        std::cerr << "Wrote " << printFile->pages() << " badges, one a page, to " << options.pdf
                  << ".\n";
    }
    return kExitOk;
}

// Cancelled registrants get no badge; the first failure stops the run.
int IssueForAll(const scanner::BadgeSecretKey& key, OpenedKiosk& opened,
                const IssueOptions& options, const scanner::BadgeLayout& layout) {
    if (!options.outDir.empty()) {
        std::filesystem::create_directories(options.outDir);
    }
    auto registrants = opened.store.allRegistrants();
    if (!registrants) {
        return Fail(registrants.error());
    }
    std::vector<Registrant> active;
    std::copy_if(registrants->begin(), registrants->end(), std::back_inserter(active),
                 [](const Registrant& r) { return r.status == RegistrantStatus::Active; });
    if (active.empty()) {
        return Fail(MakeError(ErrorKind::NotFound, "no active registrant in the list"));
    }
    if (const int status = IssueBadges(key, opened, active, options, layout); status != kExitOk) {
        return status;
    }
    if (!options.outDir.empty()) {
        std::cerr << "Issued " << active.size() << " badges into " << options.outDir << ".\n";
    }
    return kExitOk;
}

int RunIssue(const IssueOptions& options) {
    const bool oneWhere = !options.out.empty() || !options.pdf.empty();
    const bool allWhere = !options.outDir.empty() || !options.pdf.empty();
    if (options.all != options.registrant.empty() || (!options.all && !oneWhere) ||
        (options.all && !allWhere)) {
        return Fail(MakeError(ErrorKind::Input, "give --registrant ID with --out FILE or --pdf "
                                                "FILE, or --all with --out-dir DIR or --pdf FILE"));
    }
    if (options.cropMarks && options.pdf.empty()) {
        return Fail(MakeError(ErrorKind::Input, "--crop-marks is for the --pdf print file"));
    }
    auto layout = BadgeSize(options.size);
    if (!layout) {
        return Fail(layout.error());
    }
    std::optional<OpenedKiosk> opened;
    std::optional<scanner::BadgeSecretKey> key;
    if (const int status = OpenWithKey(options.config, options.key, opened, key);
        status != kExitOk) {
        return status;
    }
    if (options.all) {
        return IssueForAll(*key, *opened, options, *layout);
    }
    auto r = ListedRegistrant(opened->store, options.registrant);
    if (!r) {
        return Fail(r.error());
    }
    if (!options.printer.empty()) {
        return IssueOne(*key, *opened, *r, options.out, *layout, options.printer);
    }
    return IssueBadges(*key, *opened, {*r}, options, *layout);
}

struct ReissueOptions {
    std::string key;
    std::string config;
    std::string registrant;
    std::string out;
    std::string size = "A6";
    std::string staff;
    std::string printer;
};

// The new badge is drawn first, beside --out, with the next version; the version is raised
// in the store only once it is; then it takes --out's name. A failure on the way leaves the
// old badge valid and no file.
int RunReissue(const ReissueOptions& options) {
    auto layout = BadgeSize(options.size);
    if (!layout) {
        return Fail(layout.error());
    }
    std::optional<OpenedKiosk> opened;
    std::optional<scanner::BadgeSecretKey> key;
    if (const int status = OpenWithKey(options.config, options.key, opened, key);
        status != kExitOk) {
        return status;
    }
    const EventConfig& event = opened->config.event;
    auto listed = ListedRegistrant(opened->store, options.registrant);
    if (!listed) {
        return Fail(listed.error());
    }
    auto staff = StaffFromPin(*opened, options.staff);
    if (!staff) {
        return Fail(staff.error());
    }
    Registrant next = *listed;
    next.badgeVersion += 1;
    const std::string part = options.out + ".part";
    const bool pdf = IsPdf(options.out);
    auto token = MakeBadge(*key, event, next, part, pdf, *layout);
    if (!token) {
        std::filesystem::remove(part);
        return Fail(token.error());
    }
    auto raised = opened->store.reissueBadge(next.id, staff->id, NowUtcMillis());
    if (raised && raised->badgeVersion != next.badgeVersion) {
        token = MakeBadge(*key, event, *raised, part, pdf, *layout); // re-issued meanwhile
    }
    if (!raised || !token) {
        std::filesystem::remove(part);
        return Fail(!raised ? raised.error() : token.error());
    }
    // The version is raised: from here on the new badge must not be lost, whatever its name.
    std::string written = options.out;
    if (std::error_code renamed; std::filesystem::rename(part, written, renamed), renamed) {
        std::cerr << "accueil: cannot name it " << options.out << " (" << renamed.message()
                  << "); the new badge is " << part << '\n';
        written = part;
    }
    std::cout << *token << '\n';
    std::cerr << "Badge of " << raised->displayName() << " [" << raised->id
              << "] re-issued as version " << raised->badgeVersion << " in " << written
              << ": badges printed before are refused as replaced here now, at the other doors "
                 "after their next sync.\n";
    if (!options.printer.empty()) {
        if (auto printed = PrintBadge(*opened, options.printer, written, *raised, staff->id);
            !printed) {
            return Fail(printed.error());
        }
    }
    return kExitOk;
}

} // namespace

void RegisterBadge(CLI::App& app, int& exitCode) {
    CLI::App* badge = app.add_subcommand("badge", "Make badge-signing keys and printable badges.");
    badge->require_subcommand(1);

    auto keygenOpt = std::make_shared<KeygenOptions>();
    CLI::App* keygen = badge->add_subcommand(
        "keygen", "Write a new private signing key (mode 0600) and print its public key.");
    keygen->add_option("--out", keygenOpt->out, "where to write the private key")->required();
    keygen->footer("Put the printed public key in [badges] public_keys of event.toml. Keep the "
                   "private key at the registration desk only: kiosks never hold it.");
    keygen->callback([keygenOpt, &exitCode] { exitCode = RunKeygen(*keygenOpt); });

    auto opt = std::make_shared<IssueOptions>();
    CLI::App* issue = badge->add_subcommand(
        "issue", "Sign a badge token and write a printable badge (A6, 300 dpi; PNG, or PDF when "
                 "the file name ends in .pdf).");
    issue->add_option("--key", opt->key, "private key from `badge keygen`")->required();
    AddConfigOption(*issue, opt->config, "KIOSK.toml",
                    "the kiosk's configuration, for the registration list (required)");
    auto* one = issue->add_option("--registrant", opt->registrant, "registrant ID");
    auto* out = issue->add_option("--out", opt->out, "badge to write (.png or .pdf)");
    auto* all = issue->add_flag("--all", opt->all, "every active registrant");
    auto* dir = issue->add_option("--out-dir", opt->outDir, "folder for --all (ID.png each)");
    auto* pdf = issue->add_option(
        "--pdf", opt->pdf, "also, or instead, one print-ready PDF with every badge, one a page");
    issue->add_option("--size", opt->size,
                      "badge size: A6 (default), A5, A7 or WIDTHxHEIGHT in mm, e.g. 90x130");
    issue->add_flag("--crop-marks", opt->cropMarks,
                    "in the --pdf file, an 8 mm margin with crop marks at each corner");
    auto* print = issue->add_option("--print", opt->printer,
                                    "also send it to this printer (CUPS, through `lp -d`)");
    one->excludes(all);
    out->needs(one);
    dir->needs(all);
    print->needs(out);
    print->excludes(pdf);
    issue->footer("Prints each token on standard output, one a line. Names in every script are "
                  "shaped and set right to left where they are; a character no installed font "
                  "draws is named on standard error.");
    issue->callback([issue, opt, &exitCode] {
        RequireConfig(*issue, opt->config);
        exitCode = RunIssue(*opt);
    });

    auto re = std::make_shared<ReissueOptions>();
    CLI::App* reissue = badge->add_subcommand(
        "reissue", "Replace a lost or damaged badge: a new one, and the old one refused.");
    reissue->add_option("--key", re->key, "private key from `badge keygen`")->required();
    AddConfigOption(*reissue, re->config, "KIOSK.toml", "the kiosk's configuration (required)");
    reissue->add_option("--registrant", re->registrant, "registrant ID")->required();
    reissue->add_option("--out", re->out, "badge to write (.png or .pdf)")->required();
    reissue->add_option("--size", re->size,
                        "badge size: A6 (default), A5, A7 or WIDTHxHEIGHT in mm, e.g. 90x130");
    reissue->add_option("--print", re->printer,
                        "also send it to this printer (CUPS, through `lp -d`)");
    reissue
        ->add_option("--staff", re->staff,
                     "the staff member's ID; their PIN is read from standard input")
        ->required();
    reissue->footer("Prints the new token on standard output. The badge version rises by one, "
                    "so the badges printed before are refused as `replaced`. With --print, the "
                    "printer's job is audited as `badge_printed`.");
    reissue->callback([reissue, re, &exitCode] {
        RequireConfig(*reissue, re->config);
        exitCode = RunReissue(*re);
    });
}

} // namespace accueil::cli
