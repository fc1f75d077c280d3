// End-of-life dates of Linux distribution releases: a compiled-in table (one row per release, each
// with the distribution page it was taken from; docs/hygiene.md renders the same table) and the
// lookup of an os-release ID/VERSION_ID pair in it. Immutable data and pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace vigil::hygiene {

// One distribution release. `release` matches a VERSION_ID equal to it or starting with it followed
// by a dot: "3.19" matches Alpine's "3.19.1", "9" matches RHEL's "9.3", "2" does not match "2023".
struct EolEntry {
  std::string_view os_id;    // os-release ID: "debian", "ubuntu", "alpine", "rhel", "amzn", …
  std::string_view release;  // "12", "22.04", "3.19", "9", "2023", "15.6"
  std::string_view eol;      // YYYY-MM-DD: end of the distribution's regular (free) security support
  std::string_view lts_end;  // YYYY-MM-DD: end of Debian LTS after `eol`; empty for other distributions
  std::string_view source;   // the distribution's own lifecycle page or announcement
};

// Every row, grouped by distribution, oldest release first.
[[nodiscard]] std::span<const EolEntry> EolEntries();

enum class OsSupport : std::uint8_t {
  kUnknown,    // the release is not in the table
  kSupported,  // today is before its end-of-life date
  kEndOfLife,  // today is on or after its end-of-life date
};

[[nodiscard]] std::string_view OsSupportName(OsSupport support);  // "unknown", "supported", "end_of_life"

struct Lifecycle {
  const EolEntry* entry = nullptr;  // the matching row; null when the release is not in the table
  std::int64_t eol_days = 0;        // entry->eol as days since 1970-01-01

  [[nodiscard]] bool found() const { return entry != nullptr; }
};

// The row for `os_id` (compared without regard to ASCII case) whose release matches `version_id`;
// when several match, the most specific (longest) release wins.
[[nodiscard]] Lifecycle LookupRelease(std::string_view os_id, std::string_view version_id);

// A release is end of life from its end-of-life date on: the date itself already counts as ended.
// `today_days` is days since 1970-01-01 (core/time.h ParseIsoDate).
[[nodiscard]] OsSupport SupportOn(const Lifecycle& lifecycle, std::int64_t today_days);

}  // namespace vigil::hygiene
