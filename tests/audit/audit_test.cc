// The audit log's hash chain: the documented encoding, appending, and Verify against a store file
// edited directly through SQLite as an attacker with write access would (field changed, rows
// deleted, swapped, renumbered, forged), naming the first bad sequence number; anchors for the
// truncation and re-hashing the chain alone cannot show.
#include "audit/audit.h"

#include <gtest/gtest.h>
#include <openssl/sha.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "audit/digest.h"

namespace vigil::audit {
namespace {

namespace fs = std::filesystem;

constexpr int kEntries = 5;

// An attacker's edit: the append-only triggers go first, as anyone able to write the file can drop them.
void Tamper(const fs::path& path, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  char* message = nullptr;
  const std::string script =
      "DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete;" + sql;
  const int rc = sqlite3_exec(db, script.c_str(), nullptr, nullptr, &message);
  const std::string error = message != nullptr ? message : "";
  sqlite3_free(message);
  sqlite3_close(db);
  ASSERT_EQ(rc, SQLITE_OK) << error;
}

std::string Quote(const std::string& text) {
  return "'" + text + "'";
}

class AuditTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("vigil-audit-test-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    path_ = dir_ / "vigil.db";
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::unique_ptr<store::Store> Open() {
    auto opened = store::OpenSqliteStore(path_.string());
    EXPECT_TRUE(opened.has_value()) << opened.error().message;
    return opened ? std::move(*opened) : nullptr;
  }

  // Appends kEntries entries and closes the store; remembers them as written.
  void WriteLog() {
    auto store = Open();
    ASSERT_NE(store, nullptr);
    for (int i = 1; i <= kEntries; ++i) {
      const std::string object = "token:" + std::to_string(i);
      const Change change{"cli:alice", "token.create", object, std::nullopt, Hex(Sha256(object))};
      auto written = store->Write([&](store::Transaction& tx) -> Result<void> {
        auto entry = Append(tx, change, 1'700'000'000 + i);
        if (!entry) return std::unexpected(entry.error());
        entries_.push_back(*entry);
        return {};
      });
      ASSERT_TRUE(written.has_value()) << written.error().message;
    }
  }

  Verification VerifyLog(const std::optional<Anchor>& anchor = std::nullopt) {
    auto store = Open();
    auto verified = Verify(*store, anchor);
    EXPECT_TRUE(verified.has_value()) << verified.error().message;
    return verified.value_or(Verification{});
  }

  fs::path dir_;
  fs::path path_;
  std::vector<store::AuditEntry> entries_;
};

TEST(CanonicalEncoder, WritesPresenceLengthAndBytes) {
  const std::string bytes =
      CanonicalEncoder("d").Add("ab").AddOptional(std::optional<std::string>()).Add(std::int64_t{-7}).bytes();
  const std::string expected = std::string(
                                   "\x01\0\0\0\0\0\0\0\x01"
                                   "d",
                                   10) +
                               std::string(
                                   "\x01\0\0\0\0\0\0\0\x02"
                                   "ab",
                                   11) +
                               std::string("\x00", 1) +
                               std::string(
                                   "\x01\0\0\0\0\0\0\0\x02"
                                   "-7",
                                   11);
  EXPECT_EQ(bytes, expected);
}

TEST(CanonicalEncoder, DifferentFieldsNeverEncodeAlike) {
  EXPECT_NE(CanonicalEncoder("d").Add("ab").Add("c").bytes(), CanonicalEncoder("d").Add("a").Add("bc").bytes());
  EXPECT_NE(CanonicalEncoder("d").Add("").bytes(),
            CanonicalEncoder("d").AddOptional(std::optional<std::string>()).bytes());
  EXPECT_NE(CanonicalEncoder("d").Add("x").bytes(), CanonicalEncoder("e").Add("x").bytes());
}

TEST(EntryHash, IsSha256OfTheDocumentedEncoding) {
  const store::AuditEntry entry{3,         "2024-01-01T00:00:00Z", "cli:bob",    "token.revoke",
                                "token:2", std::string(64, 'a'),   std::nullopt, std::string(64, 'c'),
                                ""};
  // docs/security.md: tag, seq, time, actor, action, object, before, after, prev_hash.
  std::string bytes;
  const auto field = [&bytes](const std::string& text) {
    bytes += '\x01';
    for (int shift = 56; shift >= 0; shift -= 8) bytes += static_cast<char>((text.size() >> shift) & 0xff);
    bytes += text;
  };
  field("vigil-audit-entry-v1");
  field("3");
  field("2024-01-01T00:00:00Z");
  field("cli:bob");
  field("token.revoke");
  field("token:2");
  field(std::string(64, 'a'));
  bytes += '\x00';
  field(std::string(64, 'c'));
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), digest);
  EXPECT_EQ(EntryHash(entry), Hex(std::span<const std::uint8_t>(digest, sizeof digest)));
}

TEST_F(AuditTest, EntriesChainFromTheGenesisValue) {
  WriteLog();
  ASSERT_EQ(entries_.size(), static_cast<std::size_t>(kEntries));
  EXPECT_EQ(entries_[0].seq, 1);
  EXPECT_EQ(entries_[0].prev_hash, kGenesisHash);
  EXPECT_EQ(entries_[0].time, "2023-11-14T22:13:21Z");
  EXPECT_EQ(entries_[0].before_sha256, std::nullopt);
  for (std::size_t i = 1; i < entries_.size(); ++i) {
    EXPECT_EQ(entries_[i].seq, static_cast<std::int64_t>(i + 1));
    EXPECT_EQ(entries_[i].prev_hash, entries_[i - 1].hash);
    EXPECT_EQ(entries_[i].hash, EntryHash(entries_[i]));
    EXPECT_TRUE(IsSha256Hex(entries_[i].hash));
  }
  const auto result = VerifyLog();
  EXPECT_EQ(result.verified, static_cast<std::uint64_t>(kEntries));
  EXPECT_FALSE(result.problem.has_value()) << result.problem->reason;
  ASSERT_TRUE(result.head.has_value());
  EXPECT_EQ(result.head->seq, kEntries);
  EXPECT_EQ(result.head->hash, entries_.back().hash);
}

TEST_F(AuditTest, EmptyLogVerifies) {
  const auto result = VerifyLog();
  EXPECT_EQ(result.verified, 0u);
  EXPECT_FALSE(result.problem.has_value());
  EXPECT_FALSE(result.head.has_value());
}

TEST_F(AuditTest, AppendRefusesAMalformedDigest) {
  auto store = Open();
  auto written = store->Write([](store::Transaction& tx) -> Result<void> {
    auto entry = Append(tx, {"cli:a", "x.change", "x:1", std::string("not-a-digest"), std::nullopt}, 0);
    if (!entry) return std::unexpected(entry.error());
    return {};
  });
  ASSERT_FALSE(written.has_value());
  EXPECT_EQ(written.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(VerifyLog().verified, 0u);
}

TEST_F(AuditTest, ChangedFieldIsNamed) {
  WriteLog();
  Tamper(path_, "UPDATE audit_log SET actor = 'cli:mallory' WHERE seq = 3");
  const auto result = VerifyLog();
  ASSERT_TRUE(result.problem.has_value());
  EXPECT_EQ(result.problem->seq, 3);
  EXPECT_NE(result.problem->reason.find("does not match its hash"), std::string::npos) << result.problem->reason;
  EXPECT_EQ(result.verified, 2u);
}

TEST_F(AuditTest, ChangedDigestIsNamed) {
  WriteLog();
  Tamper(path_, "UPDATE audit_log SET after_sha256 = NULL WHERE seq = 4");
  const auto result = VerifyLog();
  ASSERT_TRUE(result.problem.has_value());
  EXPECT_EQ(result.problem->seq, 4);
}

TEST_F(AuditTest, DeletedMiddleRowIsNamed) {
  WriteLog();
  Tamper(path_, "DELETE FROM audit_log WHERE seq = 3");
  const auto result = VerifyLog();
  ASSERT_TRUE(result.problem.has_value());
  EXPECT_EQ(result.problem->seq, 3);
  EXPECT_NE(result.problem->reason.find("missing: entry 4 follows entry 2"), std::string::npos)
      << result.problem->reason;
}

TEST_F(AuditTest, DeletedFirstRowIsNamed) {
  WriteLog();
  Tamper(path_, "DELETE FROM audit_log WHERE seq = 1");
  const auto result = VerifyLog();
  ASSERT_TRUE(result.problem.has_value());
  EXPECT_EQ(result.problem->seq, 1);
  EXPECT_EQ(result.verified, 0u);
}

TEST_F(AuditTest, DeletedRowWithTheRestRenumberedIsNamed) {
  WriteLog();
  Tamper(path_, "DELETE FROM audit_log WHERE seq = 3; UPDATE audit_log SET seq = seq - 1 WHERE seq > 3");
  const auto result = VerifyLog();
  ASSERT_TRUE(result.problem.has_value());
  EXPECT_EQ(result.problem->seq, 3);
}

TEST_F(AuditTest, SwappedRowsAreNamedAtTheFirst) {
  WriteLog();
  // Every column but seq trades places between entries 2 and 4: the log is reordered.
  Tamper(path_, R"sql(
      CREATE TEMP TABLE saved AS SELECT * FROM audit_log WHERE seq IN (2, 4);
      UPDATE audit_log SET (time, actor, action, object, before_sha256, after_sha256, prev_hash, hash) =
        (SELECT time, actor, action, object, before_sha256, after_sha256, prev_hash, hash FROM saved
         WHERE saved.seq = 6 - audit_log.seq)
      WHERE seq IN (2, 4);)sql");
  const auto result = VerifyLog();
  ASSERT_TRUE(result.problem.has_value());
  EXPECT_EQ(result.problem->seq, 2);
  EXPECT_EQ(result.verified, 1u);
}

TEST_F(AuditTest, ForgedEntryWithoutTheRightHashIsNamed) {
  WriteLog();
  const auto& last = entries_.back();
  Tamper(path_,
         "INSERT INTO audit_log VALUES (6, '2024-01-01T00:00:00Z', 'cli:mallory', 'token.create', 'token:99', "
         "NULL, NULL, " +
             Quote(last.hash) + ", " + Quote(last.hash) + ")");
  const auto result = VerifyLog();
  ASSERT_TRUE(result.problem.has_value());
  EXPECT_EQ(result.problem->seq, 6);
  EXPECT_EQ(result.verified, static_cast<std::uint64_t>(kEntries));
}

TEST_F(AuditTest, ForgedEntryHashedButNotChainedIsNamed) {
  WriteLog();
  store::AuditEntry forged{6,          "2024-01-01T00:00:00Z", "cli:mallory", "token.create",
                           "token:99", std::nullopt,           std::nullopt,  std::string(kGenesisHash),
                           ""};
  forged.hash = EntryHash(forged);
  Tamper(path_,
         "INSERT INTO audit_log VALUES (6, '2024-01-01T00:00:00Z', 'cli:mallory', 'token.create', 'token:99', "
         "NULL, NULL, " +
             Quote(forged.prev_hash) + ", " + Quote(forged.hash) + ")");
  const auto result = VerifyLog();
  ASSERT_TRUE(result.problem.has_value());
  EXPECT_EQ(result.problem->seq, 6);
  EXPECT_NE(result.problem->reason.find("does not chain to entry 5"), std::string::npos) << result.problem->reason;
}

TEST_F(AuditTest, TruncationIsFoundOnlyWithAnAnchor) {
  WriteLog();
  const Anchor head{kEntries, entries_.back().hash};
  Tamper(path_, "DELETE FROM audit_log WHERE seq = 5");
  // The chain alone cannot tell that its newest entry is gone (docs/security.md says so).
  EXPECT_FALSE(VerifyLog().problem.has_value());
  const auto anchored = VerifyLog(head);
  ASSERT_TRUE(anchored.problem.has_value());
  EXPECT_EQ(anchored.problem->seq, 5);
  EXPECT_NE(anchored.problem->reason.find("newest entries removed"), std::string::npos) << anchored.problem->reason;
  EXPECT_FALSE(VerifyLog(Anchor{3, entries_[2].hash}).problem.has_value());
}

TEST_F(AuditTest, RehashedLogIsFoundOnlyWithAnAnchor) {
  WriteLog();
  // Rewrite entry 2 and re-chain everything after it, as someone who knows the encoding can.
  std::vector<store::AuditEntry> rewritten = entries_;
  rewritten[1].actor = "cli:mallory";
  std::string sql;
  for (std::size_t i = 1; i < rewritten.size(); ++i) {
    rewritten[i].prev_hash = rewritten[i - 1].hash;
    rewritten[i].hash = EntryHash(rewritten[i]);
    sql += "UPDATE audit_log SET actor = " + Quote(rewritten[i].actor) +
           ", prev_hash = " + Quote(rewritten[i].prev_hash) + ", hash = " + Quote(rewritten[i].hash) +
           " WHERE seq = " + std::to_string(rewritten[i].seq) + ";";
  }
  Tamper(path_, sql);
  EXPECT_FALSE(VerifyLog().problem.has_value());
  const auto anchored = VerifyLog(Anchor{4, entries_[3].hash});
  ASSERT_TRUE(anchored.problem.has_value());
  EXPECT_EQ(anchored.problem->seq, 4);
}

TEST(ParseAnchor, AcceptsWhatVerifyPrintsAndNothingElse) {
  const std::string hash(64, 'e');
  auto anchor = ParseAnchor("12:" + hash);
  ASSERT_TRUE(anchor.has_value());
  EXPECT_EQ(anchor->seq, 12);
  EXPECT_EQ(anchor->hash, hash);
  for (const std::string& bad : std::vector<std::string>{"12", "12:" + hash.substr(1), "0:" + hash, "x:" + hash,
                                                         "12:" + std::string(64, 'E'), "1 2:" + hash}) {
    EXPECT_FALSE(ParseAnchor(bad).has_value()) << bad;
  }
}

}  // namespace
}  // namespace vigil::audit
