#include "inventory/walk.h"

#include <dirent.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <climits>
#include <condition_variable>
#include <cstring>
#include <exception>
#include <memory>
#include <mutex>
#include <system_error>
#include <thread>
#include <tuple>
#include <utility>

#include "inventory/image/image.h"
#include "inventory/image/rooted_path.h"
#include "inventory/os/os_release.h"
#include "inventory/registry.h"

namespace vigil::inventory {

namespace {

using image::Node;
using image::NodeKind;

// Unnamed files are read only to sniff SBOMs (an SBOM called "bom.json"); those are small.
constexpr std::uintmax_t kMaxSniffBytes = 4 * kMiB;
constexpr std::array<std::string_view, 3> kSniffSuffixes = {".json", ".xml", ".spdx"};
// Kernel filesystems with nothing to inventory, and endless or blocking files.
constexpr std::uint32_t kConfigFsMagic = 0x62656570;
constexpr std::uint32_t kMqueueMagic = 0x19800202;
constexpr std::uint32_t kFuseCtlMagic = 0x65735543;
constexpr std::array<std::uint32_t, 19> kPseudoFilesystems = {
    PROC_SUPER_MAGIC,   SYSFS_MAGIC,         DEVPTS_SUPER_MAGIC, TMPFS_MAGIC,   RAMFS_MAGIC,
    CGROUP_SUPER_MAGIC, CGROUP2_SUPER_MAGIC, DEBUGFS_MAGIC,      TRACEFS_MAGIC, SECURITYFS_MAGIC,
    PSTOREFS_MAGIC,     BPF_FS_MAGIC,        EFIVARFS_MAGIC,     SELINUX_MAGIC, NSFS_MAGIC,
    BINFMTFS_MAGIC,     kConfigFsMagic,      kMqueueMagic,       kFuseCtlMagic};
// In a root filesystem these hold the running system, not installed software.
constexpr std::array<std::string_view, 4> kVolatileTopDirs = {"proc", "sys", "dev", "run"};
// The walk is bound by I/O and two threads per core hide most of it; more only costs memory.
constexpr unsigned kMaxThreads = 64;

bool IsPseudoFilesystem(const std::string& path) {
  struct statfs fs {};
  if (::statfs(path.c_str(), &fs) != 0) return false;
  const auto type = static_cast<std::uint32_t>(fs.f_type);
  return std::find(kPseudoFilesystems.begin(), kPseudoFilesystems.end(), type) != kPseudoFilesystems.end();
}

std::string Errno(int error) {
  return std::strerror(error);
}

// Reads the regular file open as `fd` (closed here), up to `max_bytes`.
Result<std::string> ReadFd(int fd, const std::string& display, std::uintmax_t max_bytes) {
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return Fail(ErrorCode::kInvalidArgument, display + ": not a regular file");
  }
  if (static_cast<std::uintmax_t>(st.st_size) > max_bytes) {
    ::close(fd);
    return Fail(ErrorCode::kInvalidArgument, display + ": " + std::to_string(st.st_size) + " bytes, larger than the " +
                                                 std::to_string(max_bytes) + " allowed");
  }
  std::string out;
  out.reserve(static_cast<std::size_t>(st.st_size));
  std::array<char, 64 * 1024> buffer{};
  for (;;) {
    const ssize_t n = ::read(fd, buffer.data(), buffer.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      const int error = errno;
      ::close(fd);
      return Fail(ErrorCode::kUnavailable, display + ": cannot read: " + Errno(error));
    }
    if (n == 0) break;
    out.append(buffer.data(), static_cast<std::size_t>(n));
    if (out.size() > max_bytes) {  // it grew while we read
      ::close(fd);
      return Fail(ErrorCode::kInvalidArgument,
                  display + ": larger than the " + std::to_string(max_bytes) + " bytes allowed");
    }
  }
  ::close(fd);
  return out;
}

Result<std::string> ReadAt(int dirfd, const char* name, const std::string& display, std::uintmax_t max_bytes) {
  // O_NONBLOCK: should the file have become a FIFO since it was looked at, do not hang on it.
  const int fd = ::openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    const int error = errno;
    return Fail(error == EACCES || error == EPERM ? ErrorCode::kPermissionDenied : ErrorCode::kUnavailable,
                display + ": cannot open: " + Errno(error));
  }
  return ReadFd(fd, display, max_bytes);
}

