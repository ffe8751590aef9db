// SPDX-License-Identifier: Apache-2.0
#include <accueil/cli/RunProgram.h>

#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <csignal>
#include <string_view>

namespace accueil::cli {

namespace {

// This process's environment with the names of `extra` replaced, made before fork: the child
// may only call async-signal-safe functions.
std::vector<char*> ChildEnvironment(const std::vector<std::string>& extra) {
    std::vector<char*> env;
    env.reserve(extra.size());
    for (const std::string& e : extra) {
        // NOLINTNEXTLINE(cppcoreguidelines-pro-type-const-cast): execvpe's pre-const signature
        env.push_back(const_cast<char*>(e.c_str()));
    }
    const auto replaced = [&extra](std::string_view entry) {
        return std::ranges::any_of(extra, [entry](const std::string& e) {
            return entry.substr(0, entry.find('=') + 1) == e.substr(0, e.find('=') + 1);
        });
    };
    for (char** e = environ; *e != nullptr; ++e) {
        if (!replaced(*e)) {
            env.push_back(*e);
        }
    }
    env.push_back(nullptr);
    return env;
}

} // namespace

ProgramRun RunProgram(const std::vector<std::string>& argv, std::chrono::milliseconds limit,
                      const std::vector<std::string>& extraEnv) {
    ProgramRun run;
    if (argv.empty()) {
        run.error = "no program to run";
        return run;
    }
    std::array<int, 2> fds{-1, -1};
    if (::pipe2(fds.data(), O_CLOEXEC) != 0) {
        run.error = "cannot make a pipe";
        return run;
    }
    std::vector<char*> args;
    args.reserve(argv.size() + 1);
    for (const std::string& a : argv) {
        // NOLINTNEXTLINE(cppcoreguidelines-pro-type-const-cast): execvp's pre-const signature
        args.push_back(const_cast<char*>(a.c_str()));
    }
    args.push_back(nullptr);
    std::vector<char*> env = ChildEnvironment(extraEnv);
    const pid_t pid = ::fork();
    if (pid < 0) {
        ::close(fds[0]);
        ::close(fds[1]);
        run.error = "cannot start a process";
        return run;
    }
    if (pid == 0) {
        const int devNull = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
        ::dup2(devNull, 0);
        ::dup2(fds[1], 1);
        ::dup2(fds[1], 2);
        ::execvpe(args[0], args.data(), env.data());
        ::_exit(127);
    }
    ::close(fds[1]);
    const auto deadline = std::chrono::steady_clock::now() + limit;
    std::array<char, 512> buf{};
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
            run.timedOut = true;
            break;
        }
        pollfd p{fds[0], POLLIN, 0};
        if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) {
            continue; // timed out (checked above) or interrupted
        }
        const ssize_t n = ::read(fds[0], buf.data(), buf.size());
        if (n <= 0) {
            break; // the child closed its end: it is ending
        }
        run.output.append(buf.data(), static_cast<std::size_t>(n));
    }
    ::close(fds[0]);
    if (run.timedOut) {
        ::kill(pid, SIGKILL);
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    run.exitStatus = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return run;
}

} // namespace accueil::cli
