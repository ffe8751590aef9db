// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <accueil/Result.h>

#include <string>

namespace accueil::scanner {

/// What went wrong, coarsely, so a caller can branch without parsing the message.
enum class ErrorKind {
    InvalidArgument, ///< the caller passed something the function cannot use
    Io,              ///< a file or device could not be opened, read or written
    BadData,         ///< the bytes read are not in the expected format
    Unsupported,     ///< the format or device is valid but not handled
    NotFound,        ///< the file or device does not exist
    Crypto,          ///< libsodium could not be initialised or failed
};

/// A typed error: a kind to branch on and an English message for logs.
struct Error {
    ErrorKind kind = ErrorKind::InvalidArgument;
    std::string message;
};

/// A value or an Error; `Result<void>` for an operation that returns nothing. The scanner's
/// public functions return this instead of throwing.
template <class T> using Result = accueil::Result<T, Error>;
using accueil::Ok;

} // namespace accueil::scanner
