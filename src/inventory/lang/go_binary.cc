#include "inventory/lang/go_binary.h"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace vigil::inventory {

namespace {

constexpr std::string_view kEcosystem = "Go";
constexpr std::string_view kElfMagic =
    "\x7f"
    "ELF";
// The build-info header: this magic, pointer size, flags, padding to 32 bytes (Go's debug/buildinfo).
constexpr std::string_view kBuildInfoMagic = "\xff Go buildinf:";
constexpr std::size_t kBuildInfoHeaderSize = 32;
constexpr std::size_t kBuildInfoAlign = 16;
constexpr unsigned char kFlagVersionInline = 0x2;  // Go 1.18+: strings follow the header
// Go wraps the module information in these 16-byte sentinels.
constexpr std::size_t kSentinelSize = 16;

std::unexpected<Error> Invalid(const std::filesystem::path& path, std::string_view reason) {
  return std::unexpected(Error{ErrorCode::kInvalidArgument, path.string() + ": " + std::string(reason)});
}

// Bounds-checked reads of ELF integers of either byte order.
class Bytes {
 public:
  Bytes(std::string_view data, bool big_endian) : data_(data), big_endian_(big_endian) {}

  [[nodiscard]] std::optional<std::uint64_t> Uint(std::uint64_t offset, std::size_t size) const {
    if (offset > data_.size() || size > data_.size() - offset) return std::nullopt;
    std::uint64_t value = 0;
    for (std::size_t i = 0; i < size; ++i) {
      const auto byte = static_cast<unsigned char>(data_[offset + (big_endian_ ? i : size - 1 - i)]);
      value = (value << 8) | byte;
    }
    return value;
  }

 private:
  std::string_view data_;
  bool big_endian_;
};

// The .go.buildinfo section by the section headers; nullopt if there is none (or they are damaged).
std::optional<std::string_view> BuildInfoSection(std::string_view elf) {
  if (elf.size() < 0x34 || !elf.starts_with(kElfMagic)) return std::nullopt;
  const bool is64 = elf[4] == 2;
  const Bytes bytes(elf, elf[5] == 2);
  const auto shoff = bytes.Uint(is64 ? 0x28 : 0x20, is64 ? 8 : 4);
  const auto shentsize = bytes.Uint(is64 ? 0x3a : 0x2e, 2);
  const auto shnum = bytes.Uint(is64 ? 0x3c : 0x30, 2);
  const auto shstrndx = bytes.Uint(is64 ? 0x3e : 0x32, 2);
  if (!shoff || !shentsize || !shnum || !shstrndx || *shnum == 0 || *shstrndx >= *shnum) return std::nullopt;
  const std::size_t word = is64 ? 8 : 4;
  const auto section = [&](std::uint64_t index, std::uint64_t& offset, std::uint64_t& size, std::uint64_t& name) {
    const std::uint64_t header = *shoff + index * *shentsize;
    const auto n = bytes.Uint(header, 4);
    const auto o = bytes.Uint(header + (is64 ? 0x18 : 0x10), word);
    const auto s = bytes.Uint(header + (is64 ? 0x20 : 0x14), word);
    if (!n || !o || !s || *o > elf.size() || *s > elf.size() - *o) return false;
    name = *n;
    offset = *o;
    size = *s;
    return true;
  };
  std::uint64_t strtab_offset = 0, strtab_size = 0, unused = 0;
  if (!section(*shstrndx, strtab_offset, strtab_size, unused)) return std::nullopt;
  const std::string_view strtab = elf.substr(strtab_offset, strtab_size);
  constexpr std::string_view kSectionName = ".go.buildinfo";
  for (std::uint64_t i = 0; i < *shnum; ++i) {
    std::uint64_t offset = 0, size = 0, name = 0;
    if (!section(i, offset, size, name) || name >= strtab.size()) continue;
    const std::string_view rest = strtab.substr(name);
    if (rest.substr(0, rest.find('\0')) == kSectionName) return elf.substr(offset, size);
  }
  return std::nullopt;
}

// Without section headers Go looks for the magic at 16-byte alignment, and so do we.
std::optional<std::string_view> FindBuildInfo(std::string_view elf) {
  if (auto section = BuildInfoSection(elf); section && section->starts_with(kBuildInfoMagic)) return section;
  for (std::size_t at = elf.find(kBuildInfoMagic); at != std::string_view::npos;
       at = elf.find(kBuildInfoMagic, at + 1)) {
    if (at % kBuildInfoAlign == 0) return elf.substr(at);
  }
  return std::nullopt;
}

// A uvarint-length-prefixed string at `pos`, advancing it.
std::optional<std::string_view> ReadString(std::string_view data, std::size_t& pos) {
  std::uint64_t length = 0;
  for (unsigned shift = 0;; shift += 7) {
    if (pos >= data.size() || shift > 63) return std::nullopt;
    const auto byte = static_cast<unsigned char>(data[pos++]);
    length |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) break;
  }
  if (length > data.size() - pos) return std::nullopt;
  const std::string_view out = data.substr(pos, length);
  pos += length;
  return out;
}

