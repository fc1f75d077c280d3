// API tokens (token.h): generation from the OS generator, validation of role bindings, audited
// creation and revocation, and authentication by digest with a constant-time comparison.
#include "auth/token.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <algorithm>
#include <array>
#include <map>

#include "audit/audit.h"
#include "audit/digest.h"
#include "core/time.h"

namespace vigil::auth {
namespace {

constexpr std::size_t kSecretBytes = 32;  // 256 bits
// base64url of 32 bytes without padding.
constexpr std::size_t kEncodedSecretChars = 43;
constexpr std::size_t kMaxNameBytes = 200;
constexpr std::string_view kTokenStateDomain = "vigil-token-state-v1";

constexpr std::array<std::string_view, 6> kRoleNames = {"admin",   "security", "team-member",
                                                        "auditor", "agent",    "customer"};

bool NeedsTeam(Role role) {
  return role == Role::kTeamMember || role == Role::kAgent;
}
bool NeedsCustomer(Role role) {
  return role == Role::kCustomer;
}

std::string ObjectName(std::int64_t id) {
  std::string name = "token:";
  name += std::to_string(id);
  return name;
}

Result<void> CheckText(std::string_view what, std::string_view text) {
  if (text.empty()) return Fail(ErrorCode::kInvalidArgument, std::string(what) + " must not be empty");
  if (text.size() > kMaxNameBytes) {
    return Fail(ErrorCode::kInvalidArgument,
                std::string(what) + " is longer than " + std::to_string(kMaxNameBytes) + " bytes");
  }
  constexpr unsigned char kFirstPrintable = 0x20;
  constexpr unsigned char kDelete = 0x7f;
  if (std::ranges::any_of(text, [](char c) {
        const auto byte = static_cast<unsigned char>(c);
        return byte < kFirstPrintable || byte == kDelete;
      })) {
    return Fail(ErrorCode::kInvalidArgument, std::string(what) + " holds a control character");
  }
  return {};
}

Result<std::string> NewSecret() {
  std::array<unsigned char, kSecretBytes> random{};
  if (RAND_bytes(random.data(), static_cast<int>(random.size())) != 1) {
    return Fail(ErrorCode::kUnavailable, "cannot draw random bytes from the operating system");
  }
  // EVP_EncodeBlock writes standard base64 with padding and a terminating NUL.
  std::array<unsigned char, kEncodedSecretChars + 2> encoded{};
  const int length = EVP_EncodeBlock(encoded.data(), random.data(), static_cast<int>(random.size()));
  OPENSSL_cleanse(random.data(), random.size());
  std::string secret(kTokenPrefix);
  for (int i = 0; i < length && encoded[static_cast<std::size_t>(i)] != '='; ++i) {
    const char c = static_cast<char>(encoded[static_cast<std::size_t>(i)]);
    secret += c == '+' ? '-' : c == '/' ? '_' : c;
  }
  return secret;
}

bool IsWellFormed(std::string_view secret) {
  if (!secret.starts_with(kTokenPrefix) || secret.size() != kTokenPrefix.size() + kEncodedSecretChars) return false;
  return std::ranges::all_of(secret.substr(kTokenPrefix.size()), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  });
}

}  // namespace

std::string_view RoleName(Role role) {
  return kRoleNames[static_cast<std::size_t>(role)];
}

std::span<const std::string_view> RoleNames() {
  return kRoleNames;
}

Result<Role> ParseRole(std::string_view name) {
  for (std::size_t i = 0; i < kRoleNames.size(); ++i) {
    if (kRoleNames[i] == name) return static_cast<Role>(i);
  }
  std::string message = "unknown role '";
  message += name;
  message += "' (admin, security, team-member, auditor, agent or customer)";
  return Fail(ErrorCode::kInvalidArgument, std::move(message));
}

Result<void> Validate(const TokenSpec& spec, std::int64_t now) {
  if (auto r = CheckText("token name", spec.name); !r) return r;
  const std::string role(RoleName(spec.role));
  if (NeedsTeam(spec.role) && !spec.team) return Fail(ErrorCode::kInvalidArgument, "role " + role + " needs --team");
  if (!NeedsTeam(spec.role) && spec.team)
    return Fail(ErrorCode::kInvalidArgument, "--team does not apply to role " + role);
  if (NeedsCustomer(spec.role) && !spec.customer) {
    return Fail(ErrorCode::kInvalidArgument, "role " + role + " needs --customer");
  }
  if (!NeedsCustomer(spec.role) && spec.customer) {
    return Fail(ErrorCode::kInvalidArgument, "--customer does not apply to role " + role);
  }
  if (spec.team) {
    if (auto r = CheckText("team", *spec.team); !r) return r;
  }
  if (spec.customer) {
    if (auto r = CheckText("customer", *spec.customer); !r) return r;
  }
  if (spec.expires && *spec.expires <= now) {
    return Fail(ErrorCode::kInvalidArgument, "expiry " + FormatRfc3339(*spec.expires) + " is not in the future");
  }
  return {};
}

std::string TokenStateDigest(const store::TokenRow& token) {
  return audit::CanonicalEncoder(kTokenStateDomain)
      .Add(token.id)
      .Add(token.name)
      .Add(token.role)
      .AddOptional(token.team)
      .AddOptional(token.customer)
      .Add(audit::Hex(token.secret_sha256))
      .Add(token.created)
      .AddOptional(token.expires)
      .AddOptional(token.revoked_at)
      .Sha256Hex();
}

