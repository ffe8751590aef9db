// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <utility>
#include <variant>

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

/// Either a value or an Error. The scanner's public functions return this instead of
/// throwing.
template <class T> class [[nodiscard]] Expected {
public:
    Expected(T value) : m_data(std::move(value)) {}
    Expected(Error error) : m_data(std::move(error)) {}

    bool ok() const { return m_data.index() == 0; }
    explicit operator bool() const { return ok(); }
    T& value() { return std::get<0>(m_data); }
    const T& value() const { return std::get<0>(m_data); }
    T& operator*() { return value(); }
    const T& operator*() const { return value(); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    const Error& error() const { return std::get<1>(m_data); }

private:
    std::variant<T, Error> m_data;
};

/// The result of a function that returns nothing but may fail.
class [[nodiscard]] Status {
public:
    Status() = default;
    Status(Error error) : m_error(std::move(error)), m_ok(false) {}

    bool ok() const { return m_ok; }
    explicit operator bool() const { return m_ok; }
    const Error& error() const { return m_error; }

private:
    Error m_error;
    bool m_ok = true;
};

} // namespace accueil::scanner
