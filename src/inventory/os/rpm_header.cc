#include "inventory/os/rpm_header.h"

#include <array>
#include <cctype>
#include <cstring>
#include <string_view>

#include "inventory/os/os_release.h"
#include "version/registry.h"

namespace vigil::inventory {
namespace {

// rpm's own limits (HEADER_TAGS_MAX, HEADER_DATA_MAX in lib/header_internal.h).
constexpr std::uint64_t kMaxIndexEntries = 0xffff;
constexpr std::uint64_t kMaxDataSize = 0x0fffffff;
constexpr std::size_t kPreambleSize = 8;
constexpr std::size_t kEntrySize = 16;
constexpr std::array<std::uint8_t, 8> kHeaderMagic = {0x8e, 0xad, 0xe8, 0x01, 0, 0, 0, 0};

enum Tag : std::uint32_t {
  kTagName = 1000,
  kTagVersion = 1001,
  kTagRelease = 1002,
  kTagEpoch = 1003,
  kTagArch = 1022,
  kTagSourceRpm = 1044,
};

enum TagType : std::uint32_t {
  kTypeInt32 = 4,
  kTypeString = 6,
  kTypeStringArray = 8,
  kTypeI18nString = 9,
};

constexpr std::array<std::uint32_t, 6> kWantedTags = {kTagName,  kTagVersion, kTagRelease,
                                                      kTagEpoch, kTagArch,    kTagSourceRpm};

std::optional<std::size_t> WantedTagIndex(std::uint32_t tag) {
  for (std::size_t i = 0; i < kWantedTags.size(); ++i) {
    if (kWantedTags[i] == tag) return i;
  }
  return std::nullopt;
}

std::uint32_t ReadBigEndian32(std::span<const std::uint8_t> bytes, std::size_t at) {
  return (static_cast<std::uint32_t>(bytes[at]) << 24) | (static_cast<std::uint32_t>(bytes[at + 1]) << 16) |
         (static_cast<std::uint32_t>(bytes[at + 2]) << 8) | static_cast<std::uint32_t>(bytes[at + 3]);
}

// The NUL-terminated string at `offset` of the data store (the first one of an array).
Result<std::string> ReadString(std::span<const std::uint8_t> data, std::uint32_t offset, std::uint32_t tag) {
  if (offset >= data.size()) {
    return Fail(ErrorCode::kInvalidArgument, "tag " + std::to_string(tag) + ": offset " + std::to_string(offset) +
                                                 " is past the data store (" + std::to_string(data.size()) + " bytes)");
  }
  const auto* begin = data.data() + offset;
  const auto* nul = static_cast<const std::uint8_t*>(std::memchr(begin, 0, data.size() - offset));
  if (nul == nullptr) return Fail(ErrorCode::kInvalidArgument, "tag " + std::to_string(tag) + ": unterminated string");
  return std::string(reinterpret_cast<const char*>(begin), static_cast<std::size_t>(nul - begin));
}

std::string_view LeadingDigits(std::string_view s) {
  std::size_t n = 0;
  while (n < s.size() && std::isdigit(static_cast<unsigned char>(s[n])) != 0) ++n;
  return s.substr(0, n);
}

std::string WithRelease(std::string_view prefix, std::string_view release) {
  std::string out(prefix);
  if (!release.empty()) out.append(":").append(release);
  return out;
}

}  // namespace

Result<RpmHeader> ParseRpmHeader(std::span<const std::uint8_t> blob) {
  if (blob.size() >= kHeaderMagic.size() && std::equal(kHeaderMagic.begin(), kHeaderMagic.end(), blob.begin())) {
    blob = blob.subspan(kHeaderMagic.size());
  }
  if (blob.size() < kPreambleSize) {
    return Fail(ErrorCode::kInvalidArgument, "header of " + std::to_string(blob.size()) + " bytes is too short");
  }
  const std::uint64_t entries = ReadBigEndian32(blob, 0);
  const std::uint64_t data_size = ReadBigEndian32(blob, 4);
  if (entries == 0 || entries > kMaxIndexEntries) {
    return Fail(ErrorCode::kInvalidArgument, "index count " + std::to_string(entries) + " is out of range");
  }
  if (data_size > kMaxDataSize) {
    return Fail(ErrorCode::kInvalidArgument, "data size " + std::to_string(data_size) + " is out of range");
  }
  const std::uint64_t data_start = kPreambleSize + entries * kEntrySize;
  if (data_start + data_size > blob.size()) {
    return Fail(ErrorCode::kInvalidArgument, "index of " + std::to_string(entries) + " entries and " +
                                                 std::to_string(data_size) + " data bytes exceed the header's " +
                                                 std::to_string(blob.size()) + " bytes");
  }
  const std::span<const std::uint8_t> data = blob.subspan(data_start, data_size);

  RpmHeader header;
  std::array<bool, kWantedTags.size()> seen{};
  for (std::uint64_t i = 0; i < entries; ++i) {
    const std::size_t at = kPreambleSize + i * kEntrySize;
    const std::uint32_t tag = ReadBigEndian32(blob, at);
    const std::uint32_t type = ReadBigEndian32(blob, at + 4);
    const std::uint32_t offset = ReadBigEndian32(blob, at + 8);
    const std::uint32_t count = ReadBigEndian32(blob, at + 12);
    // rpm writes each tag once; reading only the first keeps a crafted index of repeated tags
    // from scanning the data store over and over.
    const std::optional<std::size_t> wanted = WantedTagIndex(tag);
    if (!wanted || seen[*wanted]) continue;
    seen[*wanted] = true;
    std::string* text = nullptr;
    switch (tag) {
      case kTagName: text = &header.name; break;
      case kTagVersion: text = &header.version; break;
      case kTagRelease: text = &header.release; break;
      case kTagArch: text = &header.arch; break;
      case kTagSourceRpm: text = &header.source_rpm; break;
      case kTagEpoch:
        if (type != kTypeInt32 || count == 0) {
          return Fail(ErrorCode::kInvalidArgument, "EPOCH is not an INT32 (type " + std::to_string(type) + ")");
        }
        if (static_cast<std::uint64_t>(offset) + 4 > data.size()) {
          return Fail(ErrorCode::kInvalidArgument,
                      "EPOCH offset " + std::to_string(offset) + " is past the data store");
        }
        header.epoch = ReadBigEndian32(data, offset);
        continue;
      default: continue;
    }
    if (type != kTypeString && type != kTypeStringArray && type != kTypeI18nString) {
      return Fail(ErrorCode::kInvalidArgument,
                  "tag " + std::to_string(tag) + " is not a string (type " + std::to_string(type) + ")");
    }
    Result<std::string> value = ReadString(data, offset, tag);
    if (!value) return std::unexpected(value.error());
    *text = std::move(*value);
  }
  if (header.name.empty()) return Fail(ErrorCode::kInvalidArgument, "header has no NAME");
  return header;
}

RpmEcosystem RpmEcosystemOf(const FileSystem& fs) {
  constexpr std::string_view kRpmRules = "Red Hat";
  const std::optional<OsRelease> os = ReadOsRelease(fs);
  if (!os) return {"", std::string(kRpmRules)};
  const std::string_view major = LeadingDigits(os->version_id);
  RpmEcosystem out;
  if (os->id == "almalinux") {
    out.ecosystem = WithRelease("AlmaLinux", major);
  } else if (os->id == "rocky") {
    out.ecosystem = WithRelease("Rocky Linux", major);
  } else if (os->id == "rhel") {
    // Red Hat's OSV streams are CPEs of a product and repository ("Red Hat:enterprise_linux:9::
    // appstream") that the rpm database does not record; the bare name leaves the choice to matching.
    out.ecosystem = "Red Hat";
  } else if (os->id == "fedora") {
    out.ecosystem = WithRelease("Fedora", os->version_id);
  } else if (os->id == "mageia") {
    out.ecosystem = WithRelease("Mageia", os->version_id);
  } else if (os->id.starts_with("opensuse")) {
    out.ecosystem = WithRelease("openSUSE", os->pretty_name);
  } else if (os->id == "sles" || os->id == "sled" || os->id == "sles_sap") {
    out.ecosystem = WithRelease("SUSE", os->pretty_name);
  } else {
    out.ecosystem = os->id;
  }
  if (version::BaseEcosystem(out.ecosystem) != kRpmRules && !version::SchemeForEcosystem(out.ecosystem)) {
    out.compare_as = kRpmRules;
  }
  return out;
}

bool IsRpmPackage(const RpmHeader& header) {
  return header.name != "gpg-pubkey";
}

Package RpmPackage(const RpmHeader& header, const RpmEcosystem& ecosystem, const std::filesystem::path& location) {
  Package p;
  p.name = header.name;
  const std::string epoch = header.epoch && *header.epoch != 0 ? std::to_string(*header.epoch) + ":" : "";
  p.version = epoch + header.version;
  if (!header.release.empty()) p.version += "-" + header.release;
  p.ecosystem = ecosystem.ecosystem;
  p.compare_as = ecosystem.compare_as;
  p.arch = header.arch;
  p.location = location.string();
  // "name-version-release.src.rpm": the name may hold dashes, version and release may not.
  std::string_view source = header.source_rpm;
  for (const std::string_view suffix : {".src.rpm", ".nosrc.rpm"}) {
    if (source.ends_with(suffix)) {
      source.remove_suffix(suffix.size());
      break;
    }
  }
  const auto release_dash = source.rfind('-');
  if (release_dash != std::string_view::npos && release_dash > 0) {
    const auto version_dash = source.rfind('-', release_dash - 1);
    if (version_dash != std::string_view::npos && version_dash > 0) {
      p.source_name = std::string(source.substr(0, version_dash));
      // The source rpm is built from the same spec, so it shares the binary's epoch.
      p.source_version = epoch + std::string(source.substr(version_dash + 1));
    }
  }
  return p;
}

}  // namespace vigil::inventory
