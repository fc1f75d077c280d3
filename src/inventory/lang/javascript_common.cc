#include "inventory/lang/javascript_common.h"

#include <algorithm>
#include <array>
#include <optional>
#include <span>
#include <utility>

namespace vigil::inventory::js {

namespace {

// Enough of a bad value to recognise it in an error message without echoing hostile input.
constexpr std::size_t kMaxQuoted = 64;

constexpr std::string_view kCodeloadPrefix = "https://codeload.github.com";
constexpr std::string_view kTarGz = "/tar.gz/";
constexpr std::string_view kCommitMarker = "#commit";

bool IsWord(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

bool IsAllWord(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), IsWord);
}

bool IsSegmentChar(char c) {
  return IsWord(c) || c == '-' || c == '.';
}

bool IsHex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return c - 'A' + 10;
}

// The trailing run of word characters of `s` (what `(\w+)$` captures).
std::string_view TrailingWord(std::string_view s) {
  std::size_t start = s.size();
  while (start > 0 && IsWord(s[start - 1])) --start;
  return s.substr(start);
}

// The patterns below come from osv-scanner, where they are regular expressions whose `.` does
// not match a newline. Matching them by hand keeps them linear on hostile input; `line_start` is
// where the last line of `s` begins, before which no `.` may reach.
struct Subject {
  std::string_view s;
  std::size_t line_start = 0;
  explicit Subject(std::string_view text) : s(text) {
    const std::size_t newline = s.rfind('\n');
    line_start = newline == std::string_view::npos ? 0 : newline + 1;
  }
};

// `(?:^|.+@)<scheme>.+<suffix>#(\w+)$` for any of `schemes`.
std::string MatchSchemeHash(const Subject& subject, std::span<const std::string_view> schemes,
                            std::string_view suffix) {
  const std::string_view s = subject.s;
  const std::size_t hash = s.rfind('#');
  if (hash == std::string_view::npos || !IsAllWord(s.substr(hash + 1))) return "";
  if (hash < suffix.size() || s.substr(hash - suffix.size(), suffix.size()) != suffix) return "";
  const std::size_t body_end = hash - suffix.size();  // the `.+` must end here
  const auto starts_here = [&](std::size_t p) {
    for (const std::string_view scheme : schemes) {
      if (s.substr(p, scheme.size()) == scheme && p + scheme.size() < body_end) return true;
    }
    return false;
  };
  if (subject.line_start == 0 && starts_here(0)) return std::string(s.substr(hash + 1));
  for (std::size_t at = s.find('@'); at != std::string_view::npos && at < body_end; at = s.find('@', at + 1)) {
    if (at >= subject.line_start + 1 && starts_here(at + 1)) return std::string(s.substr(hash + 1));
  }
  return "";
}

// `.+#commit[:=](\w+)$`
std::string MatchCommitMarker(const Subject& subject) {
  const std::string_view s = subject.s;
  const std::string_view word = TrailingWord(s);
  if (word.empty()) return "";
  const std::size_t end = s.size() - word.size();
  if (end < kCommitMarker.size() + 1) return "";
  const char separator = s[end - 1];
  if (separator != ':' && separator != '=') return "";
  const std::size_t hash = end - 1 - kCommitMarker.size();
  if (s.substr(hash, kCommitMarker.size()) != kCommitMarker) return "";
  if (hash < subject.line_start + 1) return "";
  return std::string(word);
}

// `^(?:github|gitlab|bitbucket):.+#(\w+)$`
std::string MatchHostedShorthand(const Subject& subject) {
  if (subject.line_start != 0) return "";
  const std::string_view s = subject.s;
  const std::size_t hash = s.rfind('#');
  if (hash == std::string_view::npos || !IsAllWord(s.substr(hash + 1))) return "";
  for (const std::string_view prefix : {"github:", "gitlab:", "bitbucket:"}) {
    if (s.starts_with(prefix) && hash > prefix.size()) return std::string(s.substr(hash + 1));
  }
  return "";
}

