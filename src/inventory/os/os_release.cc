#include "inventory/os/os_release.h"

#include <string>

namespace vigil::inventory {
namespace {

bool IsKeyChar(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

std::string_view Trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) return {};
  const auto last = s.find_last_not_of(" \t\r");
  return s.substr(first, last - first + 1);
}

// The value of an assignment's right-hand side as a shell would read it. Quotes may cover part
// of the value (`A="x"y`); an unterminated quote keeps what was read.
std::string Unquote(std::string_view raw) {
  std::string out;
  char quote = '\0';
  for (std::size_t i = 0; i < raw.size(); ++i) {
    const char c = raw[i];
    if (quote == '\'') {
      if (c == '\'') {
        quote = '\0';
      } else {
        out += c;
      }
    } else if (c == '\\' && i + 1 < raw.size()) {
      // Inside double quotes only these characters are escapable; elsewhere the backslash stays.
      const char next = raw[i + 1];
      if (quote != '"' || next == '"' || next == '\\' || next == '$' || next == '`') {
        out += next;
        ++i;
      } else {
        out += c;
      }
    } else if (c == '"') {
      quote = quote == '"' ? '\0' : '"';
    } else if (c == '\'' && quote == '\0') {
      quote = '\'';
    } else if (quote == '\0' && c == '#') {
      break;  // a comment after an unquoted value
    } else {
      out += c;
    }
  }
  if (quote == '\0') {
    while (!out.empty() && (out.back() == ' ' || out.back() == '\t')) out.pop_back();
  }
  return out;
}

}  // namespace

std::optional<OsRelease> ParseOsRelease(std::string_view content) {
  OsRelease release;
  bool any = false;
  bool has_id = false;
  while (!content.empty()) {
    const auto end = content.find('\n');
    const std::string_view line = Trim(content.substr(0, end));
    content = end == std::string_view::npos ? std::string_view{} : content.substr(end + 1);
    if (line.empty() || line.front() == '#') continue;
    const auto eq = line.find('=');
    if (eq == std::string_view::npos || eq == 0) continue;
    const std::string_view key = line.substr(0, eq);
    bool valid_key = true;
    for (const char c : key) valid_key = valid_key && IsKeyChar(c);
    if (!valid_key) continue;
    any = true;
    const std::string_view raw = line.substr(eq + 1);
    if (key == "ID") {
      release.id = Unquote(raw);
      has_id = true;
    } else if (key == "VERSION_ID") {
      release.version_id = Unquote(raw);
    } else if (key == "PRETTY_NAME") {
      release.pretty_name = Unquote(raw);
    }
  }
  if (!any) return std::nullopt;
  if (!has_id || release.id.empty()) release.id = "linux";
  return release;
}

std::optional<OsRelease> ReadOsRelease(const FileSystem& fs) {
  for (const char* path : {"/etc/os-release", "/usr/lib/os-release"}) {
    const Result<std::string> content = fs.Read(path);
    if (!content) continue;
    if (auto release = ParseOsRelease(*content)) return release;
  }
  return std::nullopt;
}

}  // namespace vigil::inventory
