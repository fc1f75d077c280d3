// Hygiene facts of one inventory beside its findings: whether the OS release is still supported,
// which vulnerable package versions have no fix to upgrade to, how many packages each ecosystem
// holds, and (given the snapshot) which of those ecosystems the advisory data does not cover at all.
// Pure functions over caller-owned values; thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "hygiene/eol.h"
#include "inventory/package.h"
#include "knowledge/snapshot.h"
#include "match/matcher.h"

namespace vigil::hygiene {

struct OsFact {
  inventory::OsRelease os;
  Lifecycle lifecycle;  // the EOL table row, when the release is in it
  OsSupport support = OsSupport::kUnknown;
};

// A vulnerable package version with at least one finding that no upgrade clears.
struct UnfixedPackage {
  std::string ecosystem;
  std::string name;
  std::string version;
  std::vector<std::string> finding_ids;  // the findings without a fixed version, sorted
};

struct Hygiene {
  std::optional<OsFact> os;  // none when the inventory names no operating system
  std::vector<UnfixedPackage> without_fix;  // sorted by ecosystem, name, version
  // Distinct packages per ecosystem as the inventory names it ("npm", "Debian:12"; "" when the format
  // gave none). A package version found in several files counts once; OS binary packages built from
  // one source package count one each.
  std::map<std::string, std::size_t> packages_per_ecosystem;
  // Ecosystems of the inventory for which the advisory snapshot holds no advisory, sorted: zero
  // findings there mean "not checked", not "clean". None when no snapshot was consulted.
  std::optional<std::vector<std::string>> ecosystems_without_advisory_data;
};

// `today_days`: days since 1970-01-01 (core/time.h ParseIsoDate) at which the OS release is judged.
[[nodiscard]] Hygiene Assess(const inventory::Inventory& inventory, const match::MatchResult& match,
                             std::int64_t today_days);

// As above, and fills `ecosystems_without_advisory_data` from the snapshot's ecosystem list.
[[nodiscard]] Hygiene Assess(const inventory::Inventory& inventory, const match::MatchResult& match,
                             std::int64_t today_days, const knowledge::Snapshot& snapshot);

// The inventory's ecosystems (empty names excluded) with no advisory in `advisory_ecosystems`
// (knowledge::Snapshot::Ecosystems()), compared exactly: data for "Debian:12" does not cover
// "Debian:13". Sorted.
[[nodiscard]] std::vector<std::string> EcosystemsWithoutAdvisoryData(
    const inventory::Inventory& inventory, std::span<const knowledge::EcosystemStats> advisory_ecosystems);

}  // namespace vigil::hygiene
