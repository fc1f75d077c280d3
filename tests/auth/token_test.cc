// API tokens: 256-bit secrets that are unique, recognisable and never stored in clear; role
// bindings; authentication that tells nothing about why a token is refused; revocation; and the
// audit log's record of each change, which also shows tokens edited outside vigil.
#include "auth/token.h"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <string>

#include "audit/audit.h"
#include "audit/digest.h"

namespace vigil::auth {
namespace {

namespace fs = std::filesystem;

constexpr std::int64_t kNow = 1'750'000'000;
constexpr std::string_view kActor = "cli:tester";

void ExecRaw(const fs::path& path, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  char* message = nullptr;
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message);
  const std::string error = message != nullptr ? message : "";
  sqlite3_free(message);
  sqlite3_close(db);
  ASSERT_EQ(rc, SQLITE_OK) << error;
}

// base64url without padding back to bytes.
std::string DecodeBase64Url(std::string text) {
  for (char& c : text) c = c == '-' ? '+' : c == '_' ? '/' : c;
  while (text.size() % 4 != 0) text += '=';
  std::string out(text.size() / 4 * 3, '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(text.data()), static_cast<int>(text.size()));
  if (n < 0) return "";
  out.resize(static_cast<std::size_t>(n) - static_cast<std::size_t>(std::count(text.end() - 2, text.end(), '=')));
  return out;
}

TokenSpec Spec(Role role, std::optional<std::string> team = std::nullopt,
               std::optional<std::string> customer = std::nullopt) {
  TokenSpec spec;
  spec.role = role;
  spec.name = "test token";
  spec.team = std::move(team);
  spec.customer = std::move(customer);
  return spec;
}

class TokenTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("vigil-auth-test-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    path_ = dir_ / "vigil.db";
    Reopen();
  }
  void TearDown() override {
    store_.reset();
    fs::remove_all(dir_);
  }
  void Reopen() {
    store_.reset();
    auto opened = store::OpenSqliteStore(path_.string());
    ASSERT_TRUE(opened.has_value()) << opened.error().message;
    store_ = std::move(*opened);
  }
  CreatedToken Create(const TokenSpec& spec) {
    auto created = CreateToken(*store_, spec, kActor, kNow);
    EXPECT_TRUE(created.has_value()) << created.error().message;
    return created.value_or(CreatedToken{});
  }
  // Every byte SQLite wrote: the database, its WAL and shared-memory files.
  std::string StoreBytes() {
    std::string bytes;
    for (const auto& file : fs::directory_iterator(dir_)) {
      std::ifstream in(file.path(), std::ios::binary);
      bytes.append(std::istreambuf_iterator<char>(in), {});
    }
    return bytes;
  }

  fs::path dir_;
  fs::path path_;
  std::unique_ptr<store::Store> store_;
};

TEST_F(TokenTest, SecretsAreUniqueRecognisableAnd256Bit) {
  const std::regex format("vigil_[A-Za-z0-9_-]{43}");
  std::set<std::string> secrets;
  std::set<std::string> raw;
  constexpr int kTokens = 64;
  for (int i = 0; i < kTokens; ++i) {
    const auto created = Create(Spec(Role::kAdmin));
    EXPECT_EQ(created.id, i + 1);
    EXPECT_TRUE(std::regex_match(created.secret, format)) << created.secret;
    const std::string bytes = DecodeBase64Url(created.secret.substr(kTokenPrefix.size()));
    EXPECT_EQ(bytes.size(), 32u) << created.secret;
    secrets.insert(created.secret);
    raw.insert(bytes);
  }
  EXPECT_EQ(secrets.size(), static_cast<std::size_t>(kTokens));
  EXPECT_EQ(raw.size(), static_cast<std::size_t>(kTokens));
}

TEST_F(TokenTest, SecretIsNeverStoredInClear) {
  auto spec = Spec(Role::kAgent, "payments-team");
  spec.name = "agent-on-host-zebra";
  const auto created = Create(spec);
  const std::string random_part = created.secret.substr(kTokenPrefix.size());
  const std::string raw = DecodeBase64Url(random_part);
  const auto digest = audit::Sha256(created.secret);
  store_.reset();
  const std::string bytes = StoreBytes();
  // The search itself works: what is meant to be stored is found.
  ASSERT_NE(bytes.find("agent-on-host-zebra"), std::string::npos);
  ASSERT_NE(bytes.find(std::string(digest.begin(), digest.end())), std::string::npos);
  EXPECT_EQ(bytes.find(created.secret), std::string::npos);
  EXPECT_EQ(bytes.find(random_part), std::string::npos);
  EXPECT_EQ(bytes.find(random_part.substr(0, 16)), std::string::npos);
  EXPECT_EQ(bytes.find(raw), std::string::npos);
}

TEST_F(TokenTest, LiveTokenAuthenticatesAsItsPrincipal) {
  const auto member = Create(Spec(Role::kTeamMember, "payments"));
  const auto customer = Create(Spec(Role::kCustomer, std::nullopt, "acme"));
  auto principal = Authenticate(*store_, member.secret, kNow + 1);
  ASSERT_TRUE(principal.has_value()) << principal.error().message;
  EXPECT_EQ(principal->token_id, member.id);
  EXPECT_EQ(principal->role, Role::kTeamMember);
  EXPECT_EQ(principal->team, "payments");
  EXPECT_EQ(principal->customer, std::nullopt);
  principal = Authenticate(*store_, customer.secret, kNow + 1);
  ASSERT_TRUE(principal.has_value());
  EXPECT_EQ(principal->role, Role::kCustomer);
  EXPECT_EQ(principal->customer, "acme");
  EXPECT_EQ(principal->team, std::nullopt);
}

TEST_F(TokenTest, UnknownExpiredRevokedAndMalformedFailAlike) {
  auto expiring = Spec(Role::kAuditor);
  expiring.expires = kNow + 100;
  const auto expires = Create(expiring);
  const auto revoked = Create(Spec(Role::kSecurity));
  ASSERT_TRUE(RevokeToken(*store_, revoked.id, kActor, kNow + 1).has_value());
  ASSERT_TRUE(Authenticate(*store_, expires.secret, kNow + 99).has_value()) << "valid until its expiry";

  std::string unknown = revoked.secret;
  unknown.back() = unknown.back() == 'A' ? 'B' : 'A';
  std::vector<Result<Principal>> refusals = {
      Authenticate(*store_, unknown, kNow + 100),
      Authenticate(*store_, expires.secret, kNow + 100),
      Authenticate(*store_, expires.secret, kNow + 1'000'000),
      Authenticate(*store_, revoked.secret, kNow + 100),
      Authenticate(*store_, "vigil_short", kNow + 100),
      Authenticate(*store_, "", kNow + 100),
      Authenticate(*store_, expires.secret + " ", kNow + 100),
  };
  for (std::size_t i = 0; i < refusals.size(); ++i) {
    ASSERT_FALSE(refusals[i].has_value()) << i;
    EXPECT_EQ(refusals[i].error().code, ErrorCode::kPermissionDenied) << i;
    EXPECT_EQ(refusals[i].error().message, refusals[0].error().message) << i;
  }
  EXPECT_EQ(refusals[0].error().message.find("revoked"), std::string::npos);
  EXPECT_EQ(refusals[0].error().message.find("expired"), std::string::npos);
}

TEST_F(TokenTest, RoleBindingsAreChecked) {
  struct Case {
    TokenSpec spec;
    std::string error;  // empty: accepted
  };
  const std::vector<Case> cases = {
      {Spec(Role::kAdmin), ""},
      {Spec(Role::kSecurity), ""},
      {Spec(Role::kAuditor), ""},
      {Spec(Role::kTeamMember, "payments"), ""},
      {Spec(Role::kAgent, "payments"), ""},
      {Spec(Role::kCustomer, std::nullopt, "acme"), ""},
      {Spec(Role::kTeamMember), "role team-member needs --team"},
      {Spec(Role::kAgent), "role agent needs --team"},
      {Spec(Role::kCustomer), "role customer needs --customer"},
      {Spec(Role::kAdmin, "payments"), "--team does not apply to role admin"},
      {Spec(Role::kAuditor, std::nullopt, "acme"), "--customer does not apply to role auditor"},
      {Spec(Role::kTeamMember, "payments", "acme"), "--customer does not apply to role team-member"},
      {Spec(Role::kCustomer, "payments", "acme"), "--team does not apply to role customer"},
      {Spec(Role::kTeamMember, ""), "team must not be empty"},
      {Spec(Role::kAgent, "pay\nments"), "team holds a control character"},
      {Spec(Role::kCustomer, std::nullopt, std::string(201, 'c')), "customer is longer than 200 bytes"},
  };
  for (const auto& c : cases) {
    const auto valid = Validate(c.spec, kNow);
    if (c.error.empty()) {
      EXPECT_TRUE(valid.has_value()) << RoleName(c.spec.role) << ": " << valid.error().message;
    } else {
      ASSERT_FALSE(valid.has_value()) << c.error;
      EXPECT_EQ(valid.error().code, ErrorCode::kInvalidArgument);
      EXPECT_EQ(valid.error().message, c.error);
    }
  }
  auto unnamed = Spec(Role::kAdmin);
  unnamed.name.clear();
  EXPECT_FALSE(Validate(unnamed, kNow).has_value());
  auto past = Spec(Role::kAdmin);
  past.expires = kNow;
  ASSERT_FALSE(Validate(past, kNow).has_value());
  EXPECT_NE(Validate(past, kNow).error().message.find("not in the future"), std::string::npos);
  // A refused spec writes nothing.
  EXPECT_FALSE(CreateToken(*store_, Spec(Role::kTeamMember), kActor, kNow).has_value());
  EXPECT_TRUE(ListTokens(*store_)->empty());
}

TEST(Roles, NamesRoundTrip) {
  for (const auto name : RoleNames()) {
    auto role = ParseRole(name);
    ASSERT_TRUE(role.has_value()) << name;
    EXPECT_EQ(RoleName(*role), name);
  }
  EXPECT_EQ(RoleNames().size(), 6u);
  EXPECT_FALSE(ParseRole("root").has_value());
  EXPECT_FALSE(ParseRole("Admin").has_value());
}

TEST_F(TokenTest, CreateAndRevokeAreAuditedWithStateDigests) {
  const auto created = Create(Spec(Role::kAgent, "payments"));
  ASSERT_TRUE(RevokeToken(*store_, created.id, kActor, kNow + 5).has_value());
  std::vector<store::AuditEntry> entries;
  ASSERT_TRUE(store_
                  ->ForEachAuditEntry([&](const store::AuditEntry& e) -> Result<void> {
                    entries.push_back(e);
                    return {};
                  })
                  .has_value());
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].action, "token.create");
  EXPECT_EQ(entries[0].actor, kActor);
  EXPECT_EQ(entries[0].object, "token:1");
  EXPECT_EQ(entries[0].before_sha256, std::nullopt);
  EXPECT_EQ(entries[1].action, "token.revoke");
  EXPECT_EQ(entries[1].time, "2025-06-15T15:06:45Z");
  EXPECT_EQ(entries[1].before_sha256, entries[0].after_sha256);
  ASSERT_TRUE(entries[1].after_sha256.has_value());
  EXPECT_NE(entries[1].after_sha256, entries[1].before_sha256);
  auto tokens = store_->ListTokens();
  ASSERT_TRUE(tokens.has_value());
  EXPECT_EQ(entries[1].after_sha256, TokenStateDigest((*tokens)[0]));
  auto verified = audit::Verify(*store_);
  ASSERT_TRUE(verified.has_value());
  EXPECT_EQ(verified->verified, 2u);
  EXPECT_EQ(CheckTokensAgainstAudit(*store_).value(), std::nullopt);
}

