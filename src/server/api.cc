// Handlers of the fleet API and the permission checks in front of them.
#include "server/api.h"

#include <fmt/format.h>
#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <variant>
#include <nlohmann/json.hpp>

#include "auth/token.h"
#include "fleet/findings.h"
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

// Every refusal of an authenticated caller reads the same, so that one says nothing about the
// object refused (an agent pushing for another team's asset learns no more than a wrong role).
Response Forbidden() {
  return ErrorResponse(403, "forbidden", "this token may not do that");
}

Response BadRequest(std::string_view message) {
  return ErrorResponse(400, "invalid_argument", message);
}

constexpr std::string_view kBase64Url = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string Base64UrlEncode(std::string_view bytes) {
  std::string out;
  std::uint32_t bits = 0;
  int count = 0;
  for (const char c : bytes) {
    bits = (bits << 8) | static_cast<unsigned char>(c);
    count += 8;
    while (count >= 6) {
      count -= 6;
      out += kBase64Url[(bits >> count) & 63];
    }
  }
  if (count > 0) out += kBase64Url[(bits << (6 - count)) & 63];
  return out;
}

std::optional<std::string> Base64UrlDecode(std::string_view text) {
  std::string out;
  std::uint32_t bits = 0;
  int count = 0;
  for (const char c : text) {
    const auto value = kBase64Url.find(c);
    if (value == std::string_view::npos) return std::nullopt;
    bits = (bits << 6) | static_cast<std::uint32_t>(value);
    count += 6;
    if (count >= 8) {
      count -= 8;
      out += static_cast<char>((bits >> count) & 0xff);
    }
  }
  return out;
}

// Cursors are opaque to clients: base64url of a JSON array holding the last key returned.
std::string EncodeCursor(const json& key) { return Base64UrlEncode(key.dump()); }

std::optional<json> DecodeCursor(std::string_view cursor) {
  const auto text = Base64UrlDecode(cursor);
  if (!text) return std::nullopt;
  json key = json::parse(*text, nullptr, false);
  if (key.is_discarded() || !key.is_array()) return std::nullopt;
  return key;
}

std::optional<std::string> QueryParam(const Context& context, const char* name) {
  const auto it = context.query.find(name);
  return it == context.query.end() ? std::nullopt : std::optional(it->second);
}

// The page size of `limit=`, or a 400.
std::variant<std::size_t, Response> PageSize(const Context& context) {
  std::size_t limit = kDefaultPageSize;
  if (const auto text = QueryParam(context, "limit")) {
    auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), limit);
    if (ec != std::errc() || end != text->data() + text->size() || limit == 0 || limit > kMaxPageSize) {
      return BadRequest(fmt::format("limit: expected 1 to {}", kMaxPageSize));
    }
  }
  return limit;
}

// The asset filter of `team=`, `customer=`, `environment=` narrowed to what the caller may see;
// nothing when a team member asks for another team (no asset can match).
std::optional<store::AssetFilter> ScopedFilter(const Context& context) {
  const auth::Principal& principal = *context.principal;
  store::AssetFilter filter;
  filter.team = QueryParam(context, "team");
  if (auto customer = QueryParam(context, "customer")) filter.customers.push_back(std::move(*customer));
  filter.environment = QueryParam(context, "environment");
  if (principal.role == Role::kTeamMember || principal.role == Role::kAgent) {
    if (!principal.team || (filter.team && *filter.team != *principal.team)) return std::nullopt;
    filter.team = principal.team;
  }
  if (principal.role == Role::kCustomer) {
    if (!principal.customer) return std::nullopt;
    if (std::ranges::find(filter.customers, *principal.customer) == filter.customers.end()) {
      filter.customers.push_back(*principal.customer);
    }
  }
  return filter;
}

