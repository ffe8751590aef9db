// SPDX-License-Identifier: Apache-2.0
#include "ErrnoText.h"

#include <accueil/scanner/EvdevReader.h>
#include <accueil/scanner/ScanWorker.h>

#include <fcntl.h>
#include <libevdev/libevdev.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <mutex>
#include <thread>

namespace accueil::scanner {

namespace {

namespace fs = std::filesystem;

std::int64_t MonotonicMicros() {
    timespec ts{};
    ::clock_gettime(CLOCK_MONOTONIC, &ts);
    return std::int64_t{ts.tv_sec} * 1'000'000 + ts.tv_nsec / 1000;
}

// poll() said the device has an error or hung up, yet reading it said "nothing now": it is
// gone all the same, rather than a reason to poll again at once.
bool Gone(int revents) {
    return (revents & (POLLERR | POLLHUP | POLLNVAL)) != 0;
}

/// An open evdev node with its libevdev handle; closes both.
class Device {
public:
    Device(int fd, libevdev* dev) : m_fd(fd), m_dev(dev) {}
    Device(const Device&) = delete;
    Device& operator=(const Device&) = delete;
    ~Device() {
        if (m_dev != nullptr) {
            libevdev_free(m_dev); // the kernel drops the grab when the fd closes
        }
        if (m_fd >= 0) {
            ::close(m_fd);
        }
    }
    int fd() const { return m_fd; }
    libevdev* dev() const { return m_dev; }

private:
    int m_fd;
    libevdev* m_dev;
};

/// Opens path with libevdev; error says why not, and errnum is its errno.
std::unique_ptr<Device> OpenNode(const std::string& path, std::string& error, int& errnum) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        errnum = errno;
        error = "cannot open " + path + ": " + detail::ErrnoText(errnum);
        return nullptr;
    }
    libevdev* dev = nullptr;
    const int rc = libevdev_new_from_fd(fd, &dev);
    if (rc < 0) {
        ::close(fd);
        errnum = -rc;
        error = path + " is not an input device: " + detail::ErrnoText(errnum);
        return nullptr;
    }
    return std::make_unique<Device>(fd, dev);
}

bool HasTypingKeys(libevdev* dev) {
    return libevdev_has_event_type(dev, EV_KEY) != 0 &&
           (libevdev_has_event_code(dev, EV_KEY, KEY_A) != 0 ||
            libevdev_has_event_code(dev, EV_KEY, KEY_1) != 0);
}

UsbId IdOf(libevdev* dev) {
    return {static_cast<std::uint16_t>(libevdev_get_id_vendor(dev)),
            static_cast<std::uint16_t>(libevdev_get_id_product(dev))};
}

/// The eventN nodes of inputDir, in order of their number.
std::vector<std::string> EventNodes(const std::string& inputDir) {
    std::vector<std::pair<int, std::string>> nodes;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(inputDir, ec)) {
        const std::string name = entry.path().filename().string();
        int n = 0;
        if (name.starts_with("event") &&
            std::from_chars(name.data() + 5, name.data() + name.size(), n).ptr ==
                name.data() + name.size()) {
            nodes.emplace_back(n, entry.path().string());
        }
    }
    std::sort(nodes.begin(), nodes.end());
    std::vector<std::string> out;
    out.reserve(nodes.size());
    for (auto& node : nodes) {
        out.push_back(std::move(node.second));
    }
    return out;
}

/// The by-id link under inputDir that points at node, if any.
std::string ByIdLink(const std::string& inputDir, const std::string& node) {
    std::error_code ec;
    const fs::path target = fs::canonical(node, ec);
    for (const auto& entry : fs::directory_iterator(fs::path(inputDir) / "by-id", ec)) {
        std::error_code e2;
        if (fs::canonical(entry.path(), e2) == target && !e2) {
            return entry.path().string();
        }
    }
    return {};
}

/// Finds and opens the device options name: a path, or the first keyboard node with the
/// USB id.
std::unique_ptr<Device> OpenConfigured(const EvdevReaderOptions& options, std::string& error) {
    const auto id = ParseUsbId(options.device);
    int errnum = 0;
    if (!id) {
        return OpenNode(options.device, error, errnum);
    }
    for (const std::string& node : EventNodes(options.inputDir)) {
        std::string ignored;
        auto device = OpenNode(node, ignored, errnum);
        if (device && IdOf(device->dev()) == *id && HasTypingKeys(device->dev())) {
            return device;
        }
    }
    error = "no keyboard device with USB id " + options.device + " under " + options.inputDir;
    return nullptr;
}

} // namespace

