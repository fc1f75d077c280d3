// The simulated fleet: package pools from dpkg and OSV, golden images, cohorts, hosts, reports.
#include "fleet_sim.h"

#include <archive.h>
#include <archive_entry.h>
#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <sstream>

#include "fleet/manifest.h"

namespace vigil::fleet_sim {
namespace {

// splitmix64: a tiny generator whose output is the same everywhere (unlike std:: distributions).
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t Next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  std::size_t Below(std::size_t n) { return n == 0 ? 0 : static_cast<std::size_t>(Next() % n); }
  double Unit() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  bool Chance(double p) { return Unit() < p; }

 private:
  std::uint64_t state_;
};

// Cumulative weights of indices 0..n-1 with probability proportional to 1 / (k + 1)^s: a few large
// teams, images and customers and a long tail of small ones.
std::vector<double> ZipfWeights(std::size_t n, double s) {
  std::vector<double> cumulative;
  double sum = 0;
  for (std::size_t k = 0; k < n; ++k) cumulative.push_back(sum += 1.0 / std::pow(static_cast<double>(k + 1), s));
  for (auto& c : cumulative) c /= sum;
  return cumulative;
}

std::size_t Draw(const std::vector<double>& cumulative, Rng& rng) {
  const auto it = std::lower_bound(cumulative.begin(), cumulative.end(), rng.Unit());
  return std::min<std::size_t>(static_cast<std::size_t>(it - cumulative.begin()), cumulative.size() - 1);
}

struct PoolEntry {
  std::string name;
  std::vector<std::string> versions;  // real versions the advisories name
};
using Pools = std::map<std::string, std::vector<PoolEntry>>;  // by ecosystem

constexpr std::string_view kTeamWords[] = {
    "payments", "checkout", "search",  "identity", "platform", "data",      "ml",        "mobile-api",
    "billing",  "fraud",    "catalog", "shipping", "support",  "analytics", "messaging", "storage",
    "edge",     "ledger",   "growth",  "risk",     "media",    "maps",      "ads",       "infra"};

std::string JsonString(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      out += fmt::format("\\u{:04x}", static_cast<unsigned>(c));
    } else {
      out += c;
    }
  }
  out += '"';
  return out;
}

std::string JsonStrings(const std::vector<std::string>& list) {
  std::string out = "[";
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (i > 0) out += ',';
    out += JsonString(list[i]);
  }
  out += ']';
  return out;
}

Result<std::vector<Package>> ReadDpkg(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Fail(ErrorCode::kNotFound, path + ": cannot read the dpkg status");
  std::vector<Package> out;
  Package current;
  bool installed = false;
  const auto flush = [&] {
    if (installed && !current.name.empty() && !current.version.empty()) {
      if (current.source_name == current.name) current.source_name.clear();
      out.push_back(current);
    }
    current = Package{"Debian:12", "", "", ""};
    installed = false;
  };
  flush();
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) {
      flush();
    } else if (line.starts_with("Package: ")) {
      current.name = line.substr(9);
    } else if (line.starts_with("Version: ")) {
      current.version = line.substr(9);
    } else if (line.starts_with("Source: ")) {
      current.source_name = line.substr(8, line.find(' ', 8) - 8);
    } else if (line.starts_with("Status: ")) {
      installed = line.ends_with(" installed");
    }
  }
  flush();
  std::sort(out.begin(), out.end(), [](const Package& a, const Package& b) { return a.name < b.name; });
  return out;
}

