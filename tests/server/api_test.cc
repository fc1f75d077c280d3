// The fleet API without sockets: route × role matrix over every registered route (each cell an
// explicit expectation, so a new route without one fails), team and customer scoping with 404s
// identical to those for missing objects, agent binding to its team with a refusal that says
// nothing, idempotent ingest, findings (open, fixed, filtered, scoped), cursor pagination of
// assets, findings and the audit log, metrics, and the router's agreement with
// docs/api/openapi.yaml.
#include "server/api.h"

#include <gtest/gtest.h>
#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "../fleet/fleet_testing.h"
#include "auth/token.h"
#include "knowledge/snapshot_writer.h"

namespace vigil::server {
namespace {

namespace fs = std::filesystem;
using auth::Role;
using fleet::testing::Pkg;
using fleet::testing::ReportText;
using nlohmann::json;

constexpr std::int64_t kNow = 1'800'000'000;

knowledge::osv::Record FlaskRecord() {
  knowledge::osv::Record record;
  record.id = "PYSEC-2023-62";
  record.modified = "2024-01-01T00:00:00Z";
  record.aliases = {"CVE-2023-30861"};
  knowledge::osv::Affected affected;
  affected.package = {"PyPI", "flask", ""};
  affected.ranges.push_back(
      {knowledge::osv::RangeType::kEcosystem,
       "",
       {{knowledge::osv::EventKind::kIntroduced, "0"}, {knowledge::osv::EventKind::kFixed, "2.2.5"}},
       ""});
  record.affected.push_back(std::move(affected));
  return record;
}

class ApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(store_.ok());
    snapshot_path_ = fs::temp_directory_path() / ("vigil-api-test-" + std::to_string(::getpid()) + ".snap");
    const auto record = FlaskRecord();
    const knowledge::osv::Record* pointers[] = {&record};
    ASSERT_TRUE(knowledge::WriteSnapshot(pointers, {}, snapshot_path_));
    auto snapshot = knowledge::Snapshot::Open(snapshot_path_);
    ASSERT_TRUE(snapshot);
    snapshot_ = std::make_unique<knowledge::Snapshot>(std::move(*snapshot));
    auto api = Api::Create(*store_, *snapshot_, [this] { return now_; }, snapshot_path_);
    ASSERT_TRUE(api) << api.error().message;
    api_ = std::move(*api);
    tokens_["admin"] = Token(Role::kAdmin);
    tokens_["security"] = Token(Role::kSecurity);
    tokens_["auditor"] = Token(Role::kAuditor);
    tokens_["team-member"] = Token(Role::kTeamMember, "payments");
    tokens_["shop-member"] = Token(Role::kTeamMember, "shop");
    tokens_["agent"] = Token(Role::kAgent, "payments");
    tokens_["customer"] = Token(Role::kCustomer, {}, "acme");
    tokens_["beta-customer"] = Token(Role::kCustomer, {}, "beta");
    // web-1: payments, serves acme; web-2: shop, serves beta; both run a vulnerable flask.
    const std::vector<Pkg> vulnerable = {{"PyPI", "flask", "2.0.0"}, {"PyPI", "requests", "2.31.0"}};
    ASSERT_EQ(
        Post("admin", ReportText("r-1", "web-1", vulnerable, {{"team", "payments"}, {"customers", {"acme"}}})).status,
        200u);
    ASSERT_EQ(Post("admin", ReportText("r-2", "web-2", vulnerable, {{"team", "shop"}, {"customers", {"beta"}}})).status,
              200u);
  }
  void TearDown() override {
    api_.reset();
    snapshot_.reset();
    fs::remove(snapshot_path_);
  }

  std::string Token(Role role, std::optional<std::string> team = {}, std::optional<std::string> customer = {}) {
    auth::TokenSpec spec;
    spec.role = role;
    spec.name = "test";
    spec.team = std::move(team);
    spec.customer = std::move(customer);
    auto created = auth::CreateToken(*store_, spec, "test", kNow - 10);
    EXPECT_TRUE(created) << created.error().message;
    return created ? created->secret : "";
  }

