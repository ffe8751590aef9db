// SPDX-License-Identifier: Apache-2.0
#include "ErrnoText.h"

#include <accueil/scanner/SerialLineReader.h>

#include <fcntl.h>
#include <poll.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>

namespace accueil::scanner {

SerialLineReader::SerialLineReader(std::string path, SerialOptions options)
    : m_path(std::move(path)), m_options(options) {}

SerialLineReader::SerialLineReader(SerialLineReader&& other) noexcept
    : m_path(std::move(other.m_path)), m_options(other.m_options), m_fd(other.m_fd),
      m_partial(std::move(other.m_partial)), m_afterCr(other.m_afterCr),
      m_overlong(other.m_overlong) {
    other.m_fd = -1;
}

SerialLineReader& SerialLineReader::operator=(SerialLineReader&& other) noexcept {
    if (this != &other) {
        close();
        m_path = std::move(other.m_path);
        m_options = other.m_options;
        m_fd = other.m_fd;
        m_partial = std::move(other.m_partial);
        m_afterCr = other.m_afterCr;
        m_overlong = other.m_overlong;
        other.m_fd = -1;
    }
    return *this;
}

SerialLineReader::~SerialLineReader() {
    close();
}

void SerialLineReader::close() {
    if (m_fd >= 0) {
        ::close(m_fd);
        m_fd = -1;
    }
    m_partial.clear();
    m_afterCr = false;
    m_overlong = false;
}

bool SerialLineReader::open(std::string& error) {
    const int fd = ::open(m_path.c_str(), O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        error = "cannot open " + m_path + ": " + detail::ErrnoText(errno);
        return false;
    }
    // Raw mode: no CR/LF translation, no echo, bytes as they come.
    termios tio{};
    if (::isatty(fd) != 0 && ::tcgetattr(fd, &tio) == 0) {
        ::cfmakeraw(&tio);
        tio.c_cc[VMIN] = 0;
        tio.c_cc[VTIME] = 0;
        ::tcsetattr(fd, TCSANOW, &tio);
    }
    m_fd = fd;
    return true;
}

SerialRead SerialLineReader::read(int timeoutMs) {
    SerialRead result;
    timeoutMs = std::max(0, timeoutMs);
    if (m_fd < 0) {
        if (!open(result.error)) {
            // Wait before the next attempt so a caller looping on read() does not spin.
            ::poll(nullptr, 0, std::min(timeoutMs, m_options.reconnectIntervalMs));
            return result;
        }
    }
    pollfd pfd{m_fd, POLLIN, 0};
    const int ready = ::poll(&pfd, 1, timeoutMs);
    if (ready > 0) {
        std::array<char, 1024> buf{};
        const ssize_t n = ::read(m_fd, buf.data(), buf.size());
        const bool gone = n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR) ||
                          (n <= 0 && (pfd.revents & (POLLHUP | POLLERR)) != 0);
        if (gone) {
            result.error = m_path + " disconnected";
            close();
            return result;
        }
        for (ssize_t i = 0; i < n; ++i) {
            const char c = buf[static_cast<std::size_t>(i)];
            if (c == '\r' || c == '\n') {
                const bool lfAfterCr = c == '\n' && m_afterCr;
                m_afterCr = c == '\r';
                if (lfAfterCr) {
                    continue;
                }
                if (!m_partial.empty() && !m_overlong) {
                    result.lines.push_back(std::move(m_partial));
                }
                m_partial.clear();
                m_overlong = false;
                continue;
            }
            m_afterCr = false;
            if (m_partial.size() >= m_options.maxLineBytes) {
                m_overlong = true;
                m_partial.clear();
            }
            if (!m_overlong) {
                m_partial.push_back(c);
            }
        }
    } else if (ready < 0 && errno != EINTR) {
        result.error = "cannot poll " + m_path + ": " + detail::ErrnoText(errno);
        close();
        return result;
    }
    result.connected = m_fd >= 0;
    return result;
}

} // namespace accueil::scanner
