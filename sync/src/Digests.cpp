// SPDX-License-Identifier: Apache-2.0
#include <accueil/sync/Digests.h>
#include <accueil/sync/Protocol.h>
#include <accueil/sync/Tokens.h>

#include <algorithm>

namespace accueil::sync {

using nlohmann::json;

Digest DigestOf(std::vector<std::string> items) {
    std::ranges::sort(items);
    std::string text;
    for (const std::string& item : items) {
        text += item;
        text += '\n';
    }
    return Digest{static_cast<int>(items.size()), Sha256Hex(text)};
}

std::map<DayKiosk, std::vector<std::string>>
GroupByDayAndKiosk(const std::vector<core::rows::EventKey>& keys) {
    std::map<DayKiosk, std::vector<std::string>> groups;
    for (const auto& k : keys) {
        groups[{k.day, k.kioskId}].push_back(k.uuid);
    }
    return groups;
}

std::vector<std::string> RegistrantLines(const std::vector<core::Registrant>& list) {
    std::vector<std::string> lines;
    lines.reserve(list.size());
    for (const auto& r : list) {
        lines.emplace_back();
        AppendJson(lines.back(), r);
    }
    return lines;
}

LogDigests MakeDigests(const std::vector<core::rows::EventKey>& attendance,
                       std::vector<std::string> ownAudit,
                       const std::vector<core::Registrant>& registrants) {
    LogDigests d;
    for (auto& [key, uuids] : GroupByDayAndKiosk(attendance)) {
        d.attendance[key] = DigestOf(std::move(uuids));
    }
    d.ownAudit = DigestOf(std::move(ownAudit));
    d.registrants = DigestOf(RegistrantLines(registrants));
    return d;
}

namespace {

json DigestJson(const Digest& d) {
    return json{{"count", d.count}, {"sha256", d.sha256}};
}

bool ReadDigest(const json& j, Digest& out) {
    if (!j.is_object() || !j.contains("count") || !j.at("count").is_number_integer() ||
        !j.contains("sha256") || !j.at("sha256").is_string()) {
        return false;
    }
    out = Digest{j.at("count").get<int>(), j.at("sha256").get<std::string>()};
    return true;
}

bool ReadGroup(const json& g, LogDigests& out) {
    Digest d;
    if (!g.is_object() || !g.contains("day") || !g.at("day").is_string() ||
        !g.contains("kiosk_id") || !g.at("kiosk_id").is_string() || !ReadDigest(g, d)) {
        return false;
    }
    out.attendance[{g.at("day").get<std::string>(), g.at("kiosk_id").get<std::string>()}] = d;
    return true;
}

} // namespace

json ToJson(const LogDigests& d) {
    json attendance = json::array();
    for (const auto& [key, digest] : d.attendance) {
        json g = DigestJson(digest);
        g["day"] = key.first;
        g["kiosk_id"] = key.second;
        attendance.push_back(std::move(g));
    }
    return json{{"attendance", std::move(attendance)},
                {"own_audit", DigestJson(d.ownAudit)},
                {"registrants", DigestJson(d.registrants)}};
}

core::Result<LogDigests> DigestsFromJson(const json& j) {
    LogDigests d;
    const auto bad = [](const char* what) {
        return core::MakeError(core::ErrorKind::Input, std::string("digests: bad ") + what);
    };
    if (!j.is_object() || !j.contains("attendance") || !j.at("attendance").is_array()) {
        return bad("attendance");
    }
    for (const json& g : j.at("attendance")) {
        if (!ReadGroup(g, d)) {
            return bad("attendance group");
        }
    }
    if (!j.contains("own_audit") || !ReadDigest(j.at("own_audit"), d.ownAudit)) {
        return bad("own_audit");
    }
    if (!j.contains("registrants") || !ReadDigest(j.at("registrants"), d.registrants)) {
        return bad("registrants");
    }
    return d;
}

} // namespace accueil::sync
