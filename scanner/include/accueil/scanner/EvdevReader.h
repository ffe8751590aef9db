// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <accueil/scanner/EvdevDecoder.h>
#include <accueil/scanner/WedgeDecoder.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace accueil::scanner {

class ScanWorker;

/// A USB vendor and product id, as `lsusb` prints them ("0c2e:0b61").
struct UsbId {
    std::uint16_t vendor = 0;
    std::uint16_t product = 0;
    bool operator==(const UsbId&) const = default;
};

/// "vvvv:pppp" in hexadecimal (1 to 4 digits each) to a UsbId; nullopt for anything else.
std::optional<UsbId> ParseUsbId(std::string_view text);
/// "0c2e:0b61".
std::string ToString(UsbId id);

/// An evdev device that has keys, as ListEvdevKeyboards finds it.
struct EvdevDevice {
    std::string path; ///< /dev/input/eventN
    std::string byId; ///< its /dev/input/by-id link, empty if it has none
    std::string name; ///< what the device calls itself
    UsbId id;
};

/// The event nodes under inputDir (eventN) that report letter or digit keys, with their
/// names, ids and by-id links. Nodes that cannot be opened (permissions) are listed with
/// what is known and the name "(cannot open: REASON)". Any thread.
std::vector<EvdevDevice> ListEvdevKeyboards(const std::string& inputDir = "/dev/input");

/// What the reader's thread knows about its device. Any thread.
struct EvdevStatus {
    bool connected = false;
    /// Reports so far: one per attempt to open the device, and one per loss.
    std::uint64_t attempts = 0;
    std::string name; ///< the device's name while connected
    /// Why it is not connected (English); empty while it is, or before the first attempt.
    std::string error;
};

struct EvdevReaderOptions {
    /// A device path (/dev/input/by-id/…-event-kbd, /dev/input/eventN) or a USB
    /// "vendor:product" id, looked up among inputDir's event nodes each time it is opened.
    std::string device;
    WedgeOptions wedge; ///< layout and burst rules, as for the window's wedge scanner
    /// While the device is absent or gone, it is looked for again this often.
    int retryMs = 1000;
    /// Take the device for this process alone (EVIOCGRAB), so its keys never reach the
    /// window or a console. Off only to watch a keyboard without taking it.
    bool grab = true;
    std::string inputDir = "/dev/input";
    /// Called on the reader's thread when the device is found, lost, or fails another way
    /// than the last time: once per change, not once per retry (for the kiosk's log).
    std::function<void(const EvdevStatus&)> onStatus;
};

/// Reads a keyboard-wedge scanner straight from its evdev node on its own thread, decodes
/// it with EvdevDecoder and hands each scan to onPayload (on the reader's thread). The
/// device is grabbed, so its keys reach nobody else. When it is absent or unplugged
/// (ENODEV) the reader looks for it again every retryMs; stop() wakes the thread at once,
/// whatever it waits on.
///
/// A burst without Enter ends when nothing more came for the end gap: the reader maps the
/// time it has waited since its last read onto the events' clock (never the other way),
/// so a late read never shortens a burst.
class EvdevReader {
public:
    using OnPayload = std::function<void(const WedgePayload&)>;

    /// A reader of the device options.device (not started).
    EvdevReader(EvdevReaderOptions options, OnPayload onPayload);
    /// A reader of raw input_event records from fd (a pipe, a recording), which it takes
    /// over and closes; it ends at end of file, after ending any held burst. For tests and
    /// replays: no device, no grab, no retry.
    static std::unique_ptr<EvdevReader> FromFd(int fd, WedgeOptions wedge, OnPayload onPayload);
    EvdevReader(const EvdevReader&) = delete;
    EvdevReader& operator=(const EvdevReader&) = delete;
    ~EvdevReader(); ///< stops and joins

    /// Starts the thread; does nothing if it runs.
    void start();
    /// Wakes the thread and joins it (promptly: it never sleeps without watching the wake
    /// descriptor).
    void stop();

    EvdevStatus status() const;
    /// Waits until the status satisfies pred or timeoutMs passed; true if it does.
    bool waitForStatus(const std::function<bool(const EvdevStatus&)>& pred, int timeoutMs) const;
    /// The fd source reached its end and the thread has left. Any thread.
    bool finished() const;
    /// Waits until finished() or timeoutMs passed; true if finished.
    bool waitFinished(int timeoutMs) const;

private:
    struct State;
    EvdevReader() = default;
    std::unique_ptr<State> m_state;
};

/// The one way an evdev scan enters the kiosk: ScanWorker::submitText with origin Evdev and
/// caps lock's second reading, as a wedge scan (same reader, debounce and queue), timed by
/// its last key's kernel stamp.
EvdevReader::OnPayload SubmitTo(ScanWorker& worker);

} // namespace accueil::scanner
