// Appending to and verifying the hash-chained audit log (audit.h).
#include "audit/audit.h"

#include <charconv>

#include "audit/digest.h"
#include "core/time.h"

namespace vigil::audit {
namespace {

constexpr std::string_view kEntryDomain = "vigil-audit-entry-v1";

Result<void> CheckChange(const Change& change) {
  if (change.actor.empty() || change.action.empty() || change.object.empty()) {
    return Fail(ErrorCode::kInvalidArgument, "audit entry needs an actor, an action and an object");
  }
  for (const auto* digest : {&change.before_sha256, &change.after_sha256}) {
    if (*digest && !IsSha256Hex(**digest)) {
      return Fail(ErrorCode::kInvalidArgument, "audit entry digest '" + **digest + "' is not a SHA-256 in hex");
    }
  }
  return {};
}

std::string Seq(std::int64_t seq) {
  return std::to_string(seq);
}

}  // namespace

std::string EntryHash(const store::AuditEntry& entry) {
  return CanonicalEncoder(kEntryDomain)
      .Add(entry.seq)
      .Add(entry.time)
      .Add(entry.actor)
      .Add(entry.action)
      .Add(entry.object)
      .AddOptional(entry.before_sha256)
      .AddOptional(entry.after_sha256)
      .Add(entry.prev_hash)
      .Sha256Hex();
}

Result<store::AuditEntry> Append(store::Transaction& transaction, const Change& change, std::int64_t now) {
  if (auto checked = CheckChange(change); !checked) return std::unexpected(checked.error());
  auto last = transaction.LastAuditEntry();
  if (!last) return std::unexpected(last.error());
  store::AuditEntry entry;
  entry.seq = *last ? (*last)->seq + 1 : 1;
  entry.prev_hash = *last ? (*last)->hash : std::string(kGenesisHash);
  entry.time = FormatRfc3339(now);
  entry.actor = change.actor;
  entry.action = change.action;
  entry.object = change.object;
  entry.before_sha256 = change.before_sha256;
  entry.after_sha256 = change.after_sha256;
  entry.hash = EntryHash(entry);
  if (auto appended = transaction.AppendAuditEntry(entry); !appended) return std::unexpected(appended.error());
  return entry;
}

Result<Anchor> ParseAnchor(std::string_view text) {
  const auto colon = text.find(':');
  Anchor anchor;
  const std::string_view seq = text.substr(0, colon);
  const auto parsed = std::from_chars(seq.data(), seq.data() + seq.size(), anchor.seq);
  if (colon == std::string_view::npos || parsed.ec != std::errc{} || parsed.ptr != seq.data() + seq.size() ||
      anchor.seq < 1 || !IsSha256Hex(text.substr(colon + 1))) {
    return Fail(ErrorCode::kInvalidArgument,
                "audit anchor '" + std::string(text) + "' is not SEQ:HASH (a sequence number and 64 hex digits)");
  }
  anchor.hash = text.substr(colon + 1);
  return anchor;
}

Result<Verification> Verify(store::Store& store, const std::optional<Anchor>& anchor) {
  Verification result;
  std::int64_t expected = 1;
  std::string prev_hash(kGenesisHash);
  const auto stop = [&result](std::int64_t seq, std::string reason) -> Result<void> {
    result.problem = Problem{seq, std::move(reason)};
    // An error ends the walk; Verify turns it back into a result with a problem.
    return Fail(ErrorCode::kDataLoss, "");
  };
  auto walked = store.ForEachAuditEntry([&](const store::AuditEntry& entry) -> Result<void> {
    if (entry.seq > expected) {
      return stop(expected,
                  "missing: entry " + Seq(entry.seq) + " follows entry " + Seq(expected - 1) + " (entries removed)");
    }
    if (entry.seq < expected)
      return stop(entry.seq, "sequence number " + Seq(entry.seq) + " where " + Seq(expected) + " was expected");
    if (EntryHash(entry) != entry.hash) {
      return stop(entry.seq, "its content does not match its hash (entry altered, or forged without the right hash)");
    }
    if (entry.prev_hash != prev_hash) {
      return stop(entry.seq, expected == 1 ? "it does not chain to the genesis value (entries removed or replaced)"
                                           : "it does not chain to entry " + Seq(expected - 1) +
                                                 " (entries inserted, removed, reordered or rewritten)");
    }
    if (anchor && entry.seq == anchor->seq && entry.hash != anchor->hash) {
      return stop(entry.seq, "its hash differs from the anchor (the log was rewritten up to here and re-hashed)");
    }
    ++result.verified;
    result.head = Anchor{entry.seq, entry.hash};
    prev_hash = entry.hash;
    ++expected;
    return {};
  });
  if (!walked && !result.problem) return std::unexpected(walked.error());
  if (!result.problem && anchor && anchor->seq >= expected) {
    result.problem =
        Problem{expected, "missing: the log ends at entry " + Seq(expected - 1) + " but the anchor names entry " +
                              Seq(anchor->seq) + " (newest entries removed)"};
  }
  return result;
}

}  // namespace vigil::audit
