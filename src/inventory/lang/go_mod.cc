#include "inventory/lang/go_mod.h"

#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "inventory/lang/other_common.h"

namespace vigil::inventory {

namespace {

constexpr std::string_view kEcosystem = "Go";

struct Token {
  std::string text;
  bool punct = false;  // one of ( ) [ ] , { }
};

// One line of go.mod, split as Go's modfile lexer splits it.
struct Line {
  std::size_t number = 0;
  std::vector<Token> tokens;
  std::string comment;  // text after "//", trimmed
};

bool IsPunct(char c) {
  return c == '(' || c == ')' || c == '[' || c == ']' || c == ',' || c == '{' || c == '}';
}

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\r';
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (IsSpace(s.front()) || s.front() == '\n')) s.remove_prefix(1);
  while (!s.empty() && (IsSpace(s.back()) || s.back() == '\n')) s.remove_suffix(1);
  return s;
}

Result<std::vector<Line>> Lex(const std::filesystem::path& path, std::string_view content) {
  std::vector<Line> lines;
  Line current{1, {}, {}};
  std::size_t i = 0;
  const auto end_line = [&] {
    if (!current.tokens.empty() || !current.comment.empty()) lines.push_back(std::move(current));
    current = Line{current.number + 1, {}, {}};
  };
  while (i < content.size()) {
    const char c = content[i];
    if (c == '\n') {
      end_line();
      ++i;
    } else if (IsSpace(c)) {
      ++i;
    } else if (content.substr(i, 2) == "//") {
      const std::size_t eol = content.find('\n', i);
      const std::size_t stop = eol == std::string_view::npos ? content.size() : eol;
      current.comment = std::string(Trim(content.substr(i + 2, stop - i - 2)));
      i = stop;
    } else if (IsPunct(c)) {
      current.tokens.push_back({std::string(1, c), true});
      ++i;
    } else if (c == '"' || c == '`') {
      // Interpreted ("…") and raw (`…`) strings; neither may span lines in go.mod.
      std::string text;
      std::size_t j = i + 1;
      bool closed = false;
      while (j < content.size() && content[j] != '\n') {
        const char d = content[j];
        if (d == c) {
          closed = true;
          ++j;
          break;
        }
        if (c == '"' && d == '\\' && j + 1 < content.size() && content[j + 1] != '\n') {
          const char e = content[j + 1];
          text += e == 'n' ? '\n' : e == 't' ? '\t' : e;
          j += 2;
          continue;
        }
        text += d;
        ++j;
      }
      if (!closed) return std::unexpected(other::AtLine(path, current.number, "unterminated quoted string"));
      current.tokens.push_back({std::move(text), false});
      i = j;
    } else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      return std::unexpected(other::AtLine(path, current.number, "unexpected control character in go.mod"));
    } else {
      std::size_t j = i;
      while (j < content.size()) {
        const char d = content[j];
        if (IsSpace(d) || d == '\n' || IsPunct(d) || d == '"' || d == '`' || content.substr(j, 2) == "//") break;
        if (static_cast<unsigned char>(d) < 0x20 || d == 0x7f) break;
        ++j;
      }
      current.tokens.push_back({std::string(content.substr(i, j - i)), false});
      i = j;
    }
  }
  end_line();
  return lines;
}

struct Requirement {
  std::string path;
  std::string version;  // as written, with its "v"
  bool indirect = false;
};

struct Replacement {
  std::string old_path;
  std::string old_version;  // empty: every version of old_path
  std::string new_path;
  std::string new_version;  // empty for a local directory
};

struct ModFile {
  std::vector<Requirement> requirements;
  std::vector<Replacement> replaces;
  std::string go_version;
  std::string toolchain;
};

bool IsVersion(std::string_view s) {
  return s.size() >= 2 && s[0] == 'v' && s[1] >= '0' && s[1] <= '9';
}

bool HasPunct(const std::vector<Token>& args) {
  for (const auto& t : args) {
    if (t.punct) return true;
  }
  return false;
}