// Percent-decoding as Go's net/url does it; nullopt on a malformed escape.
std::optional<std::string> Unescape(std::string_view s, bool plus_is_space) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%') {
      if (i + 2 >= s.size()) return std::nullopt;
      if (!IsHex(s[i + 1]) || !IsHex(s[i + 2])) return std::nullopt;
      out += static_cast<char>(HexValue(s[i + 1]) * 16 + HexValue(s[i + 2]));
      i += 2;
    } else if (s[i] == '+' && plus_is_space) {
      out += ' ';
    } else {
      out += s[i];
    }
  }
  return out;
}

bool IsUserinfoChar(char c) {
  if (IsWord(c)) return true;
  constexpr std::string_view kAllowed = "-._:~!$&'()*+,;=%@";
  return kAllowed.find(c) != std::string_view::npos;
}

// The parts of a URL that decide a hosted-git commit, parsed the way Go's url.Parse does for the
// cases that matter here; nullopt where Go reports an error.
struct HostedUrl {
  std::string_view host;
  std::string_view raw_query;
  std::string fragment;
};

std::optional<HostedUrl> ParseUrl(std::string_view s) {
  if (std::any_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; })) {
    return std::nullopt;
  }
  HostedUrl url;
  std::string_view rest = s;
  if (const std::size_t hash = rest.find('#'); hash != std::string_view::npos) {
    auto fragment = Unescape(rest.substr(hash + 1), false);
    if (!fragment) return std::nullopt;
    url.fragment = std::move(*fragment);
    rest = rest.substr(0, hash);
  }
  bool has_scheme = false;
  for (std::size_t i = 0; i < rest.size(); ++i) {
    const char c = rest[i];
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) continue;
    if ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.') {
      if (i == 0) break;
      continue;
    }
    if (c == ':') {
      if (i == 0) return std::nullopt;
      has_scheme = true;
      rest = rest.substr(i + 1);
    }
    break;
  }
  if (const std::size_t q = rest.find('?'); q != std::string_view::npos) {
    url.raw_query = rest.substr(q + 1);
    rest = rest.substr(0, q);
  }
  if (!rest.starts_with('/')) {
    if (has_scheme) return url;  // opaque: no host
    const std::size_t colon = rest.find(':');
    if (colon != std::string_view::npos && colon < rest.find('/')) return std::nullopt;
    return url;
  }
  if ((has_scheme || !rest.starts_with("///")) && rest.starts_with("//")) {
    rest.remove_prefix(2);
    const std::size_t slash = rest.find('/');
    const std::string_view authority = rest.substr(0, slash);
    rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash);
    const std::size_t at = authority.rfind('@');
    if (at != std::string_view::npos) {
      const std::string_view userinfo = authority.substr(0, at);
      if (!std::all_of(userinfo.begin(), userinfo.end(), IsUserinfoChar) || !Unescape(userinfo, false)) {
        return std::nullopt;
      }
    }
    url.host = at == std::string_view::npos ? authority : authority.substr(at + 1);
    if (!url.host.starts_with('[')) {
      if (const std::size_t colon = url.host.rfind(':'); colon != std::string_view::npos) {
        const std::string_view port = url.host.substr(colon + 1);
        if (!std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; })) return std::nullopt;
      }
    }
  }
  if (!Unescape(rest, false)) return std::nullopt;
  return url;
}

// The first value of `key` in a query string, as Go's url.Values.Get after ParseQuery.
std::optional<std::string> QueryValue(std::string_view query, std::string_view key) {
  while (!query.empty()) {
    const std::size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (pair.empty() || pair.find(';') != std::string_view::npos) continue;
    const std::size_t eq = pair.find('=');
    const auto name = Unescape(pair.substr(0, eq), true);
    const auto value = Unescape(eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1), true);
    if (!name || !value) continue;
    if (*name == key) return value;
  }
  return std::nullopt;
}

}  // namespace