// A directory tree seen as a root filesystem: paths and symlinks resolve inside it (an absolute
// link target starts at the tree's root, not the host's) and only regular files of bounded size
// are read, so that a hostile tree cannot send an extractor to /dev/zero or the host's files.
class RootedDiskFileSystem final : public FileSystem {
 public:
  RootedDiskFileSystem(std::string root, std::uintmax_t max_file_size)
      : root_(std::move(root)), max_file_size_(max_file_size) {}

  Result<std::string> Read(const std::filesystem::path& path) const override {
    auto resolved = image::ResolveUnderRoot(path.native(), [this](const std::string& rel) { return Lookup(rel); });
    if (!resolved) return std::unexpected(resolved.error());
    const std::string full = Full(resolved->relative);
    if (resolved->node.kind != NodeKind::kFile) {
      return Fail(ErrorCode::kInvalidArgument, full + ": not a regular file");
    }
    return ReadAt(AT_FDCWD, full.c_str(), full, max_file_size_);
  }

 private:
  std::string Full(const std::string& rel) const {
    if (rel.empty()) return root_.empty() ? "/" : root_;
    return root_ + "/" + rel;
  }

  Result<Node> Lookup(const std::string& rel) const {
    const std::string full = Full(rel);
    struct stat st {};
    if (::lstat(full.c_str(), &st) != 0) {
      const int error = errno;
      if (error == ENOENT || error == ENOTDIR) return Node{NodeKind::kMissing, {}};
      return Fail(error == EACCES ? ErrorCode::kPermissionDenied : ErrorCode::kUnavailable, full + ": " + Errno(error));
    }
    if (S_ISDIR(st.st_mode)) return Node{NodeKind::kDirectory, {}};
    if (S_ISREG(st.st_mode)) return Node{NodeKind::kFile, {}};
    if (!S_ISLNK(st.st_mode)) return Node{NodeKind::kOther, {}};
    std::array<char, PATH_MAX> target{};
    const ssize_t n = ::readlink(full.c_str(), target.data(), target.size());
    if (n < 0 || static_cast<std::size_t>(n) >= target.size()) {
      return Fail(ErrorCode::kUnavailable, full + ": cannot read the symbolic link");
    }
    return Node{NodeKind::kSymlink, std::string(target.data(), static_cast<std::size_t>(n))};
  }

  std::string root_;  // without a trailing slash; "" for the host's root
  std::uintmax_t max_file_size_;
};

// The last `n` components of a relative path ("a/b/c/d", 3 -> "b/c/d").
std::filesystem::path LastComponents(std::string_view path, int n) {
  std::size_t start = path.size();
  for (int seen = 0; start > 0; --start) {
    if (path[start - 1] == '/' && ++seen == n) break;
  }
  return std::filesystem::path(path.substr(start));
}

bool HasSniffSuffix(std::string_view name) {
  std::string lower(name.substr(name.size() > 8 ? name.size() - 8 : 0));
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return std::any_of(kSniffSuffixes.begin(), kSniffSuffixes.end(),
                     [&](std::string_view s) { return lower.ends_with(s); });
}

const Extractor* ExtractorClaimingContent(std::string_view content, std::span<const Extractor* const> extractors) {
  for (const Extractor* e : extractors) {
    if (e->ClaimsContent(content)) return e;
  }
  return nullptr;
}

std::string Trimmed(std::string s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  const auto last = s.find_last_not_of(" \t\r\n");
  return s.substr(first, last - first + 1);
}

// The parallel walk: a pool of threads takes directories off a shared stack (depth first, so the
// stack stays small), reads their entries without following symlinks and extracts the package
// files it finds. Each thread collects into its own ScanResult; they are merged at the end.
class Walker {
 public:
  Walker(std::string root, bool root_filesystem, const WalkOptions& options,
         std::span<const Extractor* const> extractors, const FileSystem& fs)
      : root_(std::move(root)),
        root_filesystem_(root_filesystem),
        options_(options),
        extractors_(extractors),
        fs_(fs) {}

