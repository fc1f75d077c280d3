#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "version/schemes.h"

namespace vigil::version {
namespace {

int Cmp(std::string_view a, std::string_view b) {
  const auto r = NuGetScheme().Compare(a, b);
  EXPECT_TRUE(r) << a << " vs " << b << ": " << r.error().message;
  return r.value_or(99);
}

std::string ErrorOf(std::string_view v) {
  std::string out = "keep";
  const auto r = NuGetScheme().Encode(v, out);
  EXPECT_FALSE(r) << v << " should be invalid";
  EXPECT_EQ(out, "keep") << "failed Encode must restore its output";
  return r ? std::string() : r.error().message;
}

TEST(NuGet, MissingPartsAreZero) {
  EXPECT_EQ(Cmp("1", "1.0.0.0"), 0);
  EXPECT_EQ(Cmp("1.0", "1.0.0.0"), 0);
  EXPECT_EQ(Cmp("1.0", "1.0.0.1"), -1);
  EXPECT_EQ(Cmp("1.0.01", "1.0.1"), 0);  // leading zeros are allowed in the numeric parts
  EXPECT_EQ(Cmp("0.9.9.1", "1.0.0"), -1);
}

TEST(NuGet, LabelsCompareCaseInsensitively) {
  EXPECT_EQ(Cmp("1.0.0-BETA", "1.0.0-beta"), 0);
  EXPECT_EQ(Cmp("1.0.0-Alpha", "1.0.0-beta"), -1);
  EXPECT_EQ(Cmp("1.0.0-beta2", "1.0.0-BETA"), 1);
}

TEST(NuGet, NumericLabelsSortFirstAndNumerically) {
  EXPECT_EQ(Cmp("1.0.0-beta.2", "1.0.0-beta.11"), -1);
  EXPECT_EQ(Cmp("1.0.0-beta.999", "1.0.0-beta.a"), -1);
  EXPECT_EQ(Cmp("1.0.0-1", "1.0.0-alpha"), -1);
}

// NuGet reads a label as a number only when Int32.TryParse accepts it.
TEST(NuGet, LabelsBeyondInt32CompareAsText) {
  EXPECT_EQ(Cmp("1.0.0-2147483647", "1.0.0-2147483648"), -1);  // number before text
  EXPECT_EQ(Cmp("1.0.0-10000000000", "1.0.0-9999999999"), -1);  // both text: '1' < '9'
}

TEST(NuGet, PrereleaseSortsBelowReleaseAndMetadataIsIgnored) {
  EXPECT_EQ(Cmp("1.0.0-rc.1", "1.0.0"), -1);
  EXPECT_EQ(Cmp("1.0.0+abc", "1.0.0+def"), 0);
  EXPECT_EQ(Cmp("1.0.0-beta+AA", "1.0.0+aa"), -1);
  EXPECT_EQ(Cmp("1.0.0-a", "1.0.0-a.b"), -1);
}

TEST(NuGet, InvalidVersionsNameTheOffsetAndReason) {
  EXPECT_EQ(ErrorOf("1.2.3.4.5"), "nuget version \"1.2.3.4.5\": more than four numeric parts at offset 8");
  EXPECT_EQ(ErrorOf("1.0.0-01"), "nuget version \"1.0.0-01\": leading zero in numeric release label at offset 6");
  EXPECT_EQ(ErrorOf("1.0.0-"), "nuget version \"1.0.0-\": empty release label at offset 6");
  EXPECT_EQ(ErrorOf("1.0.0+"), "nuget version \"1.0.0+\": empty build metadata part at offset 6");
  EXPECT_EQ(ErrorOf("1.a"), "nuget version \"1.a\": expected a number at offset 2");
  EXPECT_EQ(ErrorOf("v1.0"), "nuget version \"v1.0\": expected a number at offset 0");
  EXPECT_EQ(ErrorOf("1.0.0-b_1"), "nuget version \"1.0.0-b_1\": unexpected character '_' at offset 7");
  EXPECT_NE(ErrorOf("").find("empty version"), std::string::npos);
}

}  // namespace
}  // namespace vigil::version
