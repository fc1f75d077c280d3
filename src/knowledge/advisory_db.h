// The local advisory database under $VIGIL_HOME: the store holds every imported OSV record and
// the latest KEV and EPSS feeds (the source of truth); advisories.snap is the compiled, memory-mapped
// query side, rebuilt from the store whenever an import changes something. Not thread-safe; open
// snapshots stay valid after a rebuild (the file is replaced by rename).
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/result.h"
#include "knowledge/kev.h"
#include "knowledge/osv/record.h"
#include "knowledge/snapshot.h"
#include "knowledge/snapshot_writer.h"
#include "store/store.h"

namespace vigil::knowledge {

struct ImportSummary {
  std::uint64_t documents = 0;
  std::uint64_t json_bytes = 0;
  std::uint64_t added = 0;
  std::uint64_t updated = 0;    // a newer `modified` replaced the stored record
  std::uint64_t unchanged = 0;  // same or older `modified` than the stored record
  std::uint64_t malformed = 0;  // skipped; each one is in `issues`
  std::vector<std::string> issues;  // "origin: JSON path: reason", origin being a file or "all.zip:ID.json"
  std::optional<std::string> kev_version;   // set when a KEV catalog was imported
  std::uint64_t kev_entries = 0;
  std::optional<std::string> epss_date;     // set when EPSS scores were imported
  std::uint64_t epss_scores = 0;
  std::optional<CompileStats> compiled;     // set when the snapshot was rebuilt
};

// One vulnerability identity: every record that shares an id or alias, and what is known about
// its exploitation.
struct AdvisoryDetails {
  std::vector<osv::Record> records;
  std::vector<VulnView> vulns;       // snapshot facts of each record, same order
  std::vector<KevEntry> kev;         // KEV entries of any of its CVE ids
};

struct FeedStatus {
  std::string version;    // KEV catalogVersion, EPSS model_version
  std::string published;  // KEV dateReleased, EPSS score_date
};

struct DbStatus {
  std::vector<EcosystemStats> ecosystems;
  std::vector<store::SourceCount> sources;
  std::uint32_t advisories = 0;
  std::uint32_t withdrawn = 0;
  std::string newest_modified;
  std::optional<FeedStatus> kev;
  std::optional<FeedStatus> epss;
  std::uint64_t snapshot_bytes = 0;
  std::int64_t snapshot_created_unix = 0;
};

// Called after each source with (sources done, sources total).
using ImportProgress = std::function<void(std::size_t, std::size_t)>;

class AdvisoryDb {
 public:
  // Opens (creating) the store in `home`, creating the directory if needed.
  [[nodiscard]] static Result<AdvisoryDb> Open(const std::filesystem::path& home);

  // Imports OSV records (a JSON file, a directory of them, an all.zip dump), KEV catalogs and EPSS
  // CSVs (plain or .gz). Malformed records are skipped and reported; the rest is stored in one
  // transaction and the snapshot rebuilt if anything changed. `source_names`, when given, names
  // each source in the store instead of its path (e.g. the URL it was downloaded from).
  [[nodiscard]] Result<ImportSummary> Import(std::span<const std::filesystem::path> sources,
                                             const ImportProgress& progress = {},
                                             std::span<const std::string> source_names = {});

  // Recompiles the snapshot from the store.
  [[nodiscard]] Result<CompileStats> Rebuild();

  // The records of one vulnerability by OSV id or alias (CVE, GHSA, …); kNotFound if unknown.
  [[nodiscard]] Result<AdvisoryDetails> Describe(std::string_view id_or_alias);

  [[nodiscard]] Result<DbStatus> Status();

  [[nodiscard]] Result<Snapshot> OpenSnapshot(Verify verify = Verify::kChecksum) const;

  [[nodiscard]] store::Store& store() { return *store_; }
  [[nodiscard]] const std::filesystem::path& home() const { return home_; }
  [[nodiscard]] std::filesystem::path snapshot_path() const { return home_ / "advisories.snap"; }

 private:
  AdvisoryDb(std::filesystem::path home, std::unique_ptr<store::Store> store);
  struct Pending;
  [[nodiscard]] Result<CompileStats> Rebuild(const Pending* pending);

  std::filesystem::path home_;
  std::unique_ptr<store::Store> store_;
};

}  // namespace vigil::knowledge
