// Feeds arbitrary bytes to one inventory extractor (chosen at build time by name): packages or an
// error, never a crash, a hang or a leak. Files it would read besides its own are absent.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "inventory/registry.h"

namespace {

class EmptyFileSystem final : public vigil::inventory::FileSystem {
 public:
  vigil::Result<std::string> Read(const std::filesystem::path& path) const override {
    return vigil::Fail(vigil::ErrorCode::kNotFound, path.string() + ": absent");
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const vigil::inventory::Extractor* extractor = vigil::inventory::FindExtractor(VIGIL_FUZZ_EXTRACTOR);
  if (extractor == nullptr) std::abort();  // the build names an extractor that does not exist
  const EmptyFileSystem fs;
  const std::string_view content(reinterpret_cast<const char*>(data), size);
  (void)extractor->ClaimsContent(content);
  (void)extractor->Extract("/fuzz/input", content, fs);
  return 0;
}
