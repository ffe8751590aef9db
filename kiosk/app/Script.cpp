// SPDX-License-Identifier: Apache-2.0
#include "Script.h"

#include "CoreTypes.h"

#include <accueil/core/Text.h>

#include <charconv>
#include <map>

namespace accueil::kiosk::app {

namespace {

// GLFW's values, repeated here so scripts parse without GLFW (and in tests).
constexpr int kGlfwSpace = 32;
constexpr int kGlfwEscape = 256;
constexpr int kGlfwEnter = 257;
constexpr int kGlfwTab = 258;
constexpr int kGlfwBackspace = 259;
constexpr int kGlfwF1 = 290;
constexpr int kGlfwModShift = 0x1;
constexpr int kGlfwModControl = 0x2;
constexpr int kGlfwModAlt = 0x4;

Error LineError(int line, const std::string& message) {
    return MakeError(ErrorKind::Input, "line " + std::to_string(line) + ": " + message);
}

} // namespace

bool ParseKeyName(std::string_view name, int& key, int& mods) {
    mods = 0;
    for (;;) {
        auto plus = name.find('+');
        if (plus == std::string_view::npos || plus + 1 == name.size()) {
            break;
        }
        const std::string_view mod = name.substr(0, plus);
        if (mod == "Alt") {
            mods |= kGlfwModAlt;
        } else if (mod == "Ctrl") {
            mods |= kGlfwModControl;
        } else if (mod == "Shift") {
            mods |= kGlfwModShift;
        } else {
            return false;
        }
        name.remove_prefix(plus + 1);
    }
    static const std::map<std::string_view, int> kNamed{{"Enter", kGlfwEnter},
                                                        {"Escape", kGlfwEscape},
                                                        {"Tab", kGlfwTab},
                                                        {"Backspace", kGlfwBackspace},
                                                        {"Space", kGlfwSpace}};
    if (auto found = kNamed.find(name); found != kNamed.end()) {
        key = found->second;
        return true;
    }
    if (name.size() >= 2 && name.size() <= 3 && name[0] == 'F') {
        int n = 0;
        auto [ptr, ec] = std::from_chars(name.data() + 1, name.data() + name.size(), n);
        if (ec == std::errc() && ptr == name.data() + name.size() && n >= 1 && n <= 12) {
            key = kGlfwF1 + n - 1;
            return true;
        }
    }
    if (name.size() == 1) {
        const auto c = static_cast<unsigned char>(name[0]);
        if (c >= '0' && c <= '9') {
            key = c;
            return true;
        }
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) {
            key = c & ~0x20; // GLFW names letters by their upper-case code
            return true;
        }
    }
    return false;
}

Result<std::vector<ScriptStep>> ParseScript(std::string_view text) {
    static const std::map<std::string_view, ScriptOp> kOps{
        {"scan", ScriptOp::Scan}, {"wedge", ScriptOp::Wedge}, {"key", ScriptOp::Key},
        {"type", ScriptOp::Type}, {"wait", ScriptOp::Wait},   {"screenshot", ScriptOp::Screenshot}};
    std::vector<ScriptStep> steps;
    int lineNumber = 0;
    while (!text.empty()) {
        ++lineNumber;
        const auto end = text.find('\n');
        std::string_view line = text.substr(0, end);
        text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
        if (!line.empty() && line.back() == '\r') {
            line.remove_suffix(1);
        }
        const std::string_view trimmed = TrimAscii(line);
        if (trimmed.empty() || trimmed.front() == '#') {
            continue;
        }
        const auto space = trimmed.find(' ');
        const std::string_view word = trimmed.substr(0, space);
        // The argument keeps inner spaces (a typed name), only the separator is dropped.
        const std::string_view argument =
            space == std::string_view::npos ? std::string_view() : trimmed.substr(space + 1);
        auto op = kOps.find(word);
        if (op == kOps.end()) {
            return LineError(lineNumber, "unknown command '" + std::string(word) +
                                             "' (scan, wedge, key, type, wait, screenshot)");
        }
        ScriptStep step;
        step.op = op->second;
        step.argument = std::string(argument);
        step.line = lineNumber;
        if (step.argument.empty()) {
            return LineError(lineNumber, std::string(word) + " needs an argument");
        }
        switch (step.op) {
        case ScriptOp::Wait: {
            auto [ptr, ec] =
                std::from_chars(argument.data(), argument.data() + argument.size(), step.millis);
            if (ec != std::errc() || ptr != argument.data() + argument.size() || step.millis < 0) {
                return LineError(lineNumber,
                                 "wait needs milliseconds, not '" + step.argument + "'");
            }
            break;
        }
        case ScriptOp::Key: {
            int key = 0;
            int mods = 0;
            if (!ParseKeyName(argument, key, mods)) {
                return LineError(lineNumber, "unknown key '" + step.argument + "'");
            }
            break;
        }
        case ScriptOp::Screenshot:
            if (step.argument.find_first_of("/\\") != std::string::npos || step.argument == "." ||
                step.argument == "..") {
                return LineError(lineNumber, "a screenshot name is a file name, not a path");
            }
            break;
        default:
            break;
        }
        steps.push_back(std::move(step));
    }
    return steps;
}

} // namespace accueil::kiosk::app
