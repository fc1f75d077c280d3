#include "inventory/lang/npm_lock.h"

#include <simdjson.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include "inventory/lang/javascript_common.h"

namespace vigil::inventory {

namespace {

namespace dom = simdjson::dom;

// lockfileVersion 1 nests a package's own copies of its dependencies inside it; npm never nests
// deeper than a few dozen levels, and the bound keeps hostile input from exhausting the stack.
constexpr int kMaxNesting = 256;
constexpr std::string_view kNodeModules = "node_modules/";

std::string Reason(simdjson::error_code code) {
  std::string reason = simdjson::error_message(code);
  if (reason.ends_with('.')) reason.pop_back();
  return reason;
}

// `["key"]`, the key escaped as a JSON string and shortened, to extend a JSON path.
std::string JsonKey(std::string_view key) {
  constexpr std::size_t kMaxKey = 96;
  std::size_t cut = std::min(key.size(), kMaxKey);
  // simdjson has checked the key is UTF-8; do not cut a character in two.
  while (cut < key.size() && cut > 0 && (static_cast<unsigned char>(key[cut]) & 0xc0) == 0x80) --cut;
  std::string out = "[\"";
  for (const char c : key.substr(0, cut)) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      out += "\\u00";
      out += "0123456789abcdef"[(c >> 4) & 0xf];
      out += "0123456789abcdef"[c & 0xf];
    } else {
      out += c;
    }
  }
  if (cut < key.size()) out += "…";
  out += "\"]";
  return out;
}

class Reader {
 public:
  explicit Reader(const std::filesystem::path& path) : path_(path) {}

  Result<std::vector<Package>> Read(std::string_view content) {
    dom::parser parser;
    dom::element root;
    if (const auto error = parser.parse(content.data(), content.size()).get(root)) return SyntaxError(content, error);
    dom::object object;
    if (root.get_object().get(object) != simdjson::SUCCESS) return AtPath("$", "expected an object");

    dom::element packages;
    if (object.at_key("packages").get(packages) == simdjson::SUCCESS && !packages.is_null()) {
      dom::object map;
      if (packages.get_object().get(map) != simdjson::SUCCESS) return AtPath("$.packages", "expected an object");
      if (auto done = ReadPackages(map); !done) return std::unexpected(done.error());
    } else {
      dom::element dependencies;
      if (object.at_key("dependencies").get(dependencies) == simdjson::SUCCESS && !dependencies.is_null()) {
        if (auto done = ReadDependencies(dependencies, "$.dependencies", 0); !done)
          return std::unexpected(done.error());
      }
    }
    return std::move(packages_).Take();
  }

 private:
  std::unexpected<Error> AtPath(std::string_view json_path, std::string_view reason) const {
    return std::unexpected(AtJsonPath(path_, json_path, reason));
  }

  std::unexpected<Error> SyntaxError(std::string_view content, simdjson::error_code error) const {
    if (const auto fault = FindJsonFault(content)) {
      return std::unexpected(js::AtLine(path_, js::LineOf(content, fault->offset), "invalid JSON: " + Reason(error)));
    }
    return Fail(ErrorCode::kInvalidArgument, path_.string() + ": invalid JSON: " + Reason(error));
  }

  // The string field `key` of `object` ("" when absent or null).
  Result<std::string_view> StringField(dom::object object, std::string_view key, const std::string& at) const {
    dom::element value;
    if (object.at_key(key).get(value) != simdjson::SUCCESS || value.is_null()) return std::string_view();
    std::string_view text;
    if (value.get_string().get(text) != simdjson::SUCCESS)
      return AtPath(at + "." + std::string(key), "expected a string");
    return text;
  }

  // The boolean field `key` of `object` (false when absent or null).
  Result<bool> BoolField(dom::object object, std::string_view key, const std::string& at) const {
    dom::element value;
    if (object.at_key(key).get(value) != simdjson::SUCCESS || value.is_null()) return false;
    bool flag = false;
    if (value.get_bool().get(flag) != simdjson::SUCCESS)
      return AtPath(at + "." + std::string(key), "expected true or false");
    return flag;
  }

