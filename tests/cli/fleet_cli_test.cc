// `vigil token …` and `vigil audit …` as operators and the issue's checks drive them: the token is
// the only thing on stdout and works, role bindings are usage errors, listings never show a
// secret, and `audit verify` exits 1 naming the entry or token edited in the store file.
#include <gtest/gtest.h>
#include <pwd.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>

#include "testing/shell.h"

#include "../fleet/fleet_testing.h"
#include "auth/token.h"
#include "store/store.h"

namespace {

namespace fs = std::filesystem;

using Outcome = vigil::testing::CommandOutcome;

const std::regex kTokenLine("vigil_[A-Za-z0-9_-]{43}\n");

class FleetCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("vigil-fleet-cli-test-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    home_ = dir_ / "home";
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Runs vigil exactly as the issue quotes it: VIGIL_HOME=DIR vigil ARGS (shell-quoted by the caller).
  Outcome Vigil(const std::string& args) {
    const fs::path err = dir_ / "stderr";
    return vigil::testing::RunShell("VIGIL_HOME='" + home_.string() + "' '" VIGIL_BINARY "' " + args, err);
  }

  std::string CreateToken(const std::string& flags) {
    const auto run = Vigil("token create " + flags);
    EXPECT_EQ(run.exit_code, 0) << run.err;
    EXPECT_TRUE(std::regex_match(run.out, kTokenLine)) << run.out;
    return run.out.substr(0, run.out.size() - 1);
  }

  // An edit of the store file by someone with write access (the append-only triggers dropped first).
  void Tamper(const std::string& sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open((home_ / "vigil.db").c_str(), &db), SQLITE_OK);
    const std::string script =
        "DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete;" + sql;
    char* message = nullptr;
    const int rc = sqlite3_exec(db, script.c_str(), nullptr, nullptr, &message);
    const std::string error = message != nullptr ? message : "";
    sqlite3_free(message);
    sqlite3_close(db);
    ASSERT_EQ(rc, SQLITE_OK) << error;
  }

  static bool OneLine(const std::string& text) { return !text.empty() && text.find('\n') == text.size() - 1; }

  fs::path dir_;
  fs::path home_;
};

TEST_F(FleetCliTest, TokenCreatePrintsOnlyAWorkingToken) {
  const auto run = Vigil("token create --role admin --name N");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  ASSERT_TRUE(std::regex_match(run.out, kTokenLine)) << "stdout: [" << run.out << "]";
  const std::string secret = run.out.substr(0, run.out.size() - 1);
  auto store = vigil::store::OpenSqliteStore((home_ / "vigil.db").string());
  ASSERT_TRUE(store.has_value());
  const auto now = static_cast<std::int64_t>(std::time(nullptr));
  auto principal = vigil::auth::Authenticate(**store, secret, now);
  ASSERT_TRUE(principal.has_value()) << principal.error().message;
  EXPECT_EQ(principal->role, vigil::auth::Role::kAdmin);
  EXPECT_EQ(principal->token_id, 1);
  EXPECT_NE(CreateToken("--role admin --name N"), secret);
}

TEST_F(FleetCliTest, EveryRoleWithItsBinding) {
  CreateToken("--role security --name s");
  CreateToken("--role auditor --name a");
  CreateToken("--role team-member --team payments --name t");
  CreateToken("--role agent --team payments --name host-1 --expires 2999-12-31");
  CreateToken("--role customer --customer acme --name c");
  const auto list = Vigil("token list --format json");
  ASSERT_EQ(list.exit_code, 0) << list.err;
  const auto json = nlohmann::json::parse(list.out);
  ASSERT_EQ(json.size(), 5u);
  EXPECT_EQ(json[3]["role"], "agent");
  EXPECT_EQ(json[3]["team"], "payments");
  EXPECT_EQ(json[3]["expires"], "2999-12-31T00:00:00Z");
  EXPECT_EQ(json[4]["customer"], "acme");
  EXPECT_TRUE(json[4]["team"].is_null());
}

