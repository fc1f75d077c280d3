#include "inventory/file_errors.h"

#include <algorithm>
#include <cstdio>
#include <exception>

#include <nlohmann/json.hpp>

namespace vigil::inventory {

namespace {

// Records where nlohmann's SAX parser gives up, building nothing.
class FaultLocator final : public nlohmann::json_sax<nlohmann::json> {
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
  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& e) override {
    // The position is one past the byte that failed.
    fault_ = JsonFault{position == 0 ? 0 : position - 1, e.what()};
    // Drop nlohmann's "[json.exception.parse_error.101] " tag; the rest says what and where.
    if (const auto tag_end = fault_->reason.find("] ");
        fault_->reason.starts_with("[json.exception") && tag_end != std::string::npos) {
      fault_->reason.erase(0, tag_end + 2);
    }
    return false;
  }
  std::optional<JsonFault>& fault() { return fault_; }

 private:
  std::optional<JsonFault> fault_;
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

std::string QuotedJsonKey(std::string_view key) {
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

std::optional<JsonFault> FindJsonFault(std::string_view content) {
  FaultLocator locator;
  try {
    if (nlohmann::json::sax_parse(content, &locator)) return std::nullopt;
  } catch (const std::exception& e) {
    return JsonFault{0, e.what()};
  }
  return std::move(locator.fault());
}

}  // namespace vigil::inventory
