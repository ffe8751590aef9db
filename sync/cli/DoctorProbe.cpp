// SPDX-License-Identifier: Apache-2.0
// Reading the facts `accueil doctor` judges. Everything is opened for reading only: a doctor
// that changed the installation it examines could hide the fault it was run to find.

#include "DoctorProbe.h"

#include <accueil/cli/RunProgram.h>
#include <accueil/scanner/EvdevReader.h>

#include <curl/curl.h>
#include <fcntl.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <pwd.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <toml++/toml.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <sstream>

namespace accueil::cli::doctor {

namespace fs = std::filesystem;

std::string Environment(const char* name) {
    // NOLINTNEXTLINE(concurrency-mt-unsafe): the doctor runs on one thread
    const char* value = std::getenv(name);
    return value == nullptr ? std::string() : std::string(value);
}

Kind ProbeKind(const std::string& path, std::string& error) {
    if (!fs::is_regular_file(path)) {
        error = "cannot read " + path;
        return Kind::Unknown;
    }
    try {
        const toml::table table = toml::parse_file(path);
        const toml::table* central = table["central"].as_table();
        const bool centralServes =
            central != nullptr && (central->contains("listen") || central->contains("database"));
        const Kind kind = KindOf(table.contains("kiosk"), centralServes);
        if (kind == Kind::Unknown) {
            error = path + ": neither a kiosk.toml ([kiosk]) nor a central.toml ([central] with "
                           "listen and database)";
        }
        return kind;
    } catch (const toml::parse_error& e) {
        std::ostringstream text;
        text << path << ':' << e.source().begin.line << ": " << e.description();
        error = text.str();
        return Kind::Unknown;
    }
}

namespace {

struct SqliteCloser {
    void operator()(sqlite3* db) const { sqlite3_close(db); }
};

// The first column of the first row; nullopt (and `error`) when the statement fails.
std::optional<std::string> Scalar(sqlite3* db, const char* sql, std::string& error) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) != SQLITE_OK) {
        error = sqlite3_errmsg(db);
        return std::nullopt;
    }
    std::optional<std::string> out;
    const int rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW) {
        const auto* text = sqlite3_column_text(stmt, 0);
        out = text == nullptr ? std::string() : std::string(reinterpret_cast<const char*>(text));
    } else if (rc != SQLITE_DONE) {
        error = sqlite3_errmsg(db);
    }
    sqlite3_finalize(stmt);
    return out;
}

std::int64_t Count(sqlite3* db, const char* sql, std::string& error) {
    const auto value = Scalar(db, sql, error);
    return value ? std::strtoll(value->c_str(), nullptr, 10) : 0;
}

} // namespace

DatabaseFacts ProbeDatabase(const std::string& path, bool central) {
    DatabaseFacts f;
    f.path = path;
    f.exists = fs::is_regular_file(path);
    if (!f.exists) {
        return f;
    }
    sqlite3* raw = nullptr;
    const int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr);
    std::unique_ptr<sqlite3, SqliteCloser> db(raw);
    if (rc != SQLITE_OK) {
        f.openError = raw != nullptr ? sqlite3_errmsg(raw) : "out of memory";
        return f;
    }
    sqlite3_busy_timeout(db.get(), 5000);
    std::string error;
    const auto check = Scalar(db.get(), "PRAGMA quick_check", error);
    if (!check) {
        // A header too damaged to read fails here rather than in quick_check's answer.
        f.quickCheck = error;
        return f;
    }
    f.quickCheck = *check;
    if (f.quickCheck != "ok") {
        return f;
    }
    f.schemaVersion = Count(db.get(), "PRAGMA user_version", error);
    f.registrants = Count(db.get(), "SELECT COUNT(*) FROM registrant", error);
    if (central) {
        f.kioskTokens = Count(db.get(), "SELECT COUNT(*) FROM central_kiosk", error);
        f.revokedTokens = Count(
            db.get(), "SELECT COUNT(*) FROM central_kiosk WHERE revoked_at IS NOT NULL", error);
    } else {
        f.staff = Count(db.get(), "SELECT COUNT(*) FROM staff", error);
    }
    if (!error.empty()) {
        f.openError = error;
    }
    return f;
}

namespace {

std::string UserName(uid_t uid) {
    const passwd* pw = ::getpwuid(uid); // NOLINT(concurrency-mt-unsafe): one thread
    return pw != nullptr ? pw->pw_name : "uid " + std::to_string(uid);
}

} // namespace

