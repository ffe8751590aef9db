// SPDX-License-Identifier: Apache-2.0
#include <accueil/scanner/SerialLineReader.h>

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <array>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

using namespace accueil::scanner;
namespace fs = std::filesystem;

namespace {

/// The master side of a pseudo-terminal pair; the slave path stands in for /dev/ttyACM0.
class Pty {
public:
    Pty() : m_master(::posix_openpt(O_RDWR | O_NOCTTY)) {
        std::array<char, 64> name{};
        if (m_master >= 0 && ::grantpt(m_master) == 0 && ::unlockpt(m_master) == 0 &&
            ::ptsname_r(m_master, name.data(), name.size()) == 0) {
            m_slave = name.data();
        }
    }
    Pty(const Pty&) = delete;
    Pty& operator=(const Pty&) = delete;
    ~Pty() { close(); }
    void close() {
        if (m_master >= 0) {
            ::close(m_master);
            m_master = -1;
        }
    }
    bool ok() const { return m_master >= 0 && !m_slave.empty(); }
    const std::string& slave() const { return m_slave; }
    bool write(const std::string& s) const {
        return ::write(m_master, s.data(), s.size()) == static_cast<ssize_t>(s.size());
    }

private:
    int m_master = -1;
    std::string m_slave;
};

/// Points link at target, replacing it atomically (as udev does with /dev/serial/by-id).
void Relink(const fs::path& link, const std::string& target) {
    const fs::path tmp = link.string() + ".new";
    fs::remove(tmp);
    fs::create_symlink(target, tmp);
    fs::rename(tmp, link);
}

/// Reads until want lines arrived or a bounded number of reads passed.
std::vector<std::string> ReadLines(SerialLineReader& reader, std::size_t want) {
    std::vector<std::string> lines;
    for (int i = 0; i < 50 && lines.size() < want; ++i) {
        SerialRead r = reader.read(100);
        lines.insert(lines.end(), r.lines.begin(), r.lines.end());
    }
    return lines;
}

} // namespace

TEST(SerialLineReader, ReadsLinesEndedByCrLfOrCrLf) {
    Pty pty;
    ASSERT_TRUE(pty.ok());
    SerialLineReader reader(pty.slave());
    EXPECT_TRUE(reader.read(0).connected);
    ASSERT_TRUE(pty.write("REG-1\r\nREG-2\nREG-3\rREG-"));
    ASSERT_TRUE(pty.write("4\r\n\r\n"));
    const auto lines = ReadLines(reader, 4);
    EXPECT_EQ(lines, (std::vector<std::string>{"REG-1", "REG-2", "REG-3", "REG-4"}));
}

TEST(SerialLineReader, ReconnectsWhenTheDeviceComesBack) {
    const fs::path dir =
        fs::temp_directory_path() / ("accueil-serial-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    const fs::path link = dir / "scanner";
    auto first = std::make_unique<Pty>();
    ASSERT_TRUE(first->ok());
    Relink(link, first->slave());
    SerialLineReader reader(link.string(), SerialOptions{20, 4096});
    EXPECT_TRUE(reader.read(0).connected);
    ASSERT_TRUE(first->write("BEFORE\n"));
    EXPECT_EQ(ReadLines(reader, 1), std::vector<std::string>{"BEFORE"});

    // Unplugged: the reader notices and reports why.
    first.reset();
    fs::remove(link);
    SerialRead r;
    for (int i = 0; i < 50 && (r = reader.read(100)).connected; ++i) {
    }
    EXPECT_FALSE(r.connected);
    EXPECT_FALSE(r.error.empty());
    r = reader.read(10);
    EXPECT_FALSE(r.connected);
    EXPECT_NE(r.error.find("scanner"), std::string::npos) << r.error;

    // Plugged back in (a new tty behind the same link): the reader reopens it.
    Pty second;
    ASSERT_TRUE(second.ok());
    Relink(link, second.slave());
    for (int i = 0; i < 50 && !reader.read(50).connected; ++i) {
    }
    ASSERT_TRUE(reader.connected());
    ASSERT_TRUE(second.write("AFTER\r\n"));
    EXPECT_EQ(ReadLines(reader, 1), std::vector<std::string>{"AFTER"});
    fs::remove_all(dir);
}

TEST(SerialLineReader, MissingDeviceIsAnErrorNotACrash) {
    SerialLineReader reader("/nonexistent/ttyACM9", SerialOptions{1, 4096});
    const SerialRead r = reader.read(5);
    EXPECT_FALSE(r.connected);
    EXPECT_TRUE(r.lines.empty());
    EXPECT_NE(r.error.find("/nonexistent/ttyACM9"), std::string::npos);
}

TEST(SerialLineReader, OverlongLinesAreDropped) {
    Pty pty;
    ASSERT_TRUE(pty.ok());
    SerialLineReader reader(pty.slave(), SerialOptions{20, 16});
    reader.read(0);
    ASSERT_TRUE(pty.write(std::string(40, 'X') + "\nOK-LINE\n"));
    EXPECT_EQ(ReadLines(reader, 1), std::vector<std::string>{"OK-LINE"});
}
