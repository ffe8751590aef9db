// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace accueil::scanner {

/// Settings of a serial (USB CDC-ACM) scanner line reader.
struct SerialOptions {
    int reconnectIntervalMs = 500;   ///< how long a read waits between reopen attempts
    std::size_t maxLineBytes = 4096; ///< longer lines are dropped whole
};

/// What one read produced.
struct SerialRead {
    std::vector<std::string> lines; ///< complete lines, without CR/LF; empty lines skipped
    bool connected = false;         ///< the device is open after this read
    std::string error;              ///< why it is not connected (English), empty otherwise
};

/// Reads lines from a serial scanner (a tty such as /dev/ttyACM0 or a /dev/serial/by-id
/// link), in raw mode. Lines end with CR, LF or CRLF. When the device disappears it is closed
/// and reopened by path when it comes back; a partly received line is dropped. Move-only;
/// owns its file descriptor. Not thread-safe: use from one thread (e.g. a scanner worker).
class SerialLineReader {
public:
    explicit SerialLineReader(std::string path, SerialOptions options = {});
    SerialLineReader(SerialLineReader&& other) noexcept;
    SerialLineReader& operator=(SerialLineReader&& other) noexcept;
    SerialLineReader(const SerialLineReader&) = delete;
    SerialLineReader& operator=(const SerialLineReader&) = delete;
    ~SerialLineReader();

    /// Waits up to timeoutMs for data and returns the lines completed. When disconnected,
    /// tries to reopen the path first (and waits up to min(timeoutMs, reconnectIntervalMs)
    /// if that fails). Never throws.
    SerialRead read(int timeoutMs);

    bool connected() const { return m_fd >= 0; }
    const std::string& path() const { return m_path; }

private:
    bool open(std::string& error);
    void close();

    std::string m_path;
    SerialOptions m_options;
    int m_fd = -1;
    std::string m_partial;
    bool m_afterCr = false;
    bool m_overlong = false;
};

} // namespace accueil::scanner