  Response Call(const std::string& method, const std::string& target, const std::string& who, std::string body = "") {
    Request request{method, target, "", std::move(body)};
    if (!who.empty()) request.authorization = "Bearer " + tokens_.at(who);
    return api_->Handle(request);
  }
  Response Post(const std::string& who, std::string body) {
    return Call("POST", "/api/v1/reports", who, std::move(body));
  }
  json Get(const std::string& target, const std::string& who) {
    const auto response = Call("GET", target, who);
    EXPECT_EQ(response.status, 200u) << target << " as " << who << ": " << response.body;
    return json::parse(response.body, nullptr, false);
  }
  static std::vector<std::string> Names(const json& list) {
    std::vector<std::string> out;
    for (const auto& a : list) out.push_back(a["name"]);
    return out;
  }

  fleet::testing::TempStore store_{"api"};
  fs::path snapshot_path_;
  std::unique_ptr<knowledge::Snapshot> snapshot_;
  std::unique_ptr<Api> api_;
  std::map<std::string, std::string> tokens_;
  std::int64_t now_ = kNow;
};

TEST_F(ApiTest, EveryRouteTimesEveryRoleGetsTheExpectedStatus) {
  // "" is no token at all. Every registered route must have a row here.
  const std::vector<std::string> callers = {"", "admin", "security", "auditor", "team-member", "agent", "customer"};
  const std::map<std::string, std::vector<unsigned>> expected = {
      {"GET /healthz", {200, 200, 200, 200, 200, 200, 200}},
      {"GET /readyz", {200, 200, 200, 200, 200, 200, 200}},
      {"GET /metrics", {200, 200, 200, 200, 200, 200, 200}},
      {"POST /api/v1/reports", {401, 200, 200, 403, 403, 200, 403}},
      {"GET /api/v1/vulnerabilities/{id}/blast-radius", {401, 200, 200, 200, 200, 403, 200}},
      {"GET /api/v1/assets", {401, 200, 200, 200, 200, 403, 200}},
      {"GET /api/v1/assets/{name}", {401, 200, 200, 200, 200, 403, 200}},
      {"GET /api/v1/findings", {401, 200, 200, 200, 200, 403, 200}},
      {"GET /api/v1/audit", {401, 200, 403, 200, 403, 403, 403}},
  };
  ASSERT_EQ(api_->router().routes().size(), expected.size());
  int report = 100;
  for (const auto& route : api_->router().routes()) {
    const std::string key = route.method + " " + route.pattern;
    ASSERT_TRUE(expected.contains(key)) << key << " has no row in the matrix";
    std::string target = route.pattern;
    if (auto at = target.find("{id}"); at != std::string::npos) target.replace(at, 4, "CVE-2023-30861");
    if (auto at = target.find("{name}"); at != std::string::npos) target.replace(at, 6, "web-1");
    for (std::size_t i = 0; i < callers.size(); ++i) {
      const std::string body = route.method == "POST"
                                   ? ReportText("m-" + std::to_string(report++), "web-1", {{"PyPI", "flask", "2.0.0"}},
                                                {{"team", "payments"}, {"customers", {"acme"}}})
                                   : "";
      const auto response = Call(route.method, target, callers[i], body);
      EXPECT_EQ(response.status, expected.at(key)[i]) << key << " as '" << callers[i] << "': " << response.body;
      if (response.status >= 400) {
        const json error = json::parse(response.body, nullptr, false);
        EXPECT_TRUE(error["error"]["code"].is_string()) << response.body;
        EXPECT_TRUE(error["error"]["message"].is_string()) << response.body;
      }
    }
  }
}

