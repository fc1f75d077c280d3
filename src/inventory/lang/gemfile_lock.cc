#include "inventory/lang/gemfile_lock.h"

#include <string>
#include <unordered_set>
#include <vector>

#include "inventory/lang/other_common.h"

namespace vigil::inventory {

namespace {

constexpr std::string_view kEcosystem = "RubyGems";

enum class Section : std::uint8_t { kNone, kSource, kDependencies };

std::size_t Indent(std::string_view line) {
  std::size_t n = 0;
  while (n < line.size() && line[n] == ' ') ++n;
  return n;
}

bool IsSourceHeader(std::string_view line) {
  return line == "GEM" || line == "GIT" || line == "PATH" || line == "PLUGIN SOURCE";
}

// "name (version)" or "name (version-platform)" or "name"; false when the line is neither.
bool ParseSpec(std::string_view spec, std::string& name, std::string& version) {
  const auto space = spec.find(' ');
  name = std::string(spec.substr(0, space));
  version.clear();
  if (name.empty() || name.find_first_of("()") != std::string::npos) return false;
  if (space == std::string_view::npos) return true;
  std::string_view rest = spec.substr(space + 1);
  if (rest.size() < 2 || rest.front() != '(' || rest.back() != ')') return false;
  rest = rest.substr(1, rest.size() - 2);
  // RubyGems versions have no '-'; what follows one is the platform ("1.13.3-x86_64-linux").
  version = std::string(rest.substr(0, rest.find('-')));
  return !version.empty() && version.find_first_of(" ()") == std::string::npos;
}

class GemfileLockExtractor final : public Extractor {
 public:
  [[nodiscard]] std::string_view name() const override { return "Gemfile.lock"; }

  [[nodiscard]] bool ClaimsPath(const std::filesystem::path& path) const override {
    return other::FileNameIs(path, "Gemfile.lock");
  }

  [[nodiscard]] Result<std::vector<Package>> Extract(const std::filesystem::path& path, std::string_view content,
                                                     const FileSystem& fs) const override {
    static_cast<void>(fs);
    std::vector<Package> packages;
    std::unordered_set<std::string> direct_names;
    bool has_dependencies = false;
    Section section = Section::kNone;
    std::string commit;  // of the GIT section being read
    std::size_t number = 0;
    std::size_t start = 0;
    while (start <= content.size()) {
      const std::size_t eol = content.find('\n', start);
      std::string_view line =
          content.substr(start, eol == std::string_view::npos ? std::string_view::npos : eol - start);
      start = eol == std::string_view::npos ? content.size() + 1 : eol + 1;
      ++number;
      if (line.ends_with('\r')) line.remove_suffix(1);
      if (line.empty()) continue;
      const std::size_t indent = Indent(line);
      if (indent == 0) {
        commit.clear();
        if (IsSourceHeader(line)) {
          section = Section::kSource;
        } else if (line == "DEPENDENCIES") {
          section = Section::kDependencies;
          has_dependencies = true;
        } else {
          section = Section::kNone;
        }
        continue;
      }
      const std::string_view text = line.substr(indent);
      if (section == Section::kDependencies && indent == 2) {
        // "name", "name!" (from a GIT/PATH source) or "name (>= 1.0)".
        std::string_view dep = text.substr(0, text.find(' '));
        if (dep.ends_with('!')) dep.remove_suffix(1);
        direct_names.emplace(dep);
        continue;
      }
      if (section != Section::kSource) continue;
      if (indent == 2) {
        if (text.starts_with("revision: ")) commit = std::string(text.substr(10));
        continue;
      }
      // Specs sit at 4 spaces; their own dependencies at 6.
      if (indent != 4) continue;
      Package p;
      if (!ParseSpec(text, p.name, p.version)) {
        return std::unexpected(
            other::AtLine(path, number, "expected \"name (version)\", got \"" + std::string(text) + "\""));
      }
      p.ecosystem = std::string(kEcosystem);
      p.commit = commit;
      p.location = path.string();
      packages.push_back(std::move(p));
    }
    if (has_dependencies) {
      for (auto& p : packages) p.direct = direct_names.contains(p.name);
    }
    return packages;
  }
};

}  // namespace

std::unique_ptr<const Extractor> MakeGemfileLockExtractor() {
  return std::make_unique<GemfileLockExtractor>();
}

}  // namespace vigil::inventory
