#include "inventory/image/image.h"

#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <utility>
#include <vector>

#include "inventory/image/image_file_system.h"
#include "inventory/image/rooted_path.h"
#include "inventory/os/os_release.h"

namespace vigil::inventory::image {

namespace {

// Manifests, indexes and configs are a few KiB; anything near this is not an image's metadata.
constexpr std::size_t kMaxMetadataBytes = std::size_t{16} << 20U;
// A tarball's small entries are kept from the first pass so that manifests and configs (and tiny
// layers) need no second pass over a multi-GiB file.
constexpr std::size_t kMaxCachedEntry = std::size_t{1} << 20U;
constexpr std::size_t kMaxCacheBytes = std::size_t{64} << 20U;
constexpr std::size_t kMaxTarballNames = 1'000'000;
// Image indexes may nest (index -> index -> manifest); real ones nest once.
constexpr int kMaxIndexDepth = 4;
constexpr std::size_t kReadChunk = std::size_t{64} << 10U;

// Files kept from the layers whatever the extractors claim: they name the distribution.
constexpr std::array<std::string_view, 4> kReleaseFiles = {"/etc/os-release", "/usr/lib/os-release",
                                                           "/etc/alpine-release", "/etc/debian_version"};

struct ArchiveFree {
  void operator()(::archive* a) const { archive_read_free(a); }
};
using ArchivePtr = std::unique_ptr<::archive, ArchiveFree>;

// Tar with the compressions images use, all in-process: support_filter_all would fall back to
// running external programs (lzop, lrzip) on untrusted input.
ArchivePtr NewTarReader() {
  ArchivePtr a(archive_read_new());
  if (!a) return a;
  archive_read_support_filter_gzip(a.get());
  archive_read_support_filter_bzip2(a.get());
  archive_read_support_filter_xz(a.get());
  archive_read_support_filter_zstd(a.get());
  archive_read_support_format_tar(a.get());
  archive_read_support_format_empty(a.get());
  return a;
}

std::string ArchiveMessage(::archive* a) {
  const char* message = archive_error_string(a);
  return message != nullptr ? message : "unreadable archive";
}

const char* EntryName(::archive_entry* entry) {
  const char* name = archive_entry_pathname(entry);
  return name != nullptr ? name : archive_entry_pathname_utf8(entry);
}

// Reads the current entry of `a` whole, up to `max_bytes`.
Result<std::string> ReadEntry(::archive* a, const std::string& what, std::size_t max_bytes) {
  std::string out;
  for (;;) {
    const std::size_t old_size = out.size();
    out.resize(old_size + kReadChunk);
    const la_ssize_t n = archive_read_data(a, out.data() + old_size, kReadChunk);
    if (n < 0) return Fail(ErrorCode::kInvalidArgument, what + ": " + ArchiveMessage(a));
    out.resize(old_size + static_cast<std::size_t>(n));
    if (n == 0) return out;
    if (out.size() > max_bytes) {
      return Fail(ErrorCode::kInvalidArgument, what + ": larger than " + std::to_string(max_bytes) + " bytes");
    }
  }
}

// Feeds one entry of an outer tarball to a nested libarchive reader.
struct NestedStream {
  ::archive* outer = nullptr;
  std::array<char, kReadChunk> buffer{};
};

la_ssize_t ReadNested(::archive* inner, void* data, const void** block) {
  auto* stream = static_cast<NestedStream*>(data);
  const la_ssize_t n = archive_read_data(stream->outer, stream->buffer.data(), stream->buffer.size());
  if (n < 0) {
    archive_set_error(inner, EIO, "%s", ArchiveMessage(stream->outer).c_str());
    return ARCHIVE_FATAL;
  }
  *block = stream->buffer.data();
  return n;
}

class DirectorySource final : public ImageSource {
 public:
  explicit DirectorySource(std::filesystem::path dir) : dir_(std::move(dir)) {}

  bool Has(std::string_view name) const override { return PathOf(name).has_value(); }

  Result<std::string> ReadSmall(std::string_view name, std::size_t max_bytes) override {
    const auto path = PathOf(name);
    if (!path) return Fail(ErrorCode::kNotFound, (dir_ / std::string(name)).string() + ": no such file");
    const int fd = ::open(path->c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) return Fail(ErrorCode::kUnavailable, path->string() + ": " + std::strerror(errno));
    std::string out;
    std::array<char, kReadChunk> buffer{};
    ssize_t n = 0;
    while ((n = ::read(fd, buffer.data(), buffer.size())) > 0) {
      out.append(buffer.data(), static_cast<std::size_t>(n));
      if (out.size() > max_bytes) {
        ::close(fd);
        return Fail(ErrorCode::kInvalidArgument,
                    path->string() + ": larger than " + std::to_string(max_bytes) + " bytes");
      }
    }
    const int read_errno = errno;
    ::close(fd);
    if (n < 0) return Fail(ErrorCode::kUnavailable, path->string() + ": " + std::strerror(read_errno));
    return out;
  }

