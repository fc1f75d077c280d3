// Benchmarks of the knowledge layer: snapshot open, affected() latency (p50/p99 over a million
// queries drawn from the advisories' own package versions), and version comparison per ecosystem.
// Needs VIGIL_HOME with an imported database and VIGIL_CORPUS (../shared); run via scripts/bench.
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "knowledge/osv/parser.h"
#include "knowledge/snapshot.h"
#include "knowledge/source.h"
#include "version/registry.h"

namespace {

namespace fs = std::filesystem;
using vigil::knowledge::Snapshot;

fs::path Env(const char* name, const char* fallback) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? value : fallback;
}

fs::path SnapshotPath() { return Env("VIGIL_HOME", ".") / "advisories.snap"; }

struct Query {
  std::string ecosystem;
  std::string name;
  std::string version;
};

// (ecosystem, package, version) triples from the shared OSV dumps: every version an event or
// list mentions, plus a miss per package (a package name no advisory has).
const std::vector<Query>& Queries() {
  static const std::vector<Query> queries = [] {
    std::vector<Query> out;
    vigil::knowledge::osv::OsvParser parser;
    const fs::path osv = Env("VIGIL_CORPUS", "../shared") / "data/osv";
    for (const auto& dir : fs::directory_iterator(osv)) {
      const auto walked = vigil::knowledge::ForEachDocument(
          dir.path() / "all.zip", [&](const vigil::knowledge::Document& d) -> vigil::Result<void> {
            auto record = parser.Parse(d.content);
            if (!record) return {};
            for (const auto& a : record->affected) {
              for (const auto& r : a.ranges) {
                for (const auto& e : r.events) out.push_back({a.package.ecosystem, a.package.name, e.version == "0" ? "0.0.1" : e.version});
              }
              out.push_back({a.package.ecosystem, a.package.name + "-unknown", "1.0.0"});
            }
            return {};
          });
      if (!walked) std::abort();
    }
    return out;
  }();
  return queries;
}

void BM_SnapshotOpen(benchmark::State& state) {
  const auto verify = state.range(0) != 0 ? vigil::knowledge::Verify::kChecksum : vigil::knowledge::Verify::kHeaderOnly;
  for (auto _ : state) {
    auto snap = Snapshot::Open(SnapshotPath(), verify);
    if (!snap) state.SkipWithError(snap.error().message.c_str());
    benchmark::DoNotOptimize(snap);
  }
  state.SetLabel(verify == vigil::knowledge::Verify::kChecksum ? "with checksum" : "header only");
}
BENCHMARK(BM_SnapshotOpen)->Arg(1)->Arg(0)->Unit(benchmark::kMicrosecond);

// Times each of 1,000,000 random queries individually and reports the percentiles.
void BM_AffectedLatency(benchmark::State& state) {
  auto snap = Snapshot::Open(SnapshotPath());
  if (!snap) {
    state.SkipWithError(snap.error().message.c_str());
    return;
  }
  const auto& queries = Queries();
  constexpr std::size_t kQueries = 1'000'000;
  std::mt19937_64 rng(7);
  std::vector<std::uint32_t> order(kQueries);
  for (auto& o : order) o = static_cast<std::uint32_t>(rng() % queries.size());
  std::vector<double> nanos(kQueries);
  std::vector<std::size_t> sizes(kQueries);  // matches per query: the output a query cannot avoid
  std::vector<vigil::knowledge::Match> matches;
  vigil::knowledge::AffectedScratch scratch;
  std::size_t found = 0;
  for (auto _ : state) {
    for (std::size_t i = 0; i < kQueries; ++i) {
      const auto& q = queries[order[i]];
      matches.clear();
      const auto start = std::chrono::steady_clock::now();
      const auto result = snap->Affected(q.ecosystem, q.name, q.version, matches, scratch);
      const auto stop = std::chrono::steady_clock::now();
      benchmark::DoNotOptimize(result);
      nanos[i] = std::chrono::duration<double, std::nano>(stop - start).count();
      found += matches.size();
      sizes[i] = matches.size();
    }
  }
  // Percentiles of latency among queries with at most 10 matches, to tell search cost from output.
  std::vector<double> small;
  for (std::size_t i = 0; i < kQueries; ++i) {
    if (sizes[i] <= 10) small.push_back(nanos[i]);
  }
  std::sort(small.begin(), small.end());
  std::sort(nanos.begin(), nanos.end());
  std::sort(sizes.begin(), sizes.end());
  state.counters["p99_matches"] = static_cast<double>(sizes[kQueries * 99 / 100]);
  if (!small.empty()) state.counters["p99_ns_upto10"] = small[small.size() * 99 / 100];
  state.counters["p50_ns"] = nanos[kQueries / 2];
  state.counters["p99_ns"] = nanos[kQueries * 99 / 100];
  state.counters["max_ns"] = nanos.back();
  state.counters["matches_per_query"] = static_cast<double>(found) / static_cast<double>(kQueries * state.iterations());
}
BENCHMARK(BM_AffectedLatency)->Iterations(1)->Unit(benchmark::kMillisecond);

