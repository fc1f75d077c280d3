// vigil.toml is checked against the schema of known keys: values come back typed; a typo, a wrong
// type or a bad value is an error naming file, line and key.
#include "core/config.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

namespace vigil {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kFormats[] = {"table", "json"};
constexpr ConfigKey kSchema[] = {
    {"format", ConfigType::kString, kFormats},
    {"db.mirror", ConfigType::kString},
    {"db.ecosystems", ConfigType::kStringList},
};

class ConfigTest : public ::testing::Test {
 protected:
  void SetUp() override { path_ = fs::temp_directory_path() / ("vigil-config-test-" + std::to_string(::getpid()) + ".toml"); }
  void TearDown() override { fs::remove(path_); }
  Result<Config> Load(const std::string& text) {
    std::ofstream(path_) << text;
    return Config::Load(path_, kSchema);
  }
  fs::path path_;
};

TEST_F(ConfigTest, KnownKeysComeBackTyped) {
  const auto config = Load("format = \"json\"\n[db]\nmirror = \"/srv/osv\"\necosystems = [\"PyPI\", \"Go\"]\n");
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_EQ(config->String("format"), "json");
  EXPECT_EQ(config->String("db.mirror"), "/srv/osv");
  EXPECT_EQ(config->Strings("db.ecosystems"), (std::vector<std::string>{"PyPI", "Go"}));
  EXPECT_EQ(config->String("db.ecosystems"), std::nullopt);
}

TEST_F(ConfigTest, MissingFileIsEmpty) {
  const auto config = Config::Load(path_.string() + ".absent", kSchema);
  ASSERT_TRUE(config);
  EXPECT_EQ(config->String("format"), std::nullopt);
}

TEST_F(ConfigTest, UnknownKeyNamesFileLineAndKey) {
  const auto config = Load("[db]\nmirror = \"x\"\nmirorr = \"typo\"\n");
  ASSERT_FALSE(config);
  EXPECT_EQ(config.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(config.error().message, path_.string() + ":3: db.mirorr: unknown setting");
}

TEST_F(ConfigTest, WrongTypeAndDisallowedValueAreErrors) {
  EXPECT_EQ(Load("[db]\necosystems = \"PyPI\"\n").error().message, path_.string() + ":2: db.ecosystems: must be an array of strings");
  EXPECT_EQ(Load("[db]\necosystems = [\"PyPI\", 3]\n").error().message, path_.string() + ":2: db.ecosystems: must be an array of strings");
  EXPECT_EQ(Load("format = 1\n").error().message, path_.string() + ":1: format: must be a string");
  EXPECT_EQ(Load("format = \"xml\"\n").error().message, path_.string() + ":1: format: \"xml\" is not one of table, json");
  EXPECT_EQ(Load("db = \"flat\"\n").error().message, path_.string() + ":1: db: unknown setting");
}

TEST_F(ConfigTest, SyntaxErrorNamesTheLine) {
  const auto config = Load("format = \"json\"\n[db\n");
  ASSERT_FALSE(config);
  EXPECT_TRUE(config.error().message.starts_with(path_.string() + ":2: not valid TOML: ")) << config.error().message;
}

}  // namespace
}  // namespace vigil
