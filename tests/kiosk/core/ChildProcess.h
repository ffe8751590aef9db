// SPDX-License-Identifier: Apache-2.0
#pragma once

// Runs a program as a child process with its standard output on a pipe, for tests that kill
// writers at random moments. Reads are bounded by a deadline, never by sleeping.

#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <csignal>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace accueil::test {

class ChildProcess {
public:
    explicit ChildProcess(const std::vector<std::string>& argv, const std::string& stdinText = {}) {
        std::array<int, 2> out{};
        std::array<int, 2> in{};
        if (pipe(out.data()) != 0 || pipe(in.data()) != 0) {
            throw std::runtime_error("pipe failed");
        }
        m_pid = fork();
        if (m_pid == 0) {
            dup2(out[1], STDOUT_FILENO);
            dup2(in[0], STDIN_FILENO);
            close(out[0]);
            close(out[1]);
            close(in[0]);
            close(in[1]);
            std::vector<char*> args;
            args.reserve(argv.size() + 1);
            for (const auto& a : argv) {
                // NOLINTNEXTLINE(cppcoreguidelines-pro-type-const-cast): execv never writes argv
                args.push_back(const_cast<char*>(a.c_str()));
            }
            args.push_back(nullptr);
            execv(args[0], args.data());
            _exit(127);
        }
        close(out[1]);
        close(in[0]);
        m_out = out[0];
        WriteAll(in[1], stdinText);
        close(in[1]);
    }
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;
    ~ChildProcess() {
        if (m_pid > 0 && !m_reaped) {
            kill(m_pid, SIGKILL);
            waitpid(m_pid, nullptr, 0);
        }
        if (m_out >= 0) {
            close(m_out);
        }
    }

    /// The next line of output, or nullopt at end of output or when the deadline passes.
    std::optional<std::string> readLine(std::chrono::milliseconds timeout) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        for (;;) {
            if (const auto nl = m_buffer.find('\n'); nl != std::string::npos) {
                std::string line = m_buffer.substr(0, nl);
                m_buffer.erase(0, nl + 1);
                return line;
            }
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                deadline - std::chrono::steady_clock::now());
            if (left.count() <= 0) {
                return std::nullopt;
            }
            pollfd p{m_out, POLLIN, 0};
            if (poll(&p, 1, static_cast<int>(left.count())) <= 0) {
                continue;
            }
            std::array<char, 4096> chunk{};
            const ssize_t n = read(m_out, chunk.data(), chunk.size());
            if (n <= 0) {
                return std::nullopt; // the child closed its output
            }
            m_buffer.append(chunk.data(), static_cast<std::size_t>(n));
        }
    }

    /// Everything left on the pipe after the child is gone: complete lines only.
    std::vector<std::string> drainLines() {
        std::vector<std::string> lines;
        while (auto line = readLine(std::chrono::milliseconds(5000))) {
            lines.push_back(*line);
        }
        return lines;
    }

    void killHard() const { kill(m_pid, SIGKILL); }

    /// Waits for the child; returns its exit status, or 128 + signal.
    int wait() {
        int status = 0;
        waitpid(m_pid, &status, 0);
        m_reaped = true;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }

    /// All remaining output (for small outputs), then the exit status.
    std::pair<std::string, int> finish() {
        std::string all = m_buffer;
        m_buffer.clear();
        std::array<char, 4096> chunk{};
        ssize_t n = 0;
        while ((n = read(m_out, chunk.data(), chunk.size())) > 0) {
            all.append(chunk.data(), static_cast<std::size_t>(n));
        }
        return {all, wait()};
    }

private:
    // Writes `text` to the child's standard input; stops early if the child stops reading (its
    // own output and exit status then tell the test what happened).
    static void WriteAll(int fd, std::string_view text) {
        while (!text.empty()) {
            const ssize_t n = write(fd, text.data(), text.size());
            if (n <= 0) {
                return;
            }
            text.remove_prefix(static_cast<std::size_t>(n));
        }
    }

    pid_t m_pid = -1;
    int m_out = -1;
    bool m_reaped = false;
    std::string m_buffer;
};

} // namespace accueil::test
