// Benchmarks of the blast-radius index at fleet scale: the index is built directly from a simulated
// fleet (tools/fleet_sim, 20 golden images of ~1,500 real packages) of 100k and 1M hosts, then
// queried for the vulnerabilities that hit the most hosts: p50/p99 of a query answering complete
// counts and the first page of 100 assets, index memory per host, and the full unpaged list.
// Needs VIGIL_HOME with an imported database and VIGIL_CORPUS (../shared); run via scripts/bench.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>

#include <nlohmann/json.hpp>

#include "fleet/blast_radius.h"
#include "fleet/ingest.h"
#include "fleet/manifest.h"
#include "fleet/report.h"
#include "fleet_sim.h"
#include "knowledge/snapshot.h"

namespace {

namespace fs = std::filesystem;
using vigil::fleet::BlastRadiusIndex;

fs::path Env(const char* name, const char* fallback) {
  const char* value = std::getenv(name);
  return value != nullptr ? fs::path(value) : fs::path(fallback);
}

std::size_t RssBytes() {
  std::ifstream statm("/proc/self/statm");
  std::size_t size = 0, resident = 0;
  statm >> size >> resident;
  return resident * static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
}

const vigil::knowledge::Snapshot& Snap() {
  static const auto snapshot = [] {
    auto snap = vigil::knowledge::Snapshot::Open(Env("VIGIL_HOME", ".") / "advisories.snap");
    if (!snap) {
      std::fprintf(stderr, "fleet_benchmark: %s\n", snap.error().message.c_str());
      std::exit(1);
    }
    return std::make_unique<vigil::knowledge::Snapshot>(std::move(*snap));
  }();
  return *snapshot;
}

const vigil::fleet_sim::Fleet& SimFleet() {
  static const auto fleet = [] {
    vigil::fleet_sim::Options options;
    for (const auto& dir : fs::directory_iterator(Env("VIGIL_CORPUS", "../shared") / "data" / "osv")) {
      if (fs::exists(dir.path() / "all.zip")) options.osv_zips.push_back((dir.path() / "all.zip").string());
    }
    std::sort(options.osv_zips.begin(), options.osv_zips.end());
    auto built = vigil::fleet_sim::Fleet::Build(options);
    if (!built) {
      std::fprintf(stderr, "fleet_benchmark: %s\n", built.error().message.c_str());
      std::exit(1);
    }
    return std::make_unique<vigil::fleet_sim::Fleet>(std::move(*built));
  }();
  return *fleet;
}

struct Built {
  BlastRadiusIndex index;
  double seconds;
  std::size_t bytes;
};

Built BuildIndex(std::size_t hosts) {
  const auto& fleet = SimFleet();
  const std::size_t before = RssBytes();
  const auto start = std::chrono::steady_clock::now();
  BlastRadiusIndex index(Snap());
  std::map<std::pair<std::uint32_t, std::uint32_t>, std::string> digests;
  for (std::uint32_t image = 0; image < fleet.options().images; ++image) {
    for (std::uint32_t cohort = 0; cohort < fleet.options().cohorts; ++cohort) {
      const auto packages = fleet.ManifestPackages(image, cohort);
      const std::string digest = vigil::fleet::ManifestDigest(packages);
      index.AddManifest(digest, packages);
      digests[{image, cohort}] = digest;
    }
  }
  for (std::size_t i = 0; i < hosts; ++i) {
    const auto host = fleet.HostAt(i);
    vigil::store::AssetRow row;
    row.name = host.name;
    row.team = host.team;
    row.customers = host.customers;
    row.environment = host.environment;
    row.internet_exposed = host.internet_exposed;
    row.manifest = digests[{host.image, host.cohort}];
    index.PutAsset(row);
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return {std::move(index), seconds, RssBytes() - before};
}

// The vulnerabilities that hit the most hosts: every vulnerability is asked once (counts only).
// `typical`: the median one of those hitting any host.
std::vector<std::string> WidestVulnerabilities(const BlastRadiusIndex& index, std::size_t count,
                                               std::size_t& widest, std::string& typical) {
  const auto& snap = Snap();
  std::vector<std::pair<std::size_t, std::string>> hits;
  vigil::fleet::QueryOptions counts_only;
  counts_only.limit = 0;
  for (std::uint32_t v = 0; v < snap.vuln_count(); ++v) {
    const std::string id(snap.vuln(v).id);
    auto radius = index.Query(id, counts_only);
    if (radius && radius->total_assets > 0) hits.emplace_back(radius->total_assets, id);
  }
  std::sort(hits.rbegin(), hits.rend());
  if (!hits.empty()) typical = hits[hits.size() / 2].second;
  hits.resize(std::min(hits.size(), count));
  widest = hits.empty() ? 0 : hits.front().first;
  std::vector<std::string> ids;
  for (auto& [n, id] : hits) ids.push_back(std::move(id));
  return ids;
}

double Percentile(std::vector<double>& values, double p) {
  std::sort(values.begin(), values.end());
  return values[std::min(values.size() - 1, static_cast<std::size_t>(p * static_cast<double>(values.size())))];
}

void BM_BlastRadius(benchmark::State& state) {
  const auto hosts = static_cast<std::size_t>(state.range(0));
  Built built = BuildIndex(hosts);
  std::size_t widest = 0;
  std::string typical;
  const auto ids = WidestVulnerabilities(built.index, 50, widest, typical);
  if (!ids.empty()) state.SetLabel(ids.front() + " " + typical);  // for scripts/bench's wrk run
  vigil::fleet::QueryOptions page;
  page.limit = 100;
  std::vector<double> latencies;
  std::size_t answered = 0;
  for (auto _ : state) {
    for (int round = 0; round < 40; ++round) {
      for (const auto& id : ids) {
        const auto start = std::chrono::steady_clock::now();
        auto radius = built.index.Query(id, page);
        latencies.push_back(std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - start).count());
        answered += radius ? radius->total_assets : 0;
        benchmark::DoNotOptimize(radius);
      }
    }
  }
  // The same widest query listing every asset, as an unpaged answer would.
  std::vector<double> full;
  for (int round = 0; round < 5 && !ids.empty(); ++round) {
    const auto start = std::chrono::steady_clock::now();
    auto radius = built.index.Query(ids.front());
    full.push_back(std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - start).count());
    benchmark::DoNotOptimize(radius);
  }
  state.counters["hosts"] = static_cast<double>(hosts);
  state.counters["manifests"] = static_cast<double>(built.index.manifest_count());
  state.counters["queries"] = static_cast<double>(latencies.size());
  state.counters["p50_ns"] = Percentile(latencies, 0.50);
  state.counters["p99_ns"] = Percentile(latencies, 0.99);
  state.counters["max_ns"] = latencies.back();
  state.counters["widest_assets"] = static_cast<double>(widest);
  state.counters["mean_assets"] = static_cast<double>(answered) / static_cast<double>(latencies.size());
  state.counters["full_list_ns"] = full.empty() ? 0 : Percentile(full, 0.5);
  state.counters["build_s"] = built.seconds;
  state.counters["index_bytes_per_host"] = static_cast<double>(built.bytes) / static_cast<double>(hosts);
}
BENCHMARK(BM_BlastRadius)->Arg(100000)->Arg(1000000)->Iterations(1)->Unit(benchmark::kMillisecond)->UseRealTime();

