// SPDX-License-Identifier: Apache-2.0
#include "AccueilProcess.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <csignal>
#include <fstream>
#include <sstream>

namespace accueil::sync::test {

const std::string kAccueil = ACCUEIL_BINARY_DIR "/kiosk/cli/accueil";

void WriteFile(const std::string& path, const std::string& text) {
    std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
}

std::string ReadAll(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

std::string WriteCentralConfig(const std::string& folder, const std::string& name,
                               const std::string& database, int port) {
    WriteFile(folder + "/event.toml", ReadAll(ACCUEIL_SOURCE_DIR "/config/event.toml"));
    std::string config = folder + "/" + name;
    WriteFile(config, "[central]\ndatabase = \"" + database +
                          "\"\nlisten = \"127.0.0.1:" + std::to_string(port) +
                          "\"\nevent = \"event.toml\"\nlog_level = \"warn\"\n");
    return config;
}

std::string NumberedListCsv(int n) {
    std::string csv = "id,given_name,family_name,delegation,category,gender\n";
    for (int i = 0; i < n; ++i) {
        csv += "P" + std::to_string(i) + ",Given,Family" + std::to_string(i) +
               ",Delegation,State Party,female\n";
    }
    return csv;
}

std::string AddKioskByCommand(const std::string& config, const std::string& id,
                              const std::string& tokenFile) {
    if (Accueil({"central", "--config", config, "kiosk", "add", "--id", id, "--token-file",
                 tokenFile}) != 0) {
        return "";
    }
    std::string token = ReadAll(tokenFile);
    token.erase(token.find_last_not_of("\r\n") + 1);
    return token;
}

int FreePort() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    const bool bound = ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
                       ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0;
    ::close(fd);
    return bound ? ntohs(addr.sin_port) : 0;
}

// `args` by value: execv wants its strings as mutable `char*`, so Spawn works on its own copy.
pid_t Spawn(std::vector<std::string> args, int* stdoutFd) {
    std::array<int, 2> fds{-1, -1};
    if (stdoutFd != nullptr && ::pipe(fds.data()) != 0) {
        return -1;
    }
    const pid_t pid = ::fork();
    if (pid == 0) {
        if (stdoutFd != nullptr) {
            ::dup2(fds[1], 1);
            ::close(fds[0]);
            ::close(fds[1]);
        } else {
            const int devnull = ::open("/dev/null", O_WRONLY);
            ::dup2(devnull, 1);
        }
        std::vector<char*> argv;
        argv.reserve(args.size() + 1);
        for (auto& a : args) {
            argv.push_back(a.data());
        }
        argv.push_back(nullptr);
        ::execv(argv[0], argv.data());
        ::_exit(127);
    }
    if (stdoutFd != nullptr) {
        ::close(fds[1]);
        *stdoutFd = fds[0];
    }
    return pid;
}

int Wait(pid_t pid) {
    int status = 0;
    ::waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int Accueil(std::vector<std::string> args) {
    args.insert(args.begin(), kAccueil);
    return Wait(Spawn(std::move(args), nullptr));
}

std::pair<std::string, int> CommandOutput(std::vector<std::string> command) {
    std::vector<std::string> sh{"/bin/sh", "-c", "exec \"$@\" 2>&1", "sh"};
    sh.insert(sh.end(), command.begin(), command.end());
    int out = -1;
    const pid_t pid = Spawn(std::move(sh), &out);
    std::string text;
    std::array<char, 256> buf{};
    ssize_t n = 0;
    while ((n = ::read(out, buf.data(), buf.size())) > 0) {
        text.append(buf.data(), static_cast<std::size_t>(n));
    }
    ::close(out);
    return {text, Wait(pid)};
}

std::pair<std::string, int> AccueilOutput(const std::vector<std::string>& args) {
    std::vector<std::string> command{kAccueil};
    command.insert(command.end(), args.begin(), args.end());
    return CommandOutput(std::move(command));
}

ServeProcess::ServeProcess(const std::string& config) {
    pid = Spawn({kAccueil, "central", "--config", config, "serve"}, &out);
    std::string seen;
    std::array<char, 256> buf{};
    ssize_t n = 0;
    while (seen.find("listening") == std::string::npos &&
           (n = ::read(out, buf.data(), buf.size())) > 0) {
        seen.append(buf.data(), static_cast<std::size_t>(n));
    }
}

int ServeProcess::kill(int sig) {
    if (pid <= 0) {
        return -1;
    }
    ::kill(pid, sig);
    const int status = Wait(pid);
    pid = -1;
    return status;
}

ServeProcess::~ServeProcess() {
    kill(SIGTERM);
    if (out >= 0) {
        ::close(out);
    }
}

nlohmann::json JsonOf(const std::string& output) {
    const auto first = output.find('{');
    const auto last = output.rfind('}');
    if (first == std::string::npos || last == std::string::npos) {
        return nullptr;
    }
    return nlohmann::json::parse(output.substr(first, last - first + 1), nullptr, false);
}

} // namespace accueil::sync::test
