// SPDX-License-Identifier: Apache-2.0
// A pull from Indico and a push of check-ins back: fetch everything, check it, then write.

#include "IndicoApi.h"
#include "IndicoMapping.h"

#include <accueil/sync/Indico.h>
#include <accueil/sync/PgCentralStore.h>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace accueil::sync {

namespace {

namespace fs = std::filesystem;

struct Picture {
    std::string registrantId;
    std::string extension;
    std::string bytes;
};

// Everything a pull fetched, before anything is written.
struct Fetched {
    std::vector<IndicoRegistration> registrations;
    std::vector<Picture> pictures;
};

// The forms to read: the configured ones, or every form of the event.
IndicoResult<std::vector<std::int64_t>> Forms(const IndicoConfig& config, IndicoApi& api) {
    const std::string eventPath = api.eventPath("/");
    auto event = api.getJson(eventPath);
    if (!event) {
        return std::move(event).error();
    }
    if (auto checked = ParseEvent(*event, eventPath, config.eventId); !checked) {
        return std::move(checked).error();
    }
    if (!config.forms.empty()) {
        return config.forms;
    }
    const std::string formsPath = api.eventPath("/forms/");
    auto forms = api.getJson(formsPath);
    if (!forms) {
        return std::move(forms).error();
    }
    return ParseForms(*forms, formsPath);
}

std::string RegistrationsPath(const IndicoApi& api, std::int64_t form) {
    return api.eventPath("/forms/" + std::to_string(form) + "/registrations/");
}

// One form's registration list (without registration_data).
IndicoResult<std::vector<IndicoRegistration>> List(IndicoApi& api, std::int64_t form) {
    const std::string path = RegistrationsPath(api, form);
    auto list = api.getJson(path);
    if (!list) {
        return std::move(list).error();
    }
    if (!list->is_array()) {
        return BadAnswer(path, "not a list of registrations");
    }
    std::vector<IndicoRegistration> out;
    for (const auto& entry : *list) {
        auto r = ParseRegistration(entry, path, false);
        if (!r) {
            return std::move(r).error();
        }
        out.push_back(std::move(r).value());
    }
    return out;
}

// The picture URL as a path under the configured site (Indico writes it from its root).
std::string PicturePath(const IndicoConfig& config, const std::string& url) {
    if (url.starts_with(config.url + "/")) {
        return url.substr(config.url.size());
    }
    const auto scheme = config.url.find("://");
    const auto slash = config.url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
    const std::string prefix = slash == std::string::npos ? "" : config.url.substr(slash);
    if (!prefix.empty() && url.starts_with(prefix + "/")) {
        return url.substr(prefix.size());
    }
    return url;
}

std::string Extension(const std::string& path) {
    const std::string name = path.substr(path.rfind('/') + 1);
    const auto dot = name.rfind('.');
    std::string ext = dot == std::string::npos ? "" : name.substr(dot + 1);
    for (char& c : ext) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    const bool plain =
        !ext.empty() && ext.size() <= 5 &&
        std::all_of(ext.begin(), ext.end(), [](unsigned char c) { return std::isalnum(c) != 0; });
    return plain ? ext : "bin";
}

// A registration's details, and its picture when it has one.
IndicoResult<IndicoRegistration> Details(const IndicoConfig& config, IndicoApi& api,
                                         const IndicoRegistration& listed, Fetched& out) {
    const std::string path = RegistrationsPath(api, listed.formId) + std::to_string(listed.id);
    auto json = api.getJson(path);
    if (!json) {
        return std::move(json).error();
    }
    auto details = ParseRegistration(*json, path, true);
    if (!details) {
        return std::move(details).error();
    }
    if (details->id != listed.id) {
        return BadAnswer(path, "the answer is registration " + std::to_string(details->id));
    }
    if (!details->picture.empty()) {
        const std::string picturePath = PicturePath(config, details->picture);
        auto bytes = api.getBytes(picturePath);
        if (!bytes) {
            return std::move(bytes).error();
        }
        out.pictures.push_back(
            Picture{std::to_string(listed.id), Extension(picturePath), std::move(bytes).value()});
    }
    return details;
}

IndicoResult<Fetched> FetchAll(const IndicoConfig& config, IndicoApi& api) {
    auto forms = Forms(config, api);
    if (!forms) {
        return std::move(forms).error();
    }
    Fetched fetched;
    for (const std::int64_t form : *forms) {
        auto list = List(api, form);
        if (!list) {
            return std::move(list).error();
        }
        for (const IndicoRegistration& listed : *list) {
            auto details = Details(config, api, listed, fetched);
            if (!details) {
                return std::move(details).error();
            }
            fetched.registrations.push_back(std::move(details).value());
        }
    }
    return fetched;
}

// Written after the list is committed, each to a temporary name then renamed, so a reader
// sees the old picture or the new one.
IndicoResult<int> WritePictures(const std::string& dir, const std::vector<Picture>& pictures) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    for (const Picture& p : pictures) {
        const fs::path target = fs::path(dir) / (p.registrantId + "." + p.extension);
        const fs::path temp = fs::path(target.string() + ".tmp");
        {
            std::ofstream out(temp, std::ios::binary | std::ios::trunc);
            out.write(p.bytes.data(), static_cast<std::streamsize>(p.bytes.size()));
            if (!out) {
                return IndicoError{IndicoErrorKind::Storage, "cannot write " + temp.string()};
            }
        }
        fs::rename(temp, target, ec);
        if (ec) {
            return IndicoError{IndicoErrorKind::Storage,
                               "cannot write " + target.string() + ": " + ec.message()};
        }
    }
    return static_cast<int>(pictures.size());
}