// Where one report's ingest time goes, without HTTP: a full JSON DOM parse (what the server's
// handler does before ingest), ParseReport, the manifest digest, and fleet::Ingest into a fresh
// SQLite store with the index and findings, after 300 reports so that most manifests are known.
void BM_IngestPhases(benchmark::State& state) {
  const auto& fleet = SimFleet();
  constexpr std::uint64_t kWarm = 300, kTimed = 1000;
  std::vector<std::string> reports;
  for (std::uint64_t i = 0; i < kWarm + kTimed; ++i) reports.push_back(fleet.Report(i));
  const auto per_report = [&](auto&& body) {
    const auto start = std::chrono::steady_clock::now();
    for (std::uint64_t i = kWarm; i < kWarm + kTimed; ++i) body(reports[i]);
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count() / kTimed;
  };
  const fs::path path = fs::temp_directory_path() / ("vigil-fleet-benchmark-" + std::to_string(::getpid()) + ".db");
  for (auto _ : state) {
    state.counters["dom_parse_ms"] = per_report([](const std::string& r) {
      benchmark::DoNotOptimize(nlohmann::json::parse(r, nullptr, false).is_discarded());
    });
    state.counters["parse_report_ms"] = per_report([](const std::string& r) {
      auto report = vigil::fleet::ParseReport(r);
      benchmark::DoNotOptimize(report);
    });
    auto parsed = vigil::fleet::ParseReport(reports[kWarm]);
    state.counters["digest_ms"] = per_report([&](const std::string&) {
      benchmark::DoNotOptimize(vigil::fleet::ManifestDigest(parsed->packages));
    });
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path.string() + suffix);
    auto store = vigil::store::OpenSqliteStore(path.string());
    if (!store) {
      state.SkipWithError(store.error().message.c_str());
      return;
    }
    BlastRadiusIndex index(Snap());
    std::int64_t now = 1000;
    for (std::uint64_t i = 0; i < kWarm; ++i) {
      if (!vigil::fleet::Ingest(**store, reports[i], now, "bench", &index, &Snap())) state.SkipWithError("ingest failed");
    }
    state.counters["ingest_ms"] = per_report([&](const std::string& r) {
      if (!vigil::fleet::Ingest(**store, r, ++now, "bench", &index, &Snap())) state.SkipWithError("ingest failed");
    });
  }
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path.string() + suffix);
  state.counters["report_kb"] = static_cast<double>(reports[kWarm].size()) / 1e3;
}
BENCHMARK(BM_IngestPhases)->Iterations(1)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
