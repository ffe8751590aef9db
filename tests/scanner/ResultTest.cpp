// SPDX-License-Identifier: Apache-2.0
// The one result type of the three libraries: a value or a typed error, and Result<void>.

#include <accueil/Result.h>

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace accueil {
namespace {

struct TestError {
    int code = 0;
    std::string message;
};

template <class T> using R = Result<T, TestError>;

R<int> Half(int n) {
    if (n % 2 != 0) {
        return TestError{1, std::to_string(n) + " is odd"};
    }
    return n / 2;
}

R<void> Check(bool good) {
    if (!good) {
        return TestError{2, "bad"};
    }
    return Ok{};
}

TEST(Result, HoldsAValueOrAnError) {
    const R<int> four = Half(8);
    ASSERT_TRUE(four.ok());
    EXPECT_TRUE(static_cast<bool>(four));
    EXPECT_EQ(*four, 4);

    const R<int> odd = Half(7);
    ASSERT_FALSE(odd.ok());
    EXPECT_EQ(odd.error().code, 1);
    EXPECT_EQ(odd.error().message, "7 is odd");
}

TEST(Result, VoidIsOkOrAnError) {
    EXPECT_TRUE(Check(true).ok());
    EXPECT_TRUE(R<void>{}.ok());
    const R<void> bad = Check(false);
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().code, 2);
}

TEST(Result, MovesOutAMoveOnlyValueAndTheError) {
    R<std::unique_ptr<int>> owned = std::make_unique<int>(5);
    ASSERT_TRUE(owned.ok());
    std::unique_ptr<int> taken = std::move(owned).value();
    ASSERT_NE(taken, nullptr);
    EXPECT_EQ(*taken, 5);

    R<std::string> failed = TestError{3, "gone"};
    const TestError error = std::move(failed).error();
    EXPECT_EQ(error.message, "gone");
}

TEST(Result, ArrowReachesTheValue) {
    R<std::string> text = std::string("accueil");
    EXPECT_EQ(text->size(), 7U);
    text->append("!");
    EXPECT_EQ(*text, "accueil!");
}

} // namespace
} // namespace accueil