  ScanResult Run(dev_t root_device) {
    stack_.push_back(Task{"", 0, root_device});
    const unsigned threads = std::min(
        kMaxThreads, options_.threads != 0 ? options_.threads : std::max(1U, std::thread::hardware_concurrency()));
    {
      // The calling thread works too, so a system that refuses more threads only slows the walk.
      std::vector<std::jthread> pool;
      try {
        for (unsigned i = 1; i < threads; ++i) pool.emplace_back([this] { Work(); });
      } catch (const std::system_error&) {
      }
      Work();
    }
    return std::move(merged_);
  }

 private:
  struct Task {
    std::string rel;  // "" for the root, else "/a/b"
    int depth = 0;
    dev_t device = 0;
  };

  std::string Full(const std::string& rel) const {
    if (rel.empty()) return root_.empty() ? "/" : root_;
    return root_ + rel;
  }

  void Work() {
    ScanResult local;
    for (;;) {
      Task task;
      {
        std::unique_lock lock(mu_);
        cv_.wait(lock, [this] { return !stack_.empty() || active_ == 0; });
        if (stack_.empty()) break;
        task = std::move(stack_.back());
        stack_.pop_back();
        ++active_;
      }
      std::vector<Task> children = ScanDirectory(task, local);
      {
        std::lock_guard lock(mu_);
        --active_;
        for (auto& child : children) stack_.push_back(std::move(child));
      }
      cv_.notify_all();
    }
    std::lock_guard lock(mu_);
    merged_.files_seen += local.files_seen;
    for (auto& p : local.inventory.packages) merged_.inventory.packages.push_back(std::move(p));
    for (auto& i : local.issues) merged_.issues.push_back(std::move(i));
  }

