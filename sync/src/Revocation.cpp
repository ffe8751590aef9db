// SPDX-License-Identifier: Apache-2.0
#include <accueil/sync/Protocol.h>
#include <accueil/sync/Revocation.h>

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

namespace accueil::sync {

bool IsRevocation(const SyncError& error) {
    return error.kind == SyncErrorKind::Auth && error.httpStatus == 403 &&
           error.code == ToString(ApiError::TokenRevoked);
}

bool IsRevocation(const RoundReport& report) {
    return (report.pushError && IsRevocation(*report.pushError)) ||
           (report.pullError && IsRevocation(*report.pullError));
}

namespace {

// Truncated in place rather than removed: the file's permissions and owner stay for the
// token a new enrolment writes, and a missing file would read as a configuration mistake.
core::Result<void> EmptyTokenFile(const std::string& path) {
    // NOLINTNEXTLINE(cppcoreguidelines-pro-type-vararg): open(2) is variadic
    const int fd = ::open(path.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC);
    if (fd < 0) {
        const int error = errno;
        if (error == ENOENT) {
            return core::Ok{};
        }
        // The worker thread calls this: std::error_code's message, not strerror's buffer.
        return core::MakeError(core::ErrorKind::Config,
                               "emptying the token file " + path + ": " +
                                   std::error_code(error, std::generic_category()).message());
    }
    const int synced = ::fsync(fd);
    ::close(fd);
    if (synced != 0) {
        return core::MakeError(core::ErrorKind::Config,
                               "emptying the token file " + path + ": fsync failed");
    }
    return core::Ok{};
}

} // namespace

core::Result<core::WipeSummary>
WipeRevokedKiosk(core::AttendanceStore& store, const std::string& tokenFile, core::UtcMillis now) {
    // The token goes first: it is useless to a thief already, and a wipe that fails half-way
    // must not leave a kiosk that looks ready to sync again.
    const auto emptied =
        tokenFile.empty() ? core::Result<void>(core::Ok{}) : EmptyTokenFile(tokenFile);
    auto wiped = core::WipePersonalData(store, now);
    if (!wiped) {
        return wiped;
    }
    if (!emptied) {
        return emptied.error();
    }
    return wiped;
}

std::string RevokedMessage(const core::WipeSummary& summary) {
    return "this kiosk was revoked at the central: its personal data was erased (" +
           std::to_string(summary.registrants) + " registrants' names and details, " +
           std::to_string(summary.photos) + " photos, " + std::to_string(summary.staff) +
           " staff accounts, the token); attendance and counts are kept. Enrol it again to use "
           "it (accueil enrol)";
}

} // namespace accueil::sync
