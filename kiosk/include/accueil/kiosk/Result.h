// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace accueil::kiosk {

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

/// A value or an Error. Small on purpose: `ok()`, `value()`, `error()`.
template <class T> class [[nodiscard]] Result {
public:
    Result(T value) : m_data(std::in_place_index<0>, std::move(value)) {} // NOLINT: implicit
    Result(Error error) : m_data(std::in_place_index<1>, std::move(error)) {} // NOLINT: implicit

    bool ok() const { return m_data.index() == 0; }
    explicit operator bool() const { return ok(); }

    T& value() & { return std::get<0>(m_data); }
    const T& value() const& { return std::get<0>(m_data); }
    T&& value() && { return std::get<0>(std::move(m_data)); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }

    const Error& error() const { return std::get<1>(m_data); }

private:
    std::variant<T, Error> m_data;
};

/// Result for operations that return nothing but may fail.
struct Ok {};
using Status = Result<Ok>;

inline Error MakeError(ErrorKind kind, std::string message) {
    return Error{kind, std::move(message)};
}

} // namespace accueil::kiosk
