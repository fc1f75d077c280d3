#include "inventory/lang/requirements_txt.h"

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "inventory/lang/python_common.h"

namespace vigil::inventory {

namespace {

namespace fs = std::filesystem;

// pip itself has no limit, but a chain of distinct files this deep is not a real project; the bound
// keeps hostile trees from exhausting the stack.
constexpr int kMaxIncludeDepth = 32;

// What an unpinned requirement is reported as, so that it is still matched against advisories.
constexpr std::string_view kUnpinnedVersion = "0.0.0";

// Files pip installs from a local archive rather than from an index.
constexpr std::array<std::string_view, 8> kArchiveSuffixes = {".whl",     ".zip", ".tar.gz", ".tgz",
                                                              ".tar.bz2", ".tbz", ".tar.xz", ".egg"};

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\f' || c == '\v' || c == '\r';
}

bool IsAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool IsNameChar(char c) {
  return IsAlnum(c) || c == '-' || c == '_' || c == '.';
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && IsSpace(text.front())) text.remove_prefix(1);
  while (!text.empty() && IsSpace(text.back())) text.remove_suffix(1);
  return text;
}

std::size_t SkipSpaces(std::string_view text, std::size_t i) {
  while (i < text.size() && IsSpace(text[i])) ++i;
  return i;
}

std::size_t TrailingBackslashes(std::string_view text) {
  std::size_t count = 0;
  while (count < text.size() && text[text.size() - 1 - count] == '\\') ++count;
  return count;
}

// As pip does: a "#" at the start of the line or after whitespace starts a comment; "#" inside a
// token (a URL fragment such as "#egg=") does not.
std::string_view StripComment(std::string_view line) {
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '#' && (i == 0 || IsSpace(line[i - 1]))) return Trim(line.substr(0, i));
  }
  return Trim(line);
}

bool EndsWithIgnoringCase(std::string_view text, std::string_view suffix) {
  if (text.size() < suffix.size()) return false;
  return std::equal(suffix.begin(), suffix.end(), text.end() - static_cast<std::ptrdiff_t>(suffix.size()),
                    [](char a, char b) { return a == (b >= 'A' && b <= 'Z' ? static_cast<char>(b - 'A' + 'a') : b); });
}

// The file named by a `-r FILE`, `-rFILE`, `--requirement FILE` or `--requirement=FILE` line.
std::optional<std::string_view> IncludeTarget(std::string_view line) {
  std::string_view rest;
  if (line.starts_with("--requirement")) {
    rest = line.substr(std::string_view("--requirement").size());
    if (rest.starts_with('=')) {
      rest.remove_prefix(1);
    } else if (rest.empty() || !IsSpace(rest.front())) {
      return std::nullopt;
    }
  } else if (line.starts_with("-r")) {
    rest = line.substr(2);
  } else {
    return std::nullopt;
  }
  rest = Trim(rest);
  if (rest.empty()) return std::nullopt;
  return rest;
}

struct Requirement {
  std::string name;
  std::string version;
};

enum class Operator : std::uint8_t {
  kArbitraryEqual,
  kEqual,
  kNotEqual,
  kLessEqual,
  kGreaterEqual,
  kCompatible,
  kLess,
  kGreater
};

struct Clause {
  Operator op;
  std::string_view version;
};

// Longest first, so that "===" is not read as "==" followed by "=".
constexpr std::array<std::pair<std::string_view, Operator>, 8> kOperators = {{
    {"===", Operator::kArbitraryEqual},
    {"==", Operator::kEqual},
    {"!=", Operator::kNotEqual},
    {"<=", Operator::kLessEqual},
    {">=", Operator::kGreaterEqual},
    {"~=", Operator::kCompatible},
    {"<", Operator::kLess},
    {">", Operator::kGreater},
}};

bool IsVersionChar(char c) {
  const auto byte = static_cast<unsigned char>(c);
  return byte > 0x20 && byte < 0x7f && c != ',' && c != ';' && c != ')';
}

