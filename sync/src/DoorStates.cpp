// SPDX-License-Identifier: Apache-2.0
#include <accueil/sync/DoorStates.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <string_view>
#include <tuple>

namespace accueil::sync {

namespace {

// The length of `text` cut to at most `limit` bytes without splitting a UTF-8 sequence.
std::size_t CutAtCharacter(const std::string& text, std::size_t limit) {
    if (text.size() <= limit) {
        return text.size();
    }
    std::size_t end = limit;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) {
        --end;
    }
    return end;
}

bool Printable(unsigned char c) {
    return c >= 0x20 && c < 0x7F;
}

int HexValue(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    return -1;
}

// "%E2%80%A6" back to its bytes; nullopt when an escape is malformed.
std::optional<std::string> PercentDecode(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '%') {
            out += text[i];
            continue;
        }
        if (i + 2 >= text.size()) {
            return std::nullopt;
        }
        const int high = HexValue(text[i + 1]);
        const int low = HexValue(text[i + 2]);
        if (high < 0 || low < 0) {
            return std::nullopt;
        }
        out += static_cast<char>(high * 16 + low);
        i += 2;
    }
    return out;
}

template <typename Integer> std::optional<Integer> ParseNonNegative(const std::string& text) {
    Integer value{};
    const char* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (text.empty() || ec != std::errc{} || ptr != end || value < 0) {
        return std::nullopt;
    }
    return value;
}

} // namespace

std::string EncodeLastError(core::UtcMillis at, const std::string& message) {
    std::string out = std::to_string(at) + " ";
    const std::size_t end = CutAtCharacter(message, kMaxErrorBytes);
    for (std::size_t i = 0; i < end; ++i) {
        const auto c = static_cast<unsigned char>(message[i]);
        if (Printable(c) && c != '%') {
            out += static_cast<char>(c);
        } else {
            static constexpr std::string_view kHex = "0123456789ABCDEF";
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 0x0F];
        }
    }
    return out;
}

DoorReport ParseDoorReport(const std::string& version, const std::string& queue,
                           const std::string& lastError) {
    DoorReport report;
    if (!version.empty() && version.size() <= kMaxVersionBytes &&
        std::all_of(version.begin(), version.end(),
                    [](char c) { return Printable(static_cast<unsigned char>(c)); })) {
        report.version = version;
    }
    if (auto length = ParseNonNegative<std::int64_t>(queue); length && *length <= 1'000'000'000) {
        report.queue = *length;
    }
    const auto space = lastError.find(' ');
    if (space != std::string::npos) {
        auto at = ParseNonNegative<core::UtcMillis>(lastError.substr(0, space));
        auto message = PercentDecode(lastError.substr(space + 1));
        if (at && message && message->size() <= kMaxErrorBytes) {
            report.lastErrorAt = *at;
            report.lastError = std::move(*message);
        }
    }
    return report;
}

void DoorStates::heard(const std::string& kioskId, core::UtcMillis now, const std::string& address,
                       const DoorReport& report) {
    std::lock_guard lock(m_mutex);
    DoorState& door = m_doors[kioskId];
    door.kioskId = kioskId;
    door.lastSeen = std::max(door.lastSeen, now);
    door.address = address;
    door.report = report;
    m_changed.insert(kioskId);
    if (report.queue) {
        // Every request of a round says the same queue: one sample per value in a row, at the
        // time it was last said, so that samples are rounds and not requests.
        auto& samples = door.queueSamples;
        if (!samples.empty() && samples.back().second == *report.queue) {
            samples.back().first = now;
        } else {
            samples.emplace_back(now, *report.queue);
        }
        while (samples.size() > kQueueSamples) {
            samples.pop_front();
        }
    }
}

std::vector<DoorState> DoorStates::all() const {
    std::lock_guard lock(m_mutex);
    std::vector<DoorState> doors;
    doors.reserve(m_doors.size());
    for (const auto& [id, door] : m_doors) {
        doors.push_back(door);
    }
    return doors;
}

std::vector<DoorState> DoorStates::takeChanged() {
    std::lock_guard lock(m_mutex);
    std::vector<DoorState> doors;
    doors.reserve(m_changed.size());
    for (const std::string& id : m_changed) {
        doors.push_back(m_doors.at(id));
    }
    m_changed.clear();
    return doors;
}

void DoorStates::markChanged(const std::vector<DoorState>& doors) {
    std::lock_guard lock(m_mutex);
    for (const DoorState& d : doors) {
        if (m_doors.contains(d.kioskId)) {
            m_changed.insert(d.kioskId);
        }
    }
}

std::vector<DoorState> MergeDoors(std::vector<DoorState> mine, std::vector<DoorState> shared) {
    std::map<std::string, DoorState> byId;
    for (auto* list : {&shared, &mine}) {
        for (DoorState& d : *list) {
            auto it = byId.find(d.kioskId);
            if (it == byId.end()) {
                byId.emplace(d.kioskId, std::move(d));
            } else if (d.lastSeen >= it->second.lastSeen) {
                it->second = std::move(d);
            }
        }
    }
    std::vector<DoorState> doors;
    doors.reserve(byId.size());
    for (auto& entry : byId) {
        doors.push_back(std::move(entry.second));
    }
    return doors;
}

