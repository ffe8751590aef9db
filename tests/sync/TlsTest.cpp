// SPDX-License-Identifier: Apache-2.0
// HTTPS with a certificate and key from the config: a client that trusts the certificate syncs,
// plain HTTP to the same port gets nowhere.

#include "SyncTestEnv.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>
#include <vector>

namespace accueil::sync::test {
namespace {

TEST(Tls, ServesHttpsWithTheConfiguredCertificate) {
    TempDir dir;
    const std::string cert = dir.file("central.crt");
    const std::string key = dir.file("central.key");
    if (!MakeCertificate(cert, key)) {
        GTEST_SKIP() << "openssl command not available to make a test certificate";
    }
    const auto event = TestEvent();
    ServerOptions options;
    options.tlsCert = cert;
    options.tlsKey = key;
    options.threads = 4; // few, for the idle connections below
    options.maxConnectionsPerClient = 3;
    Central central(dir, event, options);
    ASSERT_TRUE(central.store->importRegistrants(
        core::GenerateDemoRegistrants(10, event.calendar->days(), 2), {}));
    const std::string token = central.addKiosk("door-1");
    auto store = core::AttendanceStore::Open(dir.file("door-1.db"), event, "door-1");
    ASSERT_TRUE(store);

    // The kiosk trusts the central's own certificate through kiosk.toml's ca_file.
    std::ofstream(dir.file("door-1.token")) << token << "\n";
    auto kioskToml = [&](const std::string& ca) {
        std::ofstream(dir.file("kiosk.toml"))
            << ("[kiosk]\nid = \"door-1\"\ndatabase = \"door-1.db\"\nevent = \"" +
                std::string(ACCUEIL_SOURCE_DIR) +
                "/config/event.toml\"\n[central]\nurl = "
                "\"https://127.0.0.1:" +
                std::to_string(central.port) + "\"\ntoken_file = \"door-1.token\"\nca_file = \"" +
                ca + "\"\n");
        auto config = core::LoadKioskConfig(dir.file("kiosk.toml"));
        EXPECT_TRUE(config.ok()) << (config.ok() ? "" : config.error().message);
        return SyncOptionsFromConfig(*config);
    };
    auto missing = kioskToml("venue-ca.pem");
    ASSERT_FALSE(missing.ok());
    EXPECT_NE(
        missing.error().message.find("ca_file " + dir.file("venue-ca.pem") + " cannot be read"),
        std::string::npos)
        << missing.error().message;
    auto fromConfig = kioskToml("central.crt");
    ASSERT_TRUE(fromConfig.ok()) << fromConfig.error().message;
    SyncOptions o = *fromConfig;
    EXPECT_EQ(o.caFile, cert);
    SyncClient client(o);
    const RoundReport r = client.runRound(*store);
    EXPECT_TRUE(r.ok()) << (r.worstError() != nullptr ? r.worstError()->message : "");
    EXPECT_EQ(*store->registrantCount(), 10);

    // Forty connections that never start their handshake, from the kiosk's own address: the
    // gate cannot read encrypted heads, but sheds the oldest at the client's limit, so they
    // hold none of the four request threads for long and the kiosk's next round goes through.
    std::vector<int> idle;
    for (int i = 0; i < 40; ++i) {
        idle.push_back(::socket(AF_INET, SOCK_STREAM, 0));
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(static_cast<std::uint16_t>(central.port));
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        ASSERT_EQ(::connect(idle.back(), reinterpret_cast<const sockaddr*>(&addr), sizeof addr), 0);
    }
    const RoundReport again = client.runRound(*store);
    EXPECT_TRUE(again.ok()) << (again.worstError() != nullptr ? again.worstError()->message : "");
    for (const int fd : idle) {
        ::close(fd);
    }

    o.caFile.clear(); // an unknown certificate is refused
    SyncClient untrusting(o);
    const RoundReport refused = untrusting.runRound(*store);
    ASSERT_NE(refused.worstError(), nullptr);
    EXPECT_EQ(refused.worstError()->kind, SyncErrorKind::Network);

    o.url = "http://127.0.0.1:" + std::to_string(central.port);
    SyncClient plain(o);
    const RoundReport noTls = plain.runRound(*store);
    ASSERT_NE(noTls.worstError(), nullptr);
    EXPECT_EQ(noTls.worstError()->kind, SyncErrorKind::Network);
}

TEST(Tls, MissingCertificateIsAConfigError) {
    TempDir dir;
    const auto event = TestEvent();
    auto store = OpenSqliteCentralStore(dir.file("c.db"), event, true);
    ASSERT_TRUE(store);
    ServerOptions options;
    options.port = 0;
    options.tlsCert = dir.file("nope.crt");
    options.tlsKey = dir.file("nope.key");
    auto server = CentralServer::Start(options, event, **store);
    ASSERT_FALSE(server);
    EXPECT_EQ(server.error().kind, ErrorKind::Config);
}

} // namespace
} // namespace accueil::sync::test
