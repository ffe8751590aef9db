// SPDX-License-Identifier: Apache-2.0
// The config loader over any bytes, as event.toml and as a file with an [import] table: a bad
// file is an error naming the file, never a crash or a half-read config.
#include <accueil/core/Config.h>

#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

using namespace accueil::core;

namespace {

// An in-memory file the loaders can open by path (/proc/self/fd/N).
class MemoryFile {
public:
    MemoryFile() : m_fd(memfd_create("fuzz.toml", 0)) {}
    MemoryFile(const MemoryFile&) = delete;
    MemoryFile& operator=(const MemoryFile&) = delete;
    ~MemoryFile() {
        if (m_fd >= 0) {
            close(m_fd);
        }
    }
    std::string write(const std::uint8_t* data, std::size_t size) const {
        if (ftruncate(m_fd, 0) != 0 || pwrite(m_fd, data, size, 0) != static_cast<ssize_t>(size)) {
            std::abort();
        }
        return "/proc/self/fd/" + std::to_string(m_fd);
    }

private:
    int m_fd;
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static MemoryFile file;
    const std::string path = file.write(data, size);
    const auto event = LoadEventConfig(path);
    if (event) {
        // A loaded event is whole: an id, a calendar with days.
        if (event->id.empty() || !event->calendar || event->calendar->days().empty()) {
            std::abort();
        }
    } else if (event.error().message.find(path) == std::string::npos) {
        std::abort(); // errors name the file
    }
    (void)LoadImportSettings(path);
    return 0;
}