// Reads a PEP 440 specifier list ("==1.2", ">= 1.0, < 2", "(>=1.0)") at `i`; nullopt when malformed.
std::optional<std::vector<Clause>> ParseSpecifiers(std::string_view line, std::size_t i) {
  std::vector<Clause> clauses;
  while (true) {
    i = SkipSpaces(line, i);
    const auto op = std::find_if(kOperators.begin(), kOperators.end(),
                                 [&](const auto& entry) { return line.substr(i).starts_with(entry.first); });
    if (op == kOperators.end()) break;
    i = SkipSpaces(line, i + op->first.size());
    const std::size_t start = i;
    while (i < line.size() && IsVersionChar(line[i])) ++i;
    if (i == start) return std::nullopt;
    // A byte outside printable ASCII inside the version means this is not a requirement.
    if (i < line.size() && !IsSpace(line[i]) && line[i] != ',' && line[i] != ';' && line[i] != ')') return std::nullopt;
    clauses.push_back({op->second, line.substr(start, i - start)});
    i = SkipSpaces(line, i);
    if (i >= line.size() || line[i] != ',') break;
    ++i;
  }
  if (clauses.empty()) return std::nullopt;
  return clauses;
}

// The version to report for a specifier list: the pinned version, else the lower bound of ">=" or
// "~=", else the unpinned placeholder (an exclusion or an upper bound says nothing about what is used).
std::string ChooseVersion(const std::vector<Clause>& clauses) {
  for (const Clause& c : clauses) {
    if (c.op == Operator::kEqual || c.op == Operator::kArbitraryEqual) return std::string(c.version);
  }
  for (const Clause& c : clauses) {
    if (c.op == Operator::kGreaterEqual || c.op == Operator::kCompatible) return std::string(c.version);
  }
  return std::string(kUnpinnedVersion);
}

// A PEP 508 requirement line without its comment: `name[extras] specifiers ; markers --options`.
// nullopt for lines that name a path, URL or archive instead of a project.
std::optional<Requirement> ParseRequirement(std::string_view line) {
  std::size_t i = 0;
  while (i < line.size() && IsNameChar(line[i])) ++i;
  const std::string_view name = line.substr(0, i);
  if (name.empty() || !IsAlnum(name.front()) || !IsAlnum(name.back())) return std::nullopt;
  if (std::any_of(kArchiveSuffixes.begin(), kArchiveSuffixes.end(),
                  [&](std::string_view suffix) { return EndsWithIgnoringCase(name, suffix); })) {
    return std::nullopt;
  }
  Requirement requirement{python::NormalizeName(name), std::string(kUnpinnedVersion)};
  i = SkipSpaces(line, i);
  if (i < line.size() && line[i] == '[') {
    const std::size_t close = line.find(']', i);
    if (close == std::string_view::npos) return std::nullopt;
    i = SkipSpaces(line, close + 1);
  }
  if (i >= line.size()) return requirement;
  const char next = line[i];
  if (next == ';' || next == '@') return requirement;  // environment markers, or a direct URL reference
  if (next == '-') return requirement;                 // per-requirement options such as --hash
  if (next == '(')
    ++i;
  else if (std::string_view("=<>!~").find(next) == std::string_view::npos)
    return std::nullopt;
  const auto clauses = ParseSpecifiers(line, i);
  if (!clauses) return std::nullopt;
  requirement.version = ChooseVersion(*clauses);
  return requirement;
}

// The packages of a file and of the files it includes, merged by name and version; each keeps the
// names of all the files it appears in, in the order met.
struct Collected {
  std::vector<Package> packages;
  std::unordered_map<std::string, std::size_t> index;
  std::unordered_set<std::string> files_read;
};

