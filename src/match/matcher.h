// Matches inventory packages against the compiled advisory snapshot: each distinct (ecosystem,
// name, version) is looked up once, and each vulnerability — an identity group of OSV records and
// aliases — yields one finding per package version, with the fix that clears it. Stateless
// functions; the snapshot may be shared across threads.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "inventory/package.h"
#include "knowledge/snapshot.h"

namespace vigil::match {

struct Finding {
  std::string id;                    // OSV id of the record reported (the smallest matching id)
  std::vector<std::string> aliases;  // every other id and alias of the vulnerability, sorted
  std::string ecosystem;
  std::string name;
  std::string version;
  std::string purl;
  std::vector<std::string> locations;  // files the package version was found in, sorted
  std::string fixed_version;           // empty: no fix known
  std::string summary;
  std::string modified;
  std::string cvss_vector;
  std::optional<double> cvss_score;
  std::uint32_t severity = 0;  // knowledge::cvss::Severity of the score (kNone without one)
  bool known_exploited = false;
  std::optional<double> epss;
  std::optional<double> epss_percentile;
};

// A package that could not be looked up (its version is invalid in its ecosystem).
struct MatchIssue {
  std::string location;
  std::string message;
};

struct MatchResult {
  std::vector<Finding> findings;  // sorted by ecosystem, name, version, id
  std::vector<MatchIssue> issues;
  std::size_t distinct_packages = 0;  // distinct (ecosystem, name, version) looked up
  std::size_t without_version = 0;    // packages with no version (commit-only, unresolved): not matched
};

[[nodiscard]] MatchResult MatchPackages(const knowledge::Snapshot& snapshot, std::span<const inventory::Package> packages);

}  // namespace vigil::match