// Every (ecosystem, name) of the OSV dumps with the versions their advisories name: explicit
// affected versions, and the introduced and fixed versions of ranges.
Result<Pools> ReadOsv(const std::vector<std::string>& zips) {
  std::map<std::string, std::map<std::string, std::set<std::string>>> found;
  simdjson::dom::parser parser;
  std::string buffer;
  for (const auto& zip : zips) {
    std::unique_ptr<archive, decltype(&archive_read_free)> reader(archive_read_new(), archive_read_free);
    archive_read_support_format_zip(reader.get());
    if (archive_read_open_filename(reader.get(), zip.c_str(), 1 << 16) != ARCHIVE_OK) {
      return Fail(ErrorCode::kNotFound, zip + ": cannot open the zip");
    }
    archive_entry* entry = nullptr;
    while (archive_read_next_header(reader.get(), &entry) == ARCHIVE_OK) {
      buffer.resize(static_cast<std::size_t>(std::max<la_int64_t>(archive_entry_size(entry), 0)));
      if (buffer.empty()) continue;
      if (archive_read_data(reader.get(), buffer.data(), buffer.size()) != static_cast<la_ssize_t>(buffer.size())) continue;
      simdjson::dom::element doc;
      if (parser.parse(buffer).get(doc) != simdjson::SUCCESS) continue;
      simdjson::dom::array affected;
      if (doc["affected"].get_array().get(affected) != simdjson::SUCCESS) continue;
      for (auto a : affected) {
        std::string_view ecosystem, name;
        if (a["package"]["ecosystem"].get_string().get(ecosystem) != simdjson::SUCCESS) continue;
        if (a["package"]["name"].get_string().get(name) != simdjson::SUCCESS) continue;
        auto& versions = found[std::string(ecosystem)][std::string(name)];
        simdjson::dom::array list;
        if (a["versions"].get_array().get(list) == simdjson::SUCCESS) {
          for (auto v : list) {
            std::string_view text;
            if (v.get_string().get(text) == simdjson::SUCCESS) versions.emplace(text);
          }
        }
        simdjson::dom::array ranges;
        if (a["ranges"].get_array().get(ranges) != simdjson::SUCCESS) continue;
        for (auto r : ranges) {
          std::string_view type;
          if (r["type"].get_string().get(type) != simdjson::SUCCESS || type == "GIT") continue;
          simdjson::dom::array events;
          if (r["events"].get_array().get(events) != simdjson::SUCCESS) continue;
          for (auto e : events) {
            for (const char* key : {"introduced", "fixed"}) {
              std::string_view text;
              if (e[key].get_string().get(text) == simdjson::SUCCESS && text != "0") versions.emplace(text);
            }
          }
        }
      }
    }
  }
  Pools pools;
  for (auto& [ecosystem, names] : found) {
    auto& pool = pools[ecosystem];
    for (auto& [name, versions] : names) {
      if (!versions.empty()) pool.push_back({name, {versions.begin(), versions.end()}});
    }
  }
  return pools;
}

// A fixed random order of a pool, so that low Zipf ranks (popular packages) are shared by images.
std::vector<std::size_t> Shuffled(std::size_t n, Rng& rng) {
  std::vector<std::size_t> order(n);
  for (std::size_t i = 0; i < n; ++i) order[i] = i;
  for (std::size_t i = n; i > 1; --i) std::swap(order[i - 1], order[rng.Below(i)]);
  return order;
}

std::string Fragment(const std::vector<Package>& packages) {
  std::string out = "[";
  for (std::size_t i = 0; i < packages.size(); ++i) {
    const auto& p = packages[i];
    if (i > 0) out += ',';
    out += "{\"ecosystem\":";
    out += JsonString(p.ecosystem);
    out += ",\"name\":";
    out += JsonString(p.name);
    out += ",\"version\":";
    out += JsonString(p.version);
    if (!p.source_name.empty()) {
      out += ",\"source_name\":";
      out += JsonString(p.source_name);
    }
    out += '}';
  }
  out += ']';
  return out;
}

}  // namespace

