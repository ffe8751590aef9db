// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <accueil/core/Attendance.h>
#include <accueil/core/EventCalendar.h>
#include <accueil/core/ImportSettings.h>
#include <accueil/core/Result.h>
#include <accueil/scanner/BadgeReader.h>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace accueil::core {

/// What a second entry on the same day gives.
enum class ReentryPolicy { Allow, Warn, Deny };

/// Badge formats a kiosk accepts ([badges] in event.toml).
struct BadgeSettings {
    std::vector<std::string> publicKeys; ///< as printed by `accueil badge keygen`
    bool acceptPlainIds = true;
    bool acceptIndico = false;
    std::string plainIdPattern; ///< ECMAScript regex; empty = the built-in ID rules
    std::string indicoEventId;  ///< Indico tickets of other events are refused; empty = unchecked
    std::string indicoServer;   ///< Indico tickets of other servers are refused; empty = unchecked
};

/// How the attendance figures read the list ([reports] in event.toml; docs/reports.md).
struct ReportSettings {
    /// The `role` value that marks a head of delegation, matched trimmed and in any case.
    std::string headOfDelegationRole = "Head of delegation";
    /// Delegation groups (e.g. "States Parties") -> the category values each gathers, matched
    /// trimmed and in any case. A category no group names is a group of its own.
    std::map<std::string, std::vector<std::string>> groups;
};

/// One area whose occupancy is counted ([zones] in event.toml): the building, a plenary room…
struct Zone {
    std::string id;                          ///< e.g. "plenary": what the log and sync carry
    std::map<std::string, std::string> name; ///< language code -> display name
    std::optional<int> capacity;             ///< people at once; unset = no limit

    /// The name in `language`, else English, else the id.
    const std::string& displayName(const std::string& language = "en") const;
};

/// event.toml: the meeting itself, shared by every kiosk and the central.
struct EventConfig {
    std::string path;                        ///< the file it was read from
    std::string id;                          ///< e.g. "apmbc-ism-2025"
    std::map<std::string, std::string> name; ///< language code -> event name
    std::string venue;
    /// [event] languages: the meeting's working languages, the first one the language of the
    /// documents the central writes (docs/reports.md); empty when not given.
    std::vector<std::string> languages;
    ReentryPolicy reentry = ReentryPolicy::Allow;
    int debounceSeconds = 5;
    BadgeSettings badges;
    std::shared_ptr<const EventCalendar> calendar; ///< zone + meeting days; never null once loaded
    ReportSettings reports;
    /// The participant categories staff pick from for a walk-in ([event] categories); empty:
    /// typed freely.
    std::vector<std::string> categories;
    /// The zones, by id; always holds the building (kDefaultZone), named or not in [zones].
    std::vector<Zone> zones;
    /// [event] checkout_time: minutes after local midnight at which everyone still inside is
    /// checked out (the night job records it); unset = no automatic check-out.
    std::optional<int> checkoutMinutes;
    /// [event] photo_on_outcome: the registrant's photo beside their name on the outcome
    /// screen, for staff at the door to compare with the face (the staff card always shows it).
    bool photoOnOutcome = false;

    /// The name in `language`, else English, else any.
    const std::string& displayName(const std::string& language = "en") const;
    /// The zone of that id, or null.
    const Zone* zone(std::string_view id) const;
};

/// Staff-panel locking ([staff] in kiosk.toml).
struct StaffSettings {
    int maxFailures = 5;       ///< wrong PINs in a row before the account locks
    int lockoutSeconds = 300;  ///< how long it stays locked
    int autoLockSeconds = 120; ///< idle panel locks itself
};

/// [central] in kiosk.toml (used by the sync client).
struct CentralSettings {
    /// Every address of the central, in the order the kiosk tries them (`url = "…"` or
    /// `url = ["…", "…"]`): several instances over one database, or a standby.
    std::vector<std::string> urls;
    /// The address tried first, or "" when none is set.
    const std::string& url() const {
        static const std::string kNone;
        return urls.empty() ? kNone : urls.front();
    }
    std::string tokenFile; ///< resolved against the kiosk file's folder
    /// Extra certificate authorities for https (a venue's own), PEM; resolved like tokenFile.
    std::string caFile;
    int intervalSeconds = 5;
    /// Staff are told to check the network after this long without a successful round; 0 = never.
    int offlineAlertMinutes = 30;
};