  Package NewPackage(std::string name, std::string version, std::string commit, std::vector<std::string> groups) const {
    Package package;
    package.name = std::move(name);
    package.version = std::move(version);
    package.ecosystem = std::string(js::kNpmEcosystem);
    package.commit = std::move(commit);
    package.location = path_.string();
    package.scope = js::ScopeFromGroups(groups);
    package.dep_groups = std::move(groups);
    return package;
  }

  // lockfileVersion 1: `dependencies` maps a name to {version, dev, optional, dependencies}.
  Result<void> ReadDependencies(dom::element element, const std::string& at, int depth) {
    if (depth > kMaxNesting)
      return AtPath(at, "dependencies nested more than " + std::to_string(kMaxNesting) + " deep");
    dom::object map;
    if (element.get_object().get(map) != simdjson::SUCCESS) return AtPath(at, "expected an object");
    for (const auto [key, value] : map) {
      const std::string entry_at = at + JsonKey(key);
      dom::object entry;
      if (value.get_object().get(entry) != simdjson::SUCCESS) return AtPath(entry_at, "expected an object");
      dom::element nested;
      if (entry.at_key("dependencies").get(nested) == simdjson::SUCCESS && !nested.is_null()) {
        if (auto done = ReadDependencies(nested, entry_at + ".dependencies", depth + 1); !done) return done;
      }
      const auto raw_version = StringField(entry, "version", entry_at);
      if (!raw_version) return std::unexpected(raw_version.error());
      const auto dev = BoolField(entry, "dev", entry_at);
      if (!dev) return std::unexpected(dev.error());
      const auto optional = BoolField(entry, "optional", entry_at);
      if (!optional) return std::unexpected(optional.error());

      std::string name(key);
      std::string_view version = *raw_version;
      // An alias ("string-width-cjs": {"version": "npm:string-width@4.2.0"}) is the aliased package.
      if (version.starts_with("npm:")) {
        const std::size_t at_sign = version.rfind('@');
        if (at_sign != std::string_view::npos && at_sign > 4) {
          name = std::string(version.substr(4, at_sign - 4));
          version = version.substr(at_sign + 1);
        }
      }
      std::string commit;
      std::string dedup_version(version);
      if (raw_version->starts_with("file:")) {
        // A folder dependency has no version to match; keep distinct folders apart.
        version = {};
      } else {
        commit = js::CommitFromResolution(*raw_version);
        // A git dependency's version names the repository, not a release.
        if (!commit.empty()) {
          version = {};
          dedup_version = commit;
        }
      }
      std::vector<std::string> groups;
      if (*dev) groups.emplace_back("dev");
      if (*optional) groups.emplace_back("optional");
      std::string dedup_key = name + "@" + dedup_version;
      packages_.Add(std::move(dedup_key),
                    NewPackage(std::move(name), std::string(version), std::move(commit), std::move(groups)));
    }
    return {};
  }

  // The package name a `packages` key stands for: the folder after the last node_modules/, with
  // its scope ("node_modules/a/node_modules/@s/b" is "@s/b"; a workspace "packages/x" is "x").
  static std::string NameFromKey(std::string_view key) {
    while (key.size() > 1 && key.ends_with('/')) key.remove_suffix(1);
    const std::size_t slash = key.rfind('/');
    if (slash == std::string_view::npos) return std::string(key);
    const std::string_view base = key.substr(slash + 1);
    std::string_view dir = key.substr(0, slash);
    while (!dir.empty() && dir.ends_with('/')) dir.remove_suffix(1);
    const std::size_t dir_slash = dir.rfind('/');
    const std::string_view scope = dir_slash == std::string_view::npos ? dir : dir.substr(dir_slash + 1);
    if (scope.starts_with('@')) return std::string(scope) + "/" + std::string(base);
    return std::string(base);
  }