Result<Fleet> Fleet::Build(const Options& options) {
  if (options.images == 0 || options.cohorts == 0 || options.teams == 0 || options.customers == 0) {
    return Fail(ErrorCode::kInvalidArgument, "images, cohorts, teams and customers must be at least 1");
  }
  auto dpkg = ReadDpkg(options.dpkg_status);
  if (!dpkg) return std::unexpected(dpkg.error());
  auto pools = ReadOsv(options.osv_zips);
  if (!pools) return std::unexpected(pools.error());

  Fleet fleet;
  fleet.options_ = options;
  Rng rng(options.seed);
  for (std::size_t t = 0; t < options.teams; ++t) {
    const auto word = kTeamWords[t % std::size(kTeamWords)];
    fleet.teams_.push_back(t < std::size(kTeamWords) ? std::string(word) : fmt::format("{}-{}", word, t / std::size(kTeamWords) + 1));
  }
  for (std::size_t c = 0; c < options.customers; ++c) fleet.customers_.push_back(fmt::format("customer-{:04}", c + 1));
  fleet.image_weights_ = ZipfWeights(options.images, 1.0);
  fleet.cohort_weights_ = ZipfWeights(options.cohorts, 0.8);
  fleet.team_weights_ = ZipfWeights(options.teams, 1.1);
  fleet.customer_weights_ = ZipfWeights(options.customers, 1.0);

  std::vector<std::string> languages, almalinux;
  for (const auto& [ecosystem, pool] : *pools) {
    (ecosystem.starts_with("AlmaLinux") ? almalinux : languages).push_back(ecosystem);
  }
  std::map<std::string, std::vector<std::size_t>> popularity;
  for (const auto& [ecosystem, pool] : *pools) popularity[ecosystem] = Shuffled(pool.size(), rng);

  // Picks `count` distinct packages of an ecosystem, popular ones more often, each at a random
  // real version.
  const auto pick = [&](const std::string& ecosystem, std::size_t count, std::vector<Package>& out) {
    const auto& pool = (*pools)[ecosystem];
    if (pool.empty()) return;
    const auto zipf = ZipfWeights(pool.size(), 0.6);
    std::set<std::size_t> taken;
    for (std::size_t tries = 0; taken.size() < std::min(count, pool.size()) && tries < count * 20; ++tries) {
      const std::size_t i = popularity[ecosystem][Draw(zipf, rng)];
      if (!taken.insert(i).second) continue;
      const auto& entry = pool[i];
      out.push_back({ecosystem, entry.name, entry.versions[rng.Below(entry.versions.size())], ""});
    }
  };

  for (std::size_t image = 0; image < options.images; ++image) {
    std::vector<Package> packages;
    std::string os;
    const bool alma = !almalinux.empty() && image % 10 >= 7;  // a third of the images are AlmaLinux
    if (alma) {
      const std::string& ecosystem = almalinux[image % almalinux.size()];
      pick(ecosystem, options.packages * 2 / 5, packages);
      const std::string version = ecosystem.substr(ecosystem.find(':') + 1);
      os = fmt::format(R"({{"id":"almalinux","version_id":"{}","pretty_name":"AlmaLinux {}"}})", version, version);
    } else {
      for (const auto& p : *dpkg) {
        if (packages.size() < options.packages && rng.Chance(0.92)) packages.push_back(p);
      }
      os = R"j({"id":"debian","version_id":"12","pretty_name":"Debian GNU/Linux 12 (bookworm)"})j";
    }
    // The rest are the image's application stack: mostly one language, a little of the others.
    const std::size_t rest = options.packages > packages.size() ? options.packages - packages.size() : 0;
    if (!languages.empty()) {
      const std::string& main = languages[image % languages.size()];
      pick(main, rest * 7 / 10, packages);
      for (const auto& other : languages) {
        if (other != main) pick(other, rest * 3 / 10 / std::max<std::size_t>(languages.size() - 1, 1), packages);
      }
    }
    fleet.os_json_.push_back(std::move(os));
    // Cohort c is cohort c - 1 with `drift` packages moved to another real version: a patch wave,
    // or a host someone pinned back.
    for (std::size_t cohort = 0; cohort < options.cohorts; ++cohort) {
      if (cohort > 0) {
        for (std::size_t d = 0; d < options.drift && !packages.empty(); ++d) {
          auto& p = packages[rng.Below(packages.size())];
          const auto& pool = (*pools)[p.ecosystem];
          const auto it = std::lower_bound(pool.begin(), pool.end(), p.name,
                                           [](const PoolEntry& e, const std::string& n) { return e.name < n; });
          if (it != pool.end() && it->name == p.name && it->versions.size() > 1) {
            p.version = it->versions[rng.Below(it->versions.size())];
          } else {
            p.version += fmt::format("+sim{}", cohort);  // a local rebuild of a package no advisory names
          }
        }
      }
      fleet.fragments_.push_back(Fragment(packages));
      fleet.manifests_.push_back(packages);
    }
  }
  return fleet;
}