// The pictures as the kiosks' photos (scaled, a new change only when one differs). A picture
// that is not a readable JPEG or PNG is left out and counted: the list it came with stands.
IndicoResult<void> KeepPictures(CentralStore& store, const std::vector<Picture>& pictures,
                                IndicoPullSummary& summary) {
    std::vector<core::Photo> photos;
    for (const Picture& p : pictures) {
        auto jpeg = core::MakePhoto(p.bytes, "the picture of " + p.registrantId);
        if (!jpeg) {
            ++summary.photosUnreadable;
            continue;
        }
        photos.push_back(core::Photo{p.registrantId, std::move(jpeg).value()});
    }
    if (auto stored = store.importPhotos(photos); !stored) {
        return IndicoError{IndicoErrorKind::Storage, stored.error().message};
    }
    return Ok{};
}

IndicoResult<IndicoApi> Connect(const IndicoConfig& config, const IndicoRunOptions& options) {
    auto token = ReadIndicoToken(config.tokenFile);
    if (!token) {
        return std::move(token).error();
    }
    return IndicoApi(config, std::move(token).value(), options);
}

IndicoError StorageError(const core::Error& e) {
    return IndicoError{e.kind == core::ErrorKind::Storage ? IndicoErrorKind::Storage
                                                          : IndicoErrorKind::Data,
                       e.message};
}

} // namespace

const char* ToString(IndicoErrorKind kind) {
    switch (kind) {
    case IndicoErrorKind::Config:
        return "config";
    case IndicoErrorKind::Network:
        return "network";
    case IndicoErrorKind::Server:
        return "server";
    case IndicoErrorKind::Auth:
        return "auth";
    case IndicoErrorKind::NotFound:
        return "not found";
    case IndicoErrorKind::Data:
        return "data";
    case IndicoErrorKind::Storage:
        return "storage";
    case IndicoErrorKind::Cancelled:
        return "cancelled";
    }
    return "unknown";
}

std::string IndicoPhotosDir(const std::string& databasePath) {
    return (fs::path(databasePath).parent_path() / "photos").string();
}

std::string IndicoPhotosDir(const CentralConfig& config) {
    return IndicoPhotosDir(IsPostgresUrl(config.databasePath) ? config.path : config.databasePath);
}

std::string Describe(const IndicoPullSummary& s) {
    return "Pulled " + std::to_string(s.registrations) + " registrations (+" +
           std::to_string(s.accompanying) + " accompanying persons) from Indico event " +
           std::to_string(s.eventId) + ": " + std::to_string(s.added) + " added, " +
           std::to_string(s.updated) + " updated, " + std::to_string(s.cancelled) + " cancelled, " +
           std::to_string(s.unchanged) + " unchanged";
}

