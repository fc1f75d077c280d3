// The audit log: every change that matters to an auditor, appended in the transaction that makes the
// change, each entry hash-chained to the one before so that an altered, removed, inserted or
// reordered entry is found by Verify. Stateless functions over a Store; thread-compatible.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "store/store.h"

namespace vigil::audit {

// What entry 1 chains to.
inline constexpr std::string_view kGenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

// One change as its author describes it; Append adds the sequence number, time and hashes.
struct Change {
  std::string actor;                         // who: "cli:alice", "token:7"
  std::string action;                        // what: "token.create", "token.revoke"
  std::string object;                        // to what: "token:7"
  std::optional<std::string> before_sha256;  // digest of the object's state before; absent if it did not exist
  std::optional<std::string> after_sha256;   // after; absent if it no longer exists
};

// Appends `change` as the next entry, stamped `now` (Unix seconds, written as RFC 3339 UTC), inside
// the caller's transaction, so the entry commits or rolls back with the change it records.
[[nodiscard]] Result<store::AuditEntry> Append(store::Transaction& transaction, const Change& change, std::int64_t now);

// SHA-256 (hex) of the canonical encoding of every field of `entry` but `hash`, `prev_hash` included.
[[nodiscard]] std::string EntryHash(const store::AuditEntry& entry);

// A (sequence, hash) pair kept outside the store, e.g. the head printed by an earlier verify. The
// chain alone cannot show that its newest entries were removed or that it was rewritten and
// re-hashed by someone able to write the file; an anchor can.
struct Anchor {
  std::int64_t seq = 0;
  std::string hash;
};
// "SEQ:HASH" as printed by `vigil audit verify`.
[[nodiscard]] Result<Anchor> ParseAnchor(std::string_view text);

struct Problem {
  std::int64_t seq = 0;  // the first sequence number at which the log is wrong
  std::string reason;
};

struct Verification {
  std::uint64_t verified = 0;  // entries found intact, before the first problem if there is one
  std::optional<Anchor> head;  // the last intact entry
  std::optional<Problem> problem;
};

// Walks the log in sequence order: sequence numbers start at 1 without gaps, each entry's
// prev_hash is the previous entry's hash (kGenesisHash for entry 1), each hash matches the entry's
// content, and the anchor, if given, names an entry present with that hash. Stops at the first
// problem. An error means the store could not be read, not that the log is wrong.
[[nodiscard]] Result<Verification> Verify(store::Store& store, const std::optional<Anchor>& anchor = std::nullopt);

}  // namespace vigil::audit
