// Handlers of the fleet API and the permission checks in front of them.
#include "server/api.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <nlohmann/json.hpp>

#include "auth/token.h"
#include "fleet/ingest.h"
#include "fleet/report.h"
#include "server/fleet_json.h"

namespace vigil::server {
namespace {

using auth::Role;
using nlohmann::json;

constexpr Role kEveryReader[] = {Role::kAdmin, Role::kSecurity, Role::kAuditor, Role::kTeamMember, Role::kCustomer};

Response JsonResponse(const json& body, unsigned status = 200) {
  // Replacing invalid UTF-8 rather than throwing: a message may quote what the client sent.
  return {status, body.dump(2, ' ', false, json::error_handler_t::replace) + "\n", "application/json"};
}

Response NotFound() {
  return ErrorResponse(404, "not_found", kNotFoundMessage);
}

// The token of an "Authorization: Bearer T" header; empty when absent or of another scheme.
std::string_view BearerToken(std::string_view header) {
  constexpr std::string_view kScheme = "bearer ";
  if (header.size() <= kScheme.size()) return {};
  for (std::size_t i = 0; i < kScheme.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(header[i])) != kScheme[i]) return {};
  }
  std::string_view token = header.substr(kScheme.size());
  while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
  while (!token.empty() && token.back() == ' ') token.remove_suffix(1);
  return token;
}

// Whether a principal bound to a team or customer may see an asset with these owners. Roles
// without a binding see everything.
bool MaySee(const auth::Principal& principal, const std::optional<std::string>& team,
            const std::vector<std::string>& customers) {
  switch (principal.role) {
    case Role::kTeamMember:
    case Role::kAgent: return team && principal.team && *team == *principal.team;
    case Role::kCustomer:
      return principal.customer && std::ranges::find(customers, *principal.customer) != customers.end();
    case Role::kAdmin:
    case Role::kSecurity:
    case Role::kAuditor: return true;
  }
  return false;
}

Response FromError(const Error& error) {
  switch (error.code) {
    case ErrorCode::kInvalidArgument: return ErrorResponse(400, "invalid_argument", error.message);
    case ErrorCode::kNotFound: return NotFound();
    case ErrorCode::kPermissionDenied: return ErrorResponse(403, "forbidden", error.message);
    case ErrorCode::kAlreadyExists:
    case ErrorCode::kFailedPrecondition: return ErrorResponse(409, "conflict", error.message);
    case ErrorCode::kUnavailable:
    case ErrorCode::kDataLoss:
    case ErrorCode::kInternal: break;
  }
  return ErrorResponse(500, "internal", error.message);
}

}  // namespace

Response ErrorResponse(unsigned status, std::string_view code, std::string_view message) {
  return JsonResponse(json{{"error", {{"code", code}, {"message", message}}}}, status);
}

Result<std::unique_ptr<Api>> Api::Create(store::Store& store, const knowledge::Snapshot& snapshot, Clock clock) {
  auto index = fleet::BlastRadiusIndex::Build(store, snapshot);
  if (!index) return std::unexpected(index.error());
  return std::make_unique<Api>(store, std::move(*index), std::move(clock));
}

Api::Api(store::Store& store, fleet::BlastRadiusIndex index, Clock clock)
    : store_(store), index_(std::move(index)), clock_(std::move(clock)) {
  AddRoutes();
}

void Api::AddRoutes() {
  const std::vector<Role> readers(std::begin(kEveryReader), std::end(kEveryReader));
  router_.Add({"GET", "/healthz", false, {}, "", [](const Context&) { return JsonResponse(json{{"status", "ok"}}); }});
  router_.Add({"GET", "/readyz", false, {}, "", [this](const Context&) { return Ready(); }});
  router_.Add({"GET", "/metrics", false, {}, "", [this](const Context&) { return Metrics(); }});
  router_.Add({"POST",
               "/api/v1/reports",
               true,
               {Role::kAgent, Role::kAdmin, Role::kSecurity},
               "agent: the asset's team is set to the token's team; an asset of another team is refused",
               [this](const Context& c) {
                 Response response = Ingest(c);
                 if (response.status != 200) ++ingest_errors_;
                 return response;
               }});
  router_.Add({"GET", "/api/v1/vulnerabilities/{id}/blast-radius", true, readers,
               "team-member: only its team's assets; customer: only assets serving it",
               [this](const Context& c) { return BlastRadius(c); }});
  router_.Add({"GET", "/api/v1/assets", true, readers,
               "team-member: only its team's assets; customer: only assets serving it",
               [this](const Context& c) { return ListAssets(c); }});
  router_.Add({"GET", "/api/v1/assets/{name}", true, readers,
               "team-member: only its team's assets; customer: only assets serving it (others: 404)",
               [this](const Context& c) { return GetAsset(c); }});
}