FileModeFacts ProbeFileMode(const std::string& path) {
    FileModeFacts f;
    f.path = path;
    f.folder = fs::absolute(path).parent_path().string();
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0) {
        f.mode = st.st_mode & 07777U;
        f.owner = st.st_uid;
    }
    struct stat dir {};
    if (::stat(f.folder.c_str(), &dir) == 0) {
        f.folderMode = dir.st_mode & 07777U;
    }
    f.me = ::geteuid();
    f.ownerName = UserName(f.owner);
    f.myName = UserName(f.me);
    return f;
}

std::uint64_t ProbeFreeBytes(const std::string& folder, std::string& error) {
    struct statvfs vfs {};
    if (::statvfs(folder.c_str(), &vfs) != 0) {
        error = std::strerror(errno); // NOLINT(concurrency-mt-unsafe): one thread
        return 0;
    }
    return static_cast<std::uint64_t>(vfs.f_bavail) * vfs.f_frsize;
}

namespace {

struct CurlDeleter {
    void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct SlistDeleter {
    void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

// The start of a body is enough to tell the central's health answer; the rest is dropped.
size_t KeepStart(char* data, size_t size, size_t count, void* user) {
    constexpr std::size_t kKeep = 4096;
    auto* body = static_cast<std::string*>(user);
    const std::size_t n = size * count;
    body->append(data, std::min(n, kKeep - std::min(kKeep, body->size())));
    return n;
}

size_t KeepDate(char* data, size_t size, size_t count, void* user) {
    const std::string_view line(data, size * count);
    constexpr std::string_view kDate = "date:";
    if (line.size() > kDate.size() &&
        strncasecmp(line.data(), kDate.data(), kDate.size()) == 0) { // NOLINT
        std::string value(line.substr(kDate.size()));
        const auto first = value.find_first_not_of(" \t");
        const auto last = value.find_last_not_of(" \t\r\n");
        *static_cast<std::string*>(user) =
            first == std::string::npos ? std::string() : value.substr(first, last - first + 1);
    }
    return size * count;
}

double NowSeconds() {
    using namespace std::chrono;
    return duration<double>(system_clock::now().time_since_epoch()).count();
}

// "Expire date:Jun 17 12:00:00 2026 GMT" of the server's own certificate (the first).
std::string CertExpiry(CURL* c) {
    curl_certinfo* info = nullptr;
    if (curl_easy_getinfo(c, CURLINFO_CERTINFO, &info) != CURLE_OK || info == nullptr ||
        info->num_of_certs < 1) {
        return {};
    }
    constexpr std::string_view kExpire = "Expire date:";
    for (const curl_slist* s = info->certinfo[0]; s != nullptr; s = s->next) {
        const std::string_view item(s->data);
        if (item.substr(0, kExpire.size()) == kExpire) {
            return std::string(item.substr(kExpire.size()));
        }
    }
    return {};
}

} // namespace

HttpFacts ProbeHttp(const std::string& baseUrl, const std::string& path, const std::string& token,
                    const std::string& caFile, bool verify, long timeoutMs) {
    HttpFacts f;
    static const bool initialised = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
    std::unique_ptr<CURL, CurlDeleter> curl(initialised ? curl_easy_init() : nullptr);
    if (!curl) {
        f.transportError = "libcurl failed to initialise";
        return f;
    }
    CURL* c = curl.get();
    const std::string url = baseUrl + path;
    std::unique_ptr<curl_slist, SlistDeleter> headers;
    if (!token.empty()) {
        const std::string auth = "Authorization: Bearer " + token;
        headers.reset(curl_slist_append(headers.release(), auth.c_str()));
    }
    curl_easy_setopt(c, CURLOPT_URL, url.c_str());
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, &KeepStart);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &f.body);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, &KeepDate);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &f.date);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, std::min(timeoutMs, 3000L));
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, timeoutMs);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_CERTINFO, 1L);
    if (!caFile.empty()) {
        curl_easy_setopt(c, CURLOPT_CAINFO, caFile.c_str());
    }
    if (!verify) {
        curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 0L);
        curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 0L);
    }
    f.sentAt = NowSeconds();
    const CURLcode rc = curl_easy_perform(c);
    f.receivedAt = NowSeconds();
    if (rc != CURLE_OK) {
        f.transportError = curl_easy_strerror(rc);
        if (rc == CURLE_COULDNT_CONNECT) {
            f.transportError += " (connection refused)";
        }
        return f;
    }
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &f.status);
    f.certExpiry = CertExpiry(c);
    return f;
}

namespace {

// Whether this user may open `path` for reading, and why not.
bool Readable(const std::string& path, std::string& error) {
    // O_NONBLOCK: a tty or a camera must not wait for a carrier or a frame to open.
    const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        error = std::strerror(errno); // NOLINT(concurrency-mt-unsafe): one thread
        return false;
    }
    ::close(fd);
    return true;
}

} // namespace