TEST_F(FleetCliTest, MisboundRolesAreUsageErrorsThatCreateNothing) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"--role team-member --name t", "vigil: token create: role team-member needs --team\n"},
      {"--role agent --name t", "vigil: token create: role agent needs --team\n"},
      {"--role customer --name t", "vigil: token create: role customer needs --customer\n"},
      {"--role admin --team payments --name t", "vigil: token create: --team does not apply to role admin\n"},
      {"--role auditor --customer acme --name t", "vigil: token create: --customer does not apply to role auditor\n"},
      {"--role root --name t",
       "vigil: token create: unknown role 'root' (admin, security, team-member, auditor, agent or customer)\n"},
      {"--role admin --name t --expires 2001-01-01",
       "vigil: token create: expiry 2001-01-01T00:00:00Z is not in the future\n"},
  };
  for (const auto& [flags, message] : cases) {
    const auto run = Vigil("token create " + flags);
    EXPECT_EQ(run.exit_code, 2) << flags;
    EXPECT_EQ(run.out, "") << flags;
    EXPECT_EQ(run.err, message) << flags;
  }
  for (const std::string flags : {"--role admin", "--name t", "--role admin --name t --expires tomorrow"}) {
    const auto run = Vigil("token create " + flags);
    EXPECT_EQ(run.exit_code, 2) << flags;
    EXPECT_TRUE(OneLine(run.err)) << run.err;
    EXPECT_TRUE(run.err.starts_with("vigil: ")) << run.err;
  }
  EXPECT_EQ(Vigil("token list --format json").out, "[]\n");
  EXPECT_EQ(Vigil("audit verify").out, "verified 0 audit entries\n");
}

TEST_F(FleetCliTest, ListingsNeverShowTheSecretOrItsDigest) {
  const std::string secret = CreateToken("--role team-member --team payments --name laptop-of-ana");
  for (const char* args : {"token list", "token list --format json", "audit list", "audit list --format json"}) {
    const auto run = Vigil(args);
    ASSERT_EQ(run.exit_code, 0) << args << ": " << run.err;
    EXPECT_EQ(run.out.find(secret.substr(6, 12)), std::string::npos) << args;
  }
  const auto table = Vigil("token list");
  EXPECT_NE(table.out.find("laptop-of-ana"), std::string::npos);
  const auto json = nlohmann::json::parse(Vigil("token list --format json").out);
  std::set<std::string> keys;
  for (const auto& [key, value] : json[0].items()) keys.insert(key);
  EXPECT_EQ(keys, (std::set<std::string>{"id", "name", "role", "team", "customer", "created", "expires", "revoked",
                                         "state"}));
}

TEST_F(FleetCliTest, RevokedTokenIsListedAsRevokedAndRefused) {
  const std::string secret = CreateToken("--role admin --name N");
  const auto revoke = Vigil("token revoke 1");
  EXPECT_EQ(revoke.exit_code, 0) << revoke.err;
  EXPECT_EQ(revoke.out, "revoked token 1\n");
  const auto json = nlohmann::json::parse(Vigil("token list --format json").out);
  EXPECT_EQ(json[0]["state"], "revoked");
  EXPECT_TRUE(json[0]["revoked"].is_string());
  auto again = Vigil("token revoke 1");
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_TRUE(again.err.starts_with("vigil: token revoke: token 1 was already revoked at ")) << again.err;
  EXPECT_EQ(Vigil("token revoke 7").err, "vigil: token revoke: token 7 does not exist\n");
  EXPECT_EQ(Vigil("token revoke seven").exit_code, 2);
  auto store = vigil::store::OpenSqliteStore((home_ / "vigil.db").string());
  ASSERT_TRUE(store.has_value());
  EXPECT_FALSE(vigil::auth::Authenticate(**store, secret, static_cast<std::int64_t>(std::time(nullptr))).has_value());
}

