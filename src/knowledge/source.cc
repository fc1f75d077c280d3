#include "knowledge/source.h"

#include <archive.h>
#include <archive_entry.h>
#include <sys/types.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace vigil::knowledge {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t kReadChunk = std::size_t{64} << 10;
constexpr std::size_t kArchiveBlock = std::size_t{1} << 20;  // fewer, larger reads from the zip file
// libarchive may ask to retry a header read; a corrupt archive must not make us retry forever.
constexpr int kMaxConsecutiveHeaderFailures = 16;

struct ArchiveDeleter {
  void operator()(archive* handle) const { archive_read_free(handle); }
};
using ArchivePtr = std::unique_ptr<archive, ArchiveDeleter>;

struct FileCloser {
  void operator()(std::FILE* file) const { std::fclose(file); }
};
using FilePtr = std::unique_ptr<std::FILE, FileCloser>;

bool HasExtension(const fs::path& path, std::string_view extension) {
  std::string ext = path.extension().string();
  std::ranges::transform(ext, ext.begin(),
                         [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext == extension;
}

std::string ArchiveMessage(archive* handle) {
  const char* message = archive_error_string(handle);
  return message != nullptr ? message : "unknown libarchive error";
}

class Walker {
 public:
  Walker(const DocumentVisitor& visit, const DocumentErrorSink& on_error, const SourceOptions& options)
      : visit_(visit), on_error_(on_error), options_(options) {}

  Result<void> Walk(const fs::path& path) {
    std::error_code ec;
    const fs::file_status status = fs::status(path, ec);
    if (ec || !fs::exists(status)) {
      return Fail(ErrorCode::kNotFound, path.string() + ": no such file or directory");
    }
    if (fs::is_directory(status)) return WalkDirectory(path);
    if (HasExtension(path, ".zip")) return ReadZip(path);
    if (HasExtension(path, ".gz")) return ReadGzip(path);
    return ReadPlainFile(path);
  }

  const WalkSummary& summary() const { return summary_; }

 private:
  // Reads a whole stream into buffer_ through `read(dst, max) -> bytes (0 at end, <0 on error)`,
  // refusing more than max_document_bytes. Returns the content size.
  template <class ReadFn>
  Result<std::size_t> Fill(std::size_t size_hint, ReadFn read, const std::string& origin) {
    const std::size_t limit = options_.max_document_bytes;
    // One byte beyond the hint lets a stream of exactly the hinted size end without regrowing.
    Reserve(std::min(size_hint, limit) + 1);
    std::size_t size = 0;
    while (true) {
      // Always leave room to read one byte beyond the limit so an oversized stream is detected.
      if (buffer_.size() - kDocumentPadding <= size)
        Reserve(std::min(std::max(size * 2, kReadChunk), limit + 1));
      const std::size_t room = std::min(buffer_.size() - kDocumentPadding, limit + 1) - size;
      auto got = read(buffer_.data() + size, room);
      if (!got) return std::unexpected(WithContext(std::move(got.error()), origin));
      if (*got == 0) break;
      size += *got;
      if (size > limit) {
        return Fail(ErrorCode::kInvalidArgument,
                    origin + ": larger than the limit of " + std::to_string(limit) + " bytes");
      }
    }
    std::fill_n(buffer_.data() + size, kDocumentPadding, '\0');
    return size;
  }

  void Reserve(std::size_t content_bytes) {
    if (buffer_.size() < content_bytes + kDocumentPadding) buffer_.resize(content_bytes + kDocumentPadding);
  }

  Result<void> Deliver(std::string origin, std::size_t size) {
    ++summary_.visited;
    const Document document{std::move(origin), std::string_view(buffer_.data(), size)};
    auto result = visit_(document);
    if (!result) return Report(WithContext(std::move(result.error()), document.origin));
    return {};
  }

  Result<void> Report(Error error) {
    ++summary_.failed;
    if (!on_error_) return std::unexpected(std::move(error));
    on_error_(error);
    return {};
  }

  Result<void> WalkDirectory(const fs::path& root) {
    std::vector<fs::path> files;
    std::error_code ec;
    for (fs::recursive_directory_iterator it(root, ec), end; !ec && it != end; it.increment(ec)) {
      if (it->is_regular_file(ec) && HasExtension(it->path(), ".json")) files.push_back(it->path());
    }
    if (ec) return Fail(ErrorCode::kUnavailable, root.string() + ": cannot list directory: " + ec.message());
    std::ranges::sort(files);
    for (const fs::path& file : files) {
      if (auto done = ReadPlainFile(file); !done) return done;
    }
    return {};
  }

  Result<void> ReadPlainFile(const fs::path& path) {
    std::string origin = path.string();
    FilePtr file(std::fopen(origin.c_str(), "rb"));
    if (!file) return Report(Error{ErrorCode::kUnavailable, origin + ": cannot open"});
    std::error_code ec;
    const std::uintmax_t file_size = fs::file_size(path, ec);
    auto read = [&](char* dst, std::size_t max) -> Result<std::size_t> {
      const std::size_t got = std::fread(dst, 1, max, file.get());
      if (got == 0 && std::ferror(file.get()) != 0) return Fail(ErrorCode::kUnavailable, "read error");
      return got;
    };
    auto size = Fill(ec ? 0 : static_cast<std::size_t>(file_size), read, origin);
    if (!size) return Report(std::move(size.error()));
    return Deliver(std::move(origin), *size);
  }

  // Reads the current entry's data; kDataLoss marks an error after which the archive is unusable.
  Result<std::size_t> FillFromArchive(archive* handle, std::size_t size_hint, const std::string& origin) {
    auto read = [&](char* dst, std::size_t max) -> Result<std::size_t> {
      const la_ssize_t got = archive_read_data(handle, dst, max);
      if (got >= 0) return static_cast<std::size_t>(got);
      return Fail(got == ARCHIVE_FATAL ? ErrorCode::kDataLoss : ErrorCode::kInvalidArgument,
                  "cannot decompress: " + ArchiveMessage(handle));
    };
    return Fill(size_hint, read, origin);
  }

  Result<void> ReadZip(const fs::path& path) {
    const std::string name = path.string();
    ArchivePtr handle(archive_read_new());
    archive_read_support_format_zip(handle.get());
    if (archive_read_open_filename(handle.get(), name.c_str(), kArchiveBlock) != ARCHIVE_OK) {
      return Fail(ErrorCode::kInvalidArgument, name + ": cannot open zip: " + ArchiveMessage(handle.get()));
    }
    int failures = 0;
    while (true) {
      archive_entry* entry = nullptr;
      const int status = archive_read_next_header(handle.get(), &entry);
      if (status == ARCHIVE_EOF) return {};
      const bool entry_failed = status == ARCHIVE_RETRY || status == ARCHIVE_FAILED;
      if (status == ARCHIVE_FATAL || (entry_failed && ++failures > kMaxConsecutiveHeaderFailures)) {
        return Fail(ErrorCode::kDataLoss, name + ": unreadable zip after " +
                                              std::to_string(summary_.visited) +
                                              " documents: " + ArchiveMessage(handle.get()));
      }
      if (entry_failed) {
        if (auto reported = Report(Error{ErrorCode::kDataLoss,
                                         name + ": bad zip entry header: " + ArchiveMessage(handle.get())});
            !reported) {
          return reported;
        }
        continue;
      }
      failures = 0;
      const char* entry_name = archive_entry_pathname(entry);
      if (entry_name == nullptr || archive_entry_filetype(entry) != AE_IFREG ||
          !std::string_view(entry_name).ends_with(".json")) {
        continue;
      }
      std::string origin = name + ":" + entry_name;
      const la_int64_t declared = archive_entry_size_is_set(entry) != 0 ? archive_entry_size(entry) : 0;
      if (declared < 0 || static_cast<std::uint64_t>(declared) > options_.max_document_bytes) {
        if (auto reported = Report(Error{ErrorCode::kInvalidArgument,
                                         origin + ": declared size " + std::to_string(declared) +
                                             " bytes exceeds the limit of " +
                                             std::to_string(options_.max_document_bytes) + " bytes"});
            !reported) {
          return reported;
        }
        continue;
      }
      auto size = FillFromArchive(handle.get(), static_cast<std::size_t>(declared), origin);
      if (!size) {
        const bool fatal = size.error().code == ErrorCode::kDataLoss;
        if (auto reported = Report(std::move(size.error())); !reported) return reported;
        if (fatal) {
          return Fail(ErrorCode::kDataLoss, name + ": unreadable zip after entry " + entry_name);
        }
        continue;
      }
      if (auto delivered = Deliver(std::move(origin), *size); !delivered) return delivered;
    }
  }

  Result<void> ReadGzip(const fs::path& path) {
    std::string origin = path.string();
    ArchivePtr handle(archive_read_new());
    archive_read_support_filter_gzip(handle.get());
    archive_read_support_format_raw(handle.get());
    archive_entry* entry = nullptr;
    if (archive_read_open_filename(handle.get(), origin.c_str(), kReadChunk) != ARCHIVE_OK ||
        archive_read_next_header(handle.get(), &entry) != ARCHIVE_OK) {
      return Report(
          Error{ErrorCode::kInvalidArgument, origin + ": cannot open gzip: " + ArchiveMessage(handle.get())});
    }
    auto size = FillFromArchive(handle.get(), kReadChunk, origin);
    if (!size) return Report(std::move(size.error()));
    return Deliver(std::move(origin), *size);
  }

  const DocumentVisitor& visit_;
  const DocumentErrorSink& on_error_;
  const SourceOptions& options_;
  std::string buffer_;  // content followed by kDocumentPadding bytes; reused across documents
  WalkSummary summary_;
};

}  // namespace

Result<WalkSummary> ForEachDocument(const fs::path& path, const DocumentVisitor& visit,
                                    const DocumentErrorSink& on_error, const SourceOptions& options) {
  Walker walker(visit, on_error, options);
  if (auto walked = walker.Walk(path); !walked) return std::unexpected(std::move(walked.error()));
  return walker.summary();
}

}  // namespace vigil::knowledge
