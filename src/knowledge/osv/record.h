// An OSV record (OSV schema 1.6) as plain data: what the parser produces and the advisory store
// and snapshot compiler consume. Free-form JSON objects (database_specific, ecosystem_specific)
// are kept as their raw JSON text. Value type; thread-compatible.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace vigil::knowledge::osv {

enum class EventKind : std::uint8_t { kIntroduced, kFixed, kLastAffected, kLimit };

struct Event {
  EventKind kind = EventKind::kIntroduced;
  std::string version;  // "0" for introduced means "from the first version"
};

enum class RangeType : std::uint8_t { kEcosystem, kSemver, kGit };

struct Range {
  RangeType type = RangeType::kEcosystem;
  std::string repo;  // GIT ranges only
  std::vector<Event> events;
  std::string database_specific;  // raw JSON, empty when absent
};

struct Package {
  std::string ecosystem;  // with its release suffix, e.g. "AlmaLinux:9"
  std::string name;
  std::string purl;
};

struct Severity {
  std::string type;   // CVSS_V2, CVSS_V3, CVSS_V4, Ubuntu, …
  std::string score;  // the vector (or the qualitative rating for Ubuntu)
};

struct Affected {
  Package package;
  std::vector<Severity> severity;
  std::vector<Range> ranges;
  std::vector<std::string> versions;
  std::string ecosystem_specific;  // raw JSON, empty when absent
  std::string database_specific;   // raw JSON, empty when absent
};

struct Reference {
  std::string type;
  std::string url;
};

struct Credit {
  std::string name;
  std::vector<std::string> contact;
  std::string type;
};

struct Record {
  std::string schema_version;
  std::string id;
  std::string modified;   // RFC 3339, as in the record
  std::string published;  // RFC 3339 or empty
  std::string withdrawn;  // RFC 3339 or empty; a withdrawn record never matches
  std::vector<std::string> aliases;
  std::vector<std::string> upstream;
  std::vector<std::string> related;
  std::string summary;
  std::string details;
  std::vector<Severity> severity;
  std::vector<Affected> affected;
  std::vector<Reference> references;
  std::vector<Credit> credits;
  std::string database_specific;  // raw JSON, empty when absent
};

}  // namespace vigil::knowledge::osv
