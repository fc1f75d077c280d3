#include "hygiene/eol.h"

#include <array>

#include "core/time.h"

namespace vigil::hygiene {

namespace {

// Dates were checked against the page in `source` and against endoflife.date; docs/hygiene.md
// records where sources disagree and which releases are left out because no date could be confirmed.
// A test keeps this table and the one in docs/hygiene.md identical.
constexpr std::string_view kDebianWiki = "https://wiki.debian.org/DebianReleases";
constexpr std::string_view kDebianReleases = "https://www.debian.org/releases/";
constexpr std::string_view kUbuntuReleases = "https://documentation.ubuntu.com/project/release-team/list-of-releases/";
constexpr std::string_view kUbuntuFocal =
    "https://ubuntu.com/blog/ubuntu-20-04-lts-end-of-life-standard-support-is-coming-to-an-end-heres-how-to-prepare";
constexpr std::string_view kUbuntuWiki = "https://wiki.ubuntu.com/Releases";
constexpr std::string_view kAlpine = "https://alpinelinux.org/releases/";
constexpr std::string_view kRedHat = "https://access.redhat.com/support/policy/updates/errata";
constexpr std::string_view kCentOs = "https://wiki.centos.org/About/Product";
constexpr std::string_view kCentOsStream = "https://www.centos.org/centos-stream/";
constexpr std::string_view kAlma = "https://wiki.almalinux.org/release-notes/";
constexpr std::string_view kRocky = "https://wiki.rockylinux.org/rocky/version/";
constexpr std::string_view kFedora = "https://docs.fedoraproject.org/en-US/releases/eol/";
constexpr std::string_view kAmazonAmi = "https://aws.amazon.com/blogs/aws/update-on-amazon-linux-ami-end-of-life/";
constexpr std::string_view kAmazon2 = "https://aws.amazon.com/amazon-linux-2/faqs/";
constexpr std::string_view kAmazon2023 = "https://docs.aws.amazon.com/linux/al2023/ug/release-cadence.html";
constexpr std::string_view kOpenSuse = "https://en.opensuse.org/Lifetime";

constexpr std::array kEntries = {
    EolEntry{"debian", "7", "2016-04-25", "2018-05-31", kDebianWiki},
    EolEntry{"debian", "8", "2018-06-17", "2020-06-30", kDebianWiki},
    EolEntry{"debian", "9", "2020-07-18", "2022-06-30", kDebianWiki},
    EolEntry{"debian", "10", "2022-09-10", "2024-06-30", kDebianWiki},
    EolEntry{"debian", "11", "2024-08-14", "2026-08-31", kDebianWiki},
    EolEntry{"debian", "12", "2026-07-11", "2028-06-30", kDebianReleases},
    EolEntry{"debian", "13", "2028-08-09", "2030-06-30", kDebianReleases},

    EolEntry{"ubuntu", "12.04", "2017-04-28", "", kUbuntuReleases},
    EolEntry{"ubuntu", "12.10", "2014-05-16", "", kUbuntuReleases},
    EolEntry{"ubuntu", "13.04", "2014-01-27", "", kUbuntuReleases},
    EolEntry{"ubuntu", "13.10", "2014-07-17", "", kUbuntuReleases},
    EolEntry{"ubuntu", "14.04", "2019-04-25", "", kUbuntuReleases},
    EolEntry{"ubuntu", "14.10", "2015-07-23", "", kUbuntuReleases},
    EolEntry{"ubuntu", "15.04", "2016-02-04", "", kUbuntuReleases},
    EolEntry{"ubuntu", "15.10", "2016-07-28", "", kUbuntuReleases},
    EolEntry{"ubuntu", "16.04", "2021-04-30", "", kUbuntuReleases},
    EolEntry{"ubuntu", "16.10", "2017-07-20", "", kUbuntuReleases},
    EolEntry{"ubuntu", "17.04", "2018-01-13", "", kUbuntuReleases},
    EolEntry{"ubuntu", "17.10", "2018-07-19", "", kUbuntuReleases},
    EolEntry{"ubuntu", "18.04", "2023-05-31", "", kUbuntuReleases},
    EolEntry{"ubuntu", "18.10", "2019-07-18", "", kUbuntuReleases},
    EolEntry{"ubuntu", "19.04", "2020-01-23", "", kUbuntuReleases},
    EolEntry{"ubuntu", "19.10", "2020-07-17", "", kUbuntuReleases},
    EolEntry{"ubuntu", "20.04", "2025-05-31", "", kUbuntuFocal},
    EolEntry{"ubuntu", "20.10", "2021-07-22", "", kUbuntuReleases},
    EolEntry{"ubuntu", "21.04", "2022-01-20", "", kUbuntuReleases},
    EolEntry{"ubuntu", "21.10", "2022-07-14", "", kUbuntuReleases},
    EolEntry{"ubuntu", "22.04", "2027-06-01", "", kUbuntuWiki},
    EolEntry{"ubuntu", "22.10", "2023-07-20", "", kUbuntuReleases},
    EolEntry{"ubuntu", "23.04", "2024-01-25", "", kUbuntuReleases},
    EolEntry{"ubuntu", "23.10", "2024-07-11", "", kUbuntuReleases},
    EolEntry{"ubuntu", "24.04", "2029-05-31", "", kUbuntuReleases},
    EolEntry{"ubuntu", "24.10", "2025-07-10", "", kUbuntuReleases},
    EolEntry{"ubuntu", "25.04", "2026-01-15", "", kUbuntuReleases},
    EolEntry{"ubuntu", "25.10", "2026-07-09", "", kUbuntuReleases},

    EolEntry{"alpine", "3.0", "2016-05-01", "", kAlpine},
    EolEntry{"alpine", "3.1", "2016-11-01", "", kAlpine},
    EolEntry{"alpine", "3.2", "2017-05-01", "", kAlpine},
    EolEntry{"alpine", "3.3", "2017-11-01", "", kAlpine},
    EolEntry{"alpine", "3.4", "2018-05-01", "", kAlpine},
    EolEntry{"alpine", "3.5", "2018-11-01", "", kAlpine},
    EolEntry{"alpine", "3.6", "2019-05-01", "", kAlpine},
    EolEntry{"alpine", "3.7", "2019-11-01", "", kAlpine},
    EolEntry{"alpine", "3.8", "2020-05-01", "", kAlpine},
    EolEntry{"alpine", "3.9", "2020-11-01", "", kAlpine},
    EolEntry{"alpine", "3.10", "2021-05-01", "", kAlpine},
    EolEntry{"alpine", "3.11", "2021-11-01", "", kAlpine},
    EolEntry{"alpine", "3.12", "2022-05-01", "", kAlpine},
    EolEntry{"alpine", "3.13", "2022-11-01", "", kAlpine},
    EolEntry{"alpine", "3.14", "2023-05-01", "", kAlpine},
    EolEntry{"alpine", "3.15", "2023-11-01", "", kAlpine},
    EolEntry{"alpine", "3.16", "2024-05-23", "", kAlpine},
    EolEntry{"alpine", "3.17", "2024-11-22", "", kAlpine},
    EolEntry{"alpine", "3.18", "2025-05-09", "", kAlpine},
    EolEntry{"alpine", "3.19", "2025-11-01", "", kAlpine},
    EolEntry{"alpine", "3.20", "2026-04-01", "", kAlpine},
    EolEntry{"alpine", "3.21", "2026-11-01", "", kAlpine},
    EolEntry{"alpine", "3.22", "2027-05-01", "", kAlpine},
    EolEntry{"alpine", "3.23", "2027-11-01", "", kAlpine},

    EolEntry{"rhel", "6", "2020-11-30", "", kRedHat},
    EolEntry{"rhel", "7", "2024-06-30", "", kRedHat},
    EolEntry{"rhel", "8", "2029-05-31", "", kRedHat},
    EolEntry{"rhel", "9", "2032-05-31", "", kRedHat},
    EolEntry{"rhel", "10", "2035-05-31", "", kRedHat},

    EolEntry{"centos", "6", "2020-11-30", "", kCentOs},
    EolEntry{"centos", "7", "2024-06-30", "", kCentOs},
    EolEntry{"centos", "8", "2021-12-31", "", kCentOs},
    EolEntry{"centos", "9", "2027-05-31", "", kCentOsStream},

    EolEntry{"almalinux", "8", "2029-05-31", "", kAlma},
    EolEntry{"almalinux", "9", "2032-05-31", "", kAlma},
    EolEntry{"almalinux", "10", "2035-05-31", "", kAlma},

    EolEntry{"rocky", "8", "2029-05-31", "", kRocky},
    EolEntry{"rocky", "9", "2032-05-31", "", kRocky},
    EolEntry{"rocky", "10", "2035-05-31", "", kRocky},

    EolEntry{"fedora", "21", "2015-12-01", "", kFedora},
    EolEntry{"fedora", "22", "2016-07-19", "", kFedora},
    EolEntry{"fedora", "23", "2016-12-20", "", kFedora},
    EolEntry{"fedora", "24", "2017-08-08", "", kFedora},
    EolEntry{"fedora", "25", "2017-12-12", "", kFedora},
    EolEntry{"fedora", "26", "2018-05-29", "", kFedora},
    EolEntry{"fedora", "27", "2018-11-30", "", kFedora},
    EolEntry{"fedora", "28", "2019-05-28", "", kFedora},
    EolEntry{"fedora", "29", "2019-11-26", "", kFedora},
    EolEntry{"fedora", "30", "2020-05-26", "", kFedora},
    EolEntry{"fedora", "31", "2020-11-24", "", kFedora},
    EolEntry{"fedora", "32", "2021-05-25", "", kFedora},
    EolEntry{"fedora", "33", "2021-11-30", "", kFedora},
    EolEntry{"fedora", "34", "2022-06-07", "", kFedora},
    EolEntry{"fedora", "35", "2022-12-13", "", kFedora},
    EolEntry{"fedora", "36", "2023-05-16", "", kFedora},
    EolEntry{"fedora", "37", "2023-12-05", "", kFedora},
    EolEntry{"fedora", "38", "2024-05-21", "", kFedora},
    EolEntry{"fedora", "39", "2024-11-26", "", kFedora},
    EolEntry{"fedora", "40", "2025-05-13", "", kFedora},
    EolEntry{"fedora", "41", "2025-12-15", "", kFedora},

    EolEntry{"amzn", "2018.03", "2023-12-31", "", kAmazonAmi},
    EolEntry{"amzn", "2", "2026-06-30", "", kAmazon2},
    EolEntry{"amzn", "2023", "2029-06-30", "", kAmazon2023},

    EolEntry{"opensuse", "13.2", "2017-01-17", "", kOpenSuse},
    EolEntry{"opensuse", "42.1", "2017-05-17", "", kOpenSuse},
    EolEntry{"opensuse", "42.2", "2018-01-26", "", kOpenSuse},
    EolEntry{"opensuse", "42.3", "2019-07-01", "", kOpenSuse},
    EolEntry{"opensuse-leap", "15.0", "2019-12-03", "", kOpenSuse},
    EolEntry{"opensuse-leap", "15.1", "2021-02-02", "", kOpenSuse},
    EolEntry{"opensuse-leap", "15.2", "2022-01-04", "", kOpenSuse},
    EolEntry{"opensuse-leap", "15.3", "2022-12-31", "", kOpenSuse},
    EolEntry{"opensuse-leap", "15.4", "2023-12-07", "", kOpenSuse},
    EolEntry{"opensuse-leap", "15.5", "2024-12-31", "", kOpenSuse},
    EolEntry{"opensuse-leap", "15.6", "2026-04-30", "", kOpenSuse},
    EolEntry{"opensuse-leap", "16.0", "2027-10-31", "", kOpenSuse},
};

char AsciiLower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (AsciiLower(a[i]) != AsciiLower(b[i])) return false;
  }
  return true;
}

