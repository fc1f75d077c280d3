#include "inventory/registry.h"

#include <algorithm>
#include <memory>
#include <vector>

#include "inventory/groups.h"

namespace vigil::inventory {

namespace {

struct Registry {
  ExtractorList owned;
  std::vector<const Extractor*> all;
  Registry() {
    RegisterOsExtractors(owned);
    RegisterJavaScriptExtractors(owned);
    RegisterPythonExtractors(owned);
    RegisterJvmExtractors(owned);
    RegisterOtherLanguageExtractors(owned);
    RegisterSbomExtractors(owned);
    for (const auto& e : owned) all.push_back(e.get());
  }
};

const Registry& TheRegistry() {
  static const Registry registry;
  return registry;
}

}  // namespace

std::span<const Extractor* const> AllExtractors() { return TheRegistry().all; }

const Extractor* FindExtractor(std::string_view name) {
  const auto all = AllExtractors();
  const auto it = std::find_if(all.begin(), all.end(), [&](const Extractor* e) { return e->name() == name; });
  return it == all.end() ? nullptr : *it;
}

const Extractor* ExtractorFor(const std::filesystem::path& path, std::string_view content) {
  const auto all = AllExtractors();
  for (const Extractor* e : all) {
    if (e->ClaimsPath(path)) return e;
  }
  for (const Extractor* e : all) {
    if (e->ClaimsContent(content)) return e;
  }
  return nullptr;
}

Result<std::vector<Package>> ExtractFile(const std::filesystem::path& path, const FileSystem& fs,
                                         const Extractor* extractor) {
  auto content = fs.Read(path);
  if (!content) return std::unexpected(content.error());
  if (extractor == nullptr) extractor = ExtractorFor(path, *content);
  if (extractor == nullptr) {
    return Fail(ErrorCode::kInvalidArgument, path.string() + ": not a package file vigil recognises (use --as to name its format)");
  }
  auto packages = extractor->Extract(path, *content, fs);
  if (packages) FillMissingPurls(*packages);
  return packages;
}

}  // namespace vigil::inventory
