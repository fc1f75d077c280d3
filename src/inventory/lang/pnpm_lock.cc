#include "inventory/lang/pnpm_lock.h"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <charconv>
#include <exception>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include "inventory/lang/javascript_common.h"

namespace vigil::inventory {

namespace {

// From lockfileVersion 7 on (pnpm 9 writes '9.0'), `packages` keys are "name@version" and the
// dependency graph lives in `snapshots`; before, keys are paths ("/name/1.0.0_peer" in 5.x,
// "/name@1.0.0(peer@2.0.0)" in 6.x).
constexpr double kFirstNameAtVersionFormat = 7.0;

// yaml-cpp recurses once per nesting level; its own guard stops at 2000 levels, which is deep
// enough to overflow a small (sanitizer or thread) stack first. Lockfiles nest a handful of levels.
constexpr int kMaxFlowNesting = 256;

constexpr std::string_view kCodeload = "https://codeload.github.com";

struct NameVersion {
  std::string name;
  std::string version;
};

// yaml-cpp throws when asked the type of a key that is absent; these ask only defined nodes.
bool IsMap(const YAML::Node& node) {
  return node.IsDefined() && node.IsMap();
}
bool IsScalar(const YAML::Node& node) {
  return node.IsDefined() && node.IsScalar();
}

bool StartsWithDigit(std::string_view s) {
  return !s.empty() && s.front() >= '0' && s.front() <= '9';
}

// Drops a peer-dependency suffix "(peer@1.0.0)…", which may itself hold slashes and '@'.
std::string_view WithoutPeers(std::string_view s) {
  return s.substr(0, s.find('('));
}

class Reader {
 public:
  explicit Reader(const std::filesystem::path& path) : path_(path) {}

  Result<std::vector<Package>> Read(std::string_view content) {
    if (auto nesting = CheckNesting(content); !nesting) return std::unexpected(nesting.error());
    YAML::Node root;
    try {
      root = YAML::Load(std::string(content));
    } catch (const YAML::DeepRecursion& e) {
      return std::unexpected(js::AtLine(path_, LineOf(e.mark), "YAML nested too deeply"));
    } catch (const YAML::Exception& e) {
      return std::unexpected(js::AtLine(path_, LineOf(e.mark), "invalid YAML: " + e.msg));
    } catch (const std::exception& e) {
      return Fail(ErrorCode::kInvalidArgument, path_.string() + ": invalid YAML: " + e.what());
    }
    try {
      return ReadDocument(root);
    } catch (const YAML::Exception& e) {
      return std::unexpected(js::AtLine(path_, LineOf(e.mark), "unexpected YAML: " + e.msg));
    } catch (const std::exception& e) {
      return Fail(ErrorCode::kInvalidArgument, path_.string() + ": unexpected YAML: " + e.what());
    }
  }

 private:
  static std::size_t LineOf(const YAML::Mark& mark) {
    return mark.line < 0 ? 1 : static_cast<std::size_t>(mark.line) + 1;
  }

  std::unexpected<Error> At(const YAML::Node& node, std::string_view reason) const {
    return std::unexpected(js::AtLine(path_, LineOf(node.Mark()), reason));
  }

  // Rejects flow collections ("[[[[…" or "{a: {b: …") nested beyond what a lockfile needs, before
  // yaml-cpp's recursive descent sees them. Quoted text is counted too, which only errs on the
  // side of refusing absurd input.
  Result<void> CheckNesting(std::string_view content) const {
    int depth = 0;
    std::size_t line = 1;
    for (const char c : content) {
      if (c == '\n') ++line;
      if (c == '[' || c == '{') {
        if (++depth > kMaxFlowNesting) return std::unexpected(js::AtLine(path_, line, "YAML nested too deeply"));
      } else if ((c == ']' || c == '}') && depth > 0) {
        --depth;
      }
    }
    return {};
  }

  // A scalar as text; null is "". Anything else is an error naming `what`.
  Result<std::string> Text(const YAML::Node& node, std::string_view what) const {
    if (!node.IsDefined() || node.IsNull()) return std::string();
    if (!node.IsScalar()) return At(node, std::string(what) + ": expected a scalar");
    return node.Scalar();
  }

  Result<bool> Flag(const YAML::Node& entry, std::string_view key, std::string_view what) const {
    const YAML::Node node = entry[std::string(key)];
    if (!node.IsDefined() || node.IsNull()) return false;
    bool value = false;
    if (!node.IsScalar() || !YAML::convert<bool>::decode(node, value)) {
      return At(node, std::string(what) + "." + std::string(key) + ": expected true or false");
    }
    return value;
  }