Host Fleet::HostAt(std::uint64_t index) const {
  Rng rng(options_.seed * 0x100000001b3ULL + index + 1);
  rng.Next();
  Host host;
  host.image = static_cast<std::uint32_t>(Draw(image_weights_, rng));
  host.cohort = static_cast<std::uint32_t>(Draw(cohort_weights_, rng));
  host.team = teams_[Draw(team_weights_, rng)];
  const double u = rng.Unit();
  host.environment = u < 0.55 ? "prod" : u < 0.75 ? "staging" : "dev";
  const bool prod = host.environment == "prod";
  host.internet_exposed = rng.Chance(prod ? 0.25 : host.environment == "staging" ? 0.05 : 0.02);
  if (rng.Chance(0.45)) {  // the rest serve no customer directly
    const std::size_t n = 1 + rng.Below(3);
    std::set<std::string> chosen;
    for (std::size_t i = 0; i < n; ++i) chosen.insert(customers_[Draw(customer_weights_, rng)]);
    host.customers.assign(chosen.begin(), chosen.end());
  }
  if (rng.Chance(host.team == "payments" || host.team == "checkout" || host.team == "billing" ? 0.6 : 0.03)) {
    host.data_classes.emplace_back("cardholder");
  }
  if (rng.Chance(0.1)) host.data_classes.emplace_back("credentials");
  if (rng.Chance(0.3)) host.data_classes.emplace_back("personal");
  std::sort(host.data_classes.begin(), host.data_classes.end());
  host.criticality = prod ? 1 + static_cast<int>(rng.Below(2)) : 3 + static_cast<int>(rng.Below(2));
  host.name = fmt::format("{}-{}-{:07}", host.team, host.environment, index);
  return host;
}

const std::vector<Package>& Fleet::Packages(std::uint32_t image, std::uint32_t cohort) const {
  return manifests_[ManifestSlot(image, cohort)];
}

std::vector<store::ManifestPackage> Fleet::ManifestPackages(std::uint32_t image, std::uint32_t cohort) const {
  std::vector<store::ManifestPackage> out;
  for (const auto& p : Packages(image, cohort)) {
    out.push_back(fleet::MatchKey(p.ecosystem, p.name, p.source_name, p.version));
  }
  fleet::SortDistinct(out);
  return out;
}

std::string Fleet::Report(std::uint64_t index, std::uint64_t round) const {
  const Host host = HostAt(index);
  const std::string& fragment = fragments_[ManifestSlot(host.image, host.cohort)];
  std::string out;
  out.reserve(fragment.size() + 1024);
  out += fmt::format(R"({{"report_format":1,"report_id":"sim-{}-{}-{}","collected_at":"2026-11-22T00:00:00Z",)",
                     options_.seed, round, index);
  out += fmt::format(
      R"("asset_metadata":{{"name":{},"kind":"host","team":{},"customers":{},"environment":"{}","internet_exposed":{},"data_classes":{},"criticality":{},"tags":["image-{}"]}},)",
      JsonString(host.name), JsonString(host.team), JsonStrings(host.customers), host.environment,
      host.internet_exposed ? "true" : "false", JsonStrings(host.data_classes), host.criticality, host.image);
  out += fmt::format(R"("asset":{{"kind":"host","name":{}}},"os":{},"packages":)", JsonString(host.name), os_json_[host.image]);
  out += fragment;
  out += ",\"issues\":[]}";
  return out;
}

}  // namespace vigil::fleet_sim
