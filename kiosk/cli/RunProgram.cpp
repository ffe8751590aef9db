// SPDX-License-Identifier: Apache-2.0
#include <accueil/cli/RunProgram.h>

#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <csignal>

namespace accueil::cli {

ProgramRun RunProgram(const std::vector<std::string>& argv, std::chrono::milliseconds limit) {
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
        ::execvp(args[0], args.data());
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