Response Api::Handle(const Request& request) {
  std::string route_label = "-";
  Response response;
  // The server's last line of defence: a request must not take the process down.
  try {
    response = Dispatch(request, route_label);
  } catch (const std::exception& e) {
    response = ErrorResponse(500, "internal", e.what());
  }
  Count(route_label, response.status);
  return response;
}

Response Api::TransportError(unsigned status, std::string_view code, std::string_view message) {
  Count("-", status);
  return ErrorResponse(status, code, message);
}

Response Api::Dispatch(const Request& request, std::string& route_label) {
  auto target = ParseTarget(request.target);
  if (!target) return ErrorResponse(400, "bad_request", "the request target is not a valid path");
  auto found = router_.Find(request.method, target->path);
  if (!found.route) {
    if (found.wrong_method) return ErrorResponse(405, "method_not_allowed", "this path does not take that method");
    return ErrorResponse(404, "not_found", "no such route");
  }
  const Route& route = *found.route;
  route_label = route.pattern;
  Context context{request, std::move(found.params), std::move(target->query), std::nullopt};
  if (route.authenticated) {
    const std::string_view token = BearerToken(request.authorization);
    if (token.empty())
      return ErrorResponse(401, "unauthenticated", "an API token is required (Authorization: Bearer TOKEN)");
    auto principal = auth::Authenticate(store_, token, clock_());
    if (!principal) {
      if (principal.error().code == ErrorCode::kPermissionDenied) {
        return ErrorResponse(401, "unauthenticated", "the API token is not valid");
      }
      return ErrorResponse(500, "internal", principal.error().message);
    }
    if (std::ranges::find(route.roles, principal->role) == route.roles.end()) {
      std::string message = "the role ";
      message += auth::RoleName(principal->role);
      message += " may not call this route";
      return ErrorResponse(403, "forbidden", message);
    }
    context.principal = std::move(*principal);
  }
  return route.handler(context);
}

Response Api::Ingest(const Context& context) {
  const auth::Principal& principal = *context.principal;
  json document = json::parse(context.request.body, nullptr, false);
  if (document.is_discarded()) return ErrorResponse(400, "invalid_argument", "the body is not valid JSON");
  if (!document.is_object()) return ErrorResponse(400, "invalid_argument", "$: expected an object");
  std::string text = context.request.body;
  if (principal.role == Role::kAgent) {
    // An agent writes only its own team's assets, whatever its report says.
    json& metadata = document["asset_metadata"];
    if (metadata.is_null()) metadata = json::object();
    if (!metadata.is_object()) return ErrorResponse(400, "invalid_argument", "$.asset_metadata: expected an object");
    metadata["team"] = *principal.team;
    text = document.dump();
    auto report = fleet::ParseReport(text);
    if (!report) return FromError(report.error());
    std::optional<store::AssetRow> existing;
    auto read = store_.Write([&](store::Transaction& transaction) -> Result<void> {
      auto asset = transaction.GetAssetByName(report->asset_name);
      if (!asset) return std::unexpected(asset.error());
      existing = std::move(*asset);
      return {};
    });
    if (!read) return FromError(read.error());
    if (existing && existing->team != principal.team) {
      return ErrorResponse(403, "forbidden", "this agent's team does not own that asset");
    }
  }
  std::string actor = "token:";
  actor += std::to_string(principal.token_id);
  auto result = fleet::Ingest(store_, text, clock_(), actor, &index_);
  if (!result) return FromError(result.error());
  ++ingested_[std::string(fleet::StatusName(result->status))];
  if (result->status != fleet::IngestStatus::kDuplicate) ingested_packages_ += result->packages;
  return JsonResponse(
      json{{"report_id", result->report_id},
           {"status", fleet::StatusName(result->status)},
           {"asset", result->asset},
           {"manifest", result->manifest},
           {"previous_manifest", result->previous_manifest ? json(*result->previous_manifest) : json(nullptr)},
           {"new_manifest", result->new_manifest},
           {"packages", result->packages}});
}

Response Api::BlastRadius(const Context& context) {
  auto radius = index_.Query(context.params.at("id"));
  if (!radius) return FromError(radius.error());
  const auth::Principal& principal = *context.principal;
  const auto visible = FilterBlastRadius(
      *radius, [&](const fleet::AffectedAsset& asset) { return MaySee(principal, asset.team, asset.customers); });
  return JsonResponse(BlastRadiusJson(visible));
}