Result<CreatedToken> CreateToken(store::Store& store, const TokenSpec& spec, std::string_view actor, std::int64_t now) {
  if (auto valid = Validate(spec, now); !valid) return std::unexpected(valid.error());
  auto secret = NewSecret();
  if (!secret) return std::unexpected(secret.error());
  store::TokenRow row;
  row.name = spec.name;
  row.role = RoleName(spec.role);
  row.team = spec.team;
  row.customer = spec.customer;
  row.secret_sha256 = audit::Sha256(*secret);
  row.created = now;
  row.expires = spec.expires;
  auto written = store.Write([&](store::Transaction& transaction) -> Result<void> {
    auto id = transaction.InsertToken(row);
    if (!id) return std::unexpected(id.error());
    row.id = *id;
    auto entry = audit::Append(
        transaction, {std::string(actor), "token.create", ObjectName(row.id), std::nullopt, TokenStateDigest(row)},
        now);
    if (!entry) return std::unexpected(entry.error());
    return {};
  });
  if (!written) return std::unexpected(written.error());
  return CreatedToken{row.id, std::move(*secret)};
}

Result<void> RevokeToken(store::Store& store, std::int64_t id, std::string_view actor, std::int64_t now) {
  return store.Write([&](store::Transaction& transaction) -> Result<void> {
    auto token = transaction.GetToken(id);
    if (!token) return std::unexpected(token.error());
    if (!*token) return Fail(ErrorCode::kNotFound, "token " + std::to_string(id) + " does not exist");
    auto& row = **token;
    if (row.revoked_at) {
      return Fail(ErrorCode::kFailedPrecondition,
                  "token " + std::to_string(id) + " was already revoked at " + FormatRfc3339(*row.revoked_at));
    }
    const std::string before = TokenStateDigest(row);
    if (auto revoked = transaction.SetTokenRevoked(id, now); !revoked) return revoked;
    row.revoked_at = now;
    auto entry = audit::Append(
        transaction, {std::string(actor), "token.revoke", ObjectName(id), before, TokenStateDigest(row)}, now);
    if (!entry) return std::unexpected(entry.error());
    return {};
  });
}

Result<std::vector<TokenInfo>> ListTokens(store::Store& store) {
  auto rows = store.ListTokens();
  if (!rows) return std::unexpected(rows.error());
  std::vector<TokenInfo> out;
  out.reserve(rows->size());
  for (auto& row : *rows) {
    out.push_back({row.id, std::move(row.name), std::move(row.role), std::move(row.team), std::move(row.customer),
                   row.created, row.expires, row.revoked_at});
  }
  return out;
}

Result<Principal> Authenticate(store::Store& store, std::string_view secret, std::int64_t now) {
  const auto denied = [] { return Fail(ErrorCode::kPermissionDenied, "the API token is not valid"); };
  if (!IsWellFormed(secret)) return denied();
  const audit::Sha256Digest digest = audit::Sha256(secret);
  auto found = store.FindTokenByDigest(digest);
  if (!found) return std::unexpected(found.error());
  // The store finds the row by digest through an index; what grants access is this comparison in
  // constant time, so timing cannot tell how much of a guessed digest matched.
  if (!*found || CRYPTO_memcmp((*found)->secret_sha256.data(), digest.data(), digest.size()) != 0) return denied();
  const store::TokenRow& row = **found;
  if (row.revoked_at || (row.expires && now >= *row.expires)) return denied();
  auto role = ParseRole(row.role);
  // A row whose binding does not fit its role was not written by vigil; it grants nothing.
  if (!role || NeedsTeam(*role) != row.team.has_value() || NeedsCustomer(*role) != row.customer.has_value()) {
    return denied();
  }
  return Principal{row.id, *role, row.team, row.customer};
}

Result<std::optional<std::string>> CheckTokensAgainstAudit(store::Store& store) {
  struct Recorded {
    std::int64_t seq;
    std::optional<std::string> after;
  };
  std::map<std::string, Recorded> recorded;  // object -> newest entry naming it
  auto walked = store.ForEachAuditEntry([&recorded](const store::AuditEntry& entry) -> Result<void> {
    if (entry.object.starts_with("token:")) recorded[entry.object] = {entry.seq, entry.after_sha256};
    return {};
  });
  if (!walked) return std::unexpected(walked.error());
  auto tokens = store.ListTokens();
  if (!tokens) return std::unexpected(tokens.error());
  for (const auto& token : *tokens) {
    const std::string object = ObjectName(token.id);
    const auto it = recorded.find(object);
    if (it == recorded.end()) {
      return "token " + std::to_string(token.id) + " has no audit entry: it was added outside vigil";
    }
    if (it->second.after != TokenStateDigest(token)) {
      return "token " + std::to_string(token.id) + " differs from its state recorded by audit entry " +
             std::to_string(it->second.seq) + ": it was changed outside vigil";
    }
    recorded.erase(it);
  }
  for (const auto& [object, entry] : recorded) {
    if (entry.after) {
      return object + " recorded by audit entry " + std::to_string(entry.seq) +
             " no longer exists: it was deleted outside vigil";
    }
  }
  return std::nullopt;
}

}  // namespace vigil::auth