  Result<void> ReadTar(std::string_view name, const std::function<Result<void>(::archive*)>& apply) override {
    const auto path = PathOf(name);
    if (!path) return Fail(ErrorCode::kNotFound, (dir_ / std::string(name)).string() + ": no such blob");
    ArchivePtr a = NewTarReader();
    if (!a || archive_read_open_filename(a.get(), path->c_str(), kReadChunk) != ARCHIVE_OK) {
      return Fail(ErrorCode::kInvalidArgument, path->string() + ": " + (a ? ArchiveMessage(a.get()) : "out of memory"));
    }
    return apply(a.get());
  }

 private:
  // The regular file `name` names inside the layout; never a symlink, never outside it.
  std::optional<std::filesystem::path> PathOf(std::string_view name) const {
    const auto rel = NormaliseEntryPath(name);
    if (!rel || rel->empty()) return std::nullopt;
    std::filesystem::path path = dir_ / *rel;
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
    return path;
  }

  std::filesystem::path dir_;
};

class TarballSource final : public ImageSource {
 public:
  explicit TarballSource(std::filesystem::path path) : path_(std::move(path)) {}

  // nullptr when `path` is not a tar archive.
  static Result<std::unique_ptr<TarballSource>> Index(const std::filesystem::path& path) {
    ArchivePtr a = NewTarReader();
    if (!a || archive_read_open_filename(a.get(), path.c_str(), kReadChunk) != ARCHIVE_OK) {
      return std::unique_ptr<TarballSource>();
    }
    auto source = std::make_unique<TarballSource>(path);
    std::size_t cached = 0;
    ::archive_entry* entry = nullptr;
    for (bool first = true;; first = false) {
      const int status = archive_read_next_header(a.get(), &entry);
      if (status == ARCHIVE_EOF) break;
      if (status < ARCHIVE_WARN) {
        if (first) return std::unique_ptr<TarballSource>();
        return Fail(ErrorCode::kInvalidArgument, path.string() + ": " + ArchiveMessage(a.get()));
      }
      const char* raw = EntryName(entry);
      const auto rel = raw != nullptr ? NormaliseEntryPath(raw) : std::nullopt;
      if (!rel || rel->empty() || archive_entry_filetype(entry) != AE_IFREG) continue;
      if (source->names_.size() >= kMaxTarballNames) {
        return Fail(ErrorCode::kInvalidArgument,
                    path.string() + ": more than " + std::to_string(kMaxTarballNames) + " entries");
      }
      if (!source->names_.insert(*rel).second) continue;  // the first of duplicate names counts
      const la_int64_t size = archive_entry_size(entry);
      if (size >= 0 && static_cast<std::size_t>(size) <= kMaxCachedEntry &&
          cached + static_cast<std::size_t>(size) <= kMaxCacheBytes) {
        auto content = ReadEntry(a.get(), path.string() + ": " + *rel, kMaxCachedEntry);
        if (!content) return std::unexpected(content.error());
        cached += content->size();
        source->cache_.emplace(*rel, std::move(*content));
      }
    }
    return source;
  }

  bool Has(std::string_view name) const override {
    const auto rel = NormaliseEntryPath(name);
    return rel && names_.contains(*rel);
  }

  Result<std::string> ReadSmall(std::string_view name, std::size_t max_bytes) override {
    const auto rel = NormaliseEntryPath(name);
    if (!rel) return Fail(ErrorCode::kNotFound, path_.string() + ": no entry " + std::string(name));
    {
      if (const auto it = cache_.find(*rel); it != cache_.end()) {
        if (it->second.size() > max_bytes) {
          return Fail(ErrorCode::kInvalidArgument,
                      Describe(*rel) + ": larger than " + std::to_string(max_bytes) + " bytes");
        }
        return it->second;
      }
    }
    std::string out;
    auto found = WithEntry(name, [&](::archive* outer) -> Result<void> {
      auto content = ReadEntry(outer, Describe(*rel), max_bytes);
      if (!content) return std::unexpected(content.error());
      out = std::move(*content);
      return {};
    });
    if (!found) return std::unexpected(found.error());
    return out;
  }