Response Page(const char* name, json items, const std::optional<json>& next) {
  return JsonResponse(json{{name, std::move(items)}, {"next_cursor", next ? json(EncodeCursor(*next)) : json(nullptr)}});
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

// A customer learns nothing of the other customers an asset also serves: its answers name only it.
void HideOtherCustomers(const auth::Principal& principal, std::vector<std::string>& customers) {
  if (principal.role == Role::kCustomer && principal.customer) customers = {*principal.customer};
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

Result<std::unique_ptr<Api>> Api::Create(store::Store& store, const knowledge::Snapshot& snapshot, Clock clock,
                                         std::filesystem::path watch) {
  if (auto recomputed = fleet::RecomputeFindings(store, snapshot, clock(), "server"); !recomputed) {
    return std::unexpected(recomputed.error());
  }
  auto index = fleet::BlastRadiusIndex::Build(store, snapshot);
  if (!index) return std::unexpected(index.error());
  return std::make_unique<Api>(store, snapshot, std::move(*index), std::move(clock), std::move(watch));
}

Api::Api(store::Store& store, const knowledge::Snapshot& snapshot, fleet::BlastRadiusIndex index, Clock clock,
         std::filesystem::path watch)
    : store_(store), snapshot_(&snapshot), index_(std::move(index)), clock_(std::move(clock)), watch_(std::move(watch)) {
  if (!watch_.empty()) {
    stamp_ = Stamp();
    next_check_ = clock_() + kSnapshotCheckSeconds;
  }
  AddRoutes();
}

std::optional<Api::FileStamp> Api::Stamp() const {
  struct stat info {};
  if (::stat(watch_.c_str(), &info) != 0) return std::nullopt;
  return FileStamp{static_cast<std::uint64_t>(info.st_ino), static_cast<std::uint64_t>(info.st_size),
                   static_cast<std::int64_t>(info.st_mtim.tv_sec) * 1'000'000'000 + info.st_mtim.tv_nsec};
}

void Api::ReloadIfReplaced() {
  if (watch_.empty()) return;
  const std::int64_t now = clock_();
  if (now < next_check_) return;
  next_check_ = now + kSnapshotCheckSeconds;
  const auto stamp = Stamp();
  if (!stamp || stamp == stamp_) return;
  auto opened = knowledge::Snapshot::Open(watch_);
  if (!opened) {
    ++reload_failures_;
    return;
  }
  auto fresh = std::make_unique<knowledge::Snapshot>(std::move(*opened));
  if (auto recomputed = fleet::RecomputeFindings(store_, *fresh, now, "server"); !recomputed) {
    ++reload_failures_;
    return;
  }
  auto index = fleet::BlastRadiusIndex::Build(store_, *fresh);
  if (!index) {
    ++reload_failures_;
    return;
  }
  // The old index goes before the old snapshot it points into.
  index_ = std::move(*index);
  snapshot_ = fresh.get();
  reloaded_ = std::move(fresh);
  stamp_ = stamp;
  ++reloads_;
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
               "agent: the asset's team is set to the token's team; an asset of another team is refused "
               "with the same 403 as any refusal",
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
  router_.Add({"GET", "/api/v1/findings", true, readers,
               "team-member: only its team's assets' findings; customer: only those of assets serving it",
               [this](const Context& c) { return ListFindings(c); }});
  router_.Add({"GET", "/api/v1/audit", true, {Role::kAdmin, Role::kAuditor}, "",
               [this](const Context& c) { return ListAudit(c); }});
}

Response Api::Handle(const Request& request) {
  std::string route_label = "-";
  Response response;
  ReloadIfReplaced();
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
    if (std::ranges::find(route.roles, principal->role) == route.roles.end()) return Forbidden();
    context.principal = std::move(*principal);
  }
  return route.handler(context);
}

Response Api::Ingest(const Context& context) {
  const auth::Principal& principal = *context.principal;
  // An agent writes only its own team's assets, whatever its report says.
  std::optional<std::string_view> team;
  if (principal.role == Role::kAgent) team = *principal.team;
  std::string actor = "token:";
  actor += std::to_string(principal.token_id);
  auto result = fleet::Ingest(store_, context.request.body, clock_(), actor, team, &memo_, &index_, snapshot_);
  if (!result) {
    if (result.error().message == fleet::kReportNotJson) return BadRequest("the body is not valid JSON");
    return result.error().code == ErrorCode::kPermissionDenied ? Forbidden() : FromError(result.error());
  }
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
  // The counts are always complete; the asset list is a page, since a vulnerability in a golden
  // image lists as many assets as the fleet has.
  fleet::QueryOptions options;
  options.limit = kBlastRadiusPageSize;
  if (context.query.contains("limit")) {
    const auto limit = PageSize(context);
    if (const auto* error = std::get_if<Response>(&limit)) return *error;
    options.limit = std::get<std::size_t>(limit);
  }
  if (const auto cursor = QueryParam(context, "cursor")) {
    const auto key = DecodeCursor(*cursor);
    if (!key || key->size() != 1 || !(*key)[0].is_string()) return BadRequest("cursor: not a cursor this server gave");
    options.after = (*key)[0].get<std::string>();
  }
  const auth::Principal& principal = *context.principal;
  switch (principal.role) {
    case Role::kTeamMember:
    case Role::kAgent:
      if (!principal.team) return NotFound();
      options.team = principal.team;
      break;
    case Role::kCustomer:
      if (!principal.customer) return NotFound();
      options.customer = principal.customer;
      break;
    case Role::kAdmin:
    case Role::kSecurity:
    case Role::kAuditor: break;
  }
  auto radius = index_.Query(context.params.at("id"), options);
  if (!radius) return FromError(radius.error());
  if (options.customer) {
    std::erase_if(radius->by_customer, [&](const auto& entry) { return entry.first != *options.customer; });
    for (auto& asset : radius->assets) HideOtherCustomers(principal, asset.customers);
  }
  json answer = BlastRadiusJson(*radius);
  if (radius->next_cursor) answer["next_cursor"] = EncodeCursor(json::array({*radius->next_cursor}));
  return JsonResponse(answer);
}

Response Api::ListAssets(const Context& context) {
  const auto limit = PageSize(context);
  if (const auto* error = std::get_if<Response>(&limit)) return *error;
  const std::size_t size = std::get<std::size_t>(limit);
  std::optional<std::string> after;
  if (const auto cursor = QueryParam(context, "cursor")) {
    const auto key = DecodeCursor(*cursor);
    if (!key || key->size() != 1 || !(*key)[0].is_string()) return BadRequest("cursor: not a cursor this server gave");
    after = (*key)[0].get<std::string>();
  }
  const auto filter = ScopedFilter(context);
  if (!filter) return Page("assets", json::array(), std::nullopt);
  // One more than asked tells whether another page follows.
  auto assets = store_.ListAssetsAfter(*filter, after, size + 1);
  if (!assets) return FromError(assets.error());
  json page = json::array();
  std::optional<json> next;
  for (auto& asset : *assets) {
    if (page.size() == size) {
      next = json::array({page.back()["name"]});
      break;
    }
    HideOtherCustomers(*context.principal, asset.customers);
    page.push_back(AssetJson(asset));
  }
  return Page("assets", std::move(page), next);
}

Response Api::ListFindings(const Context& context) {
  const auto limit = PageSize(context);
  if (const auto* error = std::get_if<Response>(&limit)) return *error;
  fleet::FindingQuery query;
  if (const auto severity = QueryParam(context, "severity")) {
    static const std::map<std::string, std::uint32_t> kMinimum = {{"none", 0}, {"low", 1}, {"medium", 2}, {"high", 3}, {"critical", 4}};
    const auto it = kMinimum.find(*severity);
    if (it == kMinimum.end()) return BadRequest("severity: expected critical, high, medium, low or none");
    query.min_severity = it->second;
  }
  if (const auto kev = QueryParam(context, "kev")) {
    if (*kev != "true" && *kev != "false") return BadRequest("kev: expected true or false");
    query.known_exploited = *kev == "true";
  }
  if (const auto state = QueryParam(context, "state")) {
    if (*state == "fixed") {
      query.state = fleet::FindingState::kFixed;
    } else if (*state == "all") {
      query.state = fleet::FindingState::kAll;
    } else if (*state != "open") {
      return BadRequest("state: expected open, fixed or all");
    }
  }
  query.vulnerability = QueryParam(context, "vulnerability");
  query.asset = QueryParam(context, "asset");
  std::optional<fleet::FindingCursor> after;
  if (const auto cursor = QueryParam(context, "cursor")) {
    const auto key = DecodeCursor(*cursor);
    bool valid = key && key->size() == 6 && (*key)[5].is_number_integer();
    for (std::size_t i = 0; valid && i < 5; ++i) valid = (*key)[i].is_string();
    if (!valid) return BadRequest("cursor: not a cursor this server gave");
    after = fleet::FindingCursor{(*key)[0], {(*key)[1], (*key)[2], (*key)[3], (*key)[4]}, (*key)[5]};
  }
  const auto filter = ScopedFilter(context);
  if (!filter) return Page("findings", json::array(), std::nullopt);
  query.assets = *filter;
  auto found = fleet::ListFindings(store_, *snapshot_, query, after, std::get<std::size_t>(limit));
  if (!found) return FromError(found.error());
  json page = json::array();
  for (auto& f : found->findings) {
    HideOtherCustomers(*context.principal, f.asset.customers);
    page.push_back(FindingJson(f));
  }
  std::optional<json> next;
  if (found->next) {
    const auto& n = *found->next;
    next = json::array({n.asset, n.key.vulnerability, n.key.ecosystem, n.key.name, n.key.version, n.first_seen});
  }
  return Page("findings", std::move(page), next);
}

Response Api::ListAudit(const Context& context) {
  const auto limit = PageSize(context);
  if (const auto* error = std::get_if<Response>(&limit)) return *error;
  const std::size_t size = std::get<std::size_t>(limit);
  std::int64_t after = 0;
  if (const auto text = QueryParam(context, "after")) {
    auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), after);
    if (ec != std::errc() || end != text->data() + text->size() || after < 0) {
      return BadRequest("after: expected a sequence number");
    }
  }
  auto entries = store_.ListAuditEntries(after, size + 1);
  if (!entries) return FromError(entries.error());
  json page = json::array();
  std::optional<std::int64_t> next;
  for (const auto& entry : *entries) {
    if (page.size() == size) {
      next = page.back()["seq"].get<std::int64_t>();
      break;
    }
    page.push_back(AuditEntryJson(entry));
  }
  return JsonResponse(json{{"entries", std::move(page)}, {"next_after", next ? json(*next) : json(nullptr)}});
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
  HideOtherCustomers(*context.principal, found->customers);
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
      "vigil_index_package_versions {}\n"
      "# HELP vigil_snapshot_reloads_total Advisory snapshots reloaded after the file was replaced, by outcome.\n"
      "# TYPE vigil_snapshot_reloads_total counter\n"
      "vigil_snapshot_reloads_total{{outcome=\"loaded\"}} {}\n"
      "vigil_snapshot_reloads_total{{outcome=\"failed\"}} {}\n",
      ingest_errors_, ingested_packages_, index_.asset_count(), index_.manifest_count(),
      index_.package_version_count(), reloads_, reload_failures_);
  return {200, out, "text/plain; version=0.0.4; charset=utf-8"};
}

}  // namespace vigil::server
