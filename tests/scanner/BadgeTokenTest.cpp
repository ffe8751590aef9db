// SPDX-License-Identifier: Apache-2.0
#include <accueil/scanner/BadgeKey.h>
#include <accueil/scanner/BadgeReader.h>
#include <accueil/scanner/BadgeToken.h>

#define ZX_USE_UTF8
#include <ZXing/BarcodeFormat.h>
#include <ZXing/BitMatrix.h>
#include <ZXing/MultiFormatWriter.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <string>

using namespace accueil::scanner;

namespace {

BadgeData SampleData() {
    BadgeData data;
    data.eventId = "BWC-RC9";
    data.registrantId = "REG-00042";
    data.badgeVersion = 3;
    data.issuedAt = 1790000000;
    data.givenName = "Aminata";
    data.familyName = "Diallo";
    return data;
}

BadgeReaderOptions OptionsFor(const BadgeKeyPair& key) {
    BadgeReaderOptions options;
    options.eventId = "BWC-RC9";
    options.publicKeys = {key.publicKey};
    return options;
}

bool IsUtf8Boundary(const std::string& full, const std::string& cut) {
    return full.compare(0, cut.size(), cut) == 0 &&
           (cut.size() == full.size() ||
            (static_cast<unsigned char>(full[cut.size()]) & 0xC0) != 0x80);
}

/// The QR version ZXing's writer picks for text (size = 17 + 4 * version). ZXing-cpp 1.4
/// maps eccLevel 0-2 to L and 3-4 to M.
int QrVersionFor(const std::string& text, int eccLevel = 4) {
    ZXing::MultiFormatWriter writer(ZXing::BarcodeFormat::QRCode);
    writer.setEccLevel(eccLevel);
    writer.setMargin(0);
    const ZXing::BitMatrix matrix = writer.encode(text, 0, 0);
    return (matrix.width() - 17) / 4;
}

} // namespace

TEST(BadgeToken, RoundTripsThroughReadBadge) {
    auto key = GenerateBadgeKey();
    ASSERT_TRUE(key) << key.error().message;
    auto token = IssueBadgeToken(key->secretKey, SampleData());
    ASSERT_TRUE(token) << token.error().message;
    EXPECT_EQ(token->substr(0, 3), "AC1");
    for (const char c : *token) {
        EXPECT_TRUE((c >= 'A' && c <= 'Z') || (c >= '2' && c <= '7') || c == '1') << c;
    }
    const BadgeClaim claim = ReadBadge(*token + "\r\n", OptionsFor(*key));
    EXPECT_EQ(claim.format, ClaimFormat::SignedBadge);
    EXPECT_EQ(claim.verification, Verification::Valid) << claim.reason;
    EXPECT_EQ(claim.registrantId, "REG-00042");
    EXPECT_EQ(claim.eventId, "BWC-RC9");
    EXPECT_EQ(claim.badgeVersion, 3);
    EXPECT_EQ(claim.issuedAt, 1790000000);
    EXPECT_EQ(claim.givenName, "Aminata");
    EXPECT_EQ(claim.familyName, "Diallo");
    EXPECT_FALSE(claim.nameTruncated);
    EXPECT_EQ(claim.keyId.size(), 8u);
}

TEST(BadgeToken, EveryChangedCharacterIsRefused) {
    auto key = GenerateBadgeKey();
    ASSERT_TRUE(key);
    const std::string token = *IssueBadgeToken(key->secretKey, SampleData());
    const auto options = OptionsFor(*key);
    for (std::size_t i = 0; i < token.size(); ++i) {
        std::string bad = token;
        bad[i] = bad[i] == 'B' ? 'C' : 'B';
        const BadgeClaim claim = ReadBadge(bad, options);
        EXPECT_FALSE(claim.valid()) << "position " << i;
        EXPECT_FALSE(claim.reason.empty()) << "position " << i;
        if (i >= 3) {
            EXPECT_EQ(claim.format, ClaimFormat::SignedBadge) << "position " << i;
        }
    }
    // The signature's own characters: the fields parse, so this is a bad signature.
    std::string bad = token;
    bad[token.size() - 20] = bad[token.size() - 20] == 'Q' ? 'R' : 'Q';
    EXPECT_EQ(ReadBadge(bad, options).verification, Verification::BadSignature);
    // The key id's characters: the key is no longer known.
    bad = token;
    bad[5] = bad[5] == 'Q' ? 'R' : 'Q';
    EXPECT_EQ(ReadBadge(bad, options).verification, Verification::UnknownKey);
}

