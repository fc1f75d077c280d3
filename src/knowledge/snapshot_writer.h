// Compiles OSV records and exploit facts (KEV, EPSS) into an advisory snapshot file (see
// snapshot_format.h). The file is written beside its destination and renamed into place after an
// fsync, so readers see either the old snapshot or the complete new one. Not thread-safe.
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "core/result.h"
#include "knowledge/osv/record.h"

namespace vigil::knowledge {

struct EpssFact {
  float epss = 0;
  float percentile = 0;
};

// What is known about exploitation, keyed by CVE id.
struct ExploitFacts {
  std::unordered_set<std::string> known_exploited;
  std::unordered_map<std::string, EpssFact> epss;
};

struct CompileStats {
  std::uint32_t vulnerabilities = 0;
  std::uint32_t packages = 0;
  std::uint32_t intervals = 0;
  std::uint32_t unparsed_versions = 0;       // bounds a scheme rejected (the range stays open: safe side)
  std::uint32_t unsupported_ecosystems = 0;  // affected entries of ecosystems without a scheme
};

[[nodiscard]] Result<CompileStats> WriteSnapshot(std::span<const osv::Record* const> records, const ExploitFacts& facts,
                                                 const std::filesystem::path& destination);

}  // namespace vigil::knowledge