/// The kiosk window's size; 0×0 is full screen.
struct WindowSize {
    int width = 0;
    int height = 0;
    bool fullScreen() const { return width == 0 && height == 0; }
};

/// Settings of the kiosk program a venue sets once ([app] in kiosk.toml). accueil-kiosk's
/// command-line flags of the same names override them (docs/kiosk.md).
struct AppSettings {
    std::string panelKey = "F12";           ///< F1..F12: opens the staff sign-in
    int monitor = 0;                        ///< which monitor, for full screen
    std::string camera;                     ///< V4L2 device, e.g. /dev/video0; empty = none
    std::string staffCardPrefix = "STAFF:"; ///< a scanned "STAFF:<id>" opens the PIN pad; "" = off
    WindowSize windowed;                    ///< a window of this size; 0×0 = full screen
};

/// Where badges are read from at a door ([scanner] kind in kiosk.toml).
enum class ScannerKind {
    Keyboard, ///< a keyboard-wedge scanner typing into the window (through X)
    Evdev,    ///< a keyboard-wedge scanner read from its own event node, grabbed
    Serial,   ///< a serial (USB CDC-ACM) scanner sending lines
    Camera,   ///< a V4L2 camera, decoded by the kiosk
};

/// [scanner] in kiosk.toml: the badge readers at this door. Without the table the kiosk
/// reads keyboard-wedge scans through the window and a camera if [app] camera names one,
/// as it always has. accueil-kiosk's --wedge-layout and --camera override the keys.
struct ScannerSettings {
    bool configured = false;                               ///< the file has a [scanner] table
    std::vector<ScannerKind> kinds{ScannerKind::Keyboard}; ///< no repeats
    /// The evdev scanner (a path, or a USB "vendor:product" id) or the serial one (a tty
    /// path), for whichever kind lists it.
    std::string device;
    std::string layout = "us";          ///< what a keyboard or evdev scanner emulates
    std::string camera = "/dev/video0"; ///< the V4L2 device, for kind camera
    WindowSize cameraSize{1280, 720};   ///< the picture size asked of the camera

    bool has(ScannerKind kind) const;
};

/// Stable names: "keyboard", "evdev", "serial", "camera".
const char* ToString(ScannerKind kind);

/// What a door records ([kiosk] direction in kiosk.toml): entries, exits, or either, chosen by
/// staff on the panel.
enum class DoorDirection { In, Out, Both };

/// kiosk.toml: one kiosk at one door.
struct KioskConfig {
    std::string path;
    std::string id;           ///< e.g. "door-1"
    std::string databasePath; ///< resolved against the folder of kiosk.toml
    std::string eventPath;    ///< resolved likewise
    /// The six UN languages unless kiosk.toml lists others; the first is the waiting screen's.
    std::vector<std::string> languages{"en", "fr", "es", "ar", "zh", "ru"};
    std::string zone = std::string(kDefaultZone); ///< the zone this door leads into
    DoorDirection direction = DoorDirection::In;
    StaffSettings staff;
    ImportSettings import; ///< [import]: how registration lists are read
    CentralSettings central;
    AppSettings app;
    ScannerSettings scanner;
    EventConfig event;
};

/// Reads and checks event.toml. Errors (Config) name the file, the line and the key.
Result<EventConfig> LoadEventConfig(const std::string& path);

/// Reads kiosk.toml and the event file it names. Errors (Config) name file, line and key.
Result<KioskConfig> LoadKioskConfig(const std::string& path);

/// Reads the [import] table of any configuration file (central.toml; kiosk.toml's is read by
/// LoadKioskConfig through the same code); other tables are left to their own loader. Errors
/// (Config) name the file, the line and the key. Any thread.
Result<ImportSettings> LoadImportSettings(const std::string& path);

/// "1920x1080" to a WindowSize; "" is full screen (0×0). Errors (Input): "expected
/// WIDTHxHEIGHT, e.g. 1920x1080", or "at least 320x240". Pure; any thread.
Result<WindowSize> ParseWindowSize(std::string_view text);

/// The scanner's reader options for the event's [badges] settings and id.
scanner::BadgeReaderOptions BadgeReaderOptionsFor(const EventConfig& event);

/// Stable names: "in", "out", "both".
const char* ToString(DoorDirection direction);

/// Stable names: "allow", "warn", "deny".
const char* ToString(ReentryPolicy policy);

} // namespace accueil::core
