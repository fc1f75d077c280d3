#include "inventory/lang/pom_xml.h"

#include <cstddef>
#include <map>
#include <optional>
#include <pugixml.hpp>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "inventory/lang/jvm_xml.h"

namespace vigil::inventory {

namespace {

constexpr std::string_view kEcosystem = "Maven";
// Maven's default scope; upstream (osv-scanner) records every other scope as a dependency group.
constexpr std::string_view kDefaultScope = "compile";
// Properties may refer to properties; these bound the work a hostile pom can cause. Real chains
// are a few levels deep and real values a few dozen bytes.
constexpr int kMaxInterpolationDepth = 32;
constexpr std::size_t kMaxInterpolatedSize = 1024;

// Resolves ${name} references against a pom's properties, remembering each resolved property.
class Interpolator {
 public:
  explicit Interpolator(std::unordered_map<std::string, std::string> raw) : raw_(std::move(raw)) {}

  // `text` with every reference replaced, or nullopt when one cannot be resolved (unknown, cyclic,
  // too deep or too large).
  std::optional<std::string> Interpolate(std::string_view text) { return Interpolate(text, 0); }

 private:
  std::optional<std::string> Interpolate(std::string_view text, int depth) {
    std::string out;
    std::size_t pos = 0;
    while (pos < text.size()) {
      const std::size_t open = text.find("${", pos);
      const std::size_t close = open == std::string_view::npos ? open : text.find('}', open + 2);
      if (close == std::string_view::npos) {
        out.append(text.substr(pos));
        break;
      }
      out.append(text.substr(pos, open - pos));
      const auto value = Property(std::string(text.substr(open + 2, close - open - 2)), depth + 1);
      if (!value) return std::nullopt;
      out.append(*value);
      if (out.size() > kMaxInterpolatedSize) return std::nullopt;
      pos = close + 1;
    }
    if (out.size() > kMaxInterpolatedSize) return std::nullopt;
    return out;
  }

  std::optional<std::string> Property(const std::string& key, int depth) {
    if (const auto done = resolved_.find(key); done != resolved_.end()) return done->second;
    const auto raw = raw_.find(key);
    if (raw == raw_.end() || depth > kMaxInterpolationDepth || in_progress_.contains(key)) return std::nullopt;
    in_progress_.insert(key);
    auto value = Interpolate(raw->second, depth);
    in_progress_.erase(key);
    resolved_.emplace(key, value);
    return value;
  }

  std::unordered_map<std::string, std::string> raw_;
  std::unordered_map<std::string, std::optional<std::string>> resolved_;
  std::set<std::string> in_progress_;
};

std::unordered_map<std::string, std::string> CollectProperties(const pugi::xml_node& project) {
  std::unordered_map<std::string, std::string> props;
  const pugi::xml_node parent = ChildElement(project, "parent");
  const auto model = [&](std::string_view field) {
    std::string own = ChildText(project, field);
    return own.empty() ? ChildText(parent, field) : own;
  };
  // The model values most poms refer to; `pom.*` is Maven 2's deprecated spelling.
  for (const std::string_view field : {"version", "groupId", "artifactId"}) {
    const std::string value = field == "artifactId" ? ChildText(project, field) : model(field);
    if (value.empty()) continue;
    props["project." + std::string(field)] = value;
    props["pom." + std::string(field)] = value;
  }
  for (const std::string_view field : {"version", "groupId", "artifactId"}) {
    std::string value = ChildText(parent, field);
    if (!value.empty()) props["project.parent." + std::string(field)] = std::move(value);
  }
  for (const pugi::xml_node property : ChildElement(project, "properties").children()) {
    if (property.type() != pugi::node_element) continue;
    props[std::string(LocalName(property))] = std::string(TrimXmlSpace(property.text().get()));
  }
  return props;
}

struct Declared {
  std::string name;
  std::string raw_version;  // as written, before interpolation
  std::string scope;
};

std::vector<Declared> Dependencies(const pugi::xml_node& dependencies, Interpolator& interpolator) {
  std::vector<Declared> out;
  for (const pugi::xml_node dependency : dependencies.children()) {
    if (dependency.type() != pugi::node_element || LocalName(dependency) != "dependency") continue;
    const auto part = [&](std::string_view field) {
      std::string raw = ChildText(dependency, field);
      return interpolator.Interpolate(raw).value_or(raw);
    };
    std::string group = part("groupId");
    std::string artifact = part("artifactId");
    if (group.empty() || artifact.empty()) continue;
    out.push_back({group + ":" + artifact, ChildText(dependency, "version"), part("scope")});
  }
  return out;
}

class PomXmlExtractor final : public Extractor {
 public:
  std::string_view name() const override { return "pom.xml"; }

