#include "inventory/lang/other_common.h"

#include <algorithm>

namespace vigil::inventory::other {

std::string JsonMember(std::string_view key) {
  const bool plain = !key.empty() && std::all_of(key.begin(), key.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  }) && !(key[0] >= '0' && key[0] <= '9');
  if (!plain) return QuotedJsonKey(key);
  std::string member = ".";
  member += key;
  return member;
}

Result<simdjson::dom::object> ParseJsonObject(simdjson::dom::parser& parser, const std::filesystem::path& path,
                                              std::string_view content) {
  simdjson::dom::element root;
  const auto error = parser.parse(content.data(), content.size()).get(root);
  if (error == simdjson::SUCCESS) {
    simdjson::dom::object object;
    if (root.get_object().get(object) != simdjson::SUCCESS) return std::unexpected(AtJsonPath(path, "$", "expected an object"));
    return object;
  }
  const auto fault = FindJsonFault(content);
  if (!fault) return std::unexpected(AtLine(path, 1, std::string("invalid JSON: ") + simdjson::error_message(error)));
  return std::unexpected(AtLine(path, LineOf(content, fault->offset), "invalid JSON: " + fault->reason));
}

Result<std::string_view> JsonString(simdjson::dom::element element, const std::filesystem::path& path,
                                    std::string_view json_path) {
  std::string_view value;
  if (element.get_string().get(value) != simdjson::SUCCESS) {
    return std::unexpected(AtJsonPath(path, json_path, "expected a string"));
  }
  return value;
}

}  // namespace vigil::inventory::other
