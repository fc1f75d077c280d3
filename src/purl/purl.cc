#include "purl/purl.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>

namespace vigil::purl {

namespace {

constexpr std::string_view kHexDigits = "0123456789ABCDEF";

bool IsAsciiAlpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool IsAsciiDigit(char c) {
  return c >= '0' && c <= '9';
}
char ToLowerAscii(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

std::string LowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = ToLowerAscii(c);
  return out;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Percent-decodes one component. '+' stays '+': purls are not form-encoded.
Result<std::string> Decode(std::string_view s, std::string_view what) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') {
      out.push_back(s[i]);
      continue;
    }
    const int hi = i + 1 < s.size() ? HexValue(s[i + 1]) : -1;
    const int lo = i + 2 < s.size() ? HexValue(s[i + 2]) : -1;
    if (hi < 0 || lo < 0) {
      return Fail(ErrorCode::kInvalidArgument, "invalid percent-encoding in the " + std::string(what));
    }
    out.push_back(static_cast<char>(hi * 16 + lo));
    i += 2;
  }
  return out;
}

// Characters a canonical purl leaves unencoded in every component: ASCII letters and digits, the
// punctuation ".-_~" and ':' (the spec forbids encoding the colon).
bool IsUnreserved(char c) {
  return IsAsciiAlpha(c) || IsAsciiDigit(c) || c == '.' || c == '-' || c == '_' || c == '~' || c == ':';
}

enum class Slash : std::uint8_t { kEncode, kKeep };

void AppendEncoded(std::string& out, std::string_view s, Slash slash) {
  for (const char c : s) {
    if (IsUnreserved(c) || (c == '/' && slash == Slash::kKeep)) {
      out.push_back(c);
    } else {
      const auto byte = static_cast<unsigned char>(c);
      out.push_back('%');
      out.push_back(kHexDigits[byte >> 4]);
      out.push_back(kHexDigits[byte & 0xF]);
    }
  }
}

bool ValidType(std::string_view type) {
  if (type.empty() || !IsAsciiAlpha(type.front())) return false;
  return std::all_of(type.begin(), type.end(),
                     [](char c) { return IsAsciiAlpha(c) || IsAsciiDigit(c) || c == '.' || c == '-'; });
}

bool ValidQualifierKey(std::string_view key) {
  if (key.empty() || !IsAsciiAlpha(key.front())) return false;
  return std::all_of(key.begin(), key.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || IsAsciiDigit(c) || c == '.' || c == '-' || c == '_';
  });
}

// Types whose registries do not distinguish case, so the spec makes the canonical form lowercase.
// golang is left alone although its definition says "lowercased": Go module paths are
// case-sensitive ("github.com/BurntSushi/toml") and OSV keys on the exact path; the spec's own
// validation suite rates an uppercase golang namespace only a warning.
constexpr std::array<std::string_view, 8> kLowercaseNamespaceTypes = {"npm", "composer", "hex",    "deb",
                                                                      "apk", "rpm",      "github", "bitbucket"};
constexpr std::array<std::string_view, 9> kLowercaseNameTypes = {"npm", "pypi", "composer", "hex",      "deb",
                                                                 "apk", "pub",  "github",   "bitbucket"};