  Result<std::vector<Package>> ReadDocument(const YAML::Node& root) {
    // An empty file, or one with only comments, is a lockfile with nothing locked.
    if (!root.IsDefined() || root.IsNull()) return std::vector<Package>();
    if (!root.IsMap()) return At(root, "expected a mapping with lockfileVersion and packages");

    const YAML::Node version_node = root["lockfileVersion"];
    if (!version_node.IsDefined() || version_node.IsNull()) return At(root, "lockfileVersion: missing");
    auto version_text = Text(version_node, "lockfileVersion");
    if (!version_text) return std::unexpected(version_text.error());
    double version = 0;
    const char* begin = version_text->data();
    if (std::from_chars(begin, begin + version_text->size(), version).ec != std::errc()) {
      return At(version_node, "lockfileVersion: not a number: " + js::Quote(*version_text));
    }
    name_at_version_keys_ = version >= kFirstNameAtVersionFormat;

    CollectDirect(root);

    const YAML::Node packages = root["packages"];
    if (!packages.IsDefined() || packages.IsNull()) return std::vector<Package>();
    if (!packages.IsMap()) return At(packages, "packages: expected a mapping");
    for (const auto& item : packages) {
      if (auto done = ReadPackage(item.first, item.second); !done) return std::unexpected(done.error());
    }
    return std::move(packages_).Take();
  }

  // The package keys the project's own dependencies resolve to, from the top-level sections
  // (5.x, 6.x) and each workspace importer (6.x, 9.x).
  void CollectDirect(const YAML::Node& root) {
    std::vector<YAML::Node> projects = {root};
    const YAML::Node importers = root["importers"];
    if (IsMap(importers)) {
      for (const auto& importer : importers) {
        if (IsMap(importer.second)) projects.push_back(importer.second);
      }
    }
    for (const YAML::Node& project : projects) {
      for (const char* section_name : {"dependencies", "devDependencies", "optionalDependencies"}) {
        const YAML::Node section = project[section_name];
        if (!IsMap(section)) continue;
        has_direct_info_ = true;
        for (const auto& dependency : section) {
          const std::string name = IsScalar(dependency.first) ? dependency.first.Scalar() : std::string();
          const YAML::Node version_node = IsMap(dependency.second) ? dependency.second["version"] : dependency.second;
          if (name.empty() || !IsScalar(version_node)) continue;
          AddDirect(name, version_node.Scalar());
        }
      }
    }
  }

  void AddDirect(const std::string& name, std::string_view version) {
    if (name_at_version_keys_) {
      std::string_view target = WithoutPeers(version);
      if (target.starts_with("npm:")) {
        direct_keys_.emplace(target.substr(4));
      } else {
        direct_keys_.emplace(name + "@" + std::string(target));
      }
      return;
    }
    // A registry dependency names its version; any other names the package key itself.
    direct_keys_.emplace(version);
    for (const char separator : {'/', '@'}) {
      std::string key = "/";
      key += name;
      key += separator;
      key += version;
      direct_keys_.insert(std::move(key));
    }
  }

  // The name and version a `packages` key encodes, or empty ones where it encodes none (a
  // folder, a git host path); the entry's own name and version fields then decide.
  Result<NameVersion> ParseKey(const YAML::Node& key_node, std::string_view key) const {
    if (key.starts_with("file:")) return NameVersion{};
    if (name_at_version_keys_) {
      while (key.starts_with('\'')) key.remove_prefix(1);
      while (key.ends_with('\'')) key.remove_suffix(1);
      const bool scoped = key.starts_with('@');
      if (scoped) key.remove_prefix(1);
      const std::size_t at = key.find('@');
      NameVersion parsed;
      parsed.name = scoped ? "@" : "";
      parsed.name += key.substr(0, at);
      if (at != std::string_view::npos) parsed.version = std::string(WithoutPeers(key.substr(at + 1)));
      return parsed;
    }
    key = WithoutPeers(key);
    std::vector<std::string_view> parts;
    for (std::size_t from = 0;;) {
      const std::size_t slash = key.find('/', from);
      parts.push_back(key.substr(from, slash == std::string_view::npos ? std::string_view::npos : slash - from));
      if (slash == std::string_view::npos) break;
      from = slash + 1;
    }
    if (parts.size() == 1) {
      return At(key_node, "invalid package path " + js::Quote(key) + ": expected /name/version or /name@version");
    }
    // parts[0] is "" or a registry host; then the name (two parts when scoped) and the version.
    std::size_t next = 1;
    std::string name(parts[next++]);
    if (name.starts_with('@') && next < parts.size()) {
      name += '/';
      name += parts[next++];
    }
    std::string version(next < parts.size() ? parts[next] : std::string_view());
    if (version.empty()) {
      // 6.x: "/name@version", the name possibly scoped.
      const std::size_t at = name.rfind('@');
      if (at == std::string::npos || at == 0) return NameVersion{};
      version = name.substr(at + 1);
      name.resize(at);
    }
    if (!StartsWithDigit(version)) return NameVersion{};
    version.resize(std::min(version.size(), version.find('_')));  // 5.x peer suffix "_peer@1.0.0"
    return NameVersion{std::move(name), std::move(version)};
  }

