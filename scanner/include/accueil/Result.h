// SPDX-License-Identifier: Apache-2.0
#pragma once

// The one result type of the three libraries (scanner, core, sync). Each library names its own
// error type E (a kind to branch on and a message to show) and aliases `Result<T>` to
// `accueil::Result<T, E>` in its namespace. It lives with the scanner because the scanner is the
// bottom library: the core and sync are built on it.

#include <optional>
#include <type_traits>
#include <utility>
#include <variant>

namespace accueil {

/// The value of an operation that returns nothing but may fail: `return Ok{};`.
struct Ok {};

/// A value or an error. Exceptions stay inside a library; its public functions return this.
template <class T, class E> class [[nodiscard]] Result {
public:
    // Implicit on purpose: `return value;` and `return error;` both make a Result.
    Result(T value) : m_data(std::in_place_index<0>, std::move(value)) {}
    Result(E error) : m_data(std::in_place_index<1>, std::move(error)) {}

    [[nodiscard]] bool ok() const { return m_data.index() == 0; }
    explicit operator bool() const { return ok(); }

    T& value() & { return std::get<0>(m_data); }
    const T& value() const& { return std::get<0>(m_data); }
    T&& value() && { return std::get<0>(std::move(m_data)); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }
    T&& operator*() && { return std::move(*this).value(); }

    /// Only when !ok().
    const E& error() const& { return std::get<1>(m_data); }
    E&& error() && { return std::get<1>(std::move(m_data)); }

private:
    static_assert(!std::is_same_v<T, E>, "a value type and its error type must differ");
    std::variant<T, E> m_data;
};

/// Success with no value, or an error.
template <class E> class [[nodiscard]] Result<void, E> {
public:
    // Implicit on purpose: `return Ok{};` and `return error;` both make a Result.
    Result() = default;
    Result(Ok /*ok*/) {}
    Result(E error) : m_error(std::move(error)) {}

    [[nodiscard]] bool ok() const { return !m_error.has_value(); }
    explicit operator bool() const { return ok(); }

    /// Only when !ok().
    const E& error() const& { return *m_error; }
    E&& error() && { return std::move(*m_error); }

private:
    std::optional<E> m_error;
};

} // namespace accueil