TEST(BadgeToken, SignatureFromAnotherKeyIsBadSignature) {
    auto key = GenerateBadgeKey();
    auto other = GenerateBadgeKey();
    ASSERT_TRUE(key && other);
    const std::string token = *IssueBadgeToken(key->secretKey, SampleData());
    const std::string forged = *IssueBadgeToken(other->secretKey, SampleData());
    // Graft the other key's signature onto the genuine fields: same length, same key id.
    const std::size_t sigChars = (kBadgeSignatureBytes * 8) / 5;
    std::string grafted =
        token.substr(0, token.size() - sigChars) + forged.substr(forged.size() - sigChars);
    const BadgeClaim claim = ReadBadge(grafted, OptionsFor(*key));
    EXPECT_TRUE(claim.verification == Verification::BadSignature ||
                claim.verification == Verification::Malformed)
        << ToString(claim.verification);
    EXPECT_FALSE(claim.valid());
    EXPECT_TRUE(claim.registrantId.empty());
    // A badge signed by a key the kiosk does not trust.
    EXPECT_EQ(ReadBadge(forged, OptionsFor(*key)).verification, Verification::UnknownKey);
    // Trusting both keys, both read.
    auto both = OptionsFor(*key);
    both.publicKeys.push_back(other->publicKey);
    EXPECT_TRUE(ReadBadge(forged, both).valid());
    EXPECT_TRUE(ReadBadge(token, both).valid());
}

TEST(BadgeToken, AnotherEventIsOtherEvent) {
    auto key = GenerateBadgeKey();
    ASSERT_TRUE(key);
    BadgeData data = SampleData();
    data.eventId = "CWC-CSP30";
    const BadgeClaim claim = ReadBadge(*IssueBadgeToken(key->secretKey, data), OptionsFor(*key));
    EXPECT_EQ(claim.verification, Verification::OtherEvent);
    EXPECT_EQ(claim.eventId, "CWC-CSP30");
    EXPECT_NE(claim.reason.find("CWC-CSP30"), std::string::npos);
}

TEST(BadgeToken, TruncatedLowerCasedAndGarbageAreMalformed) {
    auto key = GenerateBadgeKey();
    ASSERT_TRUE(key);
    const std::string token = *IssueBadgeToken(key->secretKey, SampleData());
    const auto options = OptionsFor(*key);
    for (std::size_t cut = 40; cut < token.size(); cut += 7) {
        const BadgeClaim claim = ReadBadge(token.substr(0, cut), options);
        EXPECT_EQ(claim.verification, Verification::Malformed) << cut;
        EXPECT_EQ(claim.format, ClaimFormat::SignedBadge) << cut;
    }
    std::string lower = token;
    for (char& c : lower) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    const BadgeClaim lowerClaim = ReadBadge(lower, options);
    EXPECT_EQ(lowerClaim.verification, Verification::Malformed);
    EXPECT_NE(lowerClaim.reason.find("lower case"), std::string::npos);
    EXPECT_EQ(ReadBadge(token + "AA", options).verification, Verification::Malformed);
    EXPECT_EQ(ReadBadge("AC1" + std::string(200, '9'), options).verification,
              Verification::Malformed);
    EXPECT_EQ(ReadBadge("AC1" + std::string(300, 'A'), options).verification,
              Verification::Malformed);
    using namespace std::string_literals;
    const std::string garbage =
        "AC1\0\xff\xfe garbage garbage garbage garbage garbage"s; // keeps the embedded NUL
    EXPECT_EQ(ReadBadge(garbage, options).verification, Verification::Malformed);
}