bool IsIndirect(std::string_view comment) {
  return comment == "indirect" || comment.starts_with("indirect;");
}

Result<void> Directive(const std::filesystem::path& path, const Line& line, std::string_view verb,
                       const std::vector<Token>& args, ModFile& mod) {
  const auto usage = [&](std::string_view text) {
    return std::unexpected(other::AtLine(path, line.number, "usage: " + std::string(text)));
  };
  if (verb == "module") {
    if (args.size() != 1 || args[0].punct) return usage("module module/path");
  } else if (verb == "go") {
    if (args.size() != 1 || args[0].punct) return usage("go 1.23");
    mod.go_version = args[0].text;
  } else if (verb == "toolchain") {
    if (args.size() != 1 || args[0].punct) return usage("toolchain go1.23.1");
    mod.toolchain = args[0].text;
  } else if (verb == "require" || verb == "exclude") {
    if (args.size() != 2 || HasPunct(args)) return usage(std::string(verb) + " module/path v1.2.3");
    if (!IsVersion(args[1].text)) {
      return std::unexpected(other::AtLine(path, line.number, "invalid version \"" + args[1].text + "\""));
    }
    if (verb == "require") mod.requirements.push_back({args[0].text, args[1].text, IsIndirect(line.comment)});
  } else if (verb == "replace") {
    std::size_t arrow = 0;
    while (arrow < args.size() && (args[arrow].punct || args[arrow].text != "=>")) ++arrow;
    const std::size_t left = arrow, right = args.size() - arrow - (arrow < args.size() ? 1 : 0);
    if (arrow == args.size() || left < 1 || left > 2 || right < 1 || right > 2 || HasPunct(args)) {
      return usage(
          "replace module/path [v1.2.3] => other/module v1.4 or replace module/path [v1.2.3] => ../local/directory");
    }
    Replacement r{args[0].text, left == 2 ? args[1].text : "", args[arrow + 1].text,
                  right == 2 ? args[arrow + 2].text : ""};
    if ((!r.old_version.empty() && !IsVersion(r.old_version)) ||
        (!r.new_version.empty() && !IsVersion(r.new_version))) {
      return std::unexpected(other::AtLine(path, line.number, "invalid version in replace"));
    }
    mod.replaces.push_back(std::move(r));
  } else if (verb == "retract") {
    if (args.empty()) return usage("retract v1.2.3 or retract [v1.2.3, v1.3.0]");
  } else if (verb == "godebug" || verb == "tool" || verb == "ignore") {
    if (args.size() != 1 || args[0].punct) return usage(std::string(verb) + " argument");
  } else {
    return std::unexpected(other::AtLine(path, line.number, "unknown directive: " + std::string(verb)));
  }
  return {};
}

bool Blockable(std::string_view verb) {
  return verb != "go" && verb != "toolchain";
}

Result<ModFile> ParseModFile(const std::filesystem::path& path, std::string_view content) {
  auto lines = Lex(path, content);
  if (!lines) return std::unexpected(lines.error());
  ModFile mod;
  std::string block_verb;
  std::size_t block_line = 0;
  for (const Line& line : *lines) {
    if (line.tokens.empty()) continue;
    const Token& first = line.tokens.front();
    if (!block_verb.empty()) {
      if (line.tokens.size() == 1 && first.punct && first.text == ")") {
        block_verb.clear();
        continue;
      }
      auto ok = Directive(path, line, block_verb, line.tokens, mod);
      if (!ok) return std::unexpected(ok.error());
      continue;
    }
    if (first.punct) return std::unexpected(other::AtLine(path, line.number, "unexpected \"" + first.text + "\""));
    std::vector<Token> args(line.tokens.begin() + 1, line.tokens.end());
    if (args.size() == 1 && args[0].punct && args[0].text == "(") {
      if (!Blockable(first.text)) {
        return std::unexpected(other::AtLine(path, line.number, "unknown block type: " + first.text));
      }
      // Check the verb before the block's lines so that "foo (" is reported where it stands.
      static const std::unordered_set<std::string_view> kVerbs = {"module",  "require", "exclude", "replace",
                                                                  "retract", "godebug", "tool",    "ignore"};
      if (!kVerbs.contains(first.text)) {
        return std::unexpected(other::AtLine(path, line.number, "unknown directive: " + first.text));
      }
      block_verb = first.text;
      block_line = line.number;
      continue;
    }
    auto ok = Directive(path, line, first.text, args, mod);
    if (!ok) return std::unexpected(ok.error());
  }
  if (!block_verb.empty()) {
    return std::unexpected(other::AtLine(path, block_line, "\"" + block_verb + " (\" block is never closed"));
  }
  return mod;
}

