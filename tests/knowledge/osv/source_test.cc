#include "knowledge/source.h"

#include <archive.h>
#include <archive_entry.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "knowledge/osv/parser.h"

namespace vigil::knowledge {
namespace {

namespace fs = std::filesystem;
using Files = std::vector<std::pair<std::string, std::string>>;

class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "vigil-source-XXXXXX").string();
    path_ = ::mkdtemp(pattern.data()) != nullptr ? fs::path(pattern) : fs::path();
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

void WriteFile(const fs::path& path, std::string_view content) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << content;
}

// Writes an archive with libarchive: format zip, or one raw gzip-compressed member.
enum class Container : std::uint8_t { kZip, kZipStored, kGzip };
void WriteArchive(const fs::path& path, Container container, const Files& files) {
  std::unique_ptr<archive, decltype(&archive_write_free)> writer(archive_write_new(), archive_write_free);
  if (container == Container::kZip || container == Container::kZipStored) {
    archive_write_set_format_zip(writer.get());
    if (container == Container::kZipStored)
      archive_write_set_format_option(writer.get(), "zip", "compression", "store");
  } else {
    archive_write_add_filter_gzip(writer.get());
    archive_write_set_format_raw(writer.get());
  }
  ASSERT_EQ(archive_write_open_filename(writer.get(), path.c_str()), ARCHIVE_OK);
  for (const auto& [name, content] : files) {
    std::unique_ptr<archive_entry, decltype(&archive_entry_free)> entry(archive_entry_new(),
                                                                        archive_entry_free);
    archive_entry_set_pathname(entry.get(), name.c_str());
    archive_entry_set_filetype(entry.get(), AE_IFREG);
    archive_entry_set_perm(entry.get(), 0644);
    archive_entry_set_size(entry.get(), static_cast<la_int64_t>(content.size()));
    ASSERT_EQ(archive_write_header(writer.get(), entry.get()), ARCHIVE_OK);
    ASSERT_EQ(archive_write_data(writer.get(), content.data(), content.size()),
              static_cast<la_ssize_t>(content.size()));
  }
  ASSERT_EQ(archive_write_close(writer.get()), ARCHIVE_OK);
}

std::string Record(std::string_view id) {
  return std::string(R"({"id":")") + std::string(id) + R"(","modified":"2024-01-01T00:00:00Z"})";
}

struct Collected {
  std::vector<std::string> origins;
  std::vector<std::string> contents;
  std::vector<std::string> errors;
};

Result<WalkSummary> Collect(const fs::path& path, Collected& out, const SourceOptions& options = {}) {
  return ForEachDocument(
      path,
      [&](const Document& document) -> Result<void> {
        out.origins.push_back(document.origin);
        out.contents.emplace_back(document.content);
        // The padding promise: these bytes must be readable (ASan would flag it otherwise).
        volatile char last = document.content.data()[document.content.size() + kDocumentPadding - 1];
        (void)last;
        return {};
      },
      [&](const Error& error) { out.errors.push_back(error.message); }, options);
}

TEST(Source, DirectoryIsWalkedRecursivelyInSortedOrderJsonOnly) {
  TempDir dir;
  WriteFile(dir.path() / "b.json", Record("B"));
  WriteFile(dir.path() / "sub" / "a.json", Record("SUB-A"));
  WriteFile(dir.path() / "a.json", Record("A"));
  WriteFile(dir.path() / "notes.txt", "ignored");
  Collected got;
  auto summary = Collect(dir.path(), got);
  ASSERT_TRUE(summary) << summary.error().message;
  EXPECT_EQ(got.origins,
            (std::vector<std::string>{(dir.path() / "a.json").string(), (dir.path() / "b.json").string(),
                                      (dir.path() / "sub" / "a.json").string()}));
  EXPECT_EQ(got.contents[0], Record("A"));
  EXPECT_EQ(summary->visited, 3u);
  EXPECT_EQ(summary->failed, 0u);
}

TEST(Source, SingleFilesPlainAndGzip) {
  TempDir dir;
  const std::string csv = "cve,epss,percentile\nCVE-2021-44228,0.94358,0.99995\n";
  WriteFile(dir.path() / "scores.csv", csv);
  WriteArchive(dir.path() / "scores.csv.gz", Container::kGzip, {{"scores.csv", csv}});
  Collected plain;
  ASSERT_TRUE(Collect(dir.path() / "scores.csv", plain));
  EXPECT_EQ(plain.contents, std::vector<std::string>{csv});
  Collected gz;
  ASSERT_TRUE(Collect(dir.path() / "scores.csv.gz", gz));
  EXPECT_EQ(gz.contents, std::vector<std::string>{csv});
  EXPECT_EQ(gz.origins, std::vector<std::string>{(dir.path() / "scores.csv.gz").string()});
}

TEST(Source, MissingPathIsNotFound) {
  Collected got;
  auto summary = Collect("/nonexistent/vigil/feed.json", got);
  ASSERT_FALSE(summary);
  EXPECT_EQ(summary.error().code, ErrorCode::kNotFound);
  EXPECT_NE(summary.error().message.find("/nonexistent/vigil/feed.json"), std::string::npos);
}

TEST(Source, BrokenZipEntryIsReportedWithEntryNameAndPathWhileOthersParse) {
  TempDir dir;
  const fs::path zip = dir.path() / "all.zip";
  const std::string broken =
      R"({"id":"BAD-1","modified":"2024-01-01T00:00:00Z","affected":[{"ranges":[{"type":"SEMVER","events":[{"introduced":"0"},{"fixd":"1"}]}]}]})";
  WriteArchive(zip, Container::kZip,
               {{"GOOD-1.json", Record("GOOD-1")},
                {"BAD-1.json", broken},
                {"README.txt", "skip"},
                {"GOOD-2.json", Record("GOOD-2")}});
  osv::OsvParser parser;
  std::vector<std::string> ids;
  std::vector<std::string> errors;
  auto summary = ForEachDocument(
      zip,
      [&](const Document& document) -> Result<void> {
        auto record = parser.Parse(document.content, osv::Padding::kPadded);
        if (!record) return std::unexpected(std::move(record.error()));
        ids.push_back(record->id);
        return {};
      },
      [&](const Error& error) { errors.push_back(error.message); });
  ASSERT_TRUE(summary) << summary.error().message;
  EXPECT_EQ(ids, (std::vector<std::string>{"GOOD-1", "GOOD-2"}));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0], zip.string() + ":BAD-1.json: affected[0].ranges[0].events[1]: unknown event \"fixd\"");
  EXPECT_EQ(summary->visited, 3u);
  EXPECT_EQ(summary->failed, 1u);
}

