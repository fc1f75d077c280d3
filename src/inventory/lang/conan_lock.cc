#include "inventory/lang/conan_lock.h"

#include <string>
#include <tuple>
#include <vector>

#include "inventory/lang/other_common.h"

namespace vigil::inventory {

namespace {

constexpr std::string_view kEcosystem = "ConanCenter";

struct Reference {
  std::string_view name;
  std::string_view version;
};

// name/version[@user[/channel]][#recipe_revision][:package_id[#package_revision]][%timestamp]; a
// consumer's own conanfile may have no name ("1.2.3").
Reference ParseReference(std::string_view ref) {
  ref = ref.substr(0, ref.find('%'));
  ref = ref.substr(0, ref.find(':'));
  ref = ref.substr(0, ref.find('#'));
  ref = ref.substr(0, ref.find('@'));
  const auto slash = ref.find('/');
  if (slash == std::string_view::npos) return {{}, ref};
  return {ref.substr(0, slash), ref.substr(slash + 1)};
}

Package MakePackage(const std::filesystem::path& path, const Reference& ref) {
  Package p;
  p.name = std::string(ref.name);
  p.version = std::string(ref.version);
  p.ecosystem = std::string(kEcosystem);
  p.location = path.string();
  return p;
}

// Conan 1 graph locks (formats 0.1-0.4): one node per package, the consumer's own conanfile
// marked by "path". Format 0.3 and older name a node by "pref", later ones by "ref".
Result<std::vector<Package>> ReadGraphLock(const std::filesystem::path& path, simdjson::dom::object nodes) {
  std::vector<Package> packages;
  for (const auto field : nodes) {
    const std::string node_path = "$.graph_lock.nodes" + other::JsonMember(field.key);
    if (!field.value.is_object()) return std::unexpected(other::AtJsonPath(path, node_path, "expected an object"));
    std::string_view local;
    if (field.value.at_key("path").get_string().get(local) == simdjson::SUCCESS && !local.empty()) continue;
    std::string_view ref;
    if (field.value.at_key("pref").get_string().get(ref) != simdjson::SUCCESS || ref.empty()) {
      if (field.value.at_key("ref").get_string().get(ref) != simdjson::SUCCESS || ref.empty()) continue;
    }
    const Reference reference = ParseReference(ref);
    if (reference.name.empty()) continue;
    packages.push_back(MakePackage(path, reference));
  }
  return packages;
}

// Conan 2 lockfiles (format 0.5): lists of references, each list a group.
Result<void> ReadRequires(const std::filesystem::path& path, simdjson::dom::object root, std::string_view key,
                          std::string_view group, Scope scope, std::vector<Package>& packages) {
  simdjson::dom::element list;
  if (root.at_key(key).get(list) != simdjson::SUCCESS || list.is_null()) return {};
  const std::string list_path = "$." + std::string(key);
  simdjson::dom::array array;
  if (list.get_array().get(array) != simdjson::SUCCESS) {
    return std::unexpected(other::AtJsonPath(path, list_path, "expected an array"));
  }
  std::size_t index = 0;
  for (const simdjson::dom::element item : array) {
    auto ref = other::JsonString(item, path, list_path + "[" + std::to_string(index++) + "]");
    if (!ref) return std::unexpected(ref.error());
    const Reference reference = ParseReference(*ref);
    if (reference.name.empty()) continue;
    Package p = MakePackage(path, reference);
    p.dep_groups = {std::string(group)};
    p.scope = scope;
    packages.push_back(std::move(p));
  }
  return {};
}

class ConanLockExtractor final : public Extractor {
 public:
  [[nodiscard]] std::string_view name() const override { return "conan.lock"; }

  [[nodiscard]] bool ClaimsPath(const std::filesystem::path& path) const override {
    return other::FileNameIs(path, "conan.lock");
  }

  [[nodiscard]] Result<std::vector<Package>> Extract(const std::filesystem::path& path, std::string_view content,
                                                     const FileSystem& fs) const override {
    static_cast<void>(fs);
    simdjson::dom::parser parser;
    auto parsed = other::ParseJsonObject(parser, path, content);
    if (!parsed) return std::unexpected(parsed.error());
    const simdjson::dom::object root = *parsed;
    simdjson::dom::element nodes;
    if (root.at_key("graph_lock").at_key("nodes").get(nodes) == simdjson::SUCCESS && !nodes.is_null()) {
      simdjson::dom::object object;
      if (nodes.get_object().get(object) != simdjson::SUCCESS) {
        return std::unexpected(other::AtJsonPath(path, "$.graph_lock.nodes", "expected an object"));
      }
      return ReadGraphLock(path, object);
    }
    std::vector<Package> packages;
    // Build and Python requirements are tools of the build, not part of what ships.
    for (const auto& [key, group, scope] :
         {std::tuple{"requires", "requires", Scope::kProd}, std::tuple{"build_requires", "build-requires", Scope::kDev},
          std::tuple{"python_requires", "python-requires", Scope::kDev}}) {
      auto ok = ReadRequires(path, root, key, group, scope, packages);
      if (!ok) return std::unexpected(ok.error());
    }
    return packages;
  }
};

}  // namespace

std::unique_ptr<const Extractor> MakeConanLockExtractor() {
  return std::make_unique<ConanLockExtractor>();
}

}  // namespace vigil::inventory
