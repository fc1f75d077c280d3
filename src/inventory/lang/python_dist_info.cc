#include "inventory/lang/python_dist_info.h"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "inventory/lang/python_common.h"

namespace vigil::inventory {

namespace {

namespace fs = std::filesystem;

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\r';
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && IsSpace(text.front())) text.remove_prefix(1);
  while (!text.empty() && IsSpace(text.back())) text.remove_suffix(1);
  return text;
}

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

// Core metadata (PEP 566 and its predecessors) is an email message: headers up to the first empty
// line, then the description. Only `Name:` and `Version:` matter here; continuation lines (starting
// with whitespace) and lines without a colon, which old tools wrote into descriptions, are skipped.
class PythonDistInfoExtractor final : public Extractor {
 public:
  std::string_view name() const override { return "python-dist-info"; }

  bool ClaimsPath(const fs::path& path) const override {
    if (!path.has_filename()) return false;
    const std::string file_name = path.filename().string();
    const fs::path parent = path.parent_path();
    const std::string parent_name = parent.has_filename() ? parent.filename().string() : std::string();
    if (file_name == "METADATA") return parent_name.ends_with(".dist-info");
    if (file_name == "PKG-INFO") return parent_name.ends_with(".egg-info") || parent_name == "EGG-INFO";
    // distutils and Debian's python3-* packages install the metadata as a single file.
    return file_name.ends_with(".egg-info") && file_name.size() > std::string_view(".egg-info").size();
  }

  Result<std::vector<Package>> Extract(const fs::path& path, std::string_view content,
                                       const FileSystem& file_system) const override {
    static_cast<void>(file_system);
    if (content.starts_with("\xEF\xBB\xBF")) content.remove_prefix(3);
    std::string name;
    std::string version;
    bool has_name = false;
    bool has_version = false;
    std::size_t pos = 0;
    while (pos < content.size()) {
      std::size_t end = content.find('\n', pos);
      if (end == std::string_view::npos) end = content.size();
      std::string_view line = content.substr(pos, end - pos);
      pos = end + 1;
      if (line.ends_with('\r')) line.remove_suffix(1);
      if (line.empty()) break;
      if (IsSpace(line.front())) continue;
      const std::size_t colon = line.find(':');
      if (colon == std::string_view::npos) continue;
      const std::string_view header = line.substr(0, colon);
      const std::string_view value = Trim(line.substr(colon + 1));
      if (!has_name && EqualsIgnoringCase(header, "Name")) {
        name = value;
        has_name = true;
      } else if (!has_version && EqualsIgnoringCase(header, "Version")) {
        version = value;
        has_version = true;
      }
      if (has_name && has_version) break;
    }
    if (!has_name || name.empty()) return std::unexpected(python::AtLine(path, 1, "no Name header in the metadata"));
    if (!has_version || version.empty()) {
      return std::unexpected(python::AtLine(path, 1, "no Version header in the metadata"));
    }
    std::vector<Package> packages;
    packages.push_back(python::MakePackage(std::move(name), std::move(version), path));
    return packages;
  }
};

}  // namespace

std::unique_ptr<const Extractor> MakePythonDistInfoExtractor() {
  return std::make_unique<PythonDistInfoExtractor>();
}

}  // namespace vigil::inventory
