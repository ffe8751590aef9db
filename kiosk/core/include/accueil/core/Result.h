// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <accueil/Result.h>

#include <string>
#include <utility>

namespace accueil::core {

/// What went wrong, coarse enough for a caller to act on (exit codes, screens).
enum class ErrorKind {
    Config,   ///< a configuration file is missing or wrong
    Input,    ///< user-supplied data (CSV, payload, arguments) is wrong
    Storage,  ///< the database cannot be opened, read or written
    Auth,     ///< wrong PIN, locked account, unknown staff member
    NotFound, ///< the thing asked for does not exist
    Conflict, ///< the request contradicts the current state (e.g. undo of an undone entry)
};

/// An error that crosses a library boundary: a kind to branch on, a message to show.
struct Error {
    ErrorKind kind = ErrorKind::Input;
    std::string message;
};

/// A value or an Error; `Result<void>` for an operation that returns nothing.
template <class T> using Result = accueil::Result<T, Error>;
using accueil::Ok;

inline Error MakeError(ErrorKind kind, std::string message) {
    return Error{kind, std::move(message)};
}

} // namespace accueil::core