  // The names the root project ("" key) depends on directly, or nullopt without a root entry.
  static std::optional<std::unordered_set<std::string_view>> RootDependencies(dom::object packages) {
    dom::object root;
    if (packages.at_key("").get_object().get(root) != simdjson::SUCCESS) return std::nullopt;
    std::unordered_set<std::string_view> names;
    for (const std::string_view field :
         {"dependencies", "devDependencies", "optionalDependencies", "peerDependencies"}) {
      dom::object deps;
      if (root.at_key(field).get_object().get(deps) != simdjson::SUCCESS) continue;
      for (const auto [name, spec] : deps) names.insert(name);
    }
    return names;
  }

  // lockfileVersion 2 and 3: `packages` maps an install folder to its package.
  Result<void> ReadPackages(dom::object map) {
    const auto direct_names = RootDependencies(map);
    for (const auto [key, value] : map) {
      if (key.empty()) continue;  // the project itself
      const std::string entry_at = "$.packages" + JsonKey(key);
      dom::object entry;
      if (value.get_object().get(entry) != simdjson::SUCCESS) return AtPath(entry_at, "expected an object");
      const auto link = BoolField(entry, "link", entry_at);
      if (!link) return std::unexpected(link.error());
      // A link points at a workspace folder, which has its own entry with the version.
      if (*link) continue;
      const auto declared_name = StringField(entry, "name", entry_at);
      if (!declared_name) return std::unexpected(declared_name.error());
      const auto version = StringField(entry, "version", entry_at);
      if (!version) return std::unexpected(version.error());
      const auto resolved = StringField(entry, "resolved", entry_at);
      if (!resolved) return std::unexpected(resolved.error());
      std::vector<std::string> groups;
      for (const std::string_view flag : {"dev", "optional", "devOptional"}) {
        const auto set = BoolField(entry, flag, entry_at);
        if (!set) return std::unexpected(set.error());
        if (!*set) continue;
        // devOptional: needed by both a dev and an optional dependency, never by production.
        if (flag != "optional") groups.emplace_back("dev");
        if (flag != "dev") groups.emplace_back("optional");
      }
      std::sort(groups.begin(), groups.end());
      groups.erase(std::unique(groups.begin(), groups.end()), groups.end());

      const std::string folder_name = NameFromKey(key);
      std::string name = declared_name->empty() ? folder_name : std::string(*declared_name);
      std::string commit = js::CommitFromResolution(*resolved);
      std::string dedup_key = name + "@" + std::string(commit.empty() ? *version : std::string_view(commit));
      Package package = NewPackage(std::move(name), std::string(*version), std::move(commit), std::move(groups));
      if (direct_names) {
        // Only a top-level folder is what the project's own dependency resolves to.
        package.direct = key.starts_with(kNodeModules) && key.substr(kNodeModules.size()) == folder_name &&
                         direct_names->contains(folder_name);
      }
      packages_.Add(std::move(dedup_key), std::move(package));
    }
    return {};
  }

  const std::filesystem::path& path_;
  js::PackageSet packages_;
};

enum class Claim : std::uint8_t { kPackageLock, kHiddenLockfile };

class NpmLockExtractor final : public Extractor {
 public:
  explicit NpmLockExtractor(Claim claim) : claim_(claim) {}

  [[nodiscard]] std::string_view name() const override {
    return claim_ == Claim::kPackageLock ? "package-lock.json" : "node_modules/.package-lock.json";
  }

  [[nodiscard]] bool ClaimsPath(const std::filesystem::path& path) const override {
    if (claim_ == Claim::kPackageLock) return js::FileNameIs(path, "package-lock.json");
    return js::FileNameIs(path, ".package-lock.json") && path.parent_path().filename() == "node_modules";
  }

  [[nodiscard]] Result<std::vector<Package>> Extract(const std::filesystem::path& path, std::string_view content,
                                                     const FileSystem& fs) const override {
    static_cast<void>(fs);
    return Reader(path).Read(content);
  }

 private:
  Claim claim_;
};

}  // namespace

std::unique_ptr<const Extractor> MakeNpmLockExtractor() {
  return std::make_unique<NpmLockExtractor>(Claim::kPackageLock);
}

std::unique_ptr<const Extractor> MakeNodeModulesLockExtractor() {
  return std::make_unique<NpmLockExtractor>(Claim::kHiddenLockfile);
}

}  // namespace vigil::inventory
