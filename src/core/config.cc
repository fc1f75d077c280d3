#include "core/config.h"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <system_error>

#define TOML_EXCEPTIONS 1
#include <toml++/toml.h>

namespace vigil {

namespace {

std::string Where(std::string_view name, const toml::source_region& source) {
  return std::string(name) + ":" + std::to_string(source.begin.line);
}

const ConfigKey* FindKey(std::span<const ConfigKey> schema, std::string_view name) {
  const auto it = std::find_if(schema.begin(), schema.end(), [&](const ConfigKey& k) { return k.name == name; });
  return it == schema.end() ? nullptr : &*it;
}

bool IsTableOfKnownKeys(std::span<const ConfigKey> schema, std::string_view prefix) {
  return std::any_of(schema.begin(), schema.end(), [&](const ConfigKey& k) {
    return k.name.size() > prefix.size() && k.name.starts_with(prefix) && k.name[prefix.size()] == '.';
  });
}

}  // namespace

Result<Config> Config::Load(const std::filesystem::path& path, std::span<const ConfigKey> schema) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) return Config{};
    return Fail(ErrorCode::kInvalidArgument, path.string() + ": cannot read configuration");
  }
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return Parse(text, path.string(), schema);
}

Result<Config> Config::Parse(std::string_view toml_text, std::string_view path, std::span<const ConfigKey> schema) {
  toml::table root;
  try {
    root = toml::parse(toml_text, path);
  } catch (const toml::parse_error& e) {
    return Fail(ErrorCode::kInvalidArgument, Where(path, e.source()) + ": not valid TOML: " + std::string(e.description()));
  }

  Config config;
  // Walks nested tables, naming each leaf by its dotted path.
  std::optional<Error> error;
  const auto fail = [&](const toml::node& node, const std::string& key, const std::string& reason) {
    if (!error) error = Error{ErrorCode::kInvalidArgument, Where(path, node.source()) + ": " + key + ": " + reason};
  };
  const auto visit = [&](const auto& self, const toml::table& table, const std::string& prefix) -> void {
    for (const auto& [name, node] : table) {
      const std::string key = prefix.empty() ? std::string(name.str()) : prefix + "." + std::string(name.str());
      if (const auto* sub = node.as_table(); sub != nullptr && IsTableOfKnownKeys(schema, key)) {
        self(self, *sub, key);
        continue;
      }
      const ConfigKey* known = FindKey(schema, key);
      if (known == nullptr) {
        fail(node, key, "unknown setting");
        continue;
      }
      if (known->type == ConfigType::kString) {
        const auto* text = node.as_string();
        if (text == nullptr) {
          fail(node, key, "must be a string");
          continue;
        }
        const std::string& value = text->get();
        if (!known->allowed.empty() && std::find(known->allowed.begin(), known->allowed.end(), value) == known->allowed.end()) {
          std::string choices;
          for (const auto choice : known->allowed) choices += (choices.empty() ? "" : ", ") + std::string(choice);
          fail(node, key, "\"" + value + "\" is not one of " + choices);
          continue;
        }
        config.strings_.emplace(key, value);
        continue;
      }
      const auto* array = node.as_array();
      std::vector<std::string> values;
      if (array != nullptr) {
        for (const auto& item : *array) {
          if (const auto* text = item.as_string()) values.push_back(text->get());
        }
      }
      if (array == nullptr || values.size() != array->size()) {
        fail(node, key, "must be an array of strings");
        continue;
      }
      config.lists_.emplace(key, std::move(values));
    }
  };
  visit(visit, root, "");
  if (error) return std::unexpected(*error);
  return config;
}

std::optional<std::string> Config::String(std::string_view key) const {
  const auto it = strings_.find(key);
  if (it == strings_.end()) return std::nullopt;
  return it->second;
}

std::optional<std::vector<std::string>> Config::Strings(std::string_view key) const {
  const auto it = lists_.find(key);
  if (it == lists_.end()) return std::nullopt;
  return it->second;
}

}  // namespace vigil
