#include "inventory/lang/mix_lock.h"

#include <optional>
#include <string>
#include <vector>

#include "inventory/lang/other_common.h"

namespace vigil::inventory {

namespace {

constexpr std::string_view kEcosystem = "Hex";
// mix.lock nests four levels deep ({:hex, …, [{:dep, "~> 1", [hex: :dep]}]}); anything far deeper is
// hostile and must not exhaust the stack.
constexpr std::size_t kMaxDepth = 64;

// An Elixir term as mix.lock writes them.
struct Term {
  enum class Kind : std::uint8_t { kMap, kTuple, kList, kString, kAtom, kNumber };
  Kind kind = Kind::kAtom;
  std::size_t offset = 0;   // where it starts in the file
  std::string text;         // string, atom (without ':') or number
  std::vector<Term> items;  // tuple and list elements; a map's keys and values alternate; a
                            // keyword pair ("key: value") is a two-element tuple
};

bool IsIdentStart(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

bool IsIdentChar(char c) {
  return IsIdentStart(c) || (c >= '0' && c <= '9') || c == '@';
}

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

class TermParser {
 public:
  TermParser(const std::filesystem::path& path, std::string_view text) : path_(path), text_(text) {}

  // The whole file: one term, or nothing at all.
  Result<std::optional<Term>> ParseDocument() {
    SkipSpace();
    if (pos_ == text_.size()) return std::optional<Term>();
    auto term = ParseTerm(0);
    if (!term) return std::unexpected(term.error());
    SkipSpace();
    if (pos_ != text_.size()) return Fail("unexpected text after the lock map");
    return std::optional<Term>(std::move(*term));
  }

  [[nodiscard]] std::size_t LineAt(std::size_t offset) const { return other::LineOf(text_, offset); }

 private:
  std::unexpected<Error> Fail(std::string_view reason) const {
    return std::unexpected(other::AtLine(path_, other::LineOf(text_, pos_), reason));
  }

  [[nodiscard]] char Peek(std::size_t ahead = 0) const {
    return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0';
  }

  void SkipSpace() {
    while (pos_ < text_.size()) {
      if (IsSpace(text_[pos_])) {
        ++pos_;
      } else if (text_[pos_] == '#') {
        while (pos_ < text_.size() && text_[pos_] != '\n') ++pos_;
      } else {
        break;
      }
    }
  }

  Result<std::string> ParseString() {
    ++pos_;  // opening quote
    std::string out;
    while (pos_ < text_.size() && text_[pos_] != '"') {
      char c = text_[pos_++];
      if (c == '\\' && pos_ < text_.size()) {
        const char e = text_[pos_++];
        c = e == 'n' ? '\n' : e == 't' ? '\t' : e == 'r' ? '\r' : e;
      }
      out += c;
    }
    if (pos_ >= text_.size()) return Fail("unterminated string");
    ++pos_;  // closing quote
    return out;
  }

  std::string ParseIdent() {
    const std::size_t start = pos_;
    while (pos_ < text_.size() && IsIdentChar(text_[pos_])) ++pos_;
    if (pos_ < text_.size() && (text_[pos_] == '?' || text_[pos_] == '!')) ++pos_;
    return std::string(text_.substr(start, pos_ - start));
  }

  // A keyword key ("name: " or "\"name\": ") at the cursor, consumed; nullopt (cursor unchanged) if
  // the next thing is a plain term.
  Result<std::optional<Term>> TryKeywordKey() {
    const std::size_t start = pos_;
    std::string key;
    if (IsIdentStart(Peek())) {
      key = ParseIdent();
    } else if (Peek() == '"') {
      auto s = ParseString();
      if (!s) return std::unexpected(s.error());
      key = std::move(*s);
    } else {
      return std::optional<Term>();
    }
    if (Peek() == ':' && (pos_ + 1 == text_.size() || IsSpace(Peek(1)))) {
      ++pos_;
      Term t;
      t.kind = Term::Kind::kAtom;
      t.offset = start;
      t.text = std::move(key);
      return std::optional<Term>(std::move(t));
    }
    pos_ = start;
    return std::optional<Term>();
  }

  // Comma-separated items up to `close`: map entries (key => value, key: value) when `is_map`, else
  // list or tuple elements (value, key: value).
  Result<void> ParseItems(char close, bool is_map, std::size_t depth, Term& into) {
    for (;;) {
      SkipSpace();
      if (Peek() == close) {
        ++pos_;
        return {};
      }
      if (pos_ >= text_.size()) return Fail(std::string("missing '") + close + "'");
      auto key = TryKeywordKey();
      if (!key) return std::unexpected(key.error());
      if (*key) {
        auto value = ParseTerm(depth + 1);
        if (!value) return std::unexpected(value.error());
        if (is_map) {
          into.items.push_back(std::move(**key));
          into.items.push_back(std::move(*value));
        } else {
          Term pair;
          pair.kind = Term::Kind::kTuple;
          pair.offset = (*key)->offset;
          pair.items.push_back(std::move(**key));
          pair.items.push_back(std::move(*value));
          into.items.push_back(std::move(pair));
        }
      } else {
        auto item = ParseTerm(depth + 1);
        if (!item) return std::unexpected(item.error());
        into.items.push_back(std::move(*item));
        if (is_map) {
          SkipSpace();
          if (Peek() != '=' || Peek(1) != '>') return Fail("expected \"=>\" in map");
          pos_ += 2;
          auto value = ParseTerm(depth + 1);
          if (!value) return std::unexpected(value.error());
          into.items.push_back(std::move(*value));
        }
      }
      SkipSpace();
      if (Peek() == ',') {
        ++pos_;
      } else if (Peek() != close) {
        return Fail(std::string("expected ',' or '") + close + "'");
      }
    }
  }

  Result<Term> ParseTerm(std::size_t depth) {
    if (depth > kMaxDepth) return Fail("terms nested too deeply");
    SkipSpace();
    Term term;
    term.offset = pos_;
    const char c = Peek();
    if (c == '%' && Peek(1) == '{') {
      pos_ += 2;
      term.kind = Term::Kind::kMap;
      auto ok = ParseItems('}', true, depth, term);
      if (!ok) return std::unexpected(ok.error());
    } else if (c == '{' || c == '[') {
      ++pos_;
      term.kind = c == '{' ? Term::Kind::kTuple : Term::Kind::kList;
      auto ok = ParseItems(c == '{' ? '}' : ']', false, depth, term);
      if (!ok) return std::unexpected(ok.error());
    } else if (c == '"') {
      term.kind = Term::Kind::kString;
      auto s = ParseString();
      if (!s) return std::unexpected(s.error());
      term.text = std::move(*s);
    } else if (c == ':' && Peek(1) == '"') {
      ++pos_;
      term.kind = Term::Kind::kAtom;
      auto s = ParseString();
      if (!s) return std::unexpected(s.error());
      term.text = std::move(*s);
    } else if (c == ':' && IsIdentStart(Peek(1))) {
      ++pos_;
      term.kind = Term::Kind::kAtom;
      term.text = ParseIdent();
    } else if (IsIdentStart(c)) {
      // Bare atoms: true, false, nil (and aliases such as Elixir module names).
      term.kind = Term::Kind::kAtom;
      term.text = ParseIdent();
    } else if ((c >= '0' && c <= '9') || (c == '-' && Peek(1) >= '0' && Peek(1) <= '9')) {
      term.kind = Term::Kind::kNumber;
      const std::size_t start = pos_++;
      while (pos_ < text_.size() && (IsIdentChar(text_[pos_]) || text_[pos_] == '.')) ++pos_;
      term.text = std::string(text_.substr(start, pos_ - start));
    } else if (pos_ >= text_.size()) {
      return Fail("unexpected end of file");
    } else {
      return Fail(std::string("unexpected character '") + c + "'");
    }
    return term;
  }

  const std::filesystem::path& path_;
  std::string_view text_;
  std::size_t pos_ = 0;
};

class MixLockExtractor final : public Extractor {
 public:
  [[nodiscard]] std::string_view name() const override { return "mix.lock"; }

  [[nodiscard]] bool ClaimsPath(const std::filesystem::path& path) const override {
    return other::FileNameIs(path, "mix.lock");
  }

  [[nodiscard]] Result<std::vector<Package>> Extract(const std::filesystem::path& path, std::string_view content,
                                                     const FileSystem& fs) const override {
    static_cast<void>(fs);
    TermParser parser(path, content);
    auto document = parser.ParseDocument();
    if (!document) return std::unexpected(document.error());
    std::vector<Package> packages;
    if (!*document) return packages;
    const Term& root = **document;
    const auto fail = [&](const Term& at, std::string_view reason) {
      return std::unexpected(other::AtLine(path, parser.LineAt(at.offset), reason));
    };
    if (root.kind != Term::Kind::kMap) return fail(root, "expected a map %{…} of dependencies");
    for (std::size_t i = 0; i + 1 < root.items.size(); i += 2) {
      const Term& key = root.items[i];
      const Term& value = root.items[i + 1];
      if (key.kind != Term::Kind::kString && key.kind != Term::Kind::kAtom) {
        return fail(key, "expected a dependency name");
      }
      if (value.kind != Term::Kind::kTuple || value.items.empty() || value.items[0].kind != Term::Kind::kAtom) {
        return fail(value, "expected a tuple {:hex, …} or {:git, …} for \"" + key.text + "\"");
      }
      const auto& items = value.items;
      const auto is_string = [&](std::size_t n) { return n < items.size() && items[n].kind == Term::Kind::kString; };
      Package p;
      p.name = key.text;
      p.ecosystem = std::string(kEcosystem);
      p.location = path.string();
      if (items[0].text == "hex") {
        // {:hex, :package, "version", "inner checksum", managers, deps, "repo", "outer checksum"}
        if (items.size() < 4 || !is_string(2) || !is_string(3)) {
          return fail(value, "expected {:hex, :name, \"version\", \"checksum\", …} for \"" + key.text + "\"");
        }
        // The Hex package may be fetched under another name than the dependency's.
        if (items[1].kind == Term::Kind::kAtom && !items[1].text.empty()) p.name = items[1].text;
        p.version = items[2].text;
        p.commit = items[3].text;
      } else if (items[0].text == "git") {
        // {:git, "url", "commit", options}
        if (!is_string(2)) return fail(value, "expected {:git, \"url\", \"commit\", …} for \"" + key.text + "\"");
        p.commit = items[2].text;
      } else {
        continue;  // other SCMs name no package an advisory can refer to
      }
      packages.push_back(std::move(p));
    }
    return packages;
  }
};

}  // namespace

std::unique_ptr<const Extractor> MakeMixLockExtractor() {
  return std::make_unique<MixLockExtractor>();
}

}  // namespace vigil::inventory
