// Container images as vigil reads them: a `docker save` tarball, an OCI image layout directory, or
// a tarball of one. ImageSource gives access to the blobs (manifest, config, layers); ScanImage
// follows manifest -> config -> layers, merges the layers and runs the extractors over the result.
// Sources are not thread-safe; use one per scan.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "core/result.h"
#include "inventory/extractor.h"
#include "inventory/walk.h"

struct archive;

namespace vigil::inventory::image {

class ImageSource {
 public:
  virtual ~ImageSource() = default;
  // Whether the blob or file `name` ("manifest.json", "blobs/sha256/<hex>") exists.
  [[nodiscard]] virtual bool Has(std::string_view name) const = 0;
  // The whole of a small blob; kInvalidArgument when it is larger than `max_bytes`.
  [[nodiscard]] virtual Result<std::string> ReadSmall(std::string_view name, std::size_t max_bytes) = 0;
  // Calls `apply` with a libarchive reader over the tarball `name` (plain, gzip, zstd, …).
  [[nodiscard]] virtual Result<void> ReadTar(std::string_view name,
                                             const std::function<Result<void>(::archive*)>& apply) = 0;
};

// A tarball holding a `docker save` image (manifest.json) or an OCI layout (oci-layout and
// index.json). nullptr when `path` is not a tar archive or holds neither.
[[nodiscard]] Result<std::unique_ptr<ImageSource>> OpenImageTarball(const std::filesystem::path& path);

// An OCI image layout directory. nullptr when `dir` lacks `oci-layout` or `index.json`.
[[nodiscard]] Result<std::unique_ptr<ImageSource>> OpenOciLayout(const std::filesystem::path& dir);

// Scans the image `source` (named `display_name` when it carries no tag) with `extractors`.
[[nodiscard]] Result<ScanResult> ScanImage(ImageSource& source, const std::string& display_name,
                                           const WalkOptions& options, std::span<const Extractor* const> extractors);

}  // namespace vigil::inventory::image
