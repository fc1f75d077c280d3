#include "inventory/os/rpm_sqlite.h"

#include <sqlite3.h>

#include <cstring>
#include <memory>
#include <string>

#include "inventory/os/rpm_common.h"

namespace vigil::inventory {
namespace {

// Bounds the work a crafted database can cause (SQLite calls the handler every
// kProgressInterval virtual machine steps; it stops the query after kMaxProgressCalls).
constexpr int kProgressInterval = 10000;
constexpr int kMaxProgressCalls = 20000;
constexpr std::string_view kSqliteMagic{"SQLite format 3\0", 16};
// Bytes 18 and 19 of the file header: 2 means WAL, which an in-memory database cannot use.
constexpr std::size_t kWriteVersionOffset = 18;
constexpr std::size_t kReadVersionOffset = 19;
constexpr std::size_t kMinimumFileSize = 100;

struct SqliteCloser {
  void operator()(sqlite3* db) const { sqlite3_close(db); }
};
struct StatementFinalizer {
  void operator()(sqlite3_stmt* statement) const { sqlite3_finalize(statement); }
};
using Database = std::unique_ptr<sqlite3, SqliteCloser>;
using Statement = std::unique_ptr<sqlite3_stmt, StatementFinalizer>;

int StopAfterLimit(void* calls) {
  int& count = *static_cast<int*>(calls);
  return ++count > kMaxProgressCalls ? 1 : 0;
}

class RpmSqliteExtractor final : public Extractor {
 public:
  std::string_view name() const override { return "rpm-sqlite"; }

  bool ClaimsPath(const std::filesystem::path& path) const override { return IsRpmDatabasePath(path, "rpmdb.sqlite"); }

  Result<std::vector<Package>> Extract(const std::filesystem::path& path, std::string_view content,
                                       const FileSystem& fs) const override {
    const std::string where = path.string();
    if (content.size() < kMinimumFileSize || !content.starts_with(kSqliteMagic)) {
      return Fail(ErrorCode::kInvalidArgument, where + ": not an SQLite database");
    }
    sqlite3* raw = nullptr;
    if (sqlite3_open_v2(":memory:", &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_MEMORY, nullptr) != SQLITE_OK) {
      sqlite3_close(raw);
      return Fail(ErrorCode::kInternal, where + ": cannot open an in-memory SQLite database");
    }
    const Database db(raw);
    // SQLite owns (and frees) the copy it reads from.
    auto* image = static_cast<unsigned char*>(sqlite3_malloc64(content.size()));
    if (image == nullptr) return Fail(ErrorCode::kInternal, where + ": out of memory");
    std::memcpy(image, content.data(), content.size());
    image[kWriteVersionOffset] = 1;
    image[kReadVersionOffset] = 1;
    const int deserialized = sqlite3_deserialize(db.get(), "main", image, static_cast<sqlite3_int64>(content.size()),
                                                 static_cast<sqlite3_int64>(content.size()),
                                                 SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_READONLY);
    if (deserialized != SQLITE_OK) {
      return Fail(ErrorCode::kInvalidArgument, where + ": not an SQLite database: " + sqlite3_errmsg(db.get()));
    }
    sqlite3_db_config(db.get(), SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
    sqlite3_db_config(db.get(), SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, nullptr);
    int progress_calls = 0;
    sqlite3_progress_handler(db.get(), kProgressInterval, StopAfterLimit, &progress_calls);

    // Only a real table: a view of the same name could make the query arbitrarily expensive.
    if (Result<bool> has_table = HasPackagesTable(db.get(), where); !has_table) {
      return std::unexpected(has_table.error());
    } else if (!*has_table) {
      return Fail(ErrorCode::kInvalidArgument, where + ": no Packages table (not an rpm database)");
    }

    sqlite3_stmt* raw_statement = nullptr;
    if (sqlite3_prepare_v2(db.get(), "SELECT hnum, blob FROM Packages ORDER BY hnum", -1, &raw_statement, nullptr) !=
        SQLITE_OK) {
      sqlite3_finalize(raw_statement);
      return Fail(ErrorCode::kInvalidArgument, where + ": Packages: " + sqlite3_errmsg(db.get()));
    }
    const Statement statement(raw_statement);
    RpmPackageCollector collector(path, fs);
    int step = SQLITE_ROW;
    while ((step = sqlite3_step(statement.get())) == SQLITE_ROW) {
      const auto* blob = static_cast<const std::uint8_t*>(sqlite3_column_blob(statement.get(), 1));
      const int size = sqlite3_column_bytes(statement.get(), 1);
      const std::string record = "Packages hnum " + std::to_string(sqlite3_column_int64(statement.get(), 0));
      collector.Add(blob == nullptr ? std::span<const std::uint8_t>{}
                                    : std::span<const std::uint8_t>(blob, static_cast<std::size_t>(size)),
                    record);
    }
    if (step != SQLITE_DONE) {
      return Fail(ErrorCode::kInvalidArgument, where + ": Packages: " + sqlite3_errmsg(db.get()));
    }
    return std::move(collector).Finish();
  }

 private:
  static Result<bool> HasPackagesTable(sqlite3* db, const std::string& where) {
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(db, "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'Packages'", -1, &raw,
                           nullptr) != SQLITE_OK) {
      sqlite3_finalize(raw);
      return Fail(ErrorCode::kInvalidArgument, where + ": not an SQLite database: " + sqlite3_errmsg(db));
    }
    const Statement statement(raw);
    const int step = sqlite3_step(statement.get());
    if (step == SQLITE_ROW) return true;
    if (step == SQLITE_DONE) return false;
    return Fail(ErrorCode::kInvalidArgument, where + ": not an SQLite database: " + sqlite3_errmsg(db));
  }
};

}  // namespace

std::unique_ptr<const Extractor> MakeRpmSqliteExtractor() {
  return std::make_unique<RpmSqliteExtractor>();
}

}  // namespace vigil::inventory