std::optional<UsbId> ParseUsbId(std::string_view text) {
    const auto colon = text.find(':');
    if (colon == std::string_view::npos) {
        return std::nullopt;
    }
    auto hex = [](std::string_view digits, std::uint16_t& out) {
        const char* end = digits.data() + digits.size();
        return !digits.empty() && digits.size() <= 4 &&
               std::all_of(digits.begin(), digits.end(),
                           [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); }) &&
               std::from_chars(digits.data(), end, out, 16).ptr == end;
    };
    UsbId id;
    if (!hex(text.substr(0, colon), id.vendor) || !hex(text.substr(colon + 1), id.product)) {
        return std::nullopt;
    }
    return id;
}

std::string ToString(UsbId id) {
    std::array<char, 10> buf{};
    (void)std::snprintf(buf.data(), buf.size(), "%04x:%04x", id.vendor, id.product);
    return buf.data();
}

std::vector<EvdevDevice> ListEvdevKeyboards(const std::string& inputDir) {
    std::vector<EvdevDevice> out;
    for (const std::string& node : EventNodes(inputDir)) {
        std::string error;
        int errnum = 0;
        auto device = OpenNode(node, error, errnum);
        EvdevDevice d;
        d.path = node;
        d.byId = ByIdLink(inputDir, node);
        if (!device) {
            // Not readable by this user: worth listing, it may be the scanner (docs/kiosk.md).
            if (errnum == EACCES || errnum == EPERM) {
                d.name = "(cannot open: " + detail::ErrnoText(errnum) + ")";
                out.push_back(std::move(d));
            }
            continue;
        }
        if (!HasTypingKeys(device->dev())) {
            continue;
        }
        const char* name = libevdev_get_name(device->dev());
        d.name = name != nullptr ? name : "";
        d.id = IdOf(device->dev());
        out.push_back(std::move(d));
    }
    return out;
}

struct EvdevReader::State {
    EvdevReaderOptions options;
    OnPayload onPayload;
    int rawFd = -1; // FromFd: records come from here, no device
    int wakeFd = -1;
    std::thread thread;

    mutable std::mutex mutex;
    mutable std::condition_variable changed;
    EvdevStatus status;
    bool finished = false;

    State() : wakeFd(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) {}
    State(const State&) = delete;
    State& operator=(const State&) = delete;
    ~State() {
        if (rawFd >= 0) {
            ::close(rawFd);
        }
        if (wakeFd >= 0) {
            ::close(wakeFd);
        }
    }

    void setStatus(bool connected, std::string name, std::string error) {
        EvdevStatus now;
        bool news = false;
        {
            std::lock_guard lock(mutex);
            news = connected != status.connected || name != status.name || error != status.error;
            status.connected = connected;
            status.name = std::move(name);
            status.error = std::move(error);
            status.attempts += 1;
            now = status;
            changed.notify_all();
        }
        if (news && options.onStatus) {
            options.onStatus(now);
        }
    }

    void deliver(const WedgeOutput& out) const {
        for (const WedgePayload& payload : out.payloads) {
            if (onPayload) {
                onPayload(payload);
            }
        }
        // Keys typed at a person's pace on a grabbed scanner have nowhere to go.
    }

    /// Waits for fd (or only the wake descriptor if fd < 0) up to timeoutMs (-1: no limit).
    /// Returns fd's revents, or -1 when woken to stop.
    int wait(int fd, int timeoutMs) const {
        std::array<pollfd, 2> fds{pollfd{wakeFd, POLLIN, 0}, pollfd{fd, POLLIN, 0}};
        const nfds_t n = fd >= 0 ? 2 : 1;
        const int ready = ::poll(fds.data(), n, timeoutMs);
        if (ready > 0 && (fds[0].revents & POLLIN) != 0) {
            return -1;
        }
        return ready > 0 && n == 2 ? fds[1].revents : 0;
    }