  Result<void> ReadTar(std::string_view name, const std::function<Result<void>(::archive*)>& apply) override {
    const auto rel = NormaliseEntryPath(name);
    if (!rel) return Fail(ErrorCode::kNotFound, path_.string() + ": no entry " + std::string(name));
    {
      if (const auto it = cache_.find(*rel); it != cache_.end()) {
        ArchivePtr inner = NewTarReader();
        if (!inner || archive_read_open_memory(inner.get(), it->second.data(), it->second.size()) != ARCHIVE_OK) {
          return Fail(ErrorCode::kInvalidArgument,
                      Describe(*rel) + ": " + (inner ? ArchiveMessage(inner.get()) : "out of memory"));
        }
        return apply(inner.get());
      }
    }
    return WithEntry(name, [&](::archive* outer) -> Result<void> {
      auto stream = std::make_unique<NestedStream>();
      stream->outer = outer;
      ArchivePtr inner = NewTarReader();
      if (!inner || archive_read_open(inner.get(), stream.get(), nullptr, ReadNested, nullptr) != ARCHIVE_OK) {
        return Fail(ErrorCode::kInvalidArgument,
                    Describe(*rel) + ": " + (inner ? ArchiveMessage(inner.get()) : "out of memory"));
      }
      return apply(inner.get());
    });
  }

 private:
  std::string Describe(const std::string& rel) const { return path_.string() + ": " + rel; }

  // Opens the tarball again and calls `fn` positioned at the entry `name`.
  Result<void> WithEntry(std::string_view name, const std::function<Result<void>(::archive*)>& fn) {
    const auto rel = NormaliseEntryPath(name);
    if (!rel || !names_.contains(*rel)) {
      return Fail(ErrorCode::kNotFound, path_.string() + ": no entry " + std::string(name));
    }
    ArchivePtr a = NewTarReader();
    if (!a || archive_read_open_filename(a.get(), path_.c_str(), kReadChunk) != ARCHIVE_OK) {
      return Fail(ErrorCode::kUnavailable, path_.string() + ": " + (a ? ArchiveMessage(a.get()) : "out of memory"));
    }
    ::archive_entry* entry = nullptr;
    for (;;) {
      const int status = archive_read_next_header(a.get(), &entry);
      if (status == ARCHIVE_EOF) break;
      if (status < ARCHIVE_WARN)
        return Fail(ErrorCode::kInvalidArgument, path_.string() + ": " + ArchiveMessage(a.get()));
      const char* raw = EntryName(entry);
      const auto entry_rel = raw != nullptr ? NormaliseEntryPath(raw) : std::nullopt;
      if (entry_rel && *entry_rel == *rel && archive_entry_filetype(entry) == AE_IFREG) return fn(a.get());
    }
    return Fail(ErrorCode::kNotFound, path_.string() + ": no entry " + std::string(name));
  }

