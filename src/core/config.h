// vigil.toml, the one configuration file (GUIDE §6): read once at start-up against a schema of the
// keys vigil knows, so a typo or a wrong type is an error naming the file, the line and the key
// rather than a setting silently ignored. Flags and VIGIL_* variables override what it says; that
// precedence is the caller's (the CLI seeds option defaults from it). Immutable after Load.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace vigil {

enum class ConfigType : std::uint8_t { kString, kStringList };

struct ConfigKey {
  std::string_view name;  // dotted, e.g. "db.mirror" for `mirror` in table [db]
  ConfigType type;
  std::span<const std::string_view> allowed = {};  // for a string, its possible values; empty: any
};

class Config {
 public:
  // Parses the TOML file at `path` and checks every key against `schema`. A missing file is an
  // empty configuration; a syntax error, unknown key, wrong type or disallowed value is
  // kInvalidArgument "FILE:LINE: KEY: reason".
  [[nodiscard]] static Result<Config> Load(const std::filesystem::path& path, std::span<const ConfigKey> schema);
  // The same for TOML text; `name` stands for the file in messages.
  [[nodiscard]] static Result<Config> Parse(std::string_view text, std::string_view name, std::span<const ConfigKey> schema);

  [[nodiscard]] std::optional<std::string> String(std::string_view key) const;
  [[nodiscard]] std::optional<std::vector<std::string>> Strings(std::string_view key) const;

 private:
  std::map<std::string, std::string, std::less<>> strings_;
  std::map<std::string, std::vector<std::string>, std::less<>> lists_;
};

}  // namespace vigil
