// RPM package headers as rpm keeps them in its databases (rpmdb.sqlite, Berkeley DB Packages):
// the tag index and data store of one installed package, and the Package vigil makes of it with
// the ecosystem the tree's os-release names. Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>

#include "core/result.h"
#include "inventory/extractor.h"
#include "inventory/package.h"

namespace vigil::inventory {

struct RpmHeader {
  std::string name;
  std::string version;
  std::string release;
  std::optional<std::uint32_t> epoch;
  std::string arch;
  std::string source_rpm;  // "bash-5.1.8-9.el9.src.rpm"
};

// Parses a header blob: big-endian index count and data size, 16-byte index entries (tag, type,
// offset, count), then the data store; an 8-byte header magic in front is skipped. Every offset
// is checked. kInvalidArgument with the reason (without a file name) when the blob is not a
// header or lacks a NAME.
[[nodiscard]] Result<RpmHeader> ParseRpmHeader(std::span<const std::uint8_t> blob);

// The OSV ecosystem of the RPM packages of a tree, from its os-release: "AlmaLinux:9",
// "Rocky Linux:8", "Red Hat", "Fedora:40"; otherwise the os-release ID, compared by RPM rules.
struct RpmEcosystem {
  std::string ecosystem;
  std::string compare_as;
};
[[nodiscard]] RpmEcosystem RpmEcosystemOf(const FileSystem& fs);

// Whether a header is a real package (rpm also keeps imported signing keys as "gpg-pubkey").
[[nodiscard]] bool IsRpmPackage(const RpmHeader& header);

// The package of a header: name and `[epoch:]version-release` as RHEL-family advisories write
// them, the source rpm's name and version, and the architecture.
[[nodiscard]] Package RpmPackage(const RpmHeader& header, const RpmEcosystem& ecosystem,
                                 const std::filesystem::path& location);

}  // namespace vigil::inventory