  bool ClaimsPath(const std::filesystem::path& path) const override { return path.filename() == "pom.xml"; }

  Result<std::vector<Package>> Extract(const std::filesystem::path& path, std::string_view content,
                                       const FileSystem& fs) const override {
    static_cast<void>(fs);
    pugi::xml_document doc;
    if (auto loaded = LoadXml(doc, path, content); !loaded) return std::unexpected(std::move(loaded.error()));
    const pugi::xml_node project = doc.document_element();
    if (LocalName(project) != "project") {
      return Fail(ErrorCode::kInvalidArgument,
                  path.string() + ":" + std::to_string(LineOfOffset(content, project.offset_debug())) +
                      ": not a pom.xml: the root element is <" + project.name() + ">, expected <project>");
    }
    Interpolator interpolator(CollectProperties(project));
    const auto declared = Dependencies(ChildElement(project, "dependencies"), interpolator);
    const auto managed =
        Dependencies(ChildElement(ChildElement(project, "dependencyManagement"), "dependencies"), interpolator);

    std::vector<Package> packages;
    std::map<std::string, std::size_t, std::less<>> index;
    const auto add = [&](const Declared& d, bool direct) {
      Package p;
      p.name = d.name;
      p.ecosystem = std::string(kEcosystem);
      p.location = path.string();
      p.version = VersionOf(d.raw_version, interpolator);
      if (!d.scope.empty() && d.scope != kDefaultScope) p.dep_groups.push_back(d.scope);
      p.scope = d.scope == "test" ? Scope::kDev : Scope::kProd;
      if (direct) p.direct = true;
      // Like Maven, a later declaration of the same artifact replaces the earlier one.
      if (const auto it = index.find(p.name); it != index.end()) {
        packages[it->second] = std::move(p);
      } else {
        index.emplace(p.name, packages.size());
        packages.push_back(std::move(p));
      }
    };
    // Dependencies that name no version, and whether they name a scope.
    std::map<std::string, bool, std::less<>> unversioned;
    for (const Declared& d : declared) {
      add(d, true);
      if (d.raw_version.empty()) {
        unversioned[d.name] = !d.scope.empty();
      } else {
        unversioned.erase(d.name);
      }
    }
    std::set<std::string, std::less<>> managed_only;
    for (const Declared& m : managed) {
      const auto it = index.find(m.name);
      if (it == index.end() || managed_only.contains(m.name)) {
        add(m, false);
        managed_only.insert(m.name);
      } else if (const auto open = unversioned.find(m.name); open != unversioned.end()) {
        // <dependencyManagement> supplies what the dependency leaves out: its version, and its
        // scope when it names none.
        Package& p = packages[it->second];
        p.version = VersionOf(m.raw_version, interpolator);
        if (!open->second && !m.scope.empty() && m.scope != kDefaultScope) {
          p.dep_groups.push_back(m.scope);
          p.scope = m.scope == "test" ? Scope::kDev : Scope::kProd;
        }
      }
    }
    return packages;
  }

 private:
  static std::string VersionOf(const std::string& raw, Interpolator& interpolator) {
    // An unresolvable property leaves nothing to compare; "0" (as upstream) matches conservatively.
    const auto value = interpolator.Interpolate(raw);
    if (!value) return "0";
    return ResolveMavenRequirement(TrimXmlSpace(*value));
  }
};

}  // namespace

std::string ResolveMavenRequirement(std::string_view requirement) {
  if (!requirement.empty() && (requirement.front() == '[' || requirement.front() == '(')) requirement.remove_prefix(1);
  const std::string_view bound = requirement.substr(0, requirement.find_first_of(",)]"));
  return bound.empty() ? "0" : std::string(bound);
}

std::unique_ptr<const Extractor> MakePomXmlExtractor() {
  return std::make_unique<PomXmlExtractor>();
}

}  // namespace vigil::inventory
