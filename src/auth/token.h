// API tokens (issue 4, item 6): 256 random bits from the OS generator, printed once as
// "vigil_" + base64url, stored only as the SHA-256 of that text, with a role, the team or customer
// the role is bound to, an optional expiry and a revocation time. Creation and revocation append
// to the audit log in the same transaction. Stateless functions over a Store; thread-compatible.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "store/store.h"

namespace vigil::auth {

enum class Role : std::uint8_t { kAdmin, kSecurity, kTeamMember, kAuditor, kAgent, kCustomer };

[[nodiscard]] std::string_view RoleName(Role role);  // "admin", "team-member", …
[[nodiscard]] Result<Role> ParseRole(std::string_view name);
[[nodiscard]] std::span<const std::string_view> RoleNames();

inline constexpr std::string_view kTokenPrefix = "vigil_";

struct TokenSpec {
  Role role = Role::kAuditor;
  std::string name;
  std::optional<std::string> team;      // required for team-member and agent, refused otherwise
  std::optional<std::string> customer;  // required for customer, refused otherwise
  std::optional<std::int64_t> expires;  // Unix seconds; the token is refused from this moment on
};

// kInvalidArgument naming the flag at fault: a missing or misplaced team/customer, a name, team or
// customer that is empty, longer than 200 bytes or holds control characters, an expiry not after `now`.
[[nodiscard]] Result<void> Validate(const TokenSpec& spec, std::int64_t now);

struct CreatedToken {
  std::int64_t id = 0;
  std::string secret;  // shown once; only its SHA-256 is kept
};

// `actor` names who asks, for the audit log ("cli:alice"); `now` is Unix seconds.
[[nodiscard]] Result<CreatedToken> CreateToken(store::Store& store, const TokenSpec& spec, std::string_view actor,
                                               std::int64_t now);
// kNotFound for an unknown id, kFailedPrecondition for a token already revoked.
[[nodiscard]] Result<void> RevokeToken(store::Store& store, std::int64_t id, std::string_view actor, std::int64_t now);

// A token as listed: everything but its secret's digest.
struct TokenInfo {
  std::int64_t id = 0;
  std::string name;
  std::string role;
  std::optional<std::string> team;
  std::optional<std::string> customer;
  std::int64_t created = 0;
  std::optional<std::int64_t> expires;
  std::optional<std::int64_t> revoked_at;
};
[[nodiscard]] Result<std::vector<TokenInfo>> ListTokens(store::Store& store);

// Who a request acts as.
struct Principal {
  std::int64_t token_id = 0;
  Role role = Role::kAuditor;
  std::optional<std::string> team;
  std::optional<std::string> customer;
};

// The principal of a live token. An unknown, malformed, expired or revoked token all give the same
// kPermissionDenied error, so a caller cannot tell which; other errors mean the store failed.
[[nodiscard]] Result<Principal> Authenticate(store::Store& store, std::string_view secret, std::int64_t now);

// SHA-256 (hex) of a token's stored state, as the audit log records it before and after a change.
[[nodiscard]] std::string TokenStateDigest(const store::TokenRow& token);

// Compares every stored token with the after-digest of the newest audit entry naming it: a token
// added, changed (un-revoked, re-scoped) or deleted outside vigil does not match. Returns the first
// mismatch found, or nothing. Meaningful once audit::Verify found the chain intact.
[[nodiscard]] Result<std::optional<std::string>> CheckTokensAgainstAudit(store::Store& store);

}  // namespace vigil::auth
