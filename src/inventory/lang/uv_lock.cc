#include "inventory/lang/uv_lock.h"

#include <deque>
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

// A dependency as uv writes one: `{ name = "x" }`, with `version` when several releases of the name
// are locked, and `extra = [...]` for the extras it asks for.
struct Edge {
  std::string name;  // normalised
  std::string version;
  std::vector<std::string> extras;
};

struct Node {
  std::string name;
  std::string version;
  std::string commit;
  bool project = false;  // a workspace member (`editable` or `virtual` source): the project itself
  std::vector<Edge> dependencies;
  std::unordered_map<std::string, std::vector<Edge>> optional;  // by extra
  std::vector<Edge> dev;                                        // every dependency group together
};

// Reads an array of dependency tables; `what` names it in errors.
Result<std::vector<Edge>> ReadEdges(const toml::node& array_node, std::string_view what, const fs::path& path) {
  std::vector<Edge> edges;
  const toml::array* array = array_node.as_array();
  if (array == nullptr)
    return std::unexpected(python::AtLine(path, python::LineOf(array_node), std::string(what) + ": expected an array"));
  edges.reserve(array->size());
  for (const toml::node& element : *array) {
    const toml::table* entry = element.as_table();
    if (entry == nullptr)
      return std::unexpected(python::AtLine(path, python::LineOf(element), std::string(what) + ": expected a table"));
    auto name = python::StringField(*entry, "name", python::Presence::kRequired, path);
    if (!name) return std::unexpected(name.error());
    auto version = python::StringField(*entry, "version", python::Presence::kOptional, path);
    if (!version) return std::unexpected(version.error());
    Edge edge{python::NormalizeName(*name), std::move(*version), {}};
    if (const toml::node* extras_node = entry->get("extra")) {
      const toml::array* extras = extras_node->as_array();
      if (extras == nullptr)
        return std::unexpected(
            python::AtLine(path, python::LineOf(*extras_node), std::string(what) + ".extra: expected an array"));
      for (const toml::node& extra : *extras) {
        const auto* text = extra.as_string();
        if (text == nullptr)
          return std::unexpected(
              python::AtLine(path, python::LineOf(extra), std::string(what) + ".extra: expected strings"));
        edge.extras.push_back(python::NormalizeName(text->get()));
      }
    }
    edges.push_back(std::move(edge));
  }
  return edges;
}

// Reads a table of named dependency lists (`[package.optional-dependencies]`, `[package.dev-dependencies]`).
Result<std::vector<std::pair<std::string, std::vector<Edge>>>> ReadNamedEdges(const toml::node& node,
                                                                              std::string_view what,
                                                                              const fs::path& path) {
  std::vector<std::pair<std::string, std::vector<Edge>>> lists;
  const toml::table* table = node.as_table();
  if (table == nullptr)
    return std::unexpected(python::AtLine(path, python::LineOf(node), std::string(what) + ": expected a table"));
  for (const auto& [key, value] : *table) {
    auto edges = ReadEdges(value, std::string(what) + "." + std::string(key.str()), path);
    if (!edges) return std::unexpected(edges.error());
    lists.emplace_back(python::NormalizeName(key.str()), std::move(*edges));
  }
  return lists;
}

// The source of a package: a table such as `{ registry = "…" }` or `{ git = "URL?rev=…#COMMIT" }`, or
// in the lockfiles of early uv releases a string such as "git+URL#COMMIT" or "editable+.".
Result<void> ReadSource(const toml::table& table, const fs::path& path, Node& node) {
  const toml::node* source = table.get("source");
  if (source == nullptr) return {};
  std::string kind;
  std::string location;
  if (const auto* text = source->as_string()) {
    const std::string& value = text->get();
    const std::size_t plus = value.find('+');
    kind = value.substr(0, plus);
    if (plus != std::string::npos) location = value.substr(plus + 1);
  } else if (const toml::table* fields = source->as_table()) {
    for (const std::string_view candidate : {"registry", "git", "url", "path", "directory", "editable", "virtual"}) {
      if (const toml::node* value = fields->get(candidate)) {
        kind = candidate;
        if (const auto* location_text = value->as_string()) location = location_text->get();
        break;
      }
    }
  } else {
    return std::unexpected(python::AtLine(path, python::LineOf(*source), "package.source: expected a table"));
  }
  node.project = kind == "editable" || kind == "virtual";
  if (kind == "git") {
    const std::size_t hash = location.rfind('#');
    if (hash != std::string::npos) node.commit = location.substr(hash + 1);
  }
  return {};
}

Result<Node> ReadNode(const toml::table& table, const fs::path& path) {
  Node node;
  auto name = python::StringField(table, "name", python::Presence::kRequired, path);
  if (!name) return std::unexpected(name.error());
  // Projects with a dynamic version are locked without one.
  auto version = python::StringField(table, "version", python::Presence::kOptional, path);
  if (!version) return std::unexpected(version.error());
  node.name = std::move(*name);
  node.version = std::move(*version);
  if (auto source = ReadSource(table, path, node); !source) return std::unexpected(source.error());
  if (const toml::node* deps = table.get("dependencies")) {
    auto edges = ReadEdges(*deps, "package.dependencies", path);
    if (!edges) return std::unexpected(edges.error());
    node.dependencies = std::move(*edges);
  }
  if (const toml::node* optional = table.get("optional-dependencies")) {
    auto lists = ReadNamedEdges(*optional, "package.optional-dependencies", path);
    if (!lists) return std::unexpected(lists.error());
    for (auto& [extra, edges] : *lists) node.optional[extra] = std::move(edges);
  }
  if (const toml::node* dev = table.get("dev-dependencies")) {
    auto lists = ReadNamedEdges(*dev, "package.dev-dependencies", path);
    if (!lists) return std::unexpected(lists.error());
    for (auto& [group, edges] : *lists) {
      for (Edge& edge : edges) node.dev.push_back(std::move(edge));
    }
  }
  return node;
}