TEST_F(ApiTest, BlastRadiusIsNarrowedToTheCallersTeamOrCustomer) {
  const std::string target = "/api/v1/vulnerabilities/CVE-2023-30861/blast-radius";
  const json all = Get(target, "admin");
  EXPECT_EQ(all["total_assets"], 2);
  EXPECT_EQ(Names(all["assets"]), (std::vector<std::string>{"web-1", "web-2"}));
  EXPECT_EQ(all["vulnerability"]["id"], "PYSEC-2023-62");
  EXPECT_EQ(all["assets"][0]["fixed_version"], "2.2.5");
  EXPECT_EQ(Get(target, "auditor"), all);

  const json payments = Get(target, "team-member");
  EXPECT_EQ(payments["total_assets"], 1);
  EXPECT_EQ(Names(payments["assets"]), std::vector<std::string>{"web-1"});
  EXPECT_EQ(payments["by_team"], (json{{"payments", 1}})) << "other teams' counts are not shown";
  EXPECT_EQ(payments["by_customer"], (json{{"acme", 1}}));

  const json beta = Get(target, "beta-customer");
  EXPECT_EQ(Names(beta["assets"]), std::vector<std::string>{"web-2"});
  EXPECT_EQ(beta["by_team"], (json{{"shop", 1}}));

  // An unknown vulnerability is a 404, identical for every role.
  const auto missing = Call("GET", "/api/v1/vulnerabilities/CVE-1999-0001/blast-radius", "team-member");
  EXPECT_EQ(missing.status, 404u);
  EXPECT_EQ(missing.body, Call("GET", "/api/v1/vulnerabilities/CVE-1999-0001/blast-radius", "admin").body);
}

TEST_F(ApiTest, BlastRadiusPagesItsAssetsAndNoAnswerTellsACustomerOfAnother) {
  const std::vector<Pkg> vulnerable = {{"PyPI", "flask", "2.0.0"}};
  ASSERT_EQ(Post("admin", ReportText("r-3", "web-3", vulnerable, {{"team", "shop"}, {"customers", {"acme", "beta"}}}))
                .status,
            200u);
  const std::string target = "/api/v1/vulnerabilities/CVE-2023-30861/blast-radius";
  std::vector<std::string> walked;
  std::string cursor;
  for (int page = 0; page < 5; ++page) {
    const json answer = Get(target + "?limit=2" + (cursor.empty() ? "" : "&cursor=" + cursor), "admin");
    EXPECT_EQ(answer["total_assets"], 3) << "every page counts every asset";
    EXPECT_EQ(answer["by_team"], (json{{"payments", 1}, {"shop", 2}}));
    for (const auto& name : Names(answer["assets"])) walked.push_back(name);
    if (answer["next_cursor"].is_null()) break;
    cursor = answer["next_cursor"];
  }
  EXPECT_EQ(walked, (std::vector<std::string>{"web-1", "web-2", "web-3"}));
  EXPECT_EQ(Call("GET", target + "?cursor=bm90LWEtY3Vyc29y", "admin").status, 400u);

  // web-3 serves acme and beta: beta sees it, but not that acme is also served.
  const json beta = Get(target, "beta-customer");
  EXPECT_EQ(Names(beta["assets"]), (std::vector<std::string>{"web-2", "web-3"}));
  EXPECT_EQ(beta["by_customer"], (json{{"beta", 2}}));
  EXPECT_EQ(beta["assets"][1]["customers"], json::array({"beta"}));
  EXPECT_EQ(Get("/api/v1/assets/web-3", "beta-customer")["customers"], json::array({"beta"}));
  EXPECT_EQ(Get("/api/v1/assets?customer=beta", "beta-customer")["assets"][1]["customers"], json::array({"beta"}));
  const json findings = Get("/api/v1/findings?asset=web-3", "beta-customer")["findings"];
  ASSERT_FALSE(findings.empty());
  for (const auto& finding : findings) EXPECT_EQ(finding["customers"], json::array({"beta"}));
  EXPECT_EQ(Get("/api/v1/assets/web-3", "admin")["customers"], (json::array({"acme", "beta"})));
}

