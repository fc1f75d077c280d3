// Helpers shared by the fleet tests: a store in a temporary file and inventory reports written as
// an agent would send them.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "knowledge/osv/record.h"
#include "store/store.h"

namespace vigil::fleet::testing {

// An OSV record affecting `package` in `ecosystem` from version 0 until `fixed` (never fixed when
// empty), with a CVSS v3 vector when `cvss` is given.
inline knowledge::osv::Record OsvRecord(std::string id, std::string ecosystem, std::string package, std::string fixed,
                                        std::vector<std::string> aliases = {}, std::string_view cvss = {}) {
  using knowledge::osv::EventKind;
  knowledge::osv::Record record;
  record.id = std::move(id);
  record.modified = "2024-01-01T00:00:00Z";
  record.aliases = std::move(aliases);
  if (!cvss.empty()) record.severity.push_back({"CVSS_V3", std::string(cvss)});
  knowledge::osv::Affected affected;
  affected.package = {std::move(ecosystem), std::move(package), ""};
  std::vector<knowledge::osv::Event> events = {{EventKind::kIntroduced, "0"}};
  if (!fixed.empty()) events.push_back({EventKind::kFixed, std::move(fixed)});
  affected.ranges.push_back({knowledge::osv::RangeType::kEcosystem, "", std::move(events), ""});
  record.affected.push_back(std::move(affected));
  return record;
}

struct Pkg {
  std::string ecosystem;
  std::string name;
  std::string version;
  std::string source_name = "";
};

inline std::string ReportText(const std::string& report_id, const std::string& asset, const std::vector<Pkg>& packages,
                              nlohmann::json metadata = nlohmann::json::object()) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& p : packages) {
    nlohmann::json entry = {{"ecosystem", p.ecosystem}, {"name", p.name}, {"version", p.version}, {"location", "/x"}};
    if (!p.source_name.empty()) entry["source_name"] = p.source_name;
    list.push_back(std::move(entry));
  }
  metadata["name"] = asset;
  return nlohmann::json{{"report_format", 1},
                        {"report_id", report_id},
                        {"collected_at", "2026-01-01T00:00:00Z"},
                        {"asset_metadata", std::move(metadata)},
                        {"asset", {{"kind", "host"}, {"name", "ignored-host-name"}}},
                        {"os", {{"id", "debian"}, {"version_id", "12"}, {"pretty_name", "Debian GNU/Linux 12 (bookworm)"}}},
                        {"packages", std::move(list)},
                        {"issues", nlohmann::json::array()}}
      .dump();
}

class TempStore {
 public:
  explicit TempStore(const std::string& tag) {
    path_ = std::filesystem::temp_directory_path() / ("vigil-fleet-" + tag + "-" + std::to_string(::getpid()) + ".db");
    Remove();
    auto opened = store::OpenSqliteStore(path_.string());
    if (opened) store_ = std::move(*opened);
  }
  TempStore(const TempStore&) = delete;
  TempStore& operator=(const TempStore&) = delete;
  ~TempStore() {
    store_.reset();
    Remove();
  }
  store::Store& operator*() { return *store_; }
  store::Store* operator->() { return store_.get(); }
  bool ok() const { return store_ != nullptr; }

 private:
  void Remove() {
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path_.string() + suffix);
  }
  std::filesystem::path path_;
  std::unique_ptr<store::Store> store_;
};

}  // namespace vigil::fleet::testing
