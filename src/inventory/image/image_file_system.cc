#include "inventory/image/image_file_system.h"

#include <archive.h>
#include <archive_entry.h>

#include <algorithm>
#include <cstddef>
#include <utility>

namespace vigil::inventory::image {

namespace {

constexpr std::string_view kWhiteoutPrefix = ".wh.";
constexpr std::string_view kOpaqueMarker = ".wh..wh..opq";
// Other `.wh..wh.` names are aufs bookkeeping (hard-link directories), not deletions.
constexpr std::string_view kWhiteoutMetaPrefix = ".wh..wh.";
// Real layers hold at most a few hundred thousand entries.
constexpr std::uint64_t kMaxEntriesPerLayer = 10'000'000;
// Expansion is judged only past this many decompressed bytes; real layers compress at most ~20:1,
// while a bomb expands by 1000:1 (gzip) or far more (zstd).
constexpr la_int64_t kBombCheckFloor = la_int64_t{1} << 30;
constexpr la_int64_t kMaxExpansionRatio = 100;
constexpr std::size_t kReadChunk = std::size_t{64} << 10U;
// Map node and string headers, so that a million empty entries still count against the limit.
constexpr std::uintmax_t kEntryOverhead = 96;

std::uintmax_t Cost(const std::string& path, const std::string& data) {
  return path.size() + data.size() + kEntryOverhead;
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

std::string ArchiveMessage(::archive* a) {
  const char* message = archive_error_string(a);
  return message != nullptr ? message : "unreadable archive";
}

Result<void> CheckExpansion(::archive* a, const std::string& layer_name) {
  const la_int64_t out = archive_filter_bytes(a, 0);
  const la_int64_t in = archive_filter_bytes(a, -1);
  if (out > kBombCheckFloor && in > 0 && out / in > kMaxExpansionRatio) {
    return Fail(ErrorCode::kInvalidArgument, layer_name + ": expands " + std::to_string(in) + " bytes to more than " +
                                                 std::to_string(out) + "; refusing a likely decompression bomb");
  }
  return {};
}

// The entry's name, raw bytes preferred: names need not be valid UTF-8 nor convertible.
const char* EntryName(::archive_entry* entry) {
  const char* name = archive_entry_pathname(entry);
  return name != nullptr ? name : archive_entry_pathname_utf8(entry);
}

}  // namespace

Result<void> ImageFileSystem::ApplyLayer(::archive* layer, const std::string& layer_name, const WantFile& want,
                                         const LayerLimits& limits, std::vector<ScanIssue>& issues) {
  EntryMap upper;
  std::uintmax_t upper_bytes = 0;
  std::vector<std::string> opaque_dirs;
  std::vector<std::string> erase_trees;  // whiteouts, and lower paths an entry of this layer replaces
  const bool compressed = archive_filter_count(layer) > 1;
  auto reserve = [&](std::uintmax_t cost) -> Result<void> {
    upper_bytes += cost;
    if (bytes_ + upper_bytes > limits.max_total_bytes) {
      return Fail(ErrorCode::kInvalidArgument, layer_name + ": the files kept for extraction exceed " +
                                                   std::to_string(limits.max_total_bytes) + " bytes");
    }
    return {};
  };
  auto lower_has_tree = [&](const std::string& rel) {
    if (entries_.contains(rel)) return true;
    const std::string prefix = rel + "/";
    const auto it = entries_.lower_bound(prefix);
    return it != entries_.end() && StartsWith(it->first, prefix);
  };

  std::uint64_t count = 0;
  ::archive_entry* entry = nullptr;
  for (;;) {
    const int status = archive_read_next_header(layer, &entry);
    if (status == ARCHIVE_EOF) break;
    if (status < ARCHIVE_WARN) return Fail(ErrorCode::kInvalidArgument, layer_name + ": " + ArchiveMessage(layer));
    if (++count > kMaxEntriesPerLayer) {
      return Fail(ErrorCode::kInvalidArgument,
                  layer_name + ": more than " + std::to_string(kMaxEntriesPerLayer) + " entries");
    }
    if (auto ok = CheckExpansion(layer, layer_name); !ok) return ok;
    const char* raw_name = EntryName(entry);
    if (raw_name == nullptr) {
      issues.push_back({layer_name, "an entry without a readable name was skipped"});
      continue;
    }
    const auto rel = NormaliseEntryPath(raw_name);
    if (!rel) {
      issues.push_back({layer_name + ":" + raw_name, "entry path leads outside the image root; skipped"});
      continue;
    }
    if (rel->empty()) continue;
    const std::size_t slash = rel->rfind('/');
    const std::string dir = slash == std::string::npos ? std::string() : rel->substr(0, slash);
    const std::string base = slash == std::string::npos ? *rel : rel->substr(slash + 1);
    if (StartsWith(base, kWhiteoutPrefix)) {
      if (base == kOpaqueMarker) {
        opaque_dirs.push_back(dir);
      } else if (!StartsWith(base, kWhiteoutMetaPrefix)) {
        const std::string hidden = base.substr(kWhiteoutPrefix.size());
        if (!hidden.empty() && hidden != "." && hidden != "..")
          erase_trees.push_back(dir.empty() ? hidden : dir + "/" + hidden);
      }
      continue;
    }

    const char* hardlink = archive_entry_hardlink(entry);
    const auto type = archive_entry_filetype(entry);
    if (hardlink == nullptr && type == AE_IFDIR) {
      // A directory replaces a lower non-directory of the same name; directories are implicit here.
      if (entries_.contains(*rel)) erase_trees.push_back(*rel);
      continue;
    }
    if (lower_has_tree(*rel)) erase_trees.push_back(*rel);
    upper.erase(*rel);
    const std::string absolute = "/" + *rel;

    if (hardlink != nullptr) {
      if (!want(absolute)) continue;
      const auto target = NormaliseEntryPath(hardlink);
      const Entry* source = nullptr;
      if (target) {
        if (auto it = upper.find(*target); it != upper.end()) {
          source = &it->second;
        } else if (auto lower = entries_.find(*target); lower != entries_.end()) {
          source = &lower->second;
        }
      }
      if (source == nullptr || source->kind != NodeKind::kFile) {
        issues.push_back({absolute, "hard link to " + std::string(hardlink) + ", whose content was not kept; skipped"});
        continue;
      }
      Entry copy = *source;
      if (auto ok = reserve(Cost(*rel, copy.data)); !ok) return ok;
      upper.insert_or_assign(*rel, std::move(copy));
      continue;
    }

    if (type == AE_IFLNK) {
      const char* target = archive_entry_symlink(entry);
      Entry link{NodeKind::kSymlink, target != nullptr ? target : ""};
      if (auto ok = reserve(Cost(*rel, link.data)); !ok) return ok;
      upper.insert_or_assign(*rel, std::move(link));
      continue;
    }
    if (type != AE_IFREG) continue;

    if (!want(absolute)) {
      if (!compressed) continue;  // the next header skips it by seeking
      // Drain it here so that a bomb is caught while it expands, not after.
      const void* block = nullptr;
      std::size_t size = 0;
      la_int64_t offset = 0;
      int data_status = ARCHIVE_OK;
      while ((data_status = archive_read_data_block(layer, &block, &size, &offset)) == ARCHIVE_OK) {
        if (auto ok = CheckExpansion(layer, layer_name); !ok) return ok;
      }
      if (data_status < ARCHIVE_WARN)
        return Fail(ErrorCode::kInvalidArgument, layer_name + ": " + ArchiveMessage(layer));
      continue;
    }
    const la_int64_t declared = archive_entry_size_is_set(entry) != 0 ? archive_entry_size(entry) : 0;
    auto too_large = [&] {
      issues.push_back({absolute, "larger than the " + std::to_string(limits.max_file_size) +
                                      " bytes allowed for a package file; skipped"});
    };
    if (declared < 0 || static_cast<std::uintmax_t>(declared) > limits.max_file_size) {
      too_large();
      continue;
    }
    std::string content;
    content.reserve(static_cast<std::size_t>(declared));
    bool skipped = false;
    for (;;) {
      const std::size_t old_size = content.size();
      content.resize(old_size + kReadChunk);
      const la_ssize_t n = archive_read_data(layer, content.data() + old_size, kReadChunk);
      if (n < 0) return Fail(ErrorCode::kInvalidArgument, layer_name + ": " + absolute + ": " + ArchiveMessage(layer));
      content.resize(old_size + static_cast<std::size_t>(n));
      if (n == 0) break;
      if (content.size() > limits.max_file_size) {
        too_large();
        skipped = true;
        break;
      }
      if (bytes_ + upper_bytes + content.size() > limits.max_total_bytes) {
        return Fail(ErrorCode::kInvalidArgument, layer_name + ": the files kept for extraction exceed " +
                                                     std::to_string(limits.max_total_bytes) + " bytes");
      }
      if (auto ok = CheckExpansion(layer, layer_name); !ok) return ok;
    }
    if (skipped) continue;
    if (auto ok = reserve(Cost(*rel, content)); !ok) return ok;
    upper.insert_or_assign(*rel, Entry{NodeKind::kFile, std::move(content)});
  }

  for (const auto& dir : opaque_dirs) EraseBelow(dir);
  for (const auto& path : erase_trees) EraseTree(path);
  for (auto& [path, e] : upper) Insert(path, std::move(e));
  return {};
}

void ImageFileSystem::PutFile(std::string_view path, std::string content) {
  if (auto rel = NormaliseEntryPath(path); rel && !rel->empty())
    Insert(*rel, Entry{NodeKind::kFile, std::move(content)});
}

void ImageFileSystem::PutSymlink(std::string_view path, std::string target) {
  if (auto rel = NormaliseEntryPath(path); rel && !rel->empty())
    Insert(*rel, Entry{NodeKind::kSymlink, std::move(target)});
}

Result<std::string> ImageFileSystem::Read(const std::filesystem::path& path) const {
  auto resolved =
      ResolveUnderRoot(path.native(), [this](const std::string& rel) -> Result<Node> { return Lookup(rel); });
  if (!resolved) return std::unexpected(resolved.error());
  if (resolved->node.kind != NodeKind::kFile) {
    return Fail(ErrorCode::kInvalidArgument, path.string() + ": not a regular file");
  }
  return entries_.find(resolved->relative)->second.data;
}

std::vector<std::string> ImageFileSystem::Files() const {
  std::vector<std::string> out;
  for (const auto& [path, e] : entries_) {
    if (e.kind == NodeKind::kFile) out.push_back("/" + path);
  }
  return out;
}

const std::string* ImageFileSystem::Find(std::string_view absolute_path) const {
  const auto rel = NormaliseEntryPath(absolute_path);
  if (!rel) return nullptr;
  const auto it = entries_.find(*rel);
  return it == entries_.end() || it->second.kind != NodeKind::kFile ? nullptr : &it->second.data;
}

Node ImageFileSystem::Lookup(const std::string& relative) const {
  if (relative.empty()) return Node{NodeKind::kDirectory, {}};
  if (const auto it = entries_.find(relative); it != entries_.end()) {
    return it->second.kind == NodeKind::kSymlink ? Node{NodeKind::kSymlink, it->second.data}
                                                 : Node{NodeKind::kFile, {}};
  }
  const std::string prefix = relative + "/";
  const auto it = entries_.lower_bound(prefix);
  if (it != entries_.end() && StartsWith(it->first, prefix)) return Node{NodeKind::kDirectory, {}};
  return Node{NodeKind::kMissing, {}};
}

void ImageFileSystem::EraseTree(const std::string& relative) {
  if (const auto it = entries_.find(relative); it != entries_.end()) {
    bytes_ -= Cost(it->first, it->second.data);
    entries_.erase(it);
  }
  EraseBelow(relative);
}

void ImageFileSystem::EraseBelow(const std::string& relative) {
  const std::string prefix = relative.empty() ? std::string() : relative + "/";
  auto it = entries_.lower_bound(prefix);
  while (it != entries_.end() && StartsWith(it->first, prefix)) {
    bytes_ -= Cost(it->first, it->second.data);
    it = entries_.erase(it);
  }
}

void ImageFileSystem::Insert(std::string relative, Entry entry) {
  const std::uintmax_t cost = Cost(relative, entry.data);
  if (const auto it = entries_.find(relative); it != entries_.end()) {
    bytes_ -= Cost(it->first, it->second.data);
    it->second = std::move(entry);
  } else {
    entries_.emplace(std::move(relative), std::move(entry));
  }
  bytes_ += cost;
}

}  // namespace vigil::inventory::image
