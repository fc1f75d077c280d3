#include "knowledge/advisory_db.h"

#include <deque>
#include <set>
#include <unordered_map>

#include "core/time.h"
#include "knowledge/epss.h"
#include "knowledge/kev.h"
#include "knowledge/osv/parser.h"
#include "knowledge/source.h"

namespace vigil::knowledge {
namespace {

namespace fs = std::filesystem;

enum class DocumentKind : std::uint8_t { kOsv, kKev, kEpss, kUnknown };

DocumentKind Classify(std::string_view content) {
  const auto start = content.find_first_not_of(" \t\r\n");
  if (start == std::string_view::npos) return DocumentKind::kUnknown;
  if (content[start] == '{') return LooksLikeKev(content) ? DocumentKind::kKev : DocumentKind::kOsv;
  return LooksLikeEpss(content) ? DocumentKind::kEpss : DocumentKind::kUnknown;
}

std::string JoinEcosystems(const osv::Record& record) {
  std::set<std::string_view> names;
  for (const auto& affected : record.affected) names.insert(affected.package.ecosystem);
  std::string out;
  for (const auto name : names) {
    if (!out.empty()) out += ',';
    out += name;
  }
  return out;
}

// True when `incoming` is strictly newer than `stored` (both validated RFC 3339 timestamps).
bool IsNewer(std::string_view incoming, std::string_view stored) {
  const auto a = ParseRfc3339(incoming);
  const auto b = ParseRfc3339(stored);
  if (!a || !b) return incoming != stored;
  return *a > *b;
}

}  // namespace

struct AdvisoryDb::Pending {
  std::unordered_map<std::string, osv::Record> records;  // parsed during this import, by id
};

AdvisoryDb::AdvisoryDb(fs::path home, std::unique_ptr<store::Store> store)
    : home_(std::move(home)), store_(std::move(store)) {}

Result<AdvisoryDb> AdvisoryDb::Open(const fs::path& home) {
  std::error_code ec;
  fs::create_directories(home, ec);
  if (ec) return Fail(ErrorCode::kUnavailable, home.string() + ": cannot create directory: " + ec.message());
  auto store = store::OpenSqliteStore((home / "vigil.db").string());
  if (!store) return std::unexpected(store.error());
  return AdvisoryDb(home, std::move(*store));
}

Result<ImportSummary> AdvisoryDb::Import(std::span<const fs::path> sources, const ImportProgress& progress,
                                         std::span<const std::string> source_names) {
  auto stored = store_->AdvisoryVersions();
  if (!stored) return std::unexpected(stored.error());
  auto stored_kev = store_->GetFeed("kev");
  auto stored_epss = store_->GetFeed("epss");
  if (!stored_kev) return std::unexpected(stored_kev.error());
  if (!stored_epss) return std::unexpected(stored_epss.error());

  ImportSummary summary;
  store::KnowledgeBatch batch;
  Pending pending;
  std::unordered_map<std::string, std::size_t> batch_index;  // id -> position in batch.advisories
  osv::OsvParser parser;

  for (std::size_t i = 0; i < sources.size(); ++i) {
    const std::string source_name = i < source_names.size() ? source_names[i] : sources[i].string();
    const auto visit = [&](const Document& document) -> Result<void> {
      ++summary.documents;
      switch (Classify(document.content)) {
        case DocumentKind::kOsv: {
          summary.json_bytes += document.content.size();
          auto record = parser.Parse(document.content, osv::Padding::kPadded);
          if (!record) return std::unexpected(record.error());
          // Within one import the newest copy of a record wins; against the store only a newer one.
          if (const auto seen = batch_index.find(record->id); seen != batch_index.end()) {
            auto& row = batch.advisories[seen->second];
            if (!IsNewer(record->modified, row.modified)) return {};
            row = {record->id, record->modified, source_name, JoinEcosystems(*record), std::string(document.content)};
            pending.records[record->id] = std::move(*record);
            return {};
          }
          if (const auto old = stored->find(record->id); old != stored->end()) {
            if (!IsNewer(record->modified, old->second)) {
              ++summary.unchanged;
              return {};
            }
            ++summary.updated;
          } else {
            ++summary.added;
          }
          batch_index.emplace(record->id, batch.advisories.size());
          batch.advisories.push_back(
              {record->id, record->modified, source_name, JoinEcosystems(*record), std::string(document.content)});
          std::string id = record->id;
          pending.records.emplace(std::move(id), std::move(*record));
          return {};
        }
        case DocumentKind::kKev: {
          auto catalog = ParseKev(document.content);
          if (!catalog) return std::unexpected(catalog.error());
          summary.kev_version = catalog->catalog_version;
          summary.kev_entries = catalog->vulnerabilities.size();
          if (*stored_kev && (*stored_kev)->content == document.content) return {};
          batch.feeds.push_back({"kev", catalog->catalog_version, catalog->date_released, source_name,
                                 std::string(document.content)});
          return {};
        }
        case DocumentKind::kEpss: {
          auto epss = ParseEpss(document.content);
          if (!epss) return std::unexpected(epss.error());
          summary.epss_date = epss->score_date;
          summary.epss_scores = epss->scores.size();
          if (*stored_epss && (*stored_epss)->content == document.content) return {};
          batch.feeds.push_back({"epss", epss->model_version, epss->score_date, source_name, std::string(document.content)});
          return {};
        }
        case DocumentKind::kUnknown:
          break;
      }
      return Fail(ErrorCode::kInvalidArgument, "not an OSV record, a KEV catalog or an EPSS CSV");
    };
    const auto on_error = [&](const Error& error) {
      ++summary.malformed;
      summary.issues.push_back(error.message);
    };
    if (auto walked = ForEachDocument(sources[i], visit, on_error); !walked) return std::unexpected(walked.error());
    if (progress) progress(i + 1, sources.size());
  }

  const bool changed = !batch.advisories.empty() || !batch.feeds.empty();
  if (changed) {
    if (auto applied = store_->Apply(batch); !applied) return std::unexpected(applied.error());
  }
  // A missing snapshot, or one an older vigil wrote in another format, is rebuilt even when the
  // store did not change.
  if (changed || !OpenSnapshot(Verify::kHeaderOnly)) {
    auto compiled = Rebuild(&pending);
    if (!compiled) return std::unexpected(compiled.error());
    summary.compiled = *compiled;
  }
  return summary;
}

Result<CompileStats> AdvisoryDb::Rebuild() { return Rebuild(nullptr); }

Result<CompileStats> AdvisoryDb::Rebuild(const Pending* pending) {
  std::deque<osv::Record> parsed;  // records not already parsed by the import; stable addresses
  std::vector<const osv::Record*> records;
  osv::OsvParser parser;
  const auto already_parsed = [&](std::string_view id) -> const osv::Record* {
    if (pending == nullptr) return nullptr;
    const auto it = pending->records.find(std::string(id));
    return it == pending->records.end() ? nullptr : &it->second;
  };
  auto read = store_->ForEachAdvisory(
      [&](const store::AdvisoryRow& row) -> Result<void> {
        if (const auto* record = already_parsed(row.id)) {
          records.push_back(record);
          return {};
        }
        auto record = parser.Parse(row.json);
        if (!record) {
          return Fail(ErrorCode::kDataLoss, "stored advisory " + row.id + " no longer parses: " + record.error().message);
        }
        records.push_back(&parsed.emplace_back(std::move(*record)));
        return {};
      },
      [&](std::string_view id) { return already_parsed(id) == nullptr; });
  if (!read) return std::unexpected(read.error());

  ExploitFacts facts;
  auto kev = store_->GetFeed("kev");
  if (!kev) return std::unexpected(kev.error());
  if (*kev) {
    auto catalog = ParseKev((*kev)->content);
    if (!catalog) return std::unexpected(WithContext(catalog.error(), "stored KEV catalog"));
    for (const auto& entry : catalog->vulnerabilities) facts.known_exploited.insert(entry.cve_id);
  }
  auto epss = store_->GetFeed("epss");
  if (!epss) return std::unexpected(epss.error());
  if (*epss) {
    auto scores = ParseEpss((*epss)->content);
    if (!scores) return std::unexpected(WithContext(scores.error(), "stored EPSS scores"));
    for (const auto& score : scores->scores) {
      facts.epss[score.cve] = {static_cast<float>(score.epss), static_cast<float>(score.percentile)};
    }
  }
  return WriteSnapshot(records, facts, snapshot_path());
}

Result<AdvisoryDetails> AdvisoryDb::Describe(std::string_view id_or_alias) {
  auto snap = OpenSnapshot(Verify::kHeaderOnly);
  if (!snap) return std::unexpected(snap.error());
  const auto group = snap->FindGroup(id_or_alias);
  if (!group) return Fail(ErrorCode::kNotFound, "no advisory with id or alias '" + std::string(id_or_alias) + "'");

  AdvisoryDetails details;
  std::set<std::string> names;
  osv::OsvParser parser;
  for (const std::uint32_t index : snap->GroupVulns(*group)) {
    const VulnView vuln = snap->vuln(index);
    auto row = store_->GetAdvisory(vuln.id);
    if (!row) return std::unexpected(row.error());
    if (!*row) return Fail(ErrorCode::kDataLoss, "advisory " + std::string(vuln.id) + " is in the snapshot but not the store; run `vigil db import` again");
    auto record = parser.Parse((*row)->json);
    if (!record) return std::unexpected(WithContext(record.error(), "stored advisory " + (*row)->id));
    names.insert(record->id);
    names.insert(record->aliases.begin(), record->aliases.end());
    details.vulns.push_back(vuln);
    details.records.push_back(std::move(*record));
  }
  auto kev = store_->GetFeed("kev");
  if (!kev) return std::unexpected(kev.error());
  if (*kev) {
    auto catalog = ParseKev((*kev)->content);
    if (!catalog) return std::unexpected(WithContext(catalog.error(), "stored KEV catalog"));
    for (auto& entry : catalog->vulnerabilities) {
      if (names.contains(entry.cve_id)) details.kev.push_back(std::move(entry));
    }
  }
  return details;
}

Result<DbStatus> AdvisoryDb::Status() {
  auto snap = OpenSnapshot();
  if (!snap) return std::unexpected(snap.error());
  DbStatus status;
  status.ecosystems = snap->Ecosystems();
  status.advisories = snap->vuln_count();
  std::int64_t newest = 0;
  for (std::uint32_t i = 0; i < snap->vuln_count(); ++i) {
    const VulnView vuln = snap->vuln(i);
    if ((vuln.flags & snapshot::kWithdrawn) != 0) ++status.withdrawn;
    if (const auto t = ParseRfc3339(vuln.modified); t && *t >= newest) {
      newest = *t;
      status.newest_modified = vuln.modified;
    }
  }
  status.snapshot_bytes = snap->file_size();
  status.snapshot_created_unix = snap->created_unix();
  auto sources = store_->CountAdvisoriesBySource();
  if (!sources) return std::unexpected(sources.error());
  status.sources = std::move(*sources);
  for (const auto& [name, target] : {std::pair{"kev", &status.kev}, std::pair{"epss", &status.epss}}) {
    auto feed = store_->GetFeed(name);
    if (!feed) return std::unexpected(feed.error());
    if (*feed) *target = FeedStatus{(*feed)->version, (*feed)->published};
  }
  return status;
}

Result<Snapshot> AdvisoryDb::OpenSnapshot(Verify verify) const { return Snapshot::Open(snapshot_path(), verify); }

}  // namespace vigil::knowledge