DeviceFacts ProbeDevice(const std::string& kind, const std::string& device) {
    DeviceFacts f;
    f.kind = kind;
    f.device = device;
    f.path = device;
    if (kind == "evdev") {
        if (const auto id = scanner::ParseUsbId(device)) {
            f.path.clear();
            for (const auto& d : scanner::ListEvdevKeyboards()) {
                if (d.id == *id) {
                    f.path = d.path;
                    break;
                }
            }
        }
    }
    f.exists = !f.path.empty() && fs::exists(f.path);
    if (!f.exists) {
        return f;
    }
    if (kind == "serial") {
        // Opening a tty can raise its modem lines; asking the kernel about the permission
        // leaves the scanner as it was.
        f.readable = ::access(f.path.c_str(), R_OK | W_OK) == 0;
        if (!f.readable) {
            f.error = std::strerror(errno); // NOLINT(concurrency-mt-unsafe): one thread
        }
        return f;
    }
    f.readable = Readable(f.path, f.error);
    return f;
}

namespace {

// accueil-kiosk beside this program (an installed pair), else on PATH.
std::string FindKiosk() {
    std::error_code ec;
    const fs::path self = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        const fs::path beside = self.parent_path() / "accueil-kiosk";
        if (::access(beside.c_str(), X_OK) == 0) {
            return beside.string();
        }
    }
    std::istringstream path(Environment("PATH"));
    for (std::string dir; std::getline(path, dir, ':');) {
        const fs::path candidate = fs::path(dir.empty() ? "." : dir) / "accueil-kiosk";
        if (::access(candidate.c_str(), X_OK) == 0) {
            return candidate.string();
        }
    }
    return {};
}

} // namespace

RendererFacts ProbeRenderer(std::chrono::seconds limit) {
    RendererFacts f;
    f.binary = FindKiosk();
    if (f.binary.empty()) {
        return f;
    }
    const ProgramRun run = RunProgram({f.binary, "--check-display"}, limit);
    f.exitStatus = run.error.empty() ? run.exitStatus : -1;
    f.timedOut = run.timedOut;
    f.output = run.error.empty() ? run.output : run.error;
    return f;
}

ListenState ProbeListen(const std::string& host, int port, bool tls, std::string& detail) {
    const std::string bracketed = host.find(':') != std::string::npos ? "[" + host + "]" : host;
    const std::string base =
        std::string(tls ? "https://" : "http://") + bracketed + ":" + std::to_string(port);
    // Not verified: this only asks whether the central answers on its own port, and a
    // certificate is made for the name kiosks use, not for the listen address.
    const HttpFacts h = ProbeHttp(base, "/v1/health", "", "", false, 3000);
    if (!h.transportError.empty()) {
        detail = h.transportError;
        return h.transportError.find("connection refused") != std::string::npos
                   ? ListenState::Free
                   : ListenState::Taken;
    }
    if (IsCentralHealth(h)) {
        return ListenState::Serving;
    }
    detail = "/v1/health answered " + std::to_string(h.status) + ", not as the central does";
    return ListenState::Taken;
}

namespace {

struct BioDeleter {
    void operator()(BIO* b) const { BIO_free(b); }
};
struct X509Deleter {
    void operator()(X509* x) const { X509_free(x); }
};
struct KeyDeleter {
    void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};

} // namespace

TlsFileFacts ProbeTlsFiles(const std::string& certPath, const std::string& keyPath) {
    TlsFileFacts f{certPath, keyPath, {}, false, std::nullopt};
    if (certPath.empty() && keyPath.empty()) {
        return f;
    }
    std::unique_ptr<BIO, BioDeleter> certBio(BIO_new_file(certPath.c_str(), "r"));
    std::unique_ptr<X509, X509Deleter> cert(
        certBio ? PEM_read_bio_X509(certBio.get(), nullptr, nullptr, nullptr) : nullptr);
    if (!cert) {
        f.error = "cannot read a PEM certificate from " + certPath;
        return f;
    }
    std::unique_ptr<BIO, BioDeleter> keyBio(BIO_new_file(keyPath.c_str(), "r"));
    std::unique_ptr<EVP_PKEY, KeyDeleter> key(
        keyBio ? PEM_read_bio_PrivateKey(keyBio.get(), nullptr, nullptr, nullptr) : nullptr);
    if (!key) {
        f.error = "cannot read a PEM private key from " + keyPath;
        return f;
    }
    f.keyMatches = X509_check_private_key(cert.get(), key.get()) == 1;
    int days = 0;
    int seconds = 0;
    if (ASN1_TIME_diff(&days, &seconds, nullptr, X509_get0_notAfter(cert.get())) == 1) {
        f.daysLeft = days;
    }
    return f;
}

} // namespace accueil::cli::doctor