  std::filesystem::path path_;
  std::set<std::string, std::less<>> names_;
  std::map<std::string, std::string, std::less<>> cache_;
};

// What to read from an image: its config and layers, in order, and how to call it.
struct ImagePlan {
  std::string config;
  std::string digest;
  std::string name;
  std::vector<std::string> layers;
};

using Json = nlohmann::json;

Result<Json> ReadJson(ImageSource& source, const std::string& name, const std::string& display) {
  auto text = source.ReadSmall(name, kMaxMetadataBytes);
  if (!text) return std::unexpected(WithContext(text.error(), display));
  Json doc = Json::parse(*text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return Fail(ErrorCode::kInvalidArgument, display + ": " + name + ": not valid JSON");
  return doc;
}

std::string StringAt(const Json& object, const char* key) {
  if (!object.is_object()) return {};
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool IsHex(std::string_view s) {
  return !s.empty() && s.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

// "sha256:<hex>" -> "blobs/sha256/<hex>", refusing anything that could name a path elsewhere.
std::optional<std::string> BlobName(std::string_view digest) {
  const std::size_t colon = digest.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == digest.size()) return std::nullopt;
  const std::string_view algorithm = digest.substr(0, colon);
  const std::string_view encoded = digest.substr(colon + 1);
  if (algorithm.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789+._-") != std::string_view::npos ||
      algorithm.front() == '.' ||
      encoded.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789=_-") !=
          std::string_view::npos) {
    return std::nullopt;
  }
  return "blobs/" + std::string(algorithm) + "/" + std::string(encoded);
}

// A docker-save config is "<hex>.json" (old) or "blobs/sha256/<hex>" (Docker 25+); both are named
// after the config's digest, which is the image ID.
std::string DigestOfConfigName(std::string_view name) {
  const auto rel = NormaliseEntryPath(name);
  if (!rel) return {};
  std::string_view path = *rel;
  if (path.starts_with("blobs/sha256/") && IsHex(path.substr(13))) return "sha256:" + std::string(path.substr(13));
  if (path.ends_with(".json") && path.size() == 64 + 5 && IsHex(path.substr(0, 64)))
    return "sha256:" + std::string(path.substr(0, 64));
  return {};
}

Result<ImagePlan> PlanDockerSave(ImageSource& source, const std::string& display, std::vector<ScanIssue>& issues) {
  auto doc = ReadJson(source, "manifest.json", display);
  if (!doc) return std::unexpected(doc.error());
  if (!doc->is_array() || doc->empty() || !(*doc)[0].is_object()) {
    return Fail(ErrorCode::kInvalidArgument, display + ": manifest.json: $: expected an array of images");
  }
  if (doc->size() > 1) {
    issues.push_back(
        {display, "manifest.json holds " + std::to_string(doc->size()) + " images; only the first was scanned"});
  }
  const Json& image = (*doc)[0];
  ImagePlan plan;
  plan.config = StringAt(image, "Config");
  if (plan.config.empty()) return Fail(ErrorCode::kInvalidArgument, display + ": manifest.json: $[0].Config: missing");
  plan.digest = DigestOfConfigName(plan.config);
  if (const auto tags = image.find("RepoTags");
      tags != image.end() && tags->is_array() && !tags->empty() && (*tags)[0].is_string()) {
    plan.name = (*tags)[0].get<std::string>();
  }
  const auto layers = image.find("Layers");
  if (layers == image.end() || !layers->is_array()) {
    return Fail(ErrorCode::kInvalidArgument, display + ": manifest.json: $[0].Layers: expected an array");
  }
  for (std::size_t i = 0; i < layers->size(); ++i) {
    if (!(*layers)[i].is_string()) {
      return Fail(ErrorCode::kInvalidArgument,
                  display + ": manifest.json: $[0].Layers[" + std::to_string(i) + "]: expected a string");
    }
    plan.layers.push_back((*layers)[i].get<std::string>());
  }
  return plan;
}

std::string_view HostArchitecture() {
#if defined(__x86_64__)
  return "amd64";
#elif defined(__aarch64__)
  return "arm64";
#else
  return "";
#endif
}

// The manifest to scan from an index: the host's platform, else the first that is an image
// (BuildKit lists attestations as "unknown/unknown" manifests), else the first.
const Json* ChooseManifest(const Json& manifests) {
  const Json* first_image = nullptr;
  const Json* first = nullptr;
  for (const Json& d : manifests) {
    if (!d.is_object()) continue;
    if (first == nullptr) first = &d;
    const auto platform = d.find("platform");
    const std::string os = platform != d.end() ? StringAt(*platform, "os") : "";
    const std::string arch = platform != d.end() ? StringAt(*platform, "architecture") : "";
    if (os == "linux" && arch == HostArchitecture()) return &d;
    const auto annotations = d.find("annotations");
    const bool attestation = annotations != d.end() && !StringAt(*annotations, "vnd.docker.reference.type").empty();
    if (first_image == nullptr && !attestation && os != "unknown") first_image = &d;
  }
  return first_image != nullptr ? first_image : first;
}

Result<ImagePlan> PlanOciLayout(ImageSource& source, const std::string& display) {
  auto doc = ReadJson(source, "index.json", display);
  if (!doc) return std::unexpected(doc.error());
  ImagePlan plan;
  std::string where = "index.json";
  for (int depth = 0;; ++depth) {
    if (depth > kMaxIndexDepth)
      return Fail(ErrorCode::kInvalidArgument, display + ": " + where + ": image indexes nest too deep");
    const auto manifests = doc->is_object() ? doc->find("manifests") : doc->end();
    if (!doc->is_object() || manifests == doc->end() || !manifests->is_array()) {
      return Fail(ErrorCode::kInvalidArgument, display + ": " + where + ": $.manifests: expected an array");
    }
    const Json* chosen = ChooseManifest(*manifests);
    if (chosen == nullptr)
      return Fail(ErrorCode::kInvalidArgument, display + ": " + where + ": $.manifests: no manifest");
    if (plan.name.empty()) {
      if (const auto annotations = chosen->find("annotations"); annotations != chosen->end()) {
        plan.name = StringAt(*annotations, "io.containerd.image.name");
        if (plan.name.empty()) plan.name = StringAt(*annotations, "org.opencontainers.image.ref.name");
      }
    }
    const std::string digest = StringAt(*chosen, "digest");
    const auto blob = BlobName(digest);
    if (!blob)
      return Fail(ErrorCode::kInvalidArgument,
                  display + ": " + where + ": $.manifests[].digest: invalid digest \"" + digest + "\"");
    where = *blob;
    auto next = ReadJson(source, *blob, display);
    if (!next) return std::unexpected(next.error());
    *doc = std::move(*next);
    if (doc->is_object() && doc->contains("layers")) break;
  }
  const auto config = doc->find("config");
  const std::string config_digest = config != doc->end() ? StringAt(*config, "digest") : "";
  const auto config_blob = BlobName(config_digest);
  if (!config_blob)
    return Fail(ErrorCode::kInvalidArgument,
                display + ": " + where + ": $.config.digest: invalid digest \"" + config_digest + "\"");
  plan.config = *config_blob;
  plan.digest = config_digest;
  const Json& layers = (*doc)["layers"];
  if (!layers.is_array())
    return Fail(ErrorCode::kInvalidArgument, display + ": " + where + ": $.layers: expected an array");
  for (std::size_t i = 0; i < layers.size(); ++i) {
    const std::string layer_digest = StringAt(layers[i], "digest");
    const auto layer_blob = BlobName(layer_digest);
    if (!layer_blob) {
      return Fail(ErrorCode::kInvalidArgument, display + ": " + where + ": $.layers[" + std::to_string(i) +
                                                   "].digest: invalid digest \"" + layer_digest + "\"");
    }
    plan.layers.push_back(*layer_blob);
  }
  return plan;
}

}  // namespace

Result<std::unique_ptr<ImageSource>> OpenImageTarball(const std::filesystem::path& path) {
  auto source = TarballSource::Index(path);
  if (!source) return std::unexpected(source.error());
  if (!*source) return std::unique_ptr<ImageSource>();
  if (!(*source)->Has("manifest.json") && !((*source)->Has("oci-layout") && (*source)->Has("index.json"))) {
    return std::unique_ptr<ImageSource>();
  }
  return std::unique_ptr<ImageSource>(std::move(*source));
}

Result<std::unique_ptr<ImageSource>> OpenOciLayout(const std::filesystem::path& dir) {
  auto source = std::make_unique<DirectorySource>(dir);
  if (!source->Has("oci-layout") || !source->Has("index.json")) return std::unique_ptr<ImageSource>();
  return std::unique_ptr<ImageSource>(std::move(source));
}

Result<ScanResult> ScanImage(ImageSource& source, const std::string& display_name, const WalkOptions& options,
                             std::span<const Extractor* const> extractors) {
  ScanResult result;
  // Docker 25+ writes both manifest.json and an OCI layout; manifest.json carries the tags.
  auto plan = source.Has("manifest.json") ? PlanDockerSave(source, display_name, result.issues)
                                          : PlanOciLayout(source, display_name);
  if (!plan) return std::unexpected(plan.error());

  if (auto config = ReadJson(source, plan->config, display_name); !config) {
    result.issues.push_back({display_name + ": " + plan->config, config.error().message});
  } else if (!config->is_object()) {
    result.issues.push_back({display_name + ": " + plan->config, "the image config is not a JSON object"});
  }

  ImageFileSystem fs;
  const LayerLimits limits{options.max_file_size, options.max_image_bytes};
  const WantFile want = [&](const std::string& path) {
    for (std::string_view release : kReleaseFiles) {
      if (path == release) return true;
    }
    return ExtractorClaimingPath(path, extractors) != nullptr;
  };
  for (const std::string& layer : plan->layers) {
    auto applied =
        source.ReadTar(layer, [&](::archive* a) { return fs.ApplyLayer(a, layer, want, limits, result.issues); });
    if (!applied) return std::unexpected(WithContext(applied.error(), display_name));
  }

  const std::vector<std::string> files = fs.Files();
  result.files_seen = files.size();
  for (const std::string& path : files) {
    const Extractor* extractor = ExtractorClaimingPath(path, extractors);
    if (extractor == nullptr) continue;
    ExtractInto(*extractor, path, *fs.Find(path), fs, result);
  }

  result.inventory.os = ReadOsRelease(fs);
  result.inventory.asset.kind = AssetKind::kImage;
  result.inventory.asset.name = plan->name.empty() ? display_name : plan->name;
  result.inventory.asset.digest = plan->digest;
  FinishForOutput(result);
  return result;
}

}  // namespace vigil::inventory::image