TEST_F(TokenTest, RevokingTwiceOrAnUnknownTokenIsRefused) {
  const auto created = Create(Spec(Role::kAdmin));
  ASSERT_TRUE(RevokeToken(*store_, created.id, kActor, kNow).has_value());
  auto again = RevokeToken(*store_, created.id, kActor, kNow + 1);
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().code, ErrorCode::kFailedPrecondition);
  auto unknown = RevokeToken(*store_, 99, kActor, kNow);
  ASSERT_FALSE(unknown.has_value());
  EXPECT_EQ(unknown.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(audit::Verify(*store_)->verified, 2u) << "refused revocations append nothing";
  auto tokens = ListTokens(*store_);
  ASSERT_EQ(tokens->size(), 1u);
  EXPECT_EQ((*tokens)[0].revoked_at, kNow);
}

TEST_F(TokenTest, TokenUnrevokedOutsideVigilIsFound) {
  const auto created = Create(Spec(Role::kAdmin));
  ASSERT_TRUE(RevokeToken(*store_, created.id, kActor, kNow).has_value());
  store_.reset();
  ExecRaw(path_, "UPDATE tokens SET revoked_at = NULL WHERE id = 1");
  Reopen();
  auto problem = CheckTokensAgainstAudit(*store_);
  ASSERT_TRUE(problem.has_value());
  ASSERT_TRUE(problem->has_value());
  EXPECT_EQ(**problem, "token 1 differs from its state recorded by audit entry 2: it was changed outside vigil");
}

TEST_F(TokenTest, TokenAddedOrDeletedOutsideVigilIsFound) {
  Create(Spec(Role::kAdmin));
  store_.reset();
  ExecRaw(path_, "INSERT INTO tokens (name, role, secret_sha256, created) VALUES ('forged', 'admin', zeroblob(32), 0)");
  Reopen();
  EXPECT_EQ(CheckTokensAgainstAudit(*store_).value(), "token 2 has no audit entry: it was added outside vigil");
  store_.reset();
  ExecRaw(path_, "DELETE FROM tokens");
  Reopen();
  EXPECT_EQ(CheckTokensAgainstAudit(*store_).value(),
            "token:1 recorded by audit entry 1 no longer exists: it was deleted outside vigil");
}

TEST_F(TokenTest, RowThatDoesNotFitItsRoleGrantsNothing) {
  const auto created = Create(Spec(Role::kTeamMember, "payments"));
  store_.reset();
  ExecRaw(path_, "UPDATE tokens SET team = NULL");
  Reopen();
  EXPECT_FALSE(Authenticate(*store_, created.secret, kNow).has_value());
}

}  // namespace
}  // namespace vigil::auth
