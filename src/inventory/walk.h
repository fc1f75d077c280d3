// Filesystem discovery for `vigil scan`/`inventory`: walks a directory tree (or the host's root)
// in parallel, or opens a container image (docker-save tarball, OCI layout), and runs the
// extractor that claims each package file. Stateless functions; safe to call from any thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "inventory/extractor.h"
#include "inventory/package.h"

namespace vigil::inventory {

// One file or directory that could not be read or extracted; the scan goes on without it.
struct ScanIssue {
  std::string path;
  std::string message;
};

struct ScanResult {
  Inventory inventory;
  std::vector<ScanIssue> issues;
  std::size_t files_seen = 0;  // regular files looked at (walk) or kept from the layers (image)
};

inline constexpr std::uintmax_t kMiB = std::uintmax_t{1} << 20U;

struct WalkOptions {
  int max_depth = 64;                           // directories below this depth are not entered
  std::uintmax_t max_file_size = 256 * kMiB;    // larger package files are skipped (an issue)
  unsigned threads = 0;                         // 0: one per hardware thread
  std::uintmax_t max_image_bytes = 512 * kMiB;  // files an image scan may hold in memory at once
};

// Scans `target`: a directory (the host when it is "/"), an OCI image layout directory, a
// docker-save or OCI-layout tarball, or one package file. Errors are for the target as a whole
// (missing, not an image nor a package file, a corrupt image); a bad file inside becomes an issue.
[[nodiscard]] Result<ScanResult> ScanPath(const std::filesystem::path& target, const WalkOptions& options);

// As above with an explicit set of extractors instead of the registry's (tests, `--as`).
[[nodiscard]] Result<ScanResult> ScanPath(const std::filesystem::path& target, const WalkOptions& options,
                                          std::span<const Extractor* const> extractors);

// Shared by the directory walk and the image scan.

// The first of `extractors` that claims `path` by name alone, or nullptr.
[[nodiscard]] const Extractor* ExtractorClaimingPath(const std::filesystem::path& path,
                                                     std::span<const Extractor* const> extractors);

// Runs `extractor` on one file, appending its packages or one issue to `out`. Never throws.
void ExtractInto(const Extractor& extractor, const std::filesystem::path& path, std::string_view content,
                 const FileSystem& fs, ScanResult& out);

// Fills in the purls extractors left empty, and sorts packages by (location, ecosystem, name,
// version) and issues by path, so that equal inputs give equal output whatever the thread schedule.
void FinishForOutput(ScanResult& result);

}  // namespace vigil::inventory