TEST_F(ApiTest, AnotherTeamsOrCustomersAssetIsAnsweredLikeAMissingOne) {
  const auto missing = Call("GET", "/api/v1/assets/no-such-host", "team-member");
  EXPECT_EQ(missing.status, 404u);
  EXPECT_EQ(json::parse(missing.body)["error"]["code"], "not_found");
  const auto other_team = Call("GET", "/api/v1/assets/web-2", "team-member");
  EXPECT_EQ(other_team.status, 404u);
  EXPECT_EQ(other_team.body, missing.body);
  const auto other_customer = Call("GET", "/api/v1/assets/web-1", "beta-customer");
  EXPECT_EQ(other_customer.status, 404u);
  EXPECT_EQ(other_customer.body, missing.body);
  EXPECT_EQ(Get("/api/v1/assets/web-2", "shop-member")["team"], "shop");
  EXPECT_EQ(Get("/api/v1/assets/web-1", "customer")["customers"], json::array({"acme"}));
  // Lists are narrowed the same way, and asking for another team's assets finds none.
  EXPECT_EQ(Names(Get("/api/v1/assets", "team-member")["assets"]), std::vector<std::string>{"web-1"});
  EXPECT_EQ(Get("/api/v1/assets?team=shop", "team-member")["assets"], json::array());
  EXPECT_EQ(Names(Get("/api/v1/assets?customer=beta", "admin")["assets"]), std::vector<std::string>{"web-2"});
}

TEST_F(ApiTest, AnAgentWritesOnlyItsOwnTeamsAssets) {
  // Its report claims team shop; the token's team wins.
  const auto created = Post("agent", ReportText("a-1", "web-3", {{"PyPI", "flask", "2.3.3"}}, {{"team", "shop"}}));
  ASSERT_EQ(created.status, 200u) << created.body;
  EXPECT_EQ(json::parse(created.body)["status"], "new_asset");
  EXPECT_EQ(Get("/api/v1/assets/web-3", "admin")["team"], "payments");
  // web-2 belongs to shop: a payments agent may not overwrite it.
  const auto refused = Post("agent", ReportText("a-2", "web-2", {{"PyPI", "flask", "2.3.3"}}));
  EXPECT_EQ(refused.status, 403u) << refused.body;
  // The refusal says no more than any other: not the asset, not its team.
  EXPECT_EQ(refused.body, Call("GET", "/api/v1/assets", "agent").body);
  EXPECT_EQ(refused.body.find("web-2"), std::string::npos);
  EXPECT_EQ(Get("/api/v1/assets/web-2", "admin")["team"], "shop");
  EXPECT_EQ(Get("/api/v1/vulnerabilities/CVE-2023-30861/blast-radius", "admin")["total_assets"], 2);
}

TEST_F(ApiTest, IngestIsIdempotentValidatesAndKeepsTheIndexCurrent) {
  const auto again = Post("admin", ReportText("r-1", "web-1", {{"PyPI", "flask", "9.9.9"}}));
  ASSERT_EQ(again.status, 200u);
  EXPECT_EQ(json::parse(again.body)["status"], "duplicate");
  // web-1 upgrades: the blast radius drops it at once.
  const auto upgraded = Post("admin", ReportText("r-3", "web-1", {{"PyPI", "flask", "2.2.5"}}));
  ASSERT_EQ(upgraded.status, 200u);
  EXPECT_EQ(json::parse(upgraded.body)["status"], "manifest_changed");
  EXPECT_EQ(Names(Get("/api/v1/vulnerabilities/CVE-2023-30861/blast-radius", "admin")["assets"]),
            std::vector<std::string>{"web-2"});

  const auto malformed = Post("admin", "{\"report_id\": ");
  EXPECT_EQ(malformed.status, 400u);
  EXPECT_EQ(json::parse(malformed.body)["error"]["code"], "invalid_argument");
  const auto invalid = Post(
      "admin", R"({"report_id": "x", "asset": {"name": "h"}, "packages": [{"ecosystem": "PyPI", "version": "1"}]})");
  EXPECT_EQ(invalid.status, 400u);
  EXPECT_EQ(json::parse(invalid.body)["error"]["message"], "$.packages[0].name: missing");

  const auto metrics = Call("GET", "/metrics", "");
  EXPECT_EQ(metrics.content_type.substr(0, 10), "text/plain");
  EXPECT_NE(metrics.body.find("vigil_ingest_reports_total{status=\"duplicate\"} 1\n"), std::string::npos)
      << metrics.body;
  EXPECT_NE(metrics.body.find("vigil_ingest_reports_total{status=\"new_asset\"} 2\n"), std::string::npos);
  EXPECT_NE(metrics.body.find("vigil_ingest_rejected_total 2\n"), std::string::npos);
  EXPECT_NE(metrics.body.find("vigil_index_assets 2\n"), std::string::npos);
  EXPECT_NE(metrics.body.find("vigil_http_requests_total{route=\"/api/v1/reports\",status=\"400\"} 2\n"),
            std::string::npos);
}