TEST(BadgeToken, NamesInOtherScriptsAreCutBetweenCharactersAndShownCut) {
    auto key = GenerateBadgeKey();
    ASSERT_TRUE(key);
    const std::vector<std::pair<std::string, std::string>> names = {
        {"Αλέξανδρος-Κωνσταντίνος", "Παπαδοπουλοςκωνσταντινίδης-Οικονόμου"},
        {"Александра-Екатерина", "Всеволодовна-Константинопольская"},
        {"عبد الرحمن محمد", "الحسيني العبدالله الكبير"},
        {"欧阳娜娜娜娜娜娜娜娜", "司马诸葛长孙慕容上官欧阳夏侯"},
        {std::string(200, 'a'), "b"},
    };
    for (const auto& [given, family] : names) {
        BadgeData data = SampleData();
        data.givenName = given;
        data.familyName = family;
        auto token = IssueBadgeToken(key->secretKey, data);
        ASSERT_TRUE(token) << token.error().message;
        EXPECT_LE(token->size(), kBadgeTokenMaxChars);
        const BadgeClaim claim = ReadBadge(*token, OptionsFor(*key));
        ASSERT_TRUE(claim.valid()) << claim.reason;
        EXPECT_TRUE(claim.nameTruncated);
        EXPECT_FALSE(claim.givenName.empty());
        EXPECT_FALSE(claim.familyName.empty());
        // A cut name ends with "…" after what the badge carries, which is a start of the name.
        for (const auto& [full, shown] :
             {std::pair{given, claim.givenName}, std::pair{family, claim.familyName}}) {
            const std::string ellipsis = "…";
            if (shown.size() >= ellipsis.size() &&
                shown.compare(shown.size() - ellipsis.size(), ellipsis.size(), ellipsis) == 0) {
                const std::string carried = shown.substr(0, shown.size() - ellipsis.size());
                EXPECT_TRUE(IsUtf8Boundary(full, carried)) << shown;
                EXPECT_LT(carried.size(), full.size()) << shown;
            } else {
                EXPECT_EQ(shown, full) << "a name not cut is whole";
            }
        }
    }
}

TEST(BadgeToken, LongestTokenFitsQrVersion7M) {
    auto key = GenerateBadgeKey();
    ASSERT_TRUE(key);
    BadgeData data = SampleData();
    data.eventId = "BWC-RC9";
    data.registrantId = "REG-2026-00042";
    data.givenName = std::string(100, 'g');
    data.familyName = std::string(100, 'f');
    data.badgeVersion = 65535;
    data.issuedAt = 0xFFFFFFFFLL;
    const std::string token = *IssueBadgeToken(key->secretKey, data);
    EXPECT_EQ(token.size(), kBadgeTokenCharsV7M);
    EXPECT_EQ(QrVersionFor(token), 7);
    EXPECT_EQ(QrVersionFor(token + "A"), 8); // the writer really is at its limit
    EXPECT_FALSE(ReadBadge(token, BadgeReaderOptions{}).valid());
    data.eventId = std::string(kBadgeEventIdMaxBytes, 'E');
    data.registrantId = std::string(kBadgeRegistrantIdMaxBytes, 'R');
    auto tooLong = IssueBadgeToken(key->secretKey, data); // ids leave no room at 178
    ASSERT_FALSE(tooLong);
    EXPECT_EQ(tooLong.error().kind, ErrorKind::InvalidArgument);
    const std::string large = *IssueBadgeToken(key->secretKey, data, IssueOptions{224});
    EXPECT_EQ(large.size(), kBadgeTokenMaxChars);
    EXPECT_EQ(QrVersionFor(large, 2), 7); // version 7 at L
    EXPECT_EQ(QrVersionFor(large), 9);    // version 9 at M
    BadgeReaderOptions options;
    options.eventId = "BWC-RC9";
    options.publicKeys = {key->publicKey};
    EXPECT_TRUE(ReadBadge(token, options).valid());
    options.eventId = data.eventId;
    const BadgeClaim largeClaim = ReadBadge(large, options);
    EXPECT_TRUE(largeClaim.valid()) << largeClaim.reason;
    EXPECT_EQ(largeClaim.registrantId, data.registrantId);
    EXPECT_FALSE(IssueBadgeToken(key->secretKey, data, IssueOptions{225}));
    EXPECT_LE(QrVersionFor(*IssueBadgeToken(key->secretKey, SampleData())), 7);
}