template <std::size_t N>
bool Contains(const std::array<std::string_view, N>& list, std::string_view value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

void Normalize(PackageUrl& purl) {
  purl.type = LowerAscii(purl.type);
  if (Contains(kLowercaseNamespaceTypes, purl.type)) purl.namespace_ = LowerAscii(purl.namespace_);
  if (Contains(kLowercaseNameTypes, purl.type)) purl.name = LowerAscii(purl.name);
  if (purl.type == "pypi") std::replace(purl.name.begin(), purl.name.end(), '_', '-');
}

// Requirements of a type's definition that make a purl meaningless when broken.
Result<void> ValidateForType(const PackageUrl& purl) {
  if (purl.type == "swift") {
    if (purl.namespace_.empty()) return Fail(ErrorCode::kInvalidArgument, "a swift purl needs a namespace");
    if (purl.version.empty()) return Fail(ErrorCode::kInvalidArgument, "a swift purl needs a version");
  }
  if (purl.type == "cran" && purl.version.empty()) {
    return Fail(ErrorCode::kInvalidArgument, "a cran purl needs a version");
  }
  return {};
}

// Splits `s` on '/', percent-decodes each segment and drops empty ones (and, for subpaths, '.' and
// '..'). A decoded segment holding '/' is an error: it could not be told apart from two segments.
enum class Dots : std::uint8_t { kKeep, kDrop };

Result<std::string> DecodeSegments(std::string_view s, std::string_view what, Dots dots) {
  std::string out;
  while (!s.empty()) {
    const std::size_t slash = s.find('/');
    const std::string_view raw = s.substr(0, slash);
    s = slash == std::string_view::npos ? std::string_view() : s.substr(slash + 1);
    auto segment = Decode(raw, what);
    if (!segment) return std::unexpected(segment.error());
    if (segment->empty()) continue;
    if (dots == Dots::kDrop && (*segment == "." || *segment == "..")) continue;
    if (segment->find('/') != std::string::npos) {
      return Fail(ErrorCode::kInvalidArgument, "a " + std::string(what) + " segment holds an encoded '/'");
    }
    if (!out.empty()) out.push_back('/');
    out += *segment;
  }
  return out;
}

Result<std::vector<Qualifier>> ParseQualifiers(std::string_view s) {
  std::vector<Qualifier> out;
  while (!s.empty()) {
    const std::size_t amp = s.find('&');
    const std::string_view pair = s.substr(0, amp);
    s = amp == std::string_view::npos ? std::string_view() : s.substr(amp + 1);
    if (pair.empty()) continue;
    const std::size_t eq = pair.find('=');
    if (eq == std::string_view::npos) {
      return Fail(ErrorCode::kInvalidArgument, "qualifier \"" + std::string(pair) + "\" has no '='");
    }
    std::string key = LowerAscii(pair.substr(0, eq));
    if (!ValidQualifierKey(key)) {
      return Fail(ErrorCode::kInvalidArgument, "invalid qualifier key \"" + std::string(pair.substr(0, eq)) + "\"");
    }
    auto value = Decode(pair.substr(eq + 1), "qualifier value");
    if (!value) return std::unexpected(value.error());
    if (value->empty()) continue;
    const bool duplicate = std::any_of(out.begin(), out.end(), [&](const Qualifier& q) { return q.key == key; });
    if (duplicate) return Fail(ErrorCode::kInvalidArgument, "qualifier \"" + key + "\" appears twice");
    out.push_back(Qualifier{std::move(key), std::move(*value)});
  }
  std::sort(out.begin(), out.end(), [](const Qualifier& a, const Qualifier& b) { return a.key < b.key; });
  return out;
}

}  // namespace

std::optional<std::string_view> PackageUrl::FindQualifier(std::string_view key) const {
  for (const Qualifier& q : qualifiers) {
    if (q.key == key) return q.value;
  }
  return std::nullopt;
}

