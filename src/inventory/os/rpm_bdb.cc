#include "inventory/os/rpm_bdb.h"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "inventory/os/rpm_common.h"

namespace vigil::inventory {
namespace {

// Berkeley DB's on-disk layout (db_page.h of Berkeley DB 4.x-5.x). Page 0 is the hash meta page;
// every page starts with the same 26-byte header; multi-byte fields are in the byte order of the
// machine that wrote the file, which the meta page's magic number tells.
constexpr std::uint32_t kHashMagic = 0x00061561;
constexpr std::size_t kMetaMagicOffset = 12;
constexpr std::size_t kMetaPageSizeOffset = 20;
constexpr std::size_t kMetaEncryptOffset = 24;
constexpr std::size_t kMetaLastPageOffset = 32;
constexpr std::size_t kPageNextOffset = 16;
constexpr std::size_t kPageEntriesOffset = 20;
constexpr std::size_t kPageHfOffset = 22;  // on overflow pages: the bytes of data on the page
constexpr std::size_t kPageTypeOffset = 25;
constexpr std::size_t kPageHeaderSize = 26;
constexpr std::uint32_t kMinPageSize = 512;
constexpr std::uint32_t kMaxPageSize = 65536;

enum PageType : std::uint8_t {
  kPageHashUnsorted = 2,
  kPageOverflow = 7,
  kPageHash = 13,
};

enum ItemType : std::uint8_t {
  kItemKeyData = 1,
  kItemOffPage = 3,
};

// An off-page item: type, 3 bytes of padding, the first overflow page, the total length.
constexpr std::size_t kOffPagePgnoOffset = 4;
constexpr std::size_t kOffPageLengthOffset = 8;
constexpr std::size_t kOffPageItemSize = 12;

class Reader {
 public:
  Reader(std::span<const std::uint8_t> file, bool big_endian) : file_(file), big_endian_(big_endian) {}

  std::uint16_t U16(std::size_t at) const {
    const auto a = static_cast<std::uint16_t>(file_[at]);
    const auto b = static_cast<std::uint16_t>(file_[at + 1]);
    return big_endian_ ? static_cast<std::uint16_t>((a << 8) | b) : static_cast<std::uint16_t>((b << 8) | a);
  }
  std::uint32_t U32(std::size_t at) const {
    std::uint32_t value = 0;
    for (std::size_t i = 0; i < 4; ++i) {
      const std::size_t byte = big_endian_ ? at + i : at + 3 - i;
      value = (value << 8) | file_[byte];
    }
    return value;
  }

 private:
  std::span<const std::uint8_t> file_;
  bool big_endian_;
};

class BdbFile {
 public:
  BdbFile(std::span<const std::uint8_t> file, bool big_endian, std::uint32_t page_size, std::uint64_t pages)
      : file_(file), read_(file, big_endian), page_size_(page_size), pages_(pages), used_(pages, false) {}

  std::uint64_t pages() const { return pages_; }
  std::span<const std::uint8_t> Page(std::uint64_t number) const {
    return file_.subspan(number * page_size_, page_size_);
  }
  std::size_t PageStart(std::uint64_t number) const { return number * page_size_; }
  const Reader& read() const { return read_; }
  std::uint32_t page_size() const { return page_size_; }

  // The bytes of an off-page item: the chain of overflow pages from `first`, `length` bytes in
  // all. nullopt with `error` set when the chain is broken, loops or runs short.
  std::optional<std::vector<std::uint8_t>> Overflow(std::uint32_t first, std::uint32_t length, std::string& error) {
    if (length > file_.size()) {
      error = "off-page item of " + std::to_string(length) + " bytes is larger than the file";
      return std::nullopt;
    }
    std::vector<std::uint8_t> out;
    out.reserve(length);
    std::uint64_t page = first;
    while (page != 0 && out.size() < length) {
      if (page >= pages_) {
        error = "overflow chain reaches page " + std::to_string(page) + " of " + std::to_string(pages_);
        return std::nullopt;
      }
      // Each overflow page belongs to one item; a page reached twice means a damaged (or crafted)
      // file, and refusing it keeps the work linear in the file's size.
      if (used_[page]) {
        error = "overflow page " + std::to_string(page) + " is already part of another item";
        return std::nullopt;
      }
      used_[page] = true;
      const std::span<const std::uint8_t> bytes = Page(page);
      const std::size_t start = PageStart(page);
      if (bytes[kPageTypeOffset] != kPageOverflow) {
        error = "page " + std::to_string(page) + " is not an overflow page";
        return std::nullopt;
      }
      const std::size_t on_page = read_.U16(start + kPageHfOffset);
      if (kPageHeaderSize + on_page > page_size_) {
        error = "overflow page " + std::to_string(page) + " claims " + std::to_string(on_page) + " bytes";
        return std::nullopt;
      }
      const std::size_t take = std::min<std::size_t>(on_page, length - out.size());
      out.insert(out.end(), bytes.begin() + kPageHeaderSize,
                 bytes.begin() + static_cast<std::ptrdiff_t>(kPageHeaderSize + take));
      page = read_.U32(start + kPageNextOffset);
    }
    if (out.size() != length) {
      error = "off-page item has " + std::to_string(out.size()) + " of its " + std::to_string(length) + " bytes";
      return std::nullopt;
    }
    return out;
  }

