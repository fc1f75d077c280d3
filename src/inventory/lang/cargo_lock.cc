#include "inventory/lang/cargo_lock.h"

#include <string>
#include <vector>

// toml++ must be configured the same way in every translation unit (see core/config.cc).
#define TOML_EXCEPTIONS 1
#include <toml++/toml.h>

#include "inventory/lang/other_common.h"

namespace vigil::inventory {

namespace {

constexpr std::string_view kEcosystem = "crates.io";

// The commit of a git source, "git+https://github.com/o/r?branch=main#<commit>".
std::string GitCommit(std::string_view source) {
  if (!source.starts_with("git+")) return {};
  const auto hash = source.rfind('#');
  return hash == std::string_view::npos ? std::string() : std::string(source.substr(hash + 1));
}

class CargoLockExtractor final : public Extractor {
 public:
  [[nodiscard]] std::string_view name() const override { return "Cargo.lock"; }

  [[nodiscard]] bool ClaimsPath(const std::filesystem::path& path) const override {
    return other::FileNameIs(path, "Cargo.lock");
  }

  [[nodiscard]] Result<std::vector<Package>> Extract(const std::filesystem::path& path, std::string_view content,
                                                     const FileSystem& fs) const override {
    static_cast<void>(fs);
    toml::table root;
    try {
      root = toml::parse(content, path.string());
    } catch (const toml::parse_error& e) {
      return std::unexpected(
          other::AtLine(path, e.source().begin.line, "invalid TOML: " + std::string(e.description())));
    } catch (const std::exception& e) {
      return std::unexpected(other::AtLine(path, 1, std::string("invalid TOML: ") + e.what()));
    }
    std::vector<Package> packages;
    const toml::node* list = root.get("package");
    if (list == nullptr) return packages;
    const toml::array* array = list->as_array();
    if (array == nullptr) {
      return std::unexpected(other::AtLine(path, list->source().begin.line, "\"package\" is not an array of tables"));
    }
    for (std::size_t i = 0; i < array->size(); ++i) {
      const toml::node& node = *array->get(i);
      const toml::table* table = node.as_table();
      const auto where = [&](const toml::node& at, std::string_view reason) {
        return std::unexpected(
            other::AtLine(path, at.source().begin.line, "package[" + std::to_string(i) + "]: " + std::string(reason)));
      };
      if (table == nullptr) return where(node, "not a table");
      const auto name = table->get_as<std::string>("name");
      const auto version = table->get_as<std::string>("version");
      if (name == nullptr) return where(node, "\"name\" is missing or not a string");
      if (version == nullptr) return where(node, "\"version\" is missing or not a string");
      Package p;
      p.name = name->get();
      p.version = version->get();
      p.ecosystem = std::string(kEcosystem);
      p.location = path.string();
      if (const auto source = table->get_as<std::string>("source")) p.commit = GitCommit(source->get());
      packages.push_back(std::move(p));
    }
    return packages;
  }
};

}  // namespace

std::unique_ptr<const Extractor> MakeCargoLockExtractor() {
  return std::make_unique<CargoLockExtractor>();
}

}  // namespace vigil::inventory