TEST_F(ApiTest, AuthenticationFailuresAreAllTheSame401) {
  const auto none = Call("GET", "/api/v1/assets", "");
  Request wrong{"GET", "/api/v1/assets", "Bearer vigil_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", ""};
  Request basic{"GET", "/api/v1/assets", "Basic dXNlcjpwYXNz", ""};
  EXPECT_EQ(none.status, 401u);
  EXPECT_EQ(api_->Handle(wrong).status, 401u);
  EXPECT_EQ(api_->Handle(basic).status, 401u);
  EXPECT_EQ(json::parse(api_->Handle(wrong).body)["error"]["code"], "unauthenticated");
}

TEST_F(ApiTest, AssetsArePagedByAnOpaqueCursor) {
  ASSERT_EQ(Post("admin", ReportText("r-3", "web-3", {{"PyPI", "flask", "2.0.0"}}, {{"team", "payments"}})).status, 200u);
  std::vector<std::string> walked;
  std::string target = "/api/v1/assets?limit=1";
  for (int pages = 0; pages < 10; ++pages) {
    const json page = Get(target, "admin");
    EXPECT_LE(page["assets"].size(), 1u);
    for (const auto& name : Names(page["assets"])) walked.push_back(name);
    if (page["next_cursor"].is_null()) break;
    const std::string cursor = page["next_cursor"];
    EXPECT_EQ(cursor.find("web"), std::string::npos) << "the cursor is opaque";
    target = "/api/v1/assets?limit=1&cursor=" + cursor;
  }
  EXPECT_EQ(walked, (std::vector<std::string>{"web-1", "web-2", "web-3"}));
  // A team member's walk sees its team only, and the same filters as the findings.
  const json payments = Get("/api/v1/assets?limit=1", "team-member");
  EXPECT_EQ(Names(payments["assets"]), std::vector<std::string>{"web-1"});
  const json rest = Get("/api/v1/assets?limit=1&cursor=" + payments["next_cursor"].get<std::string>(), "team-member");
  EXPECT_EQ(Names(rest["assets"]), std::vector<std::string>{"web-3"});
  EXPECT_TRUE(rest["next_cursor"].is_null());
  EXPECT_EQ(Get("/api/v1/assets?environment=prod", "admin")["assets"], json::array());
  EXPECT_EQ(Call("GET", "/api/v1/assets?limit=0", "admin").status, 400u);
  EXPECT_EQ(Call("GET", "/api/v1/assets?limit=x", "admin").status, 400u);
  for (const char* bad : {"web-1", "!!", "e30"}) {  // a name, not base64url, base64url of "{}"
    const auto response = Call("GET", std::string("/api/v1/assets?cursor=") + bad, "admin");
    EXPECT_EQ(response.status, 400u) << bad;
    EXPECT_EQ(json::parse(response.body)["error"]["code"], "invalid_argument");
  }
}