TEST_F(FleetCliTest, AuditRecordsTheOperatorAndVerifies) {
  CreateToken("--role admin --name N");
  ASSERT_EQ(Vigil("token revoke 1").exit_code, 0);
  const auto verify = Vigil("audit verify");
  EXPECT_EQ(verify.exit_code, 0) << verify.err;
  EXPECT_TRUE(std::regex_match(verify.out, std::regex("verified 2 audit entries; head 2:[0-9a-f]{64}\n")))
      << verify.out;
  const auto list = nlohmann::json::parse(Vigil("audit list --format json").out);
  ASSERT_EQ(list.size(), 2u);
  const passwd* user = ::getpwuid(::geteuid());
  ASSERT_NE(user, nullptr);
  EXPECT_EQ(list[0]["actor"], std::string("cli:") + user->pw_name);
  EXPECT_EQ(list[0]["action"], "token.create");
  EXPECT_EQ(list[0]["object"], "token:1");
  EXPECT_TRUE(list[0]["before_sha256"].is_null());
  EXPECT_EQ(list[1]["action"], "token.revoke");
  EXPECT_EQ(list[1]["before_sha256"], list[0]["after_sha256"]);
  EXPECT_EQ(list[1]["prev_hash"], list[0]["hash"]);
  EXPECT_TRUE(std::regex_match(list[1]["time"].get<std::string>(), std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)")));
  const auto json = nlohmann::json::parse(Vigil("audit verify --format json").out);
  EXPECT_EQ(json["ok"], true);
  EXPECT_EQ(json["verified"], 2);
}

TEST_F(FleetCliTest, VerifyExitsOneNamingTheAlteredEntry) {
  for (int i = 0; i < 4; ++i) CreateToken("--role auditor --name a" + std::to_string(i));
  Tamper("UPDATE audit_log SET object = 'token:9' WHERE seq = 3");
  const auto run = Vigil("audit verify");
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(run.out, "");
  EXPECT_TRUE(OneLine(run.err)) << run.err;
  EXPECT_TRUE(run.err.starts_with("vigil: audit log: entry 3: its content does not match its hash")) << run.err;
  const auto json = nlohmann::json::parse(Vigil("audit verify --format json").out);
  EXPECT_EQ(json["ok"], false);
  EXPECT_EQ(json["first_bad_sequence"], 3);
  EXPECT_EQ(json["verified"], 2);
}

TEST_F(FleetCliTest, VerifyNamesARemovedEntryAndTruncationWithAnAnchor) {
  for (int i = 0; i < 4; ++i) CreateToken("--role auditor --name a" + std::to_string(i));
  const auto before = Vigil("audit verify");
  ASSERT_EQ(before.exit_code, 0);
  const std::string anchor =
      before.out.substr(before.out.find("head ") + 5, before.out.size() - before.out.find("head ") - 6);
  Tamper("DELETE FROM audit_log WHERE seq = 4; DELETE FROM tokens WHERE id = 4");
  // Without an anchor the shortened log is consistent (docs/security.md).
  EXPECT_EQ(Vigil("audit verify").exit_code, 0);
  const auto anchored = Vigil("audit verify --anchor " + anchor);
  EXPECT_EQ(anchored.exit_code, 1);
  EXPECT_TRUE(anchored.err.starts_with("vigil: audit log: entry 4: missing")) << anchored.err;
  Tamper("DELETE FROM audit_log WHERE seq = 2");
  const auto gap = Vigil("audit verify");
  EXPECT_EQ(gap.exit_code, 1);
  EXPECT_TRUE(gap.err.starts_with("vigil: audit log: entry 2: missing: entry 3 follows entry 1")) << gap.err;
  EXPECT_EQ(Vigil("audit verify --anchor 4:nothex").exit_code, 2);
}

TEST_F(FleetCliTest, VerifyFindsATokenChangedOutsideVigil) {
  CreateToken("--role team-member --team payments --name t");
  Tamper("UPDATE tokens SET role = 'admin', team = NULL");
  const auto run = Vigil("audit verify");
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(run.err,
            "vigil: audit log: token 1 differs from its state recorded by audit entry 1: it was changed outside vigil "
            "(1 entries verified)\n");
}

TEST_F(FleetCliTest, StoreFromANewerVigilIsRefused) {
  CreateToken("--role admin --name N");
  Tamper("PRAGMA user_version = 99");
  for (const char* args : {"token list", "token create --role admin --name M", "audit verify"}) {
    const auto run = Vigil(args);
    EXPECT_EQ(run.exit_code, 2) << args;
    EXPECT_EQ(run.out, "") << args;
    EXPECT_NE(run.err.find("store schema version 99 is newer than this vigil supports"), std::string::npos) << run.err;
  }
}

TEST_F(FleetCliTest, TokenIsNeverWrittenToAnOutputFile) {
  const auto run = Vigil("token create --role admin --name N --output '" + (dir_ / "token.txt").string() + "'");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_FALSE(fs::exists(dir_ / "token.txt"));
  EXPECT_EQ(Vigil("token list --format json").out, "[]\n");
}

// `vigil findings` over the local store and advisory database: open on ingest, fixed on upgrade,
// filters, and a re-import that adds an advisory recomputes the fleet's findings.
TEST_F(FleetCliTest, FindingsFollowIngestUpgradesAndAdvisoryImports) {
  using nlohmann::json;
  using vigil::fleet::testing::ReportText;
  const auto write = [&](const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name) << text;
    std::string quoted = "'";
    quoted += (dir_ / name).string();
    quoted += '\'';
    return quoted;
  };
  const auto advisory = [](const std::string& id, const std::string& package, const std::string& fixed, json extra) {
    json record = {{"id", id},
                   {"modified", "2024-01-01T00:00:00Z"},
                   {"affected",
                    {{{"package", {{"ecosystem", "PyPI"}, {"name", package}}},
                      {"ranges", {{{"type", "ECOSYSTEM"}, {"events", {{{"introduced", "0"}}, {{"fixed", fixed}}}}}}}}}}};
    record.update(extra);
    return record.dump();
  };
  const json flask_extra = {
      {"aliases", {"CVE-2023-30861"}},
      {"severity", json::array({{{"type", "CVSS_V3"}, {"score", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}}})}};
  const auto first_import = Vigil("db import " + write("flask.json", advisory("PYSEC-1", "flask", "2.2.5", flask_extra)));
  ASSERT_EQ(first_import.exit_code, 0) << first_import.err;
  const auto r1 = write("r1.json", ReportText("r1", "web-1", {{"PyPI", "flask", "2.0.0"}, {"PyPI", "requests", "2.31.0"}},
                                              {{"team", "payments"}, {"customers", {"acme"}}}));
  const auto r2 = write("r2.json", ReportText("r2", "web-2", {{"PyPI", "flask", "2.0.0"}}, {{"team", "shop"}}));
  ASSERT_EQ(Vigil("ingest " + r1 + " " + r2).exit_code, 0);

  const auto findings = [&](const std::string& flags) {
    const auto run = Vigil("findings --format json " + flags);
    EXPECT_EQ(run.exit_code, 0) << run.err;
    std::vector<std::string> out;
    for (const auto& f : json::parse(run.out, nullptr, false)) {
      out.push_back(f["asset"].get<std::string>() + ":" + f["vulnerability"].get<std::string>() + ":" +
                    f["state"].get<std::string>());
    }
    return out;
  };
  EXPECT_EQ(findings(""), (std::vector<std::string>{"web-1:PYSEC-1:open", "web-2:PYSEC-1:open"}));
  EXPECT_EQ(findings("--team payments"), std::vector<std::string>{"web-1:PYSEC-1:open"});
  EXPECT_EQ(findings("--customer acme --severity critical"), std::vector<std::string>{"web-1:PYSEC-1:open"});
  EXPECT_TRUE(findings("--kev").empty());
  const json first = json::parse(Vigil("findings --format json --asset web-1").out, nullptr, false);
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0]["severity"], "critical");
  EXPECT_EQ(first[0]["cvss_score"], 9.8);
  EXPECT_EQ(first[0]["fixed_version"], "2.2.5");
  EXPECT_EQ(first[0]["aliases"], json::array({"CVE-2023-30861"}));
  const auto table = Vigil("findings");
  EXPECT_NE(table.out.find("VULNERABILITY"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("critical"), std::string::npos) << table.out;
  EXPECT_EQ(Vigil("findings --severity urgent").exit_code, 2);

  // web-1 upgrades flask: fixed and kept.
  const auto r3 = write("r3.json", ReportText("r3", "web-1", {{"PyPI", "flask", "2.2.5"}, {"PyPI", "requests", "2.31.0"}}));
  ASSERT_EQ(Vigil("ingest " + r3).exit_code, 0);
  EXPECT_EQ(findings(""), std::vector<std::string>{"web-2:PYSEC-1:open"});
  EXPECT_EQ(findings("--state fixed"), std::vector<std::string>{"web-1:PYSEC-1:fixed"});

  // A new advisory for requests: the import recomputes the findings of both of web-1's manifests.
  const auto imported = Vigil("db import --format json " + write("requests.json", advisory("PYSEC-3", "requests", "2.32.0", json::object())));
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  const json summary = json::parse(imported.out, nullptr, false);
  EXPECT_EQ(summary["findings"]["added"], 2) << imported.out;
  EXPECT_EQ(summary["findings"]["removed"], 0);
  EXPECT_EQ(findings("--state all"),
            (std::vector<std::string>{"web-1:PYSEC-1:fixed", "web-1:PYSEC-3:open", "web-2:PYSEC-1:open"}));
  const auto audit = Vigil("audit list --format json");
  EXPECT_NE(audit.out.find("findings.recompute"), std::string::npos);
  EXPECT_EQ(Vigil("audit verify").exit_code, 0);
}

TEST_F(FleetCliTest, HelpAtEveryLevel) {
  for (const char* level : {"token --help", "token create --help", "token list --help", "token revoke --help",
                            "audit --help", "audit verify --help", "audit list --help"}) {
    const auto run = Vigil(level);
    EXPECT_EQ(run.exit_code, 0) << level;
    EXPECT_NE(run.out.find("Usage"), std::string::npos) << level;
  }
}

}  // namespace