    /// How long to wait for more events before a held burst must be ended; -1 if none is.
    /// The time waited since the last read is mapped onto the events' clock.
    static int HeldTimeoutMs(const EvdevDecoder& decoder, std::int64_t sinceReadMicros) {
        if (!decoder.holding()) {
            return -1;
        }
        const std::int64_t left = decoder.options().endGapMicros + 1 - sinceReadMicros;
        return static_cast<int>(std::max<std::int64_t>(1, (left + 999) / 1000));
    }

    static void EndHeld(EvdevDecoder& decoder, std::int64_t sinceReadMicros, WedgeOutput& out) {
        if (decoder.holding()) {
            out = decoder.poll(decoder.lastEventMicros() + sinceReadMicros);
        }
    }

    void runRaw();
    void runDevice();
    /// Reads a device until it goes away (false) or stop is asked (true).
    bool readDevice(Device& device, EvdevDecoder& decoder);
};

void EvdevReader::State::runRaw() {
    EvdevDecoder decoder(options.wedge);
    setStatus(true, "input_event records", "");
    std::array<char, 64 * sizeof(input_event)> buf{};
    std::size_t have = 0; // bytes of a record split across reads
    std::int64_t readAt = MonotonicMicros();
    for (;;) {
        const int revents = wait(rawFd, HeldTimeoutMs(decoder, MonotonicMicros() - readAt));
        if (revents < 0) {
            break;
        }
        if (revents == 0) {
            WedgeOutput out;
            EndHeld(decoder, MonotonicMicros() - readAt, out);
            deliver(out);
            continue;
        }
        const ssize_t n = ::read(rawFd, buf.data() + have, buf.size() - have);
        if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
            continue;
        }
        if (n <= 0) {
            // The end of the recording: nothing more will come, whatever the clock says.
            deliver(decoder.poll(decoder.lastEventMicros() + decoder.options().endGapMicros + 1));
            break;
        }
        readAt = MonotonicMicros();
        have += static_cast<std::size_t>(n);
        const std::size_t whole = have / sizeof(input_event);
        for (std::size_t i = 0; i < whole; ++i) {
            input_event e{};
            std::memcpy(&e, buf.data() + i * sizeof(input_event), sizeof(input_event));
            deliver(decoder.feed(e));
        }
        const std::size_t used = whole * sizeof(input_event);
        std::memmove(buf.data(), buf.data() + used, have - used);
        have -= used;
    }
    std::lock_guard lock(mutex);
    status.connected = false;
    finished = true;
    changed.notify_all();
}

bool EvdevReader::State::readDevice(Device& device, EvdevDecoder& decoder) {
    std::int64_t readAt = MonotonicMicros();
    for (;;) {
        const int revents = wait(device.fd(), HeldTimeoutMs(decoder, MonotonicMicros() - readAt));
        if (revents < 0) {
            return true;
        }
        if (revents == 0) {
            WedgeOutput out;
            EndHeld(decoder, MonotonicMicros() - readAt, out);
            deliver(out);
            continue;
        }
        readAt = MonotonicMicros();
        input_event e{};
        int rc = 0;
        while ((rc = libevdev_next_event(device.dev(), LIBEVDEV_READ_FLAG_NORMAL, &e)) >= 0) {
            if (rc == LIBEVDEV_READ_STATUS_SYNC) {
                // The kernel dropped events (SYN_DROPPED): the burst in progress is damaged
                // anyway. Catch up on the device's state, keeping only the caps-lock LED.
                while (libevdev_next_event(device.dev(), LIBEVDEV_READ_FLAG_SYNC, &e) ==
                       LIBEVDEV_READ_STATUS_SYNC) {
                    if (e.type == EV_LED) {
                        deliver(decoder.feed(e));
                    }
                }
                continue;
            }
            deliver(decoder.feed(e));
        }
        if (rc != -EAGAIN || Gone(revents)) {
            rc = rc == -EAGAIN ? -ENODEV : rc;
            // ENODEV: unplugged. What was held is a burst cut short; it goes as it is.
            deliver(decoder.poll(decoder.lastEventMicros() + decoder.options().endGapMicros + 1));
            setStatus(false, "",
                      options.device + ": disconnected (" + detail::ErrnoText(-rc) + ")");
            return false;
        }
    }
}