struct Pairs {
  const char* ecosystem;
  std::vector<std::pair<std::string, std::string>> pairs;
};

// Typical versions of each ecosystem, compared pairwise.
const std::vector<Pairs>& VersionPairs() {
  static const std::vector<Pairs> all = [] {
    const std::vector<std::pair<const char*, std::vector<std::string>>> samples = {
        {"Debian", {"1:2.30-1ubuntu1", "2.36-9+deb12u4", "1.2.3~rc1-2", "2.36-9+deb12u10", "0.9.8a-1"}},
        {"AlmaLinux", {"0:1.8.0-3.el9_1", "1:3.0.7-6.el9_2", "2.5.1-1.module+el8.9.0+1234+abcd", "5.14.0^20230101", "1.0~rc1-1"}},
        {"Alpine", {"1.2.3-r0", "1.2.3_rc1-r1", "2.0_p1-r2", "1.36.1-r5", "3.0.8_alpha2-r0"}},
        {"npm", {"1.2.3", "1.2.3-beta.1", "10.0.0", "1.2.3-beta.11", "0.0.1-alpha.0+build.5"}},
        {"Go", {"v1.2.3", "v0.0.0-20210101120000-abcdef123456", "v2.0.0+incompatible", "1.20.4", "v1.2.4-rc.1"}},
        {"PyPI", {"1.0", "1.0.post1", "2.0rc1", "1!0.1", "1.0.dev3", "3.2.1+ubuntu1"}},
        {"Maven", {"1.2.3", "2.0-SNAPSHOT", "1.0.0.RELEASE", "3.1.0-M1", "5.3.2.Final", "1.0-alpha-1"}},
        {"RubyGems", {"7.0.4.3", "1.0.0.pre.rc.1", "2.0.0.beta2", "0.9.8", "6.1.7"}},
        {"NuGet", {"1.0.0", "1.0.0-beta", "2.1.0.4", "13.0.3", "6.0.0-preview.7.21377.19"}},
        {"Packagist", {"1.0.0", "v2.3.4", "1.0.0-beta2", "3.0.0-RC1", "2.0.x-dev"}},
        {"Pub", {"1.0.0", "1.0.0-dev.1", "2.1.3+1", "0.13.5", "3.0.0-nullsafety.0"}},
        {"CRAN", {"1.0-1", "2.3.4", "0.9.12", "1.2-10", "4.1.0"}},
        {"Hackage", {"1.0.0.1", "2.3", "0.9.12.4", "1.2.0", "4.1"}},
    };
    std::vector<Pairs> out;
    for (const auto& [eco, versions] : samples) {
      Pairs p{eco, {}};
      for (const auto& a : versions) {
        for (const auto& b : versions) p.pairs.emplace_back(a, b);
      }
      out.push_back(std::move(p));
    }
    return out;
  }();
  return all;
}

// Parse both versions and compare: what `vigil version compare --batch` does per line.
void BM_VersionCompare(benchmark::State& state) {
  const auto& p = VersionPairs()[static_cast<std::size_t>(state.range(0))];
  const auto* scheme = *vigil::version::SchemeForEcosystem(p.ecosystem);
  std::string a;
  std::string b;
  std::size_t i = 0;
  for (auto _ : state) {
    const auto& [x, y] = p.pairs[i++ % p.pairs.size()];
    a.clear();
    b.clear();
    if (!scheme->Encode(x, a) || !scheme->Encode(y, b)) {
      state.SkipWithError(("cannot encode " + x + " or " + y).c_str());
      break;
    }
    benchmark::DoNotOptimize(scheme->CompareEncoded(a, b));
  }
  state.SetLabel(p.ecosystem);
}
BENCHMARK(BM_VersionCompare)->DenseRange(0, 12)->Unit(benchmark::kNanosecond);

}  // namespace

BENCHMARK_MAIN();