TEST_F(ApiTest, FindingsOpenCloseAndAreScopedLikeAssets) {
  const json all = Get("/api/v1/findings", "admin");
  ASSERT_EQ(all["findings"].size(), 2u) << all;
  const json& first = all["findings"][0];
  EXPECT_EQ(first["asset"], "web-1");
  EXPECT_EQ(first["team"], "payments");
  EXPECT_EQ(first["customers"], json::array({"acme"}));
  EXPECT_EQ(first["vulnerability"], "PYSEC-2023-62");
  EXPECT_EQ(first["aliases"], json::array({"CVE-2023-30861"}));
  EXPECT_EQ(first["ecosystem"], "PyPI");
  EXPECT_EQ(first["name"], "flask");
  EXPECT_EQ(first["version"], "2.0.0");
  EXPECT_EQ(first["fixed_version"], "2.2.5");
  EXPECT_EQ(first["severity"], "unknown");
  EXPECT_TRUE(first["cvss_score"].is_null());
  EXPECT_EQ(first["known_exploited"], false);
  EXPECT_EQ(first["state"], "open");
  EXPECT_EQ(first["first_seen"], "2027-01-15T08:00:00Z");
  EXPECT_TRUE(first["fixed_at"].is_null());
  EXPECT_TRUE(all["next_cursor"].is_null());
  EXPECT_EQ(Get("/api/v1/findings", "auditor"), all);

  const auto assets = [&](const std::string& target, const std::string& who) {
    std::vector<std::string> out;
    const json page = Get(target, who);
    for (const auto& f : page["findings"]) out.push_back(f["asset"]);
    return out;
  };
  EXPECT_EQ(assets("/api/v1/findings", "team-member"), std::vector<std::string>{"web-1"});
  EXPECT_EQ(assets("/api/v1/findings", "shop-member"), std::vector<std::string>{"web-2"});
  EXPECT_EQ(assets("/api/v1/findings", "customer"), std::vector<std::string>{"web-1"});
  EXPECT_EQ(assets("/api/v1/findings", "beta-customer"), std::vector<std::string>{"web-2"});
  // Asking for another team's, customer's or a missing asset answers alike: nothing.
  const json none = Get("/api/v1/findings?asset=no-such-host", "team-member");
  EXPECT_EQ(none, (json{{"findings", json::array()}, {"next_cursor", nullptr}}));
  EXPECT_EQ(Get("/api/v1/findings?asset=web-2", "team-member"), none);
  EXPECT_EQ(Get("/api/v1/findings?team=shop", "team-member"), none);
  EXPECT_EQ(Get("/api/v1/findings?asset=web-1", "beta-customer"), none);
  EXPECT_EQ(Get("/api/v1/findings?customer=acme", "beta-customer"), none);
  EXPECT_EQ(assets("/api/v1/findings?customer=beta", "admin"), std::vector<std::string>{"web-2"});
  EXPECT_EQ(assets("/api/v1/findings?vulnerability=CVE-2023-30861&asset=web-2", "admin"), std::vector<std::string>{"web-2"});
  EXPECT_EQ(Get("/api/v1/findings?kev=true", "admin")["findings"], json::array());
  EXPECT_EQ(Get("/api/v1/findings?severity=none", "admin")["findings"], json::array()) << "no CVSS score: no severity";

  // web-1 upgrades a day later: its finding is fixed, and kept.
  now_ = kNow + 86400;
  ASSERT_EQ(Post("admin", ReportText("r-3", "web-1", {{"PyPI", "flask", "2.2.5"}})).status, 200u);
  EXPECT_EQ(assets("/api/v1/findings", "admin"), std::vector<std::string>{"web-2"});
  const json fixed = Get("/api/v1/findings?state=fixed", "team-member");
  ASSERT_EQ(fixed["findings"].size(), 1u);
  EXPECT_EQ(fixed["findings"][0]["state"], "fixed");
  EXPECT_EQ(fixed["findings"][0]["first_seen"], "2027-01-15T08:00:00Z");
  EXPECT_EQ(fixed["findings"][0]["fixed_at"], "2027-01-16T08:00:00Z");
  EXPECT_EQ(assets("/api/v1/findings?state=all", "admin"), (std::vector<std::string>{"web-1", "web-2"}));

  for (const char* bad : {"state=closed", "severity=urgent", "kev=yes", "limit=1001", "cursor=e30", "cursor=%21"}) {
    const auto response = Call("GET", std::string("/api/v1/findings?") + bad, "admin");
    EXPECT_EQ(response.status, 400u) << bad;
    EXPECT_EQ(json::parse(response.body)["error"]["code"], "invalid_argument") << bad;
  }
}

