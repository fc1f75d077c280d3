// A simulated fleet for benchmarks and tests: N hosts built from M golden images with drift, each
// image a package set of real names and versions (this machine's dpkg status and the OSV dumps),
// each host with a team, customers, environment and exposure drawn with a realistic skew.
// Deterministic: host i depends only on the seed and i. Thread-compatible once built.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "store/store.h"

namespace vigil::fleet_sim {

struct Options {
  std::uint64_t seed = 1;
  std::size_t images = 20;
  std::size_t packages = 1500;  // per image, approximately (distinct manifest entries)
  std::size_t cohorts = 12;     // per image: the golden image and its drifted variants
  std::size_t drift = 6;        // packages up- or downgraded per cohort step
  std::size_t teams = 40;
  std::size_t customers = 200;
  std::string dpkg_status = "/var/lib/dpkg/status";
  std::vector<std::string> osv_zips;  // OSV all.zip dumps
};

struct Package {
  std::string ecosystem;
  std::string name;
  std::string version;
  std::string source_name;  // Debian source package, when it differs
};

struct Host {
  std::string name;
  std::uint32_t image = 0;
  std::uint32_t cohort = 0;
  std::string team;
  std::vector<std::string> customers;  // sorted
  std::string environment;             // prod|staging|dev
  bool internet_exposed = false;
  std::vector<std::string> data_classes;  // sorted
  int criticality = 3;
};

class Fleet {
 public:
  [[nodiscard]] static Result<Fleet> Build(const Options& options);

  [[nodiscard]] const Options& options() const { return options_; }
  [[nodiscard]] std::size_t manifest_count() const { return manifests_.size(); }  // images × cohorts

  [[nodiscard]] Host HostAt(std::uint64_t index) const;
  // The manifest (image, cohort) as listed in a report, and as ingest keys it (sorted, distinct).
  [[nodiscard]] const std::vector<Package>& Packages(std::uint32_t image, std::uint32_t cohort) const;
  [[nodiscard]] std::vector<store::ManifestPackage> ManifestPackages(std::uint32_t image, std::uint32_t cohort) const;
  // The report of host `index` (docs/formats/report.md), one line of JSON; `round` varies the
  // report id so that a fleet can report again.
  [[nodiscard]] std::string Report(std::uint64_t index, std::uint64_t round = 0) const;

 private:
  std::size_t ManifestSlot(std::uint32_t image, std::uint32_t cohort) const { return image * options_.cohorts + cohort; }

  Options options_;
  std::vector<std::vector<Package>> manifests_;  // by ManifestSlot
  std::vector<std::string> fragments_;           // the "packages" array of each manifest, as JSON
  std::vector<std::string> os_json_;             // per image
  std::vector<std::string> teams_;
  std::vector<std::string> customers_;
  std::vector<double> image_weights_, cohort_weights_, team_weights_, customer_weights_;  // cumulative
};

}  // namespace vigil::fleet_sim