bool ReleaseMatches(std::string_view release, std::string_view version_id) {
  if (!version_id.starts_with(release)) return false;
  return version_id.size() == release.size() || version_id[release.size()] == '.';
}

}  // namespace

std::span<const EolEntry> EolEntries() { return kEntries; }

std::string_view OsSupportName(OsSupport support) {
  switch (support) {
    case OsSupport::kSupported: return "supported";
    case OsSupport::kEndOfLife: return "end_of_life";
    case OsSupport::kUnknown: break;
  }
  return "unknown";
}

Lifecycle LookupRelease(std::string_view os_id, std::string_view version_id) {
  const EolEntry* best = nullptr;
  for (const auto& entry : kEntries) {
    if (!EqualsIgnoringCase(entry.os_id, os_id) || !ReleaseMatches(entry.release, version_id)) continue;
    if (best == nullptr || entry.release.size() > best->release.size()) best = &entry;
  }
  if (best == nullptr) return {};
  const auto days = ParseIsoDate(best->eol);
  // The table is checked by a test; a row that does not parse is treated as absent, not as supported.
  if (!days) return {};
  return {best, *days};
}

OsSupport SupportOn(const Lifecycle& lifecycle, std::int64_t today_days) {
  if (!lifecycle.found()) return OsSupport::kUnknown;
  return today_days >= lifecycle.eol_days ? OsSupport::kEndOfLife : OsSupport::kSupported;
}

}  // namespace vigil::hygiene