Result<PackageUrl> Parse(std::string_view text) {
  PackageUrl out;
  std::string_view rest = text;

  // The spec parses from the right: subpath, qualifiers, then scheme, type, version, name, namespace.
  if (const std::size_t hash = rest.rfind('#'); hash != std::string_view::npos) {
    auto subpath = DecodeSegments(rest.substr(hash + 1), "subpath", Dots::kDrop);
    if (!subpath) return std::unexpected(subpath.error());
    out.subpath = std::move(*subpath);
    rest = rest.substr(0, hash);
  }
  if (const std::size_t question = rest.rfind('?'); question != std::string_view::npos) {
    auto qualifiers = ParseQualifiers(rest.substr(question + 1));
    if (!qualifiers) return std::unexpected(qualifiers.error());
    out.qualifiers = std::move(*qualifiers);
    rest = rest.substr(0, question);
  }

  const std::size_t colon = rest.find(':');
  if (colon == std::string_view::npos || LowerAscii(rest.substr(0, colon)) != "pkg") {
    return Fail(ErrorCode::kInvalidArgument, "a purl starts with \"pkg:\"");
  }
  rest = rest.substr(colon + 1);
  while (!rest.empty() && rest.front() == '/') rest.remove_prefix(1);

  const std::size_t type_end = rest.find('/');
  if (type_end == std::string_view::npos) {
    return Fail(ErrorCode::kInvalidArgument, "a purl needs a type and a name (pkg:type/name)");
  }
  out.type = LowerAscii(rest.substr(0, type_end));
  if (!ValidType(out.type)) {
    return Fail(ErrorCode::kInvalidArgument, "invalid purl type \"" + std::string(rest.substr(0, type_end)) + "\"");
  }
  rest = rest.substr(type_end + 1);

  // The version starts at the last '@' of the last path segment. Looking only there (rather than at
  // the last '@' anywhere, as the spec's steps say) also reads the unencoded npm scope that many
  // SBOM producers write, "pkg:npm/@babel/core", without taking "babel/core" for a version.
  const std::size_t last_slash = rest.rfind('/');
  const std::size_t at = rest.rfind('@');
  if (at != std::string_view::npos && (last_slash == std::string_view::npos || at > last_slash)) {
    auto version = Decode(rest.substr(at + 1), "version");
    if (!version) return std::unexpected(version.error());
    if (version->empty()) return Fail(ErrorCode::kInvalidArgument, "the version after '@' is empty");
    out.version = std::move(*version);
    rest = rest.substr(0, at);
  }

  // "pkg:swift/github.com/Alamofire/@5.4.3" has an empty name (the spec suite rejects it) rather
  // than the name "Alamofire"; trailing slashes are insignificant only where no version follows.
  if (!out.version.empty() && rest.ends_with('/')) return Fail(ErrorCode::kInvalidArgument, "a purl needs a name");
  while (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
  const std::size_t name_start = rest.rfind('/');
  const std::string_view raw_name = name_start == std::string_view::npos ? rest : rest.substr(name_start + 1);
  auto name = Decode(raw_name, "name");
  if (!name) return std::unexpected(name.error());
  if (name->empty()) return Fail(ErrorCode::kInvalidArgument, "a purl needs a name");
  out.name = std::move(*name);
  if (name_start != std::string_view::npos) {
    auto ns = DecodeSegments(rest.substr(0, name_start), "namespace", Dots::kKeep);
    if (!ns) return std::unexpected(ns.error());
    out.namespace_ = std::move(*ns);
  }

  Normalize(out);
  if (auto valid = ValidateForType(out); !valid) return std::unexpected(valid.error());
  return out;
}

std::string ToString(const PackageUrl& purl) {
  PackageUrl p = purl;
  Normalize(p);
  std::string out = "pkg:";
  out += p.type;
  out.push_back('/');
  std::string_view ns = p.namespace_;
  while (!ns.empty()) {
    const std::size_t slash = ns.find('/');
    const std::string_view segment = ns.substr(0, slash);
    ns = slash == std::string_view::npos ? std::string_view() : ns.substr(slash + 1);
    if (segment.empty()) continue;
    AppendEncoded(out, segment, Slash::kEncode);
    out.push_back('/');
  }
  AppendEncoded(out, p.name, Slash::kEncode);
  if (!p.version.empty()) {
    out.push_back('@');
    AppendEncoded(out, p.version, Slash::kEncode);
  }
  std::vector<const Qualifier*> qualifiers;
  for (const Qualifier& q : p.qualifiers) {
    if (!q.value.empty()) qualifiers.push_back(&q);
  }
  std::sort(qualifiers.begin(), qualifiers.end(),
            [](const Qualifier* a, const Qualifier* b) { return LowerAscii(a->key) < LowerAscii(b->key); });
  char separator = '?';
  for (const Qualifier* q : qualifiers) {
    out.push_back(separator);
    separator = '&';
    out += LowerAscii(q->key);
    out.push_back('=');
    // Qualifier values keep '/' unencoded (repository_url=repo.spring.io/release,
    // vcs_url=git://host/path), as the spec's test suite writes them.
    AppendEncoded(out, q->value, Slash::kKeep);
  }
  separator = '#';
  std::string_view subpath = p.subpath;
  while (!subpath.empty()) {
    const std::size_t slash = subpath.find('/');
    const std::string_view segment = subpath.substr(0, slash);
    subpath = slash == std::string_view::npos ? std::string_view() : subpath.substr(slash + 1);
    if (segment.empty() || segment == "." || segment == "..") continue;
    out.push_back(separator);
    separator = '/';
    AppendEncoded(out, segment, Slash::kEncode);
  }
  return out;
}

}  // namespace vigil::purl
