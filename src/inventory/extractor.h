// An extractor reads one kind of package file (a lockfile, a package database, an SBOM) into
// packages. Extractors are stateless singletons owned by the registry (registry.h) and safe to use
// from any thread. Files are read through a FileSystem so that the same extractor serves a host,
// a directory tree and a container image's merged layers.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "inventory/package.h"

namespace vigil::inventory {

// Read access to the files an extractor may need besides its own (`-r` includes of
// requirements.txt, /etc/os-release, /etc/alpine-release). Paths are absolute within the root.
class FileSystem {
 public:
  virtual ~FileSystem() = default;
  // The whole file, kNotFound when it does not exist.
  [[nodiscard]] virtual Result<std::string> Read(const std::filesystem::path& path) const = 0;
};

// The machine's own filesystem under `root` ("/" for the host itself).
class DiskFileSystem final : public FileSystem {
 public:
  explicit DiskFileSystem(std::filesystem::path root = "/") : root_(std::move(root)) {}
  [[nodiscard]] Result<std::string> Read(const std::filesystem::path& path) const override;

 private:
  std::filesystem::path root_;
};

class Extractor {
 public:
  virtual ~Extractor() = default;

  // The format's name, as in ../shared/fixtures/lockfiles/expected.json ("package-lock.json",
  // "dpkg-status", "pom.xml", …) or, for formats it does not cover, e.g. "cyclonedx-json".
  [[nodiscard]] virtual std::string_view name() const = 0;

  // Whether a file at `path` is of this format judging by its name and at most its two parent
  // directories ("dpkg/status.d/x"): a directory walk passes only those last three components.
  [[nodiscard]] virtual bool ClaimsPath(const std::filesystem::path& path) const = 0;

  // Whether `content` is of this format when its name says nothing (an SBOM called "x.json").
  [[nodiscard]] virtual bool ClaimsContent(std::string_view content) const {
    static_cast<void>(content);
    return false;
  }

  // Reads the packages of the file at `path` (used in messages and as Package::location) whose
  // bytes are `content`. Invalid content is kInvalidArgument naming the file and the line or JSON
  // path; a file it needs that is missing is kNotFound.
  [[nodiscard]] virtual Result<std::vector<Package>> Extract(const std::filesystem::path& path, std::string_view content,
                                                             const FileSystem& fs) const = 0;
};

}  // namespace vigil::inventory