TEST(BadgeToken, IssueRefusesBadFields) {
    auto key = GenerateBadgeKey();
    ASSERT_TRUE(key);
    const auto refused = [&](auto change) {
        BadgeData data = SampleData();
        change(data);
        auto token = IssueBadgeToken(key->secretKey, data);
        return !token && token.error().kind == ErrorKind::InvalidArgument;
    };
    EXPECT_TRUE(refused([](BadgeData& d) { d.eventId = ""; }));
    EXPECT_TRUE(refused([](BadgeData& d) { d.eventId = std::string(17, 'E'); }));
    EXPECT_TRUE(refused([](BadgeData& d) { d.registrantId = "a b"; }));
    EXPECT_TRUE(refused([](BadgeData& d) { d.registrantId = "-x"; }));
    EXPECT_TRUE(refused([](BadgeData& d) { d.badgeVersion = 65536; }));
    EXPECT_TRUE(refused([](BadgeData& d) { d.issuedAt = -1; }));
    EXPECT_TRUE(refused([](BadgeData& d) { d.givenName = "\xC3("; }));
}

TEST(BadgeKey, SavesWithMode0600AndLoadsTheSameKey) {
    auto key = GenerateBadgeKey();
    ASSERT_TRUE(key);
    EXPECT_EQ(key->publicKey.size(), 56u);
    EXPECT_TRUE(ParsePublicKey(key->publicKey));
    const std::string path =
        (std::filesystem::temp_directory_path() / ("accueil-key-" + std::to_string(::getpid())))
            .string();
    ASSERT_TRUE(SaveSecretKey(key->secretKey, path));
    struct stat st {};
    ASSERT_EQ(::stat(path.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    auto loaded = LoadSecretKey(path);
    ASSERT_TRUE(loaded) << loaded.error().message;
    EXPECT_EQ(loaded->publicKeyText(), key->publicKey);
    const std::string token = *IssueBadgeToken(*loaded, SampleData());
    EXPECT_TRUE(ReadBadge(token, OptionsFor(*key)).valid());

    // An existing key is not replaced unless asked.
    auto other = GenerateBadgeKey();
    const Result<void> again = SaveSecretKey(other->secretKey, path);
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().kind, ErrorKind::InvalidArgument);
    EXPECT_EQ(LoadSecretKey(path)->publicKeyText(), key->publicKey);
    ASSERT_TRUE(SaveSecretKey(other->secretKey, path, true));
    EXPECT_EQ(LoadSecretKey(path)->publicKeyText(), other->publicKey);
    EXPECT_FALSE(std::filesystem::exists(path + ".tmp"));
    ::stat(path.c_str(), &st);
    EXPECT_EQ(st.st_mode & 0777, 0600u);

    ::chmod(path.c_str(), 0644);
    auto open = LoadSecretKey(path);
    ASSERT_FALSE(open);
    EXPECT_EQ(open.error().kind, ErrorKind::InvalidArgument);
    ::chmod(path.c_str(), 0600);
    { std::ofstream(path) << "not a key\n"; }
    ::chmod(path.c_str(), 0600);
    auto garbage = LoadSecretKey(path);
    ASSERT_FALSE(garbage);
    EXPECT_EQ(garbage.error().kind, ErrorKind::BadData);
    std::filesystem::remove(path);
    EXPECT_EQ(LoadSecretKey(path).error().kind, ErrorKind::NotFound);
}

TEST(BadgeKey, PublicKeyTextIsChecked) {
    EXPECT_FALSE(ParsePublicKey("ACPK"));
    EXPECT_FALSE(ParsePublicKey("XXPK" + std::string(52, 'A')));
    EXPECT_FALSE(ParsePublicKey("ACPK" + std::string(51, 'A')));
    EXPECT_TRUE(ParsePublicKey(" ACPK" + std::string(52, 'A') + "\n"));
}