TEST(Source, WithoutErrorSinkTheFirstErrorStopsTheWalk) {
  TempDir dir;
  const fs::path zip = dir.path() / "all.zip";
  WriteArchive(zip, Container::kZip, {{"A.json", "{}"}, {"B.json", "{}"}});
  int visits = 0;
  auto summary = ForEachDocument(zip, [&](const Document&) -> Result<void> {
    ++visits;
    return Fail(ErrorCode::kInvalidArgument, "bad");
  });
  ASSERT_FALSE(summary);
  EXPECT_EQ(summary.error().message, zip.string() + ":A.json: bad");
  EXPECT_EQ(visits, 1);
}

TEST(Source, OversizedEntriesAreRefusedAndTheWalkGoesOn) {
  TempDir dir;
  const fs::path zip = dir.path() / "bomb.zip";
  // Highly compressible: a small zip that inflates past the limit, like a decompression bomb.
  WriteArchive(zip, Container::kZip, {{"BIG.json", std::string(1 << 20, ' ')}, {"SMALL.json", Record("S")}});
  Collected got;
  SourceOptions options;
  options.max_document_bytes = 1000;
  auto summary = Collect(zip, got, options);
  ASSERT_TRUE(summary) << summary.error().message;
  EXPECT_EQ(got.contents, std::vector<std::string>{Record("S")});
  ASSERT_EQ(got.errors.size(), 1u);
  EXPECT_NE(got.errors[0].find(zip.string() + ":BIG.json: "), std::string::npos) << got.errors[0];
  EXPECT_NE(got.errors[0].find("limit of 1000 bytes"), std::string::npos) << got.errors[0];

  // The same cap holds for gzip, where no size is declared up front.
  WriteArchive(dir.path() / "big.json.gz", Container::kGzip, {{"big.json", std::string(1 << 20, ' ')}});
  Collected gz;
  ASSERT_TRUE(Collect(dir.path() / "big.json.gz", gz, options));
  EXPECT_TRUE(gz.contents.empty());
  ASSERT_EQ(gz.errors.size(), 1u);
  EXPECT_NE(gz.errors[0].find("limit of 1000 bytes"), std::string::npos) << gz.errors[0];
}

TEST(Source, CorruptZipIsAnErrorNotACrash) {
  TempDir dir;
  WriteFile(dir.path() / "junk.zip", "PK\x03\x04 this is not really a zip file at all");
  Collected got;
  auto summary = Collect(dir.path() / "junk.zip", got);
  EXPECT_TRUE(!summary || !got.errors.empty());
  EXPECT_TRUE(got.contents.empty());
}

TEST(Source, CorruptEntryDataIsReportedAndLaterEntriesStillRead) {
  TempDir dir;
  const fs::path zip = dir.path() / "all.zip";
  WriteArchive(zip, Container::kZipStored,
               {{"A.json", Record("A")}, {"B.json", Record("B-CORRUPTED")}, {"C.json", Record("C")}});
  // Flip a byte inside B's stored data so its CRC no longer matches.
  std::string bytes;
  {
    std::ifstream in(zip, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), {});
  }
  const std::size_t at = bytes.find("B-CORRUPTED");
  ASSERT_NE(at, std::string::npos);
  bytes[at] = 'X';
  WriteFile(zip, bytes);
  Collected got;
  auto summary = Collect(zip, got);
  ASSERT_TRUE(summary) << summary.error().message;
  EXPECT_EQ(got.contents, (std::vector<std::string>{Record("A"), Record("C")}));
  ASSERT_EQ(got.errors.size(), 1u);
  EXPECT_TRUE(got.errors[0].starts_with(zip.string() + ":B.json: ")) << got.errors[0];
}

}  // namespace
}  // namespace vigil::knowledge
