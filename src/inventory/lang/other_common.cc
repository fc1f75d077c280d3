#include "inventory/lang/other_common.h"

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>

namespace vigil::inventory::other {

namespace {

// Records where nlohmann's parser gives up; used only to place simdjson's error on a line, since
// simdjson's DOM API reports what went wrong but not where.
class ErrorLocator final : public nlohmann::json_sax<nlohmann::json> {
 public:
  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return true; }
  bool key(string_t&) override { return true; }
  bool end_object() override { return true; }
  bool start_array(std::size_t) override { return true; }
  bool end_array() override { return true; }
  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& ex) override {
    position_ = position;
    // Drop nlohmann's "[json.exception.parse_error.101] " tag; the rest says what and where.
    reason_ = ex.what();
    if (const auto tag_end = reason_.find("] ");
        reason_.starts_with("[json.exception") && tag_end != std::string::npos) {
      reason_.erase(0, tag_end + 2);
    }
    return false;
  }

  [[nodiscard]] std::size_t position() const { return position_; }
  [[nodiscard]] const std::string& reason() const { return reason_; }

 private:
  std::size_t position_ = 0;
  std::string reason_;
};

}  // namespace

bool FileNameIs(const std::filesystem::path& path, std::string_view file_name) {
  return path.filename().native() == file_name;
}

std::size_t LineOf(std::string_view content, std::size_t offset) {
  offset = std::min(offset, content.size());
  return 1 + static_cast<std::size_t>(
                 std::count(content.begin(), content.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
}

Error AtLine(const std::filesystem::path& path, std::size_t line, std::string_view reason) {
  return Error{ErrorCode::kInvalidArgument, path.string() + ":" + std::to_string(line) + ": " + std::string(reason)};
}

Error AtJsonPath(const std::filesystem::path& path, std::string_view json_path, std::string_view reason) {
  return Error{ErrorCode::kInvalidArgument, path.string() + ": " + std::string(json_path) + ": " + std::string(reason)};
}

std::string JsonMember(std::string_view key) {
  const bool plain = !key.empty() && std::all_of(key.begin(), key.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  }) && !(key[0] >= '0' && key[0] <= '9');
  if (plain) return "." + std::string(key);
  std::string out = "[\"";
  for (const char c : key) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (byte < 0x20) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\u%04x", byte);
      out += escaped;
    } else {
      out += c;
    }
  }
  out += "\"]";
  return out;
}

Result<simdjson::dom::element> ParseJson(simdjson::dom::parser& parser, const std::filesystem::path& path,
                                         std::string_view content) {
  simdjson::dom::element root;
  const auto error = parser.parse(content.data(), content.size()).get(root);
  if (error == simdjson::SUCCESS) return root;
  ErrorLocator locator;
  const bool accepted = nlohmann::json::sax_parse(content, &locator, nlohmann::json::input_format_t::json, true);
  if (accepted || locator.reason().empty()) {
    return std::unexpected(AtLine(path, 1, std::string("invalid JSON: ") + simdjson::error_message(error)));
  }
  // The position is one past the byte that failed.
  const std::size_t offset = locator.position() == 0 ? 0 : locator.position() - 1;
  return std::unexpected(AtLine(path, LineOf(content, offset), "invalid JSON: " + locator.reason()));
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