  std::vector<Task> ScanDirectory(const Task& task, ScanResult& out) {
    std::vector<Task> children;
    const std::string full = Full(task.rel);
    const std::string shown = task.rel.empty() ? "/" : task.rel;
    // The root may be a symlink the user named; below it, nothing is followed.
    const int fd = ::open(full.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC | (task.rel.empty() ? 0 : O_NOFOLLOW));
    if (fd < 0) {
      out.issues.push_back({shown, "cannot open directory: " + Errno(errno)});
      return children;
    }
    std::unique_ptr<DIR, int (*)(DIR*)> dir(::fdopendir(fd), &::closedir);
    if (!dir) {
      out.issues.push_back({shown, "cannot read directory: " + Errno(errno)});
      ::close(fd);
      return children;
    }
    for (;;) {
      errno = 0;
      const dirent* entry = ::readdir(dir.get());
      if (entry == nullptr) {
        if (errno != 0) out.issues.push_back({shown, "cannot read directory: " + Errno(errno)});
        break;
      }
      const std::string_view name = entry->d_name;
      if (name == "." || name == "..") continue;
      std::string rel = task.rel + "/" + std::string(name);
      struct stat st {};
      if (::fstatat(fd, entry->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
        out.issues.push_back({rel, "cannot stat: " + Errno(errno)});
        continue;
      }
      if (S_ISDIR(st.st_mode)) {
        if (task.depth == 0 && root_filesystem_ &&
            std::find(kVolatileTopDirs.begin(), kVolatileTopDirs.end(), name) != kVolatileTopDirs.end()) {
          continue;
        }
        if (st.st_dev != task.device && IsPseudoFilesystem(Full(rel))) continue;
        if (task.depth + 1 > options_.max_depth) {
          out.issues.push_back(
              {rel, "deeper than " + std::to_string(options_.max_depth) + " directories; not scanned"});
          continue;
        }
        children.push_back(Task{std::move(rel), task.depth + 1, st.st_dev});
      } else if (S_ISREG(st.st_mode)) {
        ++out.files_seen;
        ScanFile(fd, entry->d_name, rel, st, out);
      }
    }
    return children;
  }

  void ScanFile(int dirfd, const char* name, const std::string& rel, const struct stat& st, ScanResult& out) {
    const auto size = static_cast<std::uintmax_t>(st.st_size);
    // Claims look at no more than the last three components; asking about a short path keeps
    // the hundreds of thousands of files of a root filesystem cheap to classify.
    if (const Extractor* extractor = ExtractorClaimingPath(LastComponents(rel, 3), extractors_)) {
      const std::filesystem::path path(rel);
      if (size > options_.max_file_size) {
        out.issues.push_back({rel, std::to_string(size) + " bytes, larger than the " +
                                       std::to_string(options_.max_file_size) +
                                       " allowed for a package file; skipped"});
        return;
      }
      auto content = ReadAt(dirfd, name, rel, options_.max_file_size);
      if (!content) {
        out.issues.push_back({rel, content.error().message});
        return;
      }
      ExtractInto(*extractor, path, *content, fs_, out);
      return;
    }
    if (size > kMaxSniffBytes || !HasSniffSuffix(name)) return;
    const std::filesystem::path path(rel);
    // A speculative read: a file we cannot read here is most likely no package file at all.
    auto content = ReadAt(dirfd, name, rel, kMaxSniffBytes);
    if (!content) return;
    if (const Extractor* extractor = ExtractorClaimingContent(*content, extractors_)) {
      ExtractInto(*extractor, path, *content, fs_, out);
    }
  }

  const std::string root_;
  const bool root_filesystem_;
  const WalkOptions& options_;
  const std::span<const Extractor* const> extractors_;
  const FileSystem& fs_;

  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<Task> stack_;
  int active_ = 0;
  ScanResult merged_;
};

bool SameFile(const std::string& a, const char* b) {
  struct stat sa {};
  struct stat sb {};
  return ::stat(a.c_str(), &sa) == 0 && ::stat(b, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

Result<ScanResult> ScanDirectoryTree(const std::filesystem::path& target, const struct stat& st,
                                     const WalkOptions& options, std::span<const Extractor* const> extractors) {
  std::string root = std::filesystem::absolute(target).lexically_normal().native();
  while (!root.empty() && root.back() == '/') root.pop_back();
  const bool host = SameFile(root.empty() ? "/" : root, "/");
  const RootedDiskFileSystem fs(root, options.max_file_size);
  auto probe = [&](const char* rel) {
    struct stat ignored {};
    return ::lstat((root + rel).c_str(), &ignored) == 0;
  };
  const bool root_filesystem = host || probe("/etc/os-release") || probe("/usr/lib/os-release");

  Walker walker(root, root_filesystem, options, extractors, fs);
  ScanResult result = walker.Run(st.st_dev);
  result.inventory.os = ReadOsRelease(fs);
  Asset& asset = result.inventory.asset;
  asset.kind = host ? AssetKind::kHost : AssetKind::kDirectory;
  if (auto machine_id = fs.Read("/etc/machine-id")) asset.machine_id = Trimmed(std::move(*machine_id));
  if (host) {
    if (auto hostname = fs.Read("/etc/hostname")) asset.name = Trimmed(std::move(*hostname));
    if (asset.name.empty()) {
      std::array<char, HOST_NAME_MAX + 1> buffer{};
      if (::gethostname(buffer.data(), buffer.size() - 1) == 0) asset.name = buffer.data();
    }
  } else {
    asset.name = root;
  }
  FinishForOutput(result);
  return result;
}

Result<ScanResult> ScanOneFile(const std::filesystem::path& target, const struct stat& st, const WalkOptions& options,
                               std::span<const Extractor* const> extractors) {
  const std::filesystem::path path = std::filesystem::absolute(target).lexically_normal();
  const RootedDiskFileSystem fs("", options.max_file_size);
  const Extractor* extractor = ExtractorClaimingPath(path, extractors);
  if (extractor == nullptr) {
    auto image = image::OpenImageTarball(path);
    if (!image) return std::unexpected(image.error());
    if (*image) return image::ScanImage(**image, path.string(), options, extractors);
  }
  if (static_cast<std::uintmax_t>(st.st_size) > options.max_file_size) {
    return Fail(ErrorCode::kInvalidArgument, path.string() + ": " + std::to_string(st.st_size) +
                                                 " bytes, larger than the " + std::to_string(options.max_file_size) +
                                                 " allowed for a package file");
  }
  auto content = ReadAt(AT_FDCWD, path.c_str(), path.string(), options.max_file_size);
  if (!content) return std::unexpected(content.error());
  if (extractor == nullptr) extractor = ExtractorClaimingContent(*content, extractors);
  if (extractor == nullptr) {
    return Fail(ErrorCode::kInvalidArgument,
                path.string() + ": neither a container image nor a package file vigil recognises");
  }
  auto packages = extractor->Extract(path, *content, fs);
  if (!packages) return std::unexpected(packages.error());
  ScanResult result;
  result.files_seen = 1;
  result.inventory.packages = std::move(*packages);
  result.inventory.asset.kind = AssetKind::kFile;
  result.inventory.asset.name = path.string();
  FinishForOutput(result);
  return result;
}

}  // namespace

const Extractor* ExtractorClaimingPath(const std::filesystem::path& path,
                                       std::span<const Extractor* const> extractors) {
  for (const Extractor* e : extractors) {
    if (e->ClaimsPath(path)) return e;
  }
  return nullptr;
}

void ExtractInto(const Extractor& extractor, const std::filesystem::path& path, std::string_view content,
                 const FileSystem& fs, ScanResult& out) {
  // One extractor's failure must cost one file, not the scan (and must not escape a worker thread).
  try {
    auto packages = extractor.Extract(path, content, fs);
    if (!packages) {
      out.issues.push_back({path.string(), packages.error().message});
      return;
    }
    for (auto& p : *packages) out.inventory.packages.push_back(std::move(p));
  } catch (const std::exception& e) {
    out.issues.push_back({path.string(), std::string(extractor.name()) + ": internal error: " + e.what()});
  } catch (...) {
    out.issues.push_back({path.string(), std::string(extractor.name()) + ": internal error"});
  }
}

void FinishForOutput(ScanResult& result) {
  auto& packages = result.inventory.packages;
  FillMissingPurls(packages);
  std::stable_sort(packages.begin(), packages.end(), [](const Package& a, const Package& b) {
    return std::tie(a.location, a.ecosystem, a.name, a.version) < std::tie(b.location, b.ecosystem, b.name, b.version);
  });
  std::stable_sort(result.issues.begin(), result.issues.end(), [](const ScanIssue& a, const ScanIssue& b) {
    return std::tie(a.path, a.message) < std::tie(b.path, b.message);
  });
}

Result<ScanResult> ScanPath(const std::filesystem::path& target, const WalkOptions& options) {
  return ScanPath(target, options, AllExtractors());
}

Result<ScanResult> ScanPath(const std::filesystem::path& target, const WalkOptions& options,
                            std::span<const Extractor* const> extractors) {
  struct stat st {};
  if (target.empty() || ::stat(target.c_str(), &st) != 0) {
    const int error = target.empty() ? ENOENT : errno;
    return Fail(error == ENOENT || error == ENOTDIR ? ErrorCode::kNotFound
                : error == EACCES                   ? ErrorCode::kPermissionDenied
                                                    : ErrorCode::kUnavailable,
                target.string() + ": " + Errno(error));
  }
  if (S_ISDIR(st.st_mode)) {
    auto layout = image::OpenOciLayout(target);
    if (!layout) return std::unexpected(layout.error());
    if (*layout)
      return image::ScanImage(**layout, std::filesystem::absolute(target).lexically_normal().string(), options,
                              extractors);
    return ScanDirectoryTree(target, st, options, extractors);
  }
  if (S_ISREG(st.st_mode)) return ScanOneFile(target, st, options, extractors);
  return Fail(ErrorCode::kInvalidArgument, target.string() + ": neither a directory nor a regular file");
}

}  // namespace vigil::inventory
