// Report ingest: one write transaction per report.
#include "fleet/ingest.h"

#include "audit/audit.h"
#include "audit/digest.h"
#include "fleet/blast_radius.h"
#include "fleet/findings.h"
#include "fleet/manifest.h"
#include "fleet/report.h"

namespace vigil::fleet {
namespace {

std::string ReportDigest(const store::ReportRow& row) {
  return audit::CanonicalEncoder("vigil.report.v1")
      .Add(row.report_id)
      .Add(row.asset_id)
      .Add(row.manifest)
      .Add(row.received)
      .Sha256Hex();
}

constexpr std::string_view kMemoisedUnknown = "the memoised manifest is not in the store";

std::optional<std::string> EmptyToNull(const std::string& text) {
  if (text.empty()) return std::nullopt;
  return text;
}

}  // namespace

std::string_view StatusName(IngestStatus status) {
  switch (status) {
    case IngestStatus::kNewAsset: return "new_asset";
    case IngestStatus::kManifestChanged: return "manifest_changed";
    case IngestStatus::kManifestUnchanged: return "manifest_unchanged";
    case IngestStatus::kDuplicate: return "duplicate";
  }
  return "unknown";
}

Result<IngestResult> Ingest(store::Store& store, std::string_view json, std::int64_t now, std::string_view actor,
                            BlastRadiusIndex* index, const knowledge::Snapshot* snapshot) {
  return Ingest(store, json, now, actor, std::nullopt, nullptr, index, snapshot);
}

Result<IngestResult> Ingest(store::Store& store, std::string_view json, std::int64_t now, std::string_view actor,
                            std::optional<std::string_view> team, ManifestMemo* memo, BlastRadiusIndex* index,
                            const knowledge::Snapshot* snapshot) {
  auto report = ParseReport(json, team, memo);
  if (!report) return std::unexpected(report.error());
  auto result = Ingest(store, *report, now, actor, team, index, snapshot);
  if (!result && report->memoised && result.error().code == ErrorCode::kFailedPrecondition &&
      result.error().message == kMemoisedUnknown) {
    report = ParseReport(json, team);
    if (!report) return std::unexpected(report.error());
    result = Ingest(store, *report, now, actor, team, index, snapshot);
  }
  if (result && memo != nullptr && !report->packages_json.empty() && result->status != IngestStatus::kDuplicate) {
    memo->Insert(std::move(report->packages_json), {result->manifest, result->packages, report->listed_packages});
  }
  return result;
}

Result<IngestResult> Ingest(store::Store& store, const Report& report, std::int64_t now, std::string_view actor,
                            std::optional<std::string_view> team, BlastRadiusIndex* index,
                            const knowledge::Snapshot* snapshot) {
  const std::string digest = report.memoised ? report.memoised->digest : ManifestDigest(report.packages);
  IngestResult result;
  result.report_id = report.report_id;
  result.asset = report.asset_name;
  result.manifest = digest;
  result.packages = report.memoised ? report.memoised->packages : report.packages.size();
  store::AssetRow asset;
  const std::string who(actor);

  auto written = store.Write([&](store::Transaction& tx) -> Result<void> {
    auto existing = tx.GetAssetByName(report.asset_name);
    if (!existing) return std::unexpected(existing.error());
    if (team && *existing && (*existing)->team != *team) {
      return Fail(ErrorCode::kPermissionDenied, "the asset belongs to another team");
    }
    auto seen = tx.GetReport(report.report_id);
    if (!seen) return std::unexpected(seen.error());
    if (*seen) {
      result.status = IngestStatus::kDuplicate;
      result.manifest = (*seen)->manifest;
      return {};
    }
    auto has = tx.HasManifest(digest);
    if (!has) return std::unexpected(has.error());
    if (!*has) {
      if (report.memoised) return Fail(ErrorCode::kFailedPrecondition, std::string(kMemoisedUnknown));
      if (auto r = tx.InsertManifest(digest, report.packages, now); !r) return r;
      result.new_manifest = true;
      if (snapshot != nullptr) {
        const auto findings = ComputeFindings(*snapshot, report.packages);
        if (auto r = tx.ReplaceManifestFindings(digest, findings, now); !r) return std::unexpected(r.error());
      }
      auto logged = audit::Append(tx, {who, "manifest.create", "manifest:" + digest, std::nullopt, digest}, now);
      if (!logged) return std::unexpected(logged.error());
    }
    std::optional<std::string> before;
    if (*existing) {
      asset = std::move(**existing);
      before = AssetDigest(asset);
      result.previous_manifest = asset.manifest;
      result.status = asset.manifest == digest ? IngestStatus::kManifestUnchanged : IngestStatus::kManifestChanged;
    } else {
      asset.name = report.asset_name;
      asset.first_seen = now;
      result.status = IngestStatus::kNewAsset;
    }
    Apply(report.metadata, asset);
    // An inventory of a host or an image says what kind of asset it is; a directory or file does not.
    if (!asset.kind && (report.inventory_kind == "host" || report.inventory_kind == "image")) {
      asset.kind = report.inventory_kind;
    }
    if (report.os) {
      asset.os_id = EmptyToNull(report.os->id);
      asset.os_version = EmptyToNull(report.os->version_id);
      asset.os_pretty = EmptyToNull(report.os->pretty_name);
    }
    asset.last_seen = now;
    asset.manifest = digest;
    auto id = tx.PutAsset(asset);
    if (!id) return std::unexpected(id.error());
    asset.id = *id;
    if (result.status != IngestStatus::kManifestUnchanged) {
      if (auto r = tx.AppendAssetManifest(asset.id, now, digest); !r) return r;
    }
    const std::string object = "asset:" + asset.name;
    auto logged = audit::Append(tx, {who, "asset.upsert", object, before, AssetDigest(asset)}, now);
    if (!logged) return std::unexpected(logged.error());
    const store::ReportRow row{report.report_id, asset.id, digest, now};
    if (auto r = tx.InsertReport(row); !r) return r;
    logged = audit::Append(tx, {who, "report.ingest", "report:" + row.report_id, std::nullopt, ReportDigest(row)}, now);
    if (!logged) return std::unexpected(logged.error());
    return {};
  });
  if (!written) return std::unexpected(written.error());
  if (index != nullptr && result.status != IngestStatus::kDuplicate) {
    // A manifest the index knows is left as it is; a memoised one it knows already.
    if (!report.memoised) index->AddManifest(digest, report.packages);
    index->PutAsset(asset);
  }
  return result;
}

}  // namespace vigil::fleet