Response Api::ListAssets(const Context& context) {
  const auth::Principal& principal = *context.principal;
  std::size_t limit = kDefaultPageSize;
  if (auto it = context.query.find("limit"); it != context.query.end()) {
    const std::string& text = it->second;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), limit);
    if (ec != std::errc() || end != text.data() + text.size() || limit == 0 || limit > kMaxPageSize) {
      return ErrorResponse(400, "invalid_argument", fmt::format("limit: expected 1 to {}", kMaxPageSize));
    }
  }
  const auto param = [&](const char* name) -> std::optional<std::string> {
    auto it = context.query.find(name);
    return it == context.query.end() ? std::nullopt : std::optional(it->second);
  };
  const auto team = param("team");
  const auto customer = param("customer");
  const auto cursor = param("cursor");
  auto assets = store_.ListAssets();
  if (!assets) return FromError(assets.error());
  json page = json::array();
  std::optional<std::string> next;
  // Assets come in name order; the cursor is the last name of the previous page.
  for (const auto& asset : *assets) {
    if (cursor && asset.name <= *cursor) continue;
    if (!MaySee(principal, asset.team, asset.customers)) continue;
    if (team && asset.team != *team) continue;
    if (customer && std::ranges::find(asset.customers, *customer) == asset.customers.end()) continue;
    if (page.size() == limit) {
      next = page.back()["name"].get<std::string>();
      break;
    }
    page.push_back(AssetJson(asset));
  }
  return JsonResponse(json{{"assets", std::move(page)}, {"next_cursor", next ? json(*next) : json(nullptr)}});
}

Response Api::GetAsset(const Context& context) {
  std::optional<store::AssetRow> found;
  auto read = store_.Write([&](store::Transaction& transaction) -> Result<void> {
    auto asset = transaction.GetAssetByName(context.params.at("name"));
    if (!asset) return std::unexpected(asset.error());
    found = std::move(*asset);
    return {};
  });
  if (!read) return FromError(read.error());
  if (!found || !MaySee(*context.principal, found->team, found->customers)) return NotFound();
  return JsonResponse(AssetJson(*found));
}

Response Api::Ready() const {
  return JsonResponse(json{{"ready", true},
                           {"assets", index_.asset_count()},
                           {"manifests", index_.manifest_count()},
                           {"package_versions", index_.package_version_count()}});
}

Response Api::Metrics() const {
  std::string out =
      "# HELP vigil_http_requests_total HTTP requests answered, by route pattern and status.\n"
      "# TYPE vigil_http_requests_total counter\n";
  for (const auto& [key, count] : requests_) {
    out += fmt::format("vigil_http_requests_total{{route=\"{}\",status=\"{}\"}} {}\n", key.first, key.second, count);
  }
  out +=
      "# HELP vigil_ingest_reports_total Reports ingested, by outcome.\n"
      "# TYPE vigil_ingest_reports_total counter\n";
  for (const auto status : {fleet::IngestStatus::kNewAsset, fleet::IngestStatus::kManifestChanged,
                            fleet::IngestStatus::kManifestUnchanged, fleet::IngestStatus::kDuplicate}) {
    const std::string name(fleet::StatusName(status));
    const auto it = ingested_.find(name);
    out +=
        fmt::format("vigil_ingest_reports_total{{status=\"{}\"}} {}\n", name, it == ingested_.end() ? 0 : it->second);
  }
  out += fmt::format(
      "# HELP vigil_ingest_rejected_total Reports refused (malformed, invalid, another team's asset) or failed to "
      "store.\n"
      "# TYPE vigil_ingest_rejected_total counter\n"
      "vigil_ingest_rejected_total {}\n"
      "# HELP vigil_ingest_packages_total Manifest entries of reports ingested (duplicates excluded).\n"
      "# TYPE vigil_ingest_packages_total counter\n"
      "vigil_ingest_packages_total {}\n"
      "# HELP vigil_index_assets Assets in the blast-radius index.\n"
      "# TYPE vigil_index_assets gauge\n"
      "vigil_index_assets {}\n"
      "# HELP vigil_index_manifests Distinct manifests in the blast-radius index.\n"
      "# TYPE vigil_index_manifests gauge\n"
      "vigil_index_manifests {}\n"
      "# HELP vigil_index_package_versions Distinct package versions in the blast-radius index.\n"
      "# TYPE vigil_index_package_versions gauge\n"
      "vigil_index_package_versions {}\n",
      ingest_errors_, ingested_packages_, index_.asset_count(), index_.manifest_count(),
      index_.package_version_count());
  return {200, out, "text/plain; version=0.0.4; charset=utf-8"};
}

}  // namespace vigil::server