TEST_F(ApiTest, FindingPagesWalkEveryFindingOnce) {
  // Two vulnerable package versions on web-3 and web-4 as well.
  const std::vector<Pkg> two = {{"PyPI", "flask", "2.0.0"}, {"PyPI", "flask", "1.0"}};
  ASSERT_EQ(Post("admin", ReportText("r-3", "web-3", two, {{"team", "payments"}})).status, 200u);
  ASSERT_EQ(Post("admin", ReportText("r-4", "web-4", two, {{"team", "payments"}})).status, 200u);
  const auto key = [](const json& f) {
    return f["asset"].get<std::string>() + "/" + f["version"].get<std::string>();
  };
  std::vector<std::string> everything;
  const json whole = Get("/api/v1/findings?limit=1000", "admin");
  for (const auto& f : whole["findings"]) everything.push_back(key(f));
  ASSERT_EQ(everything.size(), 6u);
  for (const int limit : {1, 2, 5}) {
    std::vector<std::string> walked;
    std::string target = "/api/v1/findings?limit=" + std::to_string(limit);
    for (int pages = 0; pages < 10; ++pages) {
      const json page = Get(target, "admin");
      EXPECT_LE(page["findings"].size(), static_cast<std::size_t>(limit));
      for (const auto& f : page["findings"]) walked.push_back(key(f));
      if (page["next_cursor"].is_null()) break;
      target = "/api/v1/findings?limit=" + std::to_string(limit) + "&cursor=" + page["next_cursor"].get<std::string>();
    }
    EXPECT_EQ(walked, everything) << "limit " << limit;
  }
}

TEST_F(ApiTest, AReplacedSnapshotIsReloadedAndItsNewFindingsFirstSeenThen) {
  // `vigil db update` in another process: the same file now also knows a requests advisory.
  auto requests = FlaskRecord();
  requests.id = "PYSEC-2024-1";
  requests.aliases = {"CVE-2024-35195"};
  requests.affected[0].package.name = "requests";
  requests.affected[0].ranges[0].events[1].version = "2.32.0";
  const auto flask = FlaskRecord();
  const knowledge::osv::Record* pointers[] = {&flask, &requests};
  ASSERT_TRUE(knowledge::WriteSnapshot(pointers, {}, snapshot_path_));
  // Not before the next check.
  EXPECT_EQ(Call("GET", "/api/v1/vulnerabilities/CVE-2024-35195/blast-radius", "admin").status, 404u);
  now_ = kNow + kSnapshotCheckSeconds;
  const json radius = Get("/api/v1/vulnerabilities/CVE-2024-35195/blast-radius", "admin");
  EXPECT_EQ(radius["total_assets"], 2);
  const json found = Get("/api/v1/findings?vulnerability=CVE-2024-35195", "admin");
  ASSERT_EQ(found["findings"].size(), 2u);
  EXPECT_EQ(found["findings"][0]["name"], "requests");
  EXPECT_EQ(found["findings"][0]["first_seen"], "2027-01-15T08:00:10Z") << "known since the reload";
  EXPECT_EQ(Get("/api/v1/findings", "admin")["findings"].size(), 4u);
  EXPECT_NE(Call("GET", "/metrics", "").body.find("vigil_snapshot_reloads_total{outcome=\"loaded\"} 1\n"),
            std::string::npos);
}