std::string StripV(std::string_view version) {
  if (version.starts_with('v')) version.remove_prefix(1);
  return std::string(version);
}

// The Go release "stdlib" stands for: the toolchain when named ("go1.22.3", "go1.22.3-custom"),
// else the minimum of the go directive.
std::string StdlibVersion(const ModFile& mod) {
  std::string_view toolchain = mod.toolchain;
  if (toolchain.starts_with("go") && toolchain.size() > 2) {
    toolchain.remove_prefix(2);
    return std::string(toolchain.substr(0, toolchain.find_first_of("-+")));
  }
  return mod.go_version;
}

class GoModExtractor final : public Extractor {
 public:
  [[nodiscard]] std::string_view name() const override { return "go.mod"; }

  [[nodiscard]] bool ClaimsPath(const std::filesystem::path& path) const override {
    return other::FileNameIs(path, "go.mod");
  }

  [[nodiscard]] Result<std::vector<Package>> Extract(const std::filesystem::path& path, std::string_view content,
                                                     const FileSystem& fs) const override {
    static_cast<void>(fs);
    auto mod = ParseModFile(path, content);
    if (!mod) return std::unexpected(mod.error());

    // Requirements keyed by path@version (as written), in file order; a replace rewrites the
    // entries it names and leaves the key, as the go command resolves the original requirement.
    std::vector<Package> packages;
    std::unordered_map<std::string, std::size_t> by_key;
    std::vector<std::string> keys;
    for (const Requirement& r : mod->requirements) {
      const std::string key = r.path + "@" + r.version;
      Package p;
      p.name = r.path;
      p.version = StripV(r.version);
      p.ecosystem = std::string(kEcosystem);
      p.location = path.string();
      p.direct = !r.indirect;
      const auto [it, inserted] = by_key.emplace(key, packages.size());
      if (inserted) {
        packages.push_back(std::move(p));
        keys.push_back(key);
      } else {
        packages[it->second] = std::move(p);
      }
    }
    for (const Replacement& r : mod->replaces) {
      for (std::size_t i = 0; i < packages.size(); ++i) {
        const bool same_module = keys[i].starts_with(r.old_path + "@");
        if (!same_module || (!r.old_version.empty() && keys[i] != r.old_path + "@" + r.old_version)) continue;
        packages[i].name = r.new_path;
        packages[i].version = StripV(r.new_version);
      }
    }

    // Two requirements replaced by the same module version are one package.
    std::vector<Package> out;
    std::unordered_set<std::string> seen;
    for (auto& p : packages) {
      if (seen.insert(p.name + "@" + p.version).second) out.push_back(std::move(p));
    }
    if (const std::string stdlib = StdlibVersion(*mod); !stdlib.empty()) {
      Package p;
      p.name = "stdlib";
      p.version = stdlib;
      p.ecosystem = std::string(kEcosystem);
      p.location = path.string();
      out.push_back(std::move(p));
    }
    return out;
  }
};

}  // namespace

std::unique_ptr<const Extractor> MakeGoModExtractor() {
  return std::make_unique<GoModExtractor>();
}

}  // namespace vigil::inventory