std::string StripV(std::string_view version) {
  if (version.starts_with('v')) version.remove_prefix(1);
  return std::string(version);
}

std::vector<std::string_view> SplitTabs(std::string_view line) {
  std::vector<std::string_view> fields;
  for (std::size_t start = 0;;) {
    const std::size_t tab = line.find('\t', start);
    fields.push_back(line.substr(start, tab == std::string_view::npos ? std::string_view::npos : tab - start));
    if (tab == std::string_view::npos) return fields;
    start = tab + 1;
  }
}

class GoBinaryExtractor final : public Extractor {
 public:
  [[nodiscard]] std::string_view name() const override { return "go-binary"; }

  [[nodiscard]] bool ClaimsPath(const std::filesystem::path& path) const override {
    static_cast<void>(path);
    return false;
  }

  [[nodiscard]] bool ClaimsContent(std::string_view content) const override {
    return content.starts_with(kElfMagic) && FindBuildInfo(content).has_value();
  }

  [[nodiscard]] Result<std::vector<Package>> Extract(const std::filesystem::path& path, std::string_view content,
                                                     const FileSystem& fs) const override {
    static_cast<void>(fs);
    if (!content.starts_with(kElfMagic)) return Invalid(path, "not an ELF executable");
    const auto info = FindBuildInfo(content);
    if (!info) return Invalid(path, "no Go build information (.go.buildinfo)");
    if (info->size() < kBuildInfoHeaderSize) return Invalid(path, "truncated Go build information header");
    const auto flags = static_cast<unsigned char>((*info)[kBuildInfoMagic.size() + 1]);
    if ((flags & kFlagVersionInline) == 0) {
      return Invalid(path, "Go build information of a toolchain before Go 1.18 is not supported");
    }
    std::size_t pos = kBuildInfoHeaderSize;
    const auto go_version = ReadString(*info, pos);
    const auto mod_info = go_version ? ReadString(*info, pos) : std::nullopt;
    if (!go_version || !mod_info) return Invalid(path, "truncated Go build information");

    std::string_view modules = *mod_info;
    if (modules.size() >= 2 * kSentinelSize + 1 && modules[modules.size() - kSentinelSize - 1] == '\n') {
      modules = modules.substr(kSentinelSize, modules.size() - 2 * kSentinelSize);
    }
    std::vector<Package> packages;
    const auto add = [&](std::string_view module_path, std::string_view version) {
      Package p;
      p.name = std::string(module_path);
      p.version = StripV(version);
      p.ecosystem = std::string(kEcosystem);
      p.location = path.string();
      packages.push_back(std::move(p));
    };
    bool after_dep = false;  // a "=>" line replaces the module of the "dep" line before it
    std::size_t start = 0;
    while (start < modules.size()) {
      const std::size_t eol = modules.find('\n', start);
      const std::string_view line =
          modules.substr(start, eol == std::string_view::npos ? std::string_view::npos : eol - start);
      start = eol == std::string_view::npos ? modules.size() : eol + 1;
      const auto fields = SplitTabs(line);
      const bool was_after_dep = std::exchange(after_dep, false);
      if (fields.size() < 3) continue;
      if (fields[0] == "mod") {
        // A main module built from a work tree has no version ("(devel)") to match advisories on.
        if (fields[2] != "(devel)" && !fields[2].empty()) add(fields[1], fields[2]);
      } else if (fields[0] == "dep") {
        add(fields[1], fields[2]);
        after_dep = true;
      } else if (fields[0] == "=>" && was_after_dep) {
        packages.back().name = std::string(fields[1]);
        packages.back().version = StripV(fields[2]);
      }
    }
    // "go1.22.3", possibly with an experiment suffix ("go1.22.3 X:boringcrypto").
    std::string_view toolchain = *go_version;
    if (toolchain.starts_with("go")) {
      toolchain.remove_prefix(2);
      add("stdlib", toolchain.substr(0, toolchain.find_first_of(" -+")));
    }
    return packages;
  }
};

}  // namespace

std::unique_ptr<const Extractor> MakeGoBinaryExtractor() {
  return std::make_unique<GoBinaryExtractor>();
}

}  // namespace vigil::inventory
