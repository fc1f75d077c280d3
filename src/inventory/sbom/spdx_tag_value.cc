#include "inventory/sbom/spdx_tag_value.h"

#include <algorithm>
#include <string>
#include <vector>

#include "inventory/sbom/sbom_common.h"

namespace vigil::inventory {

namespace {

constexpr std::string_view kTextOpen = "<text>";
constexpr std::string_view kTextClose = "</text>";

bool IsBlank(char c) {
  return c == ' ' || c == '\t';
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (IsBlank(s.front()) || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (IsBlank(s.back()) || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// Splits off the next whitespace-separated word of `s`.
std::string_view NextWord(std::string_view& s) {
  while (!s.empty() && IsBlank(s.front())) s.remove_prefix(1);
  std::size_t end = 0;
  while (end < s.size() && !IsBlank(s[end])) ++end;
  const std::string_view word = s.substr(0, end);
  s.remove_prefix(end);
  return word;
}

// One "PackageName:" section: what is needed once the section has been read, since its
// PackageVersion may come after its ExternalRef lines.
struct PackageSection {
  std::string version;
  std::vector<std::string> purls;
};

class SpdxTagValueExtractor final : public Extractor {
 public:
  [[nodiscard]] std::string_view name() const override { return "spdx-tag-value"; }

  [[nodiscard]] bool ClaimsPath(const std::filesystem::path& path) const override {
    return sbom::LowerFileName(path).ends_with(".spdx");
  }

  [[nodiscard]] bool ClaimsContent(std::string_view content) const override {
    std::string_view start = content;
    if (start.starts_with("\xEF\xBB\xBF")) start.remove_prefix(3);
    while (!start.empty() && (IsBlank(start.front()) || start.front() == '\r' || start.front() == '\n')) {
      start.remove_prefix(1);
    }
    return start.starts_with("SPDXVersion:") || content.find("\nSPDXVersion:") != std::string_view::npos;
  }

  [[nodiscard]] Result<std::vector<Package>> Extract(const std::filesystem::path& path, std::string_view content,
                                                     const FileSystem& fs) const override {
    static_cast<void>(fs);
    std::vector<PackageSection> sections;
    bool in_package = false;
    std::size_t line_number = 0;
    std::string_view rest = content;
    while (!rest.empty()) {
      const std::size_t newline = rest.find('\n');
      std::string_view line = Trim(rest.substr(0, newline));
      rest = newline == std::string_view::npos ? std::string_view() : rest.substr(newline + 1);
      ++line_number;
      if (line.empty() || line.front() == '#') continue;

      const std::size_t colon = line.find(':');
      if (colon == std::string_view::npos) {
        return std::unexpected(sbom::AtLine(path, line_number, "expected \"Tag: value\""));
      }
      const std::string_view tag = Trim(line.substr(0, colon));
      const std::string_view value = Trim(line.substr(colon + 1));

      if (value.starts_with(kTextOpen) && value.find(kTextClose) == std::string_view::npos) {
        // Free text may span lines and hold anything, "PackageName:" lines included: skip to its end.
        const std::size_t close = rest.find(kTextClose);
        if (close == std::string_view::npos) {
          return std::unexpected(sbom::AtLine(path, line_number, "<text> without </text>"));
        }
        const std::string_view skipped = rest.substr(0, close);
        line_number += static_cast<std::size_t>(std::count(skipped.begin(), skipped.end(), '\n'));
        const std::size_t after = rest.find('\n', close);
        rest = after == std::string_view::npos ? std::string_view() : rest.substr(after + 1);
        ++line_number;
        continue;
      }

      if (tag == "PackageName") {
        sections.emplace_back();
        in_package = true;
      } else if (tag == "FileName" || tag == "SnippetSPDXID" || tag == "LicenseID") {
        in_package = false;
      } else if (in_package && tag == "PackageVersion") {
        sections.back().version = std::string(value);
      } else if (in_package && tag == "ExternalRef") {
        std::string_view fields = value;
        const std::string_view category = NextWord(fields);
        const std::string_view type = NextWord(fields);
        const std::string_view locator = NextWord(fields);
        if (category.empty() || type.empty() || locator.empty()) {
          return std::unexpected(sbom::AtLine(path, line_number, "ExternalRef needs a category, a type and a locator"));
        }
        if (type == "purl") sections.back().purls.emplace_back(locator);
      }
    }

    std::vector<Package> packages;
    for (const PackageSection& section : sections) {
      // A package without a purl names nothing OSV can match: it is left out rather than kept with
      // an empty ecosystem. Several purls of one package are aliases: the first that maps counts.
      for (const std::string& purl : section.purls) {
        auto p = sbom::PackageFromPurl(purl, section.version, path);
        if (!p) continue;
        packages.push_back(std::move(*p));
        break;
      }
    }
    return packages;
  }
};

}  // namespace

std::unique_ptr<const Extractor> MakeSpdxTagValueExtractor() {
  return std::make_unique<SpdxTagValueExtractor>();
}

}  // namespace vigil::inventory