void Add(Collected& out, Requirement requirement, const std::string& group, const fs::path& path) {
  std::string key = requirement.name + "@" + requirement.version;
  auto [it, inserted] = out.index.try_emplace(std::move(key), out.packages.size());
  if (inserted) {
    out.packages.push_back(python::MakePackage(std::move(requirement.name), std::move(requirement.version), path));
  }
  auto& groups = out.packages[it->second].dep_groups;
  if (std::find(groups.begin(), groups.end(), group) == groups.end()) groups.push_back(group);
}

Result<void> ParseFile(const fs::path& path, std::string_view content, const FileSystem& file_system, int depth,
                       Collected& out);

Result<void> Include(const fs::path& path, std::size_t line_number, std::string_view target,
                     const FileSystem& file_system, int depth, Collected& out) {
  const std::string what = "-r " + std::string(target);
  if (depth >= kMaxIncludeDepth) {
    return std::unexpected(python::AtLine(
        path, line_number, what + ": includes nested more than " + std::to_string(kMaxIncludeDepth) + " files deep"));
  }
  const fs::path included = (path.parent_path() / fs::path(target)).lexically_normal();
  // Each file is read once: this ends include cycles, and a file reached twice adds nothing new.
  if (!out.files_read.insert(included.string()).second) return {};
  auto text = file_system.Read(included);
  if (!text) {
    return std::unexpected(Error{text.error().code, path.string() + ":" + std::to_string(line_number) + ": " + what +
                                                        ": " + text.error().message});
  }
  return ParseFile(included, *text, file_system, depth + 1, out);
}

Result<void> ParseFile(const fs::path& path, std::string_view content, const FileSystem& file_system, int depth,
                       Collected& out) {
  const std::string group = path.stem().string();
  std::size_t pos = 0;
  std::size_t line_number = 0;
  // The next physical line without its end of line; false at the end of the content.
  const auto next_line = [&](std::string_view& line) {
    if (pos >= content.size()) return false;
    std::size_t end = content.find('\n', pos);
    if (end == std::string_view::npos) end = content.size();
    line = content.substr(pos, end - pos);
    if (line.ends_with('\r')) line.remove_suffix(1);
    pos = end + 1;
    ++line_number;
    return true;
  };
  std::string_view physical;
  std::string logical;
  while (next_line(physical)) {
    const std::size_t first_line = line_number;
    logical.assign(physical);
    // An odd number of trailing backslashes continues the line; an even number are literal
    // backslashes. The count is carried along so that long runs stay linear.
    std::size_t trailing = TrailingBackslashes(logical);
    while (trailing % 2 == 1) {
      logical.pop_back();
      --trailing;
      if (!next_line(physical)) break;
      logical += physical;
      const std::size_t added = TrailingBackslashes(physical);
      trailing = added == physical.size() ? trailing + added : added;
    }
    const std::string_view line = StripComment(logical);
    if (line.empty()) continue;
    if (const auto target = IncludeTarget(line)) {
      if (auto included = Include(path, first_line, *target, file_system, depth, out); !included) return included;
      continue;
    }
    if (line.front() == '-') continue;  // other options: constraints, indexes, editables
    if (auto requirement = ParseRequirement(line)) Add(out, std::move(*requirement), group, path);
  }
  return {};
}

class RequirementsTxtExtractor final : public Extractor {
 public:
  std::string_view name() const override { return "requirements.txt"; }

  bool ClaimsPath(const fs::path& path) const override {
    if (!path.has_filename()) return false;
    const std::string file_name = path.filename().string();
    return file_name.ends_with(".txt") && file_name.find("requirements") != std::string::npos;
  }

  Result<std::vector<Package>> Extract(const fs::path& path, std::string_view content,
                                       const FileSystem& file_system) const override {
    Collected out;
    out.files_read.insert(path.lexically_normal().string());
    if (auto parsed = ParseFile(path, content, file_system, 0, out); !parsed) return std::unexpected(parsed.error());
    return std::move(out.packages);
  }
};

}  // namespace

std::unique_ptr<const Extractor> MakeRequirementsTxtExtractor() {
  return std::make_unique<RequirementsTxtExtractor>();
}

}  // namespace vigil::inventory