std::string DoorStateJson(const DoorState& door) {
    nlohmann::json j{{"last_seen", door.lastSeen},
                     {"address", door.address},
                     {"version", door.report.version},
                     {"last_error", door.report.lastError},
                     {"queue_samples", nlohmann::json::array()}};
    if (door.report.queue) {
        j["queue"] = *door.report.queue;
    }
    if (door.report.lastErrorAt) {
        j["last_error_at"] = *door.report.lastErrorAt;
    }
    for (const auto& [at, queue] : door.queueSamples) {
        j["queue_samples"].push_back({at, queue});
    }
    return j.dump();
}

core::Result<DoorState> ParseDoorStateJson(const std::string& kioskId, const std::string& text) {
    const auto j = nlohmann::json::parse(text, nullptr, false);
    const auto bad = [&](const std::string& what) {
        return core::MakeError(core::ErrorKind::Storage,
                               "the shared state of door " + kioskId + ": " + what);
    };
    if (!j.is_object() || !j.value("last_seen", nlohmann::json()).is_number_integer() ||
        !j.value("queue_samples", nlohmann::json()).is_array()) {
        return bad("not a door's JSON (last_seen, queue_samples)");
    }
    DoorState door;
    door.kioskId = kioskId;
    door.lastSeen = j["last_seen"].get<core::UtcMillis>();
    const auto text_of = [&](const char* key) {
        const auto it = j.find(key);
        return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    door.address = text_of("address");
    door.report.version = text_of("version");
    door.report.lastError = text_of("last_error");
    if (j.contains("queue") && j["queue"].is_number_integer()) {
        door.report.queue = j["queue"].get<std::int64_t>();
    }
    if (j.contains("last_error_at") && j["last_error_at"].is_number_integer()) {
        door.report.lastErrorAt = j["last_error_at"].get<core::UtcMillis>();
    }
    for (const auto& sample : j["queue_samples"]) {
        if (!sample.is_array() || sample.size() != 2 || !sample[0].is_number_integer() ||
            !sample[1].is_number_integer()) {
            return bad("a queue sample is not [time, length]");
        }
        door.queueSamples.emplace_back(sample[0].get<core::UtcMillis>(),
                                       sample[1].get<std::int64_t>());
    }
    while (door.queueSamples.size() > kQueueSamples) {
        door.queueSamples.pop_front();
    }
    return door;
}

const char* ToString(DoorAlert::Kind kind) {
    switch (kind) {
    case DoorAlert::Kind::Silent:
        return "silent";
    case DoorAlert::Kind::QueueGrowing:
        return "queue_growing";
    case DoorAlert::Kind::Failing:
        return "failing";
    }
    return "silent";
}

namespace {

// The queue grew at each of the door's last kGrowingRounds reports, all within the silence
// window: a door whose pushes keep failing. A busy door's queue goes up and down between
// rounds; only a queue that never drains grows every time.
bool QueueGrowing(const DoorState& door, core::UtcMillis now) {
    const auto& samples = door.queueSamples;
    if (samples.size() < kGrowingRounds + 1) {
        return false;
    }
    const std::size_t first = samples.size() - kGrowingRounds - 1;
    if (now - samples[first].first > kSilentAfter) {
        return false;
    }
    for (std::size_t i = first + 1; i < samples.size(); ++i) {
        if (samples[i].second <= samples[i - 1].second) {
            return false;
        }
    }
    return true;
}

} // namespace

std::vector<DoorAlert> DoorAlerts(const std::vector<KioskRecord>& kiosks,
                                  const std::vector<DoorState>& doors, core::UtcMillis startedAt,
                                  core::UtcMillis now) {
    std::map<std::string, const DoorState*> heard;
    for (const DoorState& door : doors) {
        heard[door.kioskId] = &door;
    }
    std::vector<DoorAlert> alerts;
    for (const KioskRecord& kiosk : kiosks) {
        if (kiosk.revokedAt) {
            continue;
        }
        const auto found = heard.find(kiosk.id);
        const DoorState* door = found == heard.end() ? nullptr : found->second;
        const core::UtcMillis since = door != nullptr ? door->lastSeen : startedAt;
        if (now - since >= kSilentAfter) {
            alerts.push_back({DoorAlert::Kind::Silent, kiosk.id, since});
        }
        if (door == nullptr) {
            continue;
        }
        if (QueueGrowing(*door, now)) {
            alerts.push_back(
                {DoorAlert::Kind::QueueGrowing, kiosk.id, door->queueSamples.back().second});
        }
        if (door->report.lastErrorAt && now - *door->report.lastErrorAt < kSilentAfter) {
            alerts.push_back({DoorAlert::Kind::Failing, kiosk.id, *door->report.lastErrorAt});
        }
    }
    std::sort(alerts.begin(), alerts.end(), [](const DoorAlert& a, const DoorAlert& b) {
        return std::tie(a.kioskId, a.kind) < std::tie(b.kioskId, b.kind);
    });
    return alerts;
}

} // namespace accueil::sync
