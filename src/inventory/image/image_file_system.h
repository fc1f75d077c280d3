// The merged filesystem of a container image, held in memory: only the regular files an extractor
// wants (by path) and every symlink, built by applying the image's layer tarballs in order with
// OCI whiteouts. Not thread-safe while layers are applied; Read is safe from many threads after.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "inventory/extractor.h"
#include "inventory/image/rooted_path.h"
#include "inventory/walk.h"

struct archive;

namespace vigil::inventory::image {

struct LayerLimits {
  std::uintmax_t max_file_size = 0;    // a wanted file larger than this is skipped with an issue
  std::uintmax_t max_total_bytes = 0;  // bytes held at once (files, link targets, paths): error above
};

// Whether to keep the regular file at an absolute path ("/var/lib/dpkg/status").
using WantFile = std::function<bool(const std::string& absolute_path)>;

class ImageFileSystem final : public FileSystem {
 public:
  // Reads the layer tarball `layer` (named `layer_name` in messages) and applies it on top of the
  // layers before: `.wh.<name>` deletes name, `.wh..wh..opq` hides what lower layers hold in its
  // directory. Entries whose path escapes the root are skipped with an issue. A corrupt layer, or
  // one that looks like a decompression bomb or holds more than the limits allow, is an error;
  // the filesystem may then hold part of the layer.
  [[nodiscard]] Result<void> ApplyLayer(::archive* layer, const std::string& layer_name, const WantFile& want,
                                        const LayerLimits& limits, std::vector<ScanIssue>& issues);

  // Adds or replaces one file (tests, and images assembled by other means).
  void PutFile(std::string_view path, std::string content);
  void PutSymlink(std::string_view path, std::string target);

  [[nodiscard]] Result<std::string> Read(const std::filesystem::path& path) const override;

  // The regular files held, as absolute paths, sorted.
  [[nodiscard]] std::vector<std::string> Files() const;
  // The content of a held regular file at exactly `absolute_path` (no symlinks followed), or null.
  [[nodiscard]] const std::string* Find(std::string_view absolute_path) const;
  [[nodiscard]] std::uintmax_t bytes() const { return bytes_; }

 private:
  struct Entry {
    NodeKind kind = NodeKind::kFile;  // kFile or kSymlink
    std::string data;                 // the content, or the link target
  };
  using EntryMap = std::map<std::string, Entry, std::less<>>;

  [[nodiscard]] Node Lookup(const std::string& relative) const;
  // Drops `relative` and everything below it.
  void EraseTree(const std::string& relative);
  void EraseBelow(const std::string& relative);
  void Insert(std::string relative, Entry entry);

  EntryMap entries_;  // keyed by normalised relative path ("etc/os-release")
  std::uintmax_t bytes_ = 0;
};

}  // namespace vigil::inventory::image
