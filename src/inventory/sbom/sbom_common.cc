#include "inventory/sbom/sbom_common.h"

#include <algorithm>
#include <string>

#include "purl/osv.h"
#include "purl/purl.h"

namespace vigil::inventory::sbom {

namespace {

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

}  // namespace

std::optional<Package> PackageFromPurl(std::string_view purl, std::string_view fallback_version,
                                       const std::filesystem::path& path) {
  purl = Trim(purl);
  auto parsed = purl::Parse(purl);
  if (!parsed) return std::nullopt;
  if (parsed->version.empty()) parsed->version = std::string(Trim(fallback_version));
  auto identity = purl::ToOsv(*parsed);
  if (!identity) return std::nullopt;
  Package p;
  p.name = std::move(identity->name);
  p.version = std::move(identity->version);
  p.ecosystem = std::move(identity->ecosystem);
  p.purl = std::string(purl);
  if (p.name != parsed->name) {
    // An OS package named by its source package (a Debian purl's `upstream`): keep the binary too.
    p.source_name = p.name;
    p.source_version = p.version;
    p.binary_name = parsed->name;
    p.binary_version = parsed->version;
  }
  if (auto arch = parsed->FindQualifier("arch")) p.arch = std::string(*arch);
  p.location = path.string();
  return p;
}

std::string LowerFileName(const std::filesystem::path& path) {
  std::string name = path.filename().string();
  std::transform(name.begin(), name.end(), name.begin(),
                 [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; });
  return name;
}

bool HasJsonMember(std::string_view content, std::string_view key, std::string_view value) {
  const auto quote = [](std::string_view s) {
    std::string out;
    out.reserve(s.size() + 2);
    out.push_back('"');
    out.append(s);
    out.push_back('"');
    return out;
  };
  const std::string quoted_key = quote(key);
  const std::string quoted_value = quote(value);
  for (std::size_t at = content.find(quoted_key); at != std::string_view::npos; at = content.find(quoted_key, at + 1)) {
    std::size_t i = at + quoted_key.size();
    while (i < content.size() && IsSpace(content[i])) ++i;
    if (i >= content.size() || content[i] != ':') continue;
    ++i;
    while (i < content.size() && IsSpace(content[i])) ++i;
    if (content.substr(i).starts_with(quoted_value)) return true;
  }
  return false;
}

char FirstSignificantChar(std::string_view content) {
  if (content.starts_with("\xEF\xBB\xBF")) content.remove_prefix(3);
  content = Trim(content);
  return content.empty() ? '\0' : content.front();
}

Result<simdjson::dom::element> ParseJson(simdjson::dom::parser& parser, const std::filesystem::path& path,
                                         std::string_view content) {
  simdjson::dom::element root;
  const simdjson::padded_string padded(content);
  if (const auto error = parser.parse(padded).get(root); error != simdjson::SUCCESS) {
    return Fail(ErrorCode::kInvalidArgument, path.string() + ": invalid JSON: " + simdjson::error_message(error));
  }
  return root;
}

}  // namespace vigil::inventory::sbom