TEST_F(ApiTest, TheAuditLogIsPagedForAuditors) {
  std::vector<std::int64_t> seqs;
  std::string target = "/api/v1/audit?limit=3";
  for (int pages = 0; pages < 100; ++pages) {
    const json page = Get(target, "auditor");
    for (const auto& e : page["entries"]) {
      seqs.push_back(e["seq"]);
      EXPECT_EQ(e["hash"].get<std::string>().size(), 64u);
      EXPECT_TRUE(e["action"].is_string());
    }
    if (page["next_after"].is_null()) break;
    target = "/api/v1/audit?limit=3&after=" + std::to_string(page["next_after"].get<std::int64_t>());
  }
  ASSERT_GT(seqs.size(), 3u);
  for (std::size_t i = 0; i < seqs.size(); ++i) EXPECT_EQ(seqs[i], static_cast<std::int64_t>(i + 1));
  const json tail = Get("/api/v1/audit?after=" + std::to_string(seqs.size() - 1), "admin");
  ASSERT_EQ(tail["entries"].size(), 1u);
  EXPECT_EQ(tail["entries"][0]["seq"], seqs.back());
  EXPECT_EQ(Call("GET", "/api/v1/audit?after=-1", "auditor").status, 400u);
  EXPECT_EQ(Call("GET", "/api/v1/audit?after=x", "auditor").status, 400u);
  EXPECT_EQ(Call("GET", "/api/v1/audit", "security").status, 403u);
}

TEST(RouterTest, MatchesSegmentsDecodesThemAndTellsAWrongMethod) {
  Router router;
  router.Add({"GET", "/a/{id}/b", true, {}, "", nullptr});
  auto found = router.Find("GET", "/a/x%2Fy/b");
  ASSERT_NE(found.route, nullptr);
  EXPECT_EQ(found.params["id"], "x/y");
  EXPECT_EQ(router.Find("GET", "/a//b").route, nullptr);
  EXPECT_EQ(router.Find("GET", "/a/x/b/c").route, nullptr);
  found = router.Find("POST", "/a/x/b");
  EXPECT_EQ(found.route, nullptr);
  EXPECT_TRUE(found.wrong_method);
  auto target = ParseTarget("/p?team=a+b&customer=%41&flag");
  ASSERT_TRUE(target);
  EXPECT_EQ(target->path, "/p");
  EXPECT_EQ(target->query["team"], "a b");
  EXPECT_EQ(target->query["customer"], "A");
  EXPECT_EQ(target->query["flag"], "");
  EXPECT_FALSE(ParseTarget("/p?x=%4"));
  EXPECT_FALSE(ParseTarget("/p%00"));
  EXPECT_FALSE(ParseTarget("relative"));
}

TEST_F(ApiTest, OpenApiDescribesExactlyTheRegisteredRoutesAndTheirRoles) {
  const YAML::Node spec = YAML::LoadFile(std::string(VIGIL_SOURCE_DIR) + "/docs/api/openapi.yaml");
  ASSERT_EQ(spec["openapi"].as<std::string>().substr(0, 4), "3.0.");
  std::set<std::string> documented;
  std::map<std::string, std::set<std::string>> documented_roles;
  for (const auto& path : spec["paths"]) {
    for (const auto& operation : path.second) {
      std::string method = operation.first.as<std::string>();
      if (method == "parameters") continue;
      for (auto& c : method) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      const std::string key = method + " " + path.first.as<std::string>();
      documented.insert(key);
      EXPECT_TRUE(operation.second["responses"].IsMap()) << key;
      for (const auto& role : operation.second["x-vigil-roles"]) documented_roles[key].insert(role.as<std::string>());
    }
  }
  std::set<std::string> registered;
  for (const auto& route : api_->router().routes()) {
    const std::string key = route.method + " " + route.pattern;
    registered.insert(key);
    std::set<std::string> roles;
    for (const auto role : route.roles) roles.insert(std::string(auth::RoleName(role)));
    EXPECT_EQ(documented_roles[key], roles) << key << ": x-vigil-roles differs from the router";
  }
  EXPECT_EQ(registered, documented);
}

}  // namespace
}  // namespace vigil::server