std::string Describe(const IndicoPushSummary& s) {
    return "Pushed check-ins to Indico: " + std::to_string(s.sent) + " sent, " +
           std::to_string(s.alreadyCheckedIn) + " already checked in, " +
           std::to_string(s.notArrived) + " not arrived (of " + std::to_string(s.registrations) +
           " registrations)";
}

IndicoResult<std::string> ReadIndicoToken(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        return IndicoError{IndicoErrorKind::Config, path + ": Indico token file not found"};
    }
    if ((st.st_mode & 077) != 0) {
        return IndicoError{IndicoErrorKind::Config,
                           path + ": the Indico token file is readable by others (chmod 600 it)"};
    }
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    std::string token = text.str();
    while (!token.empty() && std::isspace(static_cast<unsigned char>(token.back())) != 0) {
        token.pop_back();
    }
    if (token.empty() || token.find_first_of(" \t\r\n") != std::string::npos) {
        return IndicoError{IndicoErrorKind::Config,
                           path + ": the Indico token file must hold one token on one line"};
    }
    return token;
}

IndicoResult<IndicoPullSummary> PullFromIndico(const IndicoConfig& config, CentralStore& store,
                                               const IndicoRunOptions& options) {
    auto api = Connect(config, options);
    if (!api) {
        return std::move(api).error();
    }
    auto fetched = FetchAll(config, *api);
    if (!fetched) {
        return std::move(fetched).error();
    }
    auto pulled = MapRegistrations(fetched->registrations, config);
    if (!pulled) {
        return std::move(pulled).error();
    }
    auto summaries = store.applyPlan(
        [&](const std::vector<core::Registrant>& current) -> core::Result<RegistrantBatches> {
            return PlanPull(*pulled, current);
        },
        core::UpsertFields{true, true, true});
    if (!summaries) {
        return StorageError(summaries.error());
    }
    IndicoPullSummary s;
    s.eventId = config.eventId;
    s.registrations = static_cast<int>(fetched->registrations.size());
    s.accompanying = static_cast<int>(pulled->size()) - s.registrations;
    s.added = (*summaries)[0].added;
    s.updated = (*summaries)[0].updated;
    s.unchanged = (*summaries)[0].unchanged;
    s.cancelled = (*summaries)[1].updated;
    auto photos = WritePictures(options.photosDir, fetched->pictures);
    if (!photos) {
        return std::move(photos).error();
    }
    s.photos = *photos;
    if (auto kept = KeepPictures(store, fetched->pictures, s); !kept) {
        return std::move(kept).error();
    }
    return s;
}

IndicoResult<IndicoPushSummary> PushCheckinsToIndico(const IndicoConfig& config,
                                                     CentralStore& store,
                                                     const IndicoRunOptions& options) {
    auto api = Connect(config, options);
    if (!api) {
        return std::move(api).error();
    }
    auto forms = Forms(config, *api);
    if (!forms) {
        return std::move(forms).error();
    }
    auto registrants = store.allRegistrants();
    auto checkedIn = store.checkedInRegistrants();
    if (!registrants || !checkedIn) {
        return StorageError(!registrants ? registrants.error() : checkedIn.error());
    }
    const std::set<std::string> arrivedIds(checkedIn->begin(), checkedIn->end());
    std::set<std::string> arrived; // tickets
    for (const core::Registrant& r : *registrants) {
        if (!r.ticket.empty() && arrivedIds.contains(r.id)) {
            arrived.insert(r.ticket);
        }
    }
    IndicoPushSummary s;
    for (const std::int64_t form : *forms) {
        auto list = List(*api, form);
        if (!list) {
            return std::move(list).error();
        }
        for (const IndicoRegistration& r : *list) {
            ++s.registrations;
            if (r.checkedIn) {
                ++s.alreadyCheckedIn;
                continue;
            }
            if (!arrived.contains(r.ticket)) {
                ++s.notArrived;
                continue;
            }
            const std::string path = RegistrationsPath(*api, form) + std::to_string(r.id);
            auto answer = api->patchJson(path, nlohmann::json{{"checked_in", true}});
            if (!answer) {
                return std::move(answer).error();
            }
            ++s.sent;
        }
    }
    return s;
}

} // namespace accueil::sync