// Which packages are reachable from the workspace members, and how. Each distinct dependency (name,
// version, extras) is expanded once per walk, so a hostile lockfile stays linear.
class Reach {
 public:
  explicit Reach(const std::vector<Node>& nodes) : nodes_(nodes) {
    for (std::size_t i = 0; i < nodes.size(); ++i) {
      const std::string name = python::NormalizeName(nodes[i].name);
      by_name_[name].push_back(i);
      by_name_version_[name + '\n' + nodes[i].version].push_back(i);
    }
  }

  // Marks everything that installing `edges` pulls in, following extras.
  void From(const std::vector<Edge>& edges, std::vector<bool>& reached) const {
    std::deque<std::pair<std::size_t, std::string>> queue;
    std::unordered_set<std::string> visited;
    std::unordered_set<std::string> expanded;
    const auto push_edge = [&](const Edge& edge) {
      std::string key = edge.name + '\n' + edge.version;
      for (const std::string& extra : edge.extras) key += '\n' + extra;
      if (!expanded.insert(std::move(key)).second) return;
      for (const std::size_t target : Targets(edge)) {
        queue.emplace_back(target, "");
        for (const std::string& extra : edge.extras) queue.emplace_back(target, extra);
      }
    };
    for (const Edge& edge : edges) push_edge(edge);
    while (!queue.empty()) {
      auto [index, extra] = std::move(queue.front());
      queue.pop_front();
      if (!visited.insert(std::to_string(index) + '\n' + extra).second) continue;
      reached[index] = true;
      const Node& node = nodes_[index];
      if (extra.empty()) {
        for (const Edge& edge : node.dependencies) push_edge(edge);
        continue;
      }
      if (const auto list = node.optional.find(extra); list != node.optional.end()) {
        for (const Edge& edge : list->second) push_edge(edge);
      }
    }
  }

  // The locked packages a dependency names.
  const std::vector<std::size_t>& Targets(const Edge& edge) const {
    static const std::vector<std::size_t> kNone;
    const auto& map = edge.version.empty() ? by_name_ : by_name_version_;
    const auto it = map.find(edge.version.empty() ? edge.name : edge.name + '\n' + edge.version);
    return it == map.end() ? kNone : it->second;
  }

 private:
  const std::vector<Node>& nodes_;
  std::unordered_map<std::string, std::vector<std::size_t>> by_name_;
  std::unordered_map<std::string, std::vector<std::size_t>> by_name_version_;
};

class UvLockExtractor final : public Extractor {
 public:
  std::string_view name() const override { return "uv.lock"; }

  bool ClaimsPath(const fs::path& path) const override { return python::FileNameIs(path, "uv.lock"); }

  Result<std::vector<Package>> Extract(const fs::path& path, std::string_view content,
                                       const FileSystem& file_system) const override {
    static_cast<void>(file_system);
    auto read = python::ReadPackageTables(path, content, ReadNode);
    if (!read) return std::unexpected(read.error());
    std::vector<Node>& nodes = *read;

    // Scopes follow from the workspace members' own lists: what their dependencies pull in is
    // production; what only their extras or dependency groups pull in is optional or dev.
    std::vector<Edge> prod_roots;
    std::vector<Edge> optional_roots;
    std::vector<Edge> dev_roots;
    bool has_project = false;
    for (const Node& node : nodes) {
      if (!node.project) continue;
      has_project = true;
      prod_roots.insert(prod_roots.end(), node.dependencies.begin(), node.dependencies.end());
      for (const auto& [extra, edges] : node.optional)
        optional_roots.insert(optional_roots.end(), edges.begin(), edges.end());
      dev_roots.insert(dev_roots.end(), node.dev.begin(), node.dev.end());
    }
    const Reach reach(nodes);
    std::vector<bool> prod(nodes.size(), false);
    std::vector<bool> optional(nodes.size(), false);
    std::vector<bool> dev(nodes.size(), false);
    std::vector<bool> direct(nodes.size(), false);
    reach.From(prod_roots, prod);
    reach.From(optional_roots, optional);
    reach.From(dev_roots, dev);
    std::unordered_set<std::string> named;
    for (const auto* roots : {&prod_roots, &optional_roots, &dev_roots}) {
      for (const Edge& edge : *roots) {
        if (!named.insert(edge.name + '\n' + edge.version).second) continue;
        for (const std::size_t target : reach.Targets(edge)) direct[target] = true;
      }
    }

    std::vector<Package> packages;
    packages.reserve(nodes.size());
    for (std::size_t i = 0; i < nodes.size(); ++i) {
      Node& node = nodes[i];
      if (node.project) continue;
      Package package = python::MakePackage(std::move(node.name), std::move(node.version), path);
      package.commit = std::move(node.commit);
      if (has_project) {
        package.direct = direct[i];
        if (prod[i]) {
          package.scope = Scope::kProd;
        } else {
          if (dev[i]) package.dep_groups.emplace_back("dev");
          if (optional[i]) package.dep_groups.emplace_back("optional");
          if (dev[i]) {
            package.scope = Scope::kDev;
          } else if (optional[i]) {
            package.scope = Scope::kOptional;
          }
        }
      }
      packages.push_back(std::move(package));
    }
    return packages;
  }
};

}  // namespace

std::unique_ptr<const Extractor> MakeUvLockExtractor() {
  return std::make_unique<UvLockExtractor>();
}

}  // namespace vigil::inventory