  Result<void> ReadPackage(const YAML::Node& key_node, const YAML::Node& entry) {
    if (!key_node.IsScalar()) return At(key_node, "packages: expected a package key");
    const std::string& key = key_node.Scalar();
    const std::string what = "packages." + js::Quote(key);
    if (entry.IsDefined() && !entry.IsNull() && !entry.IsMap()) return At(entry, what + ": expected a mapping");
    auto parsed = ParseKey(key_node, key);
    if (!parsed) return std::unexpected(parsed.error());

    const bool has_fields = IsMap(entry);
    auto name = has_fields ? Text(entry["name"], what + ".name") : std::string();
    if (!name) return std::unexpected(name.error());
    auto version = has_fields ? Text(entry["version"], what + ".version") : std::string();
    if (!version) return std::unexpected(version.error());
    // `name` and `version` are written only where the key does not say them, and then win.
    if (!name->empty()) parsed->name = std::move(*name);
    if (!version->empty()) parsed->version = std::move(*version);
    if (parsed->name.empty() || parsed->version.empty()) return {};

    std::string commit;
    bool dev = false;
    bool optional = false;
    bool dev_known = false;
    if (has_fields) {
      const YAML::Node resolution = entry["resolution"];
      if (resolution.IsDefined() && !resolution.IsNull()) {
        if (!resolution.IsMap()) return At(resolution, what + ".resolution: expected a mapping");
        auto pinned = Text(resolution["commit"], what + ".resolution.commit");
        if (!pinned) return std::unexpected(pinned.error());
        commit = std::move(*pinned);
        auto tarball = Text(resolution["tarball"], what + ".resolution.tarball");
        if (!tarball) return std::unexpected(tarball.error());
        if (tarball->starts_with(kCodeload)) {
          if (auto from_tarball = js::CommitFromCodeload(*tarball); !from_tarball.empty()) {
            commit = std::move(from_tarball);
          }
        }
      }
      auto dev_flag = Flag(entry, "dev", what);
      if (!dev_flag) return std::unexpected(dev_flag.error());
      auto optional_flag = Flag(entry, "optional", what);
      if (!optional_flag) return std::unexpected(optional_flag.error());
      dev = *dev_flag;
      optional = *optional_flag;
      dev_known = entry["dev"].IsDefined();
    }

    Package package;
    package.name = std::move(parsed->name);
    package.version = std::move(parsed->version);
    package.ecosystem = std::string(js::kNpmEcosystem);
    package.commit = std::move(commit);
    package.location = path_.string();
    if (dev) package.dep_groups.emplace_back("dev");
    if (optional) package.dep_groups.emplace_back("optional");
    // In the path-keyed formats (5.x, 6.x) an entry without `dev` is needed by both production and
    // development; the name@version-keyed format leaves groups to importers and snapshots.
    if (dev || optional || dev_known || !name_at_version_keys_) package.scope = js::ScopeFromGroups(package.dep_groups);
    if (has_direct_info_) {
      package.direct = direct_keys_.contains(key) || direct_keys_.contains(std::string(WithoutPeers(key)));
    }
    std::string dedup_key = package.name + "@" + package.version + "#" + package.commit;
    packages_.Add(std::move(dedup_key), std::move(package));
    return {};
  }

  const std::filesystem::path& path_;
  bool name_at_version_keys_ = false;
  bool has_direct_info_ = false;
  std::unordered_set<std::string> direct_keys_;
  js::PackageSet packages_;
};

class PnpmLockExtractor final : public Extractor {
 public:
  [[nodiscard]] std::string_view name() const override { return "pnpm-lock.yaml"; }

  [[nodiscard]] bool ClaimsPath(const std::filesystem::path& path) const override {
    return js::FileNameIs(path, "pnpm-lock.yaml");
  }

  [[nodiscard]] Result<std::vector<Package>> Extract(const std::filesystem::path& path, std::string_view content,
                                                     const FileSystem& fs) const override {
    static_cast<void>(fs);
    return Reader(path).Read(content);
  }
};

}  // namespace

std::unique_ptr<const Extractor> MakePnpmLockExtractor() {
  return std::make_unique<PnpmLockExtractor>();
}

}  // namespace vigil::inventory
