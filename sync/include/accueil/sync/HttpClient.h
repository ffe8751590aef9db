// SPDX-License-Identifier: Apache-2.0
#pragma once

// A small blocking HTTP client over libcurl for the sync client. Keeps "the network failed"
// (TransportError) apart from "the server answered" (HttpResponse, any status).

#include <accueil/Result.h>

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace accueil::sync {

/// The server answered (any status, 2xx or not).
struct HttpResponse {
    long status = 0;
    std::string body;
    std::optional<long> retryAfterSeconds; ///< Retry-After in seconds, when sent
};

/// No complete answer: refused, reset, timed out, truncated, TLS failure, cancelled.
struct TransportError {
    std::string message;
    bool cancelled = false; ///< stopped by the cancel flag, not by the network
};

/// An answer with any status, or no answer at all: a 503 is an HttpResponse, not an error.
using HttpResult = accueil::Result<HttpResponse, TransportError>;

struct HttpOptions {
    std::string baseUrl; ///< e.g. "http://127.0.0.1:8470"
    std::string token;   ///< sent as "Authorization: Bearer …"
    long connectTimeoutMs = 3000;
    long timeoutMs = 15000; ///< whole request
    std::string caFile;     ///< extra CA bundle for https (a site's own certificate)
    /// When set and it becomes true, a request in flight is abandoned promptly.
    const std::atomic<bool>* cancel = nullptr;
    bool acceptGzip = false; ///< ask for gzip answers (slow links); off on a LAN
    /// "sha256//BASE64" of the server's public key: when set, this pin alone authenticates an
    /// https server (an enrolling kiosk has no CA for it yet), instead of the CA check.
    std::string pinnedPublicKey{};
};

/// One keep-alive connection to the central. Move-only; one thread at a time.
class HttpClient {
public:
    explicit HttpClient(HttpOptions options);
    HttpClient(const HttpClient&) = delete;
    HttpClient& operator=(const HttpClient&) = delete;
    HttpClient(HttpClient&& other) noexcept;
    HttpClient& operator=(HttpClient&& other) noexcept;
    ~HttpClient();

    /// GET baseUrl + path (path includes the query). Blocking; bounded by the timeouts.
    /// Errors: TransportError when no complete answer arrived. The calling thread.
    HttpResult get(const std::string& path);
    /// POST a JSON body. Blocking; bounded by the timeouts. Errors: as get(). The calling
    /// thread.
    HttpResult post(const std::string& path, const std::string& jsonBody);
    /// PATCH a JSON body (Indico's check-in API). Blocking; bounded by the timeouts. Errors: as
    /// get(). The calling thread.
    HttpResult patch(const std::string& path, const std::string& jsonBody);
    /// Lines "Name: value" sent with every request from now on, replacing the previous ones
    /// (the door's state, for the central). The calling thread.
    void setExtraHeaders(std::vector<std::string> lines);

private:
    HttpResult perform(const std::string& path, const std::string* body,
                       const char* method = nullptr);
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace accueil::sync
