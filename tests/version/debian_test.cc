#include <string>

#include <gtest/gtest.h>

#include "version/schemes.h"

namespace vigil::version {
namespace {

int Cmp(std::string_view a, std::string_view b) {
  const auto c = DebianScheme().Compare(a, b);
  EXPECT_TRUE(c.has_value()) << a << " vs " << b << ": " << (c ? "" : c.error().message);
  return c.value_or(0);
}

std::string ErrorOf(std::string_view v) {
  std::string out = "kept";
  const auto r = DebianScheme().Encode(v, out);
  EXPECT_FALSE(r.has_value()) << v;
  EXPECT_EQ(out, "kept") << "a failed Encode must leave the output as it was";
  return r ? "" : r.error().message;
}

TEST(DebianScheme, TildeSortsBeforeEverythingIncludingTheEnd) {
  EXPECT_LT(Cmp("1.0~rc1", "1.0"), 0);
  EXPECT_LT(Cmp("1.0~~", "1.0~"), 0);
  EXPECT_LT(Cmp("1.0~~a", "1.0~"), 0);
  EXPECT_LT(Cmp("1.2.3-1~deb7u1", "1.2.3-1"), 0);
  EXPECT_GT(Cmp("1.0", "1.0~"), 0);
}

TEST(DebianScheme, LettersSortBeforeNonLettersAndHighBytesBetween) {
  EXPECT_LT(Cmp("1.0a", "1.0+"), 0);
  EXPECT_LT(Cmp("1.0Z", "1.0a"), 0);        // ASCII order among letters
  EXPECT_LT(Cmp("1.0z", "1.0\xc3\xa9"), 0);  // dpkg reads a signed char: high bytes after letters
  EXPECT_LT(Cmp("1.0\xc3\xa9", "1.0+"), 0);  // ... and before ASCII punctuation
  EXPECT_GT(Cmp("1.0a", "1.0"), 0);          // a letter after the end is newer
  EXPECT_LT(Cmp("2.7.4+reloaded2-13ubuntu1", "2.7.4+reloaded2-13+deb9u1"), 0);
}

TEST(DebianScheme, EquivalentSpellingsEncodeIdentically) {
  std::string a;
  std::string b;
  ASSERT_TRUE(DebianScheme().Encode("0:1.00-0", a));
  ASSERT_TRUE(DebianScheme().Encode("1.0", b));
  EXPECT_EQ(a, b);
  EXPECT_EQ(Cmp("1.0", "1.0-0"), 0);
  EXPECT_EQ(Cmp("1.", "1.0"), 0);
  EXPECT_EQ(Cmp("01:2", "1:2"), 0);
  EXPECT_EQ(Cmp("  1.0\t", "1.0"), 0);  // dpkg trims blanks at both ends
}

TEST(DebianScheme, EpochAndRevisionSplit) {
  EXPECT_GT(Cmp("1:0.1", "9.9"), 0);
  EXPECT_LT(Cmp("2147483646:1", "2147483647:1"), 0);
  EXPECT_EQ(Cmp("+1:2", "1:2"), 0);  // dpkg's strtol accepts a sign
  EXPECT_EQ(Cmp("-0:2", "2"), 0);
  EXPECT_GT(Cmp("1.0-2-3", "1.0-2-2"), 0);  // the LAST hyphen starts the revision
  EXPECT_EQ(Cmp("1:2:3", "1:2:3"), 0);      // later colons belong to the upstream version
  EXPECT_LT(Cmp("9:1-1", "9:1-a"), 0);
  EXPECT_GT(Cmp("123456789012345678901234567890", "123456789012345678901234567889"), 0);
}

TEST(DebianScheme, WarningsOfDpkgAreAccepted) {
  EXPECT_GT(Cmp("abc", "1"), 0);  // upstream not starting with a digit: dpkg only warns
  EXPECT_GT(Cmp("1_0", "1.0"), 0);
}

TEST(DebianScheme, RejectsWhatDpkgRejectsWithPosition) {
  EXPECT_EQ(ErrorOf(""), "debian version \"\": version string is empty at offset 0");
  EXPECT_EQ(ErrorOf("1.0 1"), "debian version \"1.0 1\": version string has embedded spaces at offset 3");
  EXPECT_EQ(ErrorOf(":1"), "debian version \":1\": epoch is empty at offset 0");
  EXPECT_EQ(ErrorOf("1a:1"), "debian version \"1a:1\": epoch is not a number at offset 1");
  EXPECT_EQ(ErrorOf("-1:1"), "debian version \"-1:1\": epoch is negative at offset 0");
  EXPECT_EQ(ErrorOf("2147483648:1"), "debian version \"2147483648:1\": epoch is too big at offset 0");
  EXPECT_EQ(ErrorOf("1:"), "debian version \"1:\": nothing after the epoch colon at offset 2");
  EXPECT_EQ(ErrorOf("1.0-"), "debian version \"1.0-\": revision is empty at offset 4");
  EXPECT_EQ(ErrorOf("1:-1"), "debian version \"1:-1\": upstream version is empty at offset 2");
  EXPECT_EQ(ErrorOf(std::string_view("1\0", 2)).find("NUL byte at offset 1") != std::string::npos, true);
}

}  // namespace
}  // namespace vigil::version