void EvdevReader::State::runDevice() {
    for (;;) {
        std::string error;
        auto device = OpenConfigured(options, error);
        if (device) {
            // Kernel stamps on the monotonic clock, the one the reader waits on.
            libevdev_set_clock_id(device->dev(), CLOCK_MONOTONIC);
            if (options.grab) {
                const int rc = libevdev_grab(device->dev(), LIBEVDEV_GRAB);
                if (rc < 0) {
                    error = options.device + ": cannot take the device for the kiosk alone (" +
                            detail::ErrnoText(-rc) + "); another program holds it";
                    device.reset();
                }
            }
        }
        if (device) {
            EvdevDecoder decoder(options.wedge);
            if (libevdev_has_event_code(device->dev(), EV_LED, LED_CAPSL) != 0) {
                decoder.setCapsLock(libevdev_get_event_value(device->dev(), EV_LED, LED_CAPSL) !=
                                    0);
            }
            const char* name = libevdev_get_name(device->dev());
            setStatus(true, name != nullptr ? name : options.device, "");
            if (readDevice(*device, decoder)) {
                break;
            }
        } else {
            setStatus(false, "", error);
        }
        // Absent or gone: look again after retryMs, unless told to stop meanwhile.
        if (wait(-1, options.retryMs) < 0) {
            break;
        }
    }
    std::lock_guard lock(mutex);
    status.connected = false;
    changed.notify_all();
}

EvdevReader::EvdevReader(EvdevReaderOptions options, OnPayload onPayload)
    : m_state(std::make_unique<State>()) {
    m_state->options = std::move(options);
    m_state->onPayload = std::move(onPayload);
}

std::unique_ptr<EvdevReader> EvdevReader::FromFd(int fd, WedgeOptions wedge, OnPayload onPayload) {
    std::unique_ptr<EvdevReader> reader(new EvdevReader());
    reader->m_state = std::make_unique<State>();
    reader->m_state->rawFd = fd;
    reader->m_state->options.wedge = wedge;
    reader->m_state->options.device = "fd " + std::to_string(fd);
    reader->m_state->onPayload = std::move(onPayload);
    return reader;
}

EvdevReader::~EvdevReader() {
    stop();
}

void EvdevReader::start() {
    State& s = *m_state;
    if (s.thread.joinable()) {
        return;
    }
    s.thread = std::thread([&s] {
        if (s.rawFd >= 0) {
            s.runRaw();
        } else {
            s.runDevice();
        }
    });
}

void EvdevReader::stop() {
    State& s = *m_state;
    if (!s.thread.joinable()) {
        return;
    }
    const std::uint64_t one = 1;
    // An eventfd refuses a write only when interrupted (its counter cannot fill up here).
    while (::write(s.wakeFd, &one, sizeof(one)) < 0 && errno == EINTR) {
    }
    s.thread.join();
    std::uint64_t drained = 0;
    // Emptied so a later start() runs again; nothing to read is as good.
    [[maybe_unused]] const ssize_t read = ::read(s.wakeFd, &drained, sizeof(drained));
}

EvdevStatus EvdevReader::status() const {
    std::lock_guard lock(m_state->mutex);
    return m_state->status;
}

bool EvdevReader::waitForStatus(const std::function<bool(const EvdevStatus&)>& pred,
                                int timeoutMs) const {
    std::unique_lock lock(m_state->mutex);
    return m_state->changed.wait_for(lock, std::chrono::milliseconds(timeoutMs),
                                     [&] { return pred(m_state->status); });
}

bool EvdevReader::finished() const {
    std::lock_guard lock(m_state->mutex);
    return m_state->finished;
}

bool EvdevReader::waitFinished(int timeoutMs) const {
    std::unique_lock lock(m_state->mutex);
    return m_state->changed.wait_for(lock, std::chrono::milliseconds(timeoutMs),
                                     [&] { return m_state->finished; });
}

EvdevReader::OnPayload SubmitTo(ScanWorker& worker) {
    return [&worker](const WedgePayload& payload) {
        worker.submitText(payload.text, ScanOrigin::Evdev, payload.capsText, payload.endMicros);
    };
}

} // namespace accueil::scanner