std::string Quote(std::string_view text) {
  // Control and non-ASCII bytes are shown as \xNN so that the message stays one line of valid
  // UTF-8 whatever the input holds.
  std::string quoted = "\"";
  for (const char c : text.substr(0, kMaxQuoted)) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte >= 0x7f) {
      quoted += "\\x";
      quoted += "0123456789abcdef"[byte >> 4];
      quoted += "0123456789abcdef"[byte & 0xf];
    } else {
      quoted += c;
    }
  }
  quoted += text.size() > kMaxQuoted ? "…\"" : "\"";
  return quoted;
}

std::string CommitFromCodeload(std::string_view url) {
  const std::string_view word = TrailingWord(url);
  if (word.empty()) return "";
  std::string_view before = url.substr(0, url.size() - word.size());
  if (!before.ends_with(kTarGz)) return "";
  before.remove_suffix(kTarGz.size());
  for (int segment = 0; segment < 2; ++segment) {
    const std::size_t slash = before.rfind('/');
    if (slash == std::string_view::npos) return "";
    const std::string_view name = before.substr(slash + 1);
    if (name.empty() || !std::all_of(name.begin(), name.end(), IsSegmentChar)) return "";
    before = before.substr(0, slash);
  }
  return before.ends_with(kCodeloadPrefix) ? std::string(word) : "";
}

std::string CommitFromResolution(std::string_view resolution) {
  const Subject subject(resolution);
  static constexpr std::array<std::string_view, 4> kGitSchemes = {"git://", "git+ssh://", "git+https://", "ssh://"};
  static constexpr std::array<std::string_view, 1> kHttps = {"https://"};
  if (auto commit = MatchSchemeHash(subject, kGitSchemes, ""); !commit.empty()) return commit;
  if (auto commit = MatchSchemeHash(subject, kHttps, ".git"); !commit.empty()) return commit;
  if (auto commit = CommitFromCodeload(resolution); !commit.empty()) return commit;
  if (auto commit = MatchCommitMarker(subject); !commit.empty()) return commit;
  if (auto commit = MatchHostedShorthand(subject); !commit.empty()) return commit;

  const auto url = ParseUrl(resolution);
  if (!url) return "";
  for (const std::string_view host : {"bitbucket.org", "github.com", "gitlab.com"}) {
    if (url->host != host) continue;
    if (!url->raw_query.empty()) {
      if (auto ref = QueryValue(url->raw_query, "ref")) return std::move(*ref);
    }
    return url->fragment;
  }
  return "";
}

Scope ScopeFromGroups(const std::vector<std::string>& groups) {
  if (std::find(groups.begin(), groups.end(), "dev") != groups.end()) return Scope::kDev;
  if (std::find(groups.begin(), groups.end(), "optional") != groups.end()) return Scope::kOptional;
  return Scope::kProd;
}

void PackageSet::Add(std::string key, Package package) {
  const auto [it, inserted] = index_.try_emplace(std::move(key), packages_.size());
  if (inserted) {
    packages_.push_back(std::move(package));
    return;
  }
  Package& existing = packages_[it->second];
  if (existing.dep_groups.empty() || package.dep_groups.empty()) {
    existing.dep_groups.clear();
  } else {
    existing.dep_groups.insert(existing.dep_groups.end(), package.dep_groups.begin(), package.dep_groups.end());
    std::sort(existing.dep_groups.begin(), existing.dep_groups.end());
    existing.dep_groups.erase(std::unique(existing.dep_groups.begin(), existing.dep_groups.end()),
                              existing.dep_groups.end());
  }
  if (existing.scope != Scope::kUnknown || package.scope != Scope::kUnknown) {
    existing.scope = ScopeFromGroups(existing.dep_groups);
  }
  if (package.direct.has_value()) existing.direct = existing.direct.value_or(false) || *package.direct;
}

}  // namespace vigil::inventory::js