 private:
  std::span<const std::uint8_t> file_;
  Reader read_;
  std::uint32_t page_size_;
  std::uint64_t pages_;
  std::vector<bool> used_;  // overflow pages already read, by page number
};

// The items of hash page `number` are pairs (key, value) addressed by an offset table after the
// page header; items are packed from the end of the page down, so an item ends where the one
// before it in the table starts.
void ReadHashPage(BdbFile& db, std::uint64_t number, RpmPackageCollector& collector) {
  const std::span<const std::uint8_t> page = db.Page(number);
  const std::size_t start = db.PageStart(number);
  const Reader& read = db.read();
  const std::size_t entries = read.U16(start + kPageEntriesOffset);
  if (kPageHeaderSize + entries * 2 > db.page_size()) return;
  const auto offset_of = [&](std::size_t index) { return read.U16(start + kPageHeaderSize + index * 2); };
  const auto end_of = [&](std::size_t index) -> std::size_t {
    return index == 0 ? db.page_size() : offset_of(index - 1);
  };
  for (std::size_t value = 1; value < entries; value += 2) {
    const std::string record = "page " + std::to_string(number) + " item " + std::to_string(value);
    // Key 0 holds rpm's next instance number, not a header.
    const std::size_t key_at = offset_of(value - 1);
    const std::size_t key_end = end_of(value - 1);
    if (key_at < key_end && key_end <= page.size() && page[key_at] == kItemKeyData && key_end - key_at == 5 &&
        page[key_at + 1] == 0 && page[key_at + 2] == 0 && page[key_at + 3] == 0 && page[key_at + 4] == 0) {
      continue;
    }
    const std::size_t at = offset_of(value);
    if (at < kPageHeaderSize || at >= page.size()) {
      collector.AddError(record + ": offset " + std::to_string(at) + " is outside the page");
      continue;
    }
    if (page[at] == kItemOffPage) {
      if (at + kOffPageItemSize > page.size()) {
        collector.AddError(record + ": off-page item is cut short by the page end");
        continue;
      }
      std::string error;
      const auto bytes =
          db.Overflow(read.U32(start + at + kOffPagePgnoOffset), read.U32(start + at + kOffPageLengthOffset), error);
      if (bytes) {
        collector.Add(*bytes, record);
      } else {
        collector.AddError(record + ": " + error);
      }
    } else if (page[at] == kItemKeyData) {
      const std::size_t end = end_of(value);
      if (end <= at || end > page.size()) {
        collector.AddError(record + ": item overlaps the next one");
        continue;
      }
      collector.Add(page.subspan(at + 1, end - at - 1), record);
    }
  }
}

class RpmBdbExtractor final : public Extractor {
 public:
  std::string_view name() const override { return "rpm-bdb"; }

  bool ClaimsPath(const std::filesystem::path& path) const override { return IsRpmDatabasePath(path, "Packages"); }

  Result<std::vector<Package>> Extract(const std::filesystem::path& path, std::string_view content,
                                       const FileSystem& fs) const override {
    const std::string where = path.string();
    const std::span<const std::uint8_t> file(reinterpret_cast<const std::uint8_t*>(content.data()), content.size());
    if (file.size() < kMinPageSize) {
      return Fail(ErrorCode::kInvalidArgument, where + ": not a Berkeley DB hash database (too short)");
    }
    bool big_endian = false;
    if (Reader(file, false).U32(kMetaMagicOffset) == kHashMagic) {
      big_endian = false;
    } else if (Reader(file, true).U32(kMetaMagicOffset) == kHashMagic) {
      big_endian = true;
    } else {
      return Fail(ErrorCode::kInvalidArgument, where + ": not a Berkeley DB hash database (bad magic)");
    }
    const Reader read(file, big_endian);
    const std::uint32_t page_size = read.U32(kMetaPageSizeOffset);
    if (page_size < kMinPageSize || page_size > kMaxPageSize || (page_size & (page_size - 1)) != 0) {
      return Fail(ErrorCode::kInvalidArgument, where + ": page size " + std::to_string(page_size) + " is invalid");
    }
    if (file[kMetaEncryptOffset] != 0) {
      return Fail(ErrorCode::kInvalidArgument, where + ": encrypted Berkeley DB databases are not supported");
    }
    const std::uint64_t last_page = read.U32(kMetaLastPageOffset);
    const std::uint64_t pages = std::min<std::uint64_t>(last_page + 1, file.size() / page_size);
    BdbFile db(file, big_endian, page_size, pages);

    RpmPackageCollector collector(path, fs);
    // Every hash page in file order: rpm's keys are instance numbers, so hash order means nothing,
    // and reading pages in sequence needs no bucket arithmetic.
    for (std::uint64_t number = 1; number < pages; ++number) {
      const std::uint8_t type = db.Page(number)[kPageTypeOffset];
      if (type == kPageHash || type == kPageHashUnsorted) ReadHashPage(db, number, collector);
    }
    return std::move(collector).Finish();
  }
};

}  // namespace

std::unique_ptr<const Extractor> MakeRpmBdbExtractor() {
  return std::make_unique<RpmBdbExtractor>();
}

}  // namespace vigil::inventory
