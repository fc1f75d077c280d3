#include "inventory/lang/yarn_lock.h"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "inventory/lang/javascript_common.h"

namespace vigil::inventory {

namespace {

constexpr std::string_view kIndent = "  ";

// One entry: its header line ("name@range, name@range2:") and the lines indented below it.
struct Entry {
  std::size_t line = 0;
  std::string_view header;
  std::vector<std::string_view> body;
};

bool IsVersionChar(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '-' ||
         c == '.' || c == '+';
}

bool Consume(std::string_view& s, std::string_view prefix) {
  if (!s.starts_with(prefix)) return false;
  s.remove_prefix(prefix.size());
  return true;
}

// `  version "1.2.3"` (yarn 1) or `  version: 1.2.3` (berry): the version, or "" on another line.
std::string_view VersionOf(std::string_view line) {
  if (!Consume(line, kIndent)) return {};
  Consume(line, "\"");
  if (!Consume(line, "version")) return {};
  Consume(line, "\"");
  Consume(line, ":");
  if (!Consume(line, " ")) return {};
  Consume(line, "\"");
  std::size_t end = 0;
  while (end < line.size() && IsVersionChar(line[end])) ++end;
  if (end == 0) return {};
  const std::string_view version = line.substr(0, end);
  line.remove_prefix(end);
  Consume(line, "\"");
  return line.empty() ? version : std::string_view();
}

// `  resolved "<url>"` (yarn 1) or `  resolution: "<locator>"` (berry), or "" on another line.
std::string_view ResolutionOf(std::string_view line) {
  if (!Consume(line, kIndent)) return {};
  Consume(line, "\"");
  if (!Consume(line, "resolution:") && !Consume(line, "resolved")) return {};
  Consume(line, "\"");
  if (!Consume(line, " \"") || !line.ends_with('"') || line.size() < 2) return {};
  const std::string_view value = line.substr(0, line.size() - 1);
  if (value.find_first_of(" '\"") != std::string_view::npos) return {};
  return value;
}

// The package a header names: the first descriptor's name, with its scope, and for an alias
// ("cjs@npm:ansi-regex@^5.0.0") the aliased package's.
std::string NameOf(std::string_view header) {
  if (header.starts_with('"')) header.remove_prefix(1);
  header = header.substr(0, header.find(','));
  while (true) {
    const bool scoped = header.starts_with('@');
    if (scoped) header.remove_prefix(1);
    const std::size_t at = header.find('@');
    const std::string_view name = header.substr(0, at);
    const std::string_view range = at == std::string_view::npos ? std::string_view() : header.substr(at + 1);
    if (range.starts_with("npm:") && range.find('@') != std::string_view::npos) {
      header = range.substr(4);
      continue;
    }
    std::string result = scoped ? "@" : "";
    result += name;
    return result;
  }
}

class YarnLockExtractor final : public Extractor {
 public:
  [[nodiscard]] std::string_view name() const override { return "yarn.lock"; }

  [[nodiscard]] bool ClaimsPath(const std::filesystem::path& path) const override {
    return js::FileNameIs(path, "yarn.lock");
  }

  [[nodiscard]] Result<std::vector<Package>> Extract(const std::filesystem::path& path, std::string_view content,
                                                     const FileSystem& fs) const override {
    static_cast<void>(fs);
    auto entries = Group(path, content);
    if (!entries) return std::unexpected(entries.error());
    std::vector<Package> packages;
    packages.reserve(entries->size());
    for (const Entry& entry : *entries) {
      if (entry.header == "__metadata:") continue;  // berry's own settings
      Package package;
      package.name = NameOf(entry.header);
      if (package.name.empty()) return std::unexpected(js::AtLine(path, entry.line, "entry names no package"));
      std::string_view resolution;
      for (const std::string_view line : entry.body) {
        if (package.version.empty()) package.version = std::string(VersionOf(line));
        if (resolution.empty()) resolution = ResolutionOf(line);
      }
      package.ecosystem = std::string(js::kNpmEcosystem);
      package.commit = js::CommitFromResolution(resolution);
      package.location = path.string();
      packages.push_back(std::move(package));
    }
    return packages;
  }

 private:
  // Splits the file into entries; comments and blank lines are skipped, as yarn does.
  static Result<std::vector<Entry>> Group(const std::filesystem::path& path, std::string_view content) {
    std::vector<Entry> entries;
    std::size_t number = 0;
    while (!content.empty()) {
      ++number;
      const std::size_t newline = content.find('\n');
      std::string_view line = content.substr(0, newline);
      content = newline == std::string_view::npos ? std::string_view() : content.substr(newline + 1);
      if (line.ends_with('\r')) line.remove_suffix(1);
      if (line.empty() || line.starts_with('#')) continue;
      if (line.starts_with(' ')) {
        if (entries.empty()) return std::unexpected(js::AtLine(path, number, "indented line before any entry"));
        entries.back().body.push_back(line);
        continue;
      }
      if (!line.ends_with(':')) {
        return std::unexpected(
            js::AtLine(path, number, "expected an entry such as \"name@range:\", got " + js::Quote(line)));
      }
      entries.push_back(Entry{number, line, {}});
    }
    return entries;
  }
};

}  // namespace

std::unique_ptr<const Extractor> MakeYarnLockExtractor() {
  return std::make_unique<YarnLockExtractor>();
}

}  // namespace vigil::inventory
