#include "inventory/walk.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "inventory/registry.h"
#include "scan_fakes.h"

namespace vigil::inventory {
namespace {

namespace fs = std::filesystem;

class WalkTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("vigil-walk-" + std::to_string(::getpid()) + "-" +
                                         ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_);
  }
  void TearDown() override {
    std::error_code ec;
    fs::permissions(root_ / "locked", fs::perms::owner_all, ec);
    fs::remove_all(root_, ec);
  }

  void Write(const std::string& rel, const std::string& content) {
    const fs::path path = root_ / rel;
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << content;
  }

  Result<ScanResult> Scan(const WalkOptions& options = {}) { return ScanPath(root_, options, fakes_.all); }

  static std::vector<std::string> Locations(const ScanResult& r) {
    std::vector<std::string> out;
    for (const auto& p : r.inventory.packages) out.push_back(p.location + " " + p.name + "@" + p.version);
    return out;
  }

  static bool HasIssue(const ScanResult& r, const std::string& path, const std::string& part) {
    return std::any_of(r.issues.begin(), r.issues.end(),
                       [&](const ScanIssue& i) { return i.path == path && i.message.find(part) != std::string::npos; });
  }

  fs::path root_;
  testing::FakeExtractors fakes_;
};

TEST_F(WalkTest, FindsPackageFilesAndReportsThemSortedWithRootRelativeLocations) {
  Write("etc/os-release", "ID=debian\nVERSION_ID=\"12\"\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n");
  Write("etc/machine-id", "0123456789abcdef\n");
  Write("var/lib/dpkg/status", "Package: zlib1g\nVersion: 1.2\n\nPackage: bash\nVersion: 5.2\n");
  Write("srv/app/b.fakelock", "left-pad@1.0.0\n");
  Write("srv/app/a.fakelock", "lodash@4.17.21\nexpress@4.18.0\n");
  Write("srv/app/node/deep/er/x.fakelock", "deep@1\n");
  Write("srv/docs/bom.json", "{\"fakeSbom\": true}");
  Write("srv/docs/other.json", "{\"name\": \"not an sbom\"}");
  Write("srv/README.md", "hello");

  WalkOptions options;
  options.threads = 4;
  auto result = Scan(options);
  ASSERT_TRUE(result.has_value()) << result.error().message;
  EXPECT_EQ(Locations(*result), (std::vector<std::string>{
                                    "/srv/app/a.fakelock express@4.18.0",
                                    "/srv/app/a.fakelock lodash@4.17.21",
                                    "/srv/app/b.fakelock left-pad@1.0.0",
                                    "/srv/app/node/deep/er/x.fakelock deep@1",
                                    "/srv/docs/bom.json from-sbom@1",
                                    "/var/lib/dpkg/status bash@5.2",
                                    "/var/lib/dpkg/status zlib1g@1.2",
                                }));
  // The dpkg extractor read the scanned tree's os-release, not the host's.
  EXPECT_EQ(result->inventory.packages.back().ecosystem, "debian:12");
  ASSERT_TRUE(result->inventory.os.has_value());
  EXPECT_EQ(result->inventory.os->id, "debian");
  EXPECT_EQ(result->inventory.os->version_id, "12");
  EXPECT_EQ(result->inventory.asset.kind, AssetKind::kDirectory);
  EXPECT_EQ(result->inventory.asset.name, root_.string());
  EXPECT_EQ(result->inventory.asset.machine_id, "0123456789abcdef");
  EXPECT_EQ(result->files_seen, 9U);
  EXPECT_TRUE(result->issues.empty());
}

TEST_F(WalkTest, OutputDoesNotDependOnTheNumberOfThreads) {
  for (int d = 0; d < 20; ++d) {
    for (int f = 0; f < 5; ++f) {
      // Built by appending: GCC 12 warns falsely (-Wrestrict) on "literal" + std::string.
      std::string path =
          std::string("d").append(std::to_string(d)).append("/sub/f").append(std::to_string(f)).append(".fakelock");
      Write(path, std::string("p").append(std::to_string(f)).append("@").append(std::to_string(d)).append("\n"));
    }
  }
  Write("d3/sub/broken/var/lib/dpkg/status", "garbage\n");
  WalkOptions one;
  one.threads = 1;
  WalkOptions many;
  many.threads = 8;
  auto a = Scan(one);
  auto b = Scan(many);
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->inventory.packages.size(), 100U);
  EXPECT_EQ(Locations(*a), Locations(*b));
  ASSERT_EQ(a->issues.size(), 1U);
  ASSERT_EQ(b->issues.size(), 1U);
  EXPECT_EQ(a->issues[0].message, b->issues[0].message);
}

TEST_F(WalkTest, AFileThatFailsIsOneIssueAndTheWalkGoesOn) {
  Write("a/var/lib/dpkg/status", "Package: ok\nVersion: 1\n");
  Write("b/var/lib/dpkg/status", "Package: x\nthis is not dpkg\n");
  Write("c/buggy.fakelock", "throw\n");
  Write("d/good.fakelock", "good@2\n");
  auto result = Scan();
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(Locations(*result), (std::vector<std::string>{"/a/var/lib/dpkg/status ok@1", "/d/good.fakelock good@2"}));
  ASSERT_EQ(result->issues.size(), 2U);
  EXPECT_EQ(result->issues[0].path, "/b/var/lib/dpkg/status");
  EXPECT_EQ(result->issues[0].message, "/b/var/lib/dpkg/status:2: bad line");
  EXPECT_EQ(result->issues[1].path, "/c/buggy.fakelock");
  EXPECT_NE(result->issues[1].message.find("fake failure"), std::string::npos);
}

TEST_F(WalkTest, SymlinksAreNeverFollowed) {
  Write("a/real.fakelock", "real@1\n");
  const fs::path outside = root_.string() + "-outside";
  fs::create_directories(outside);
  std::ofstream(outside / "evil.fakelock") << "evil@1\n";
  fs::create_directory_symlink("..", root_ / "a" / "loop");            // a loop
  fs::create_directory_symlink(outside, root_ / "escape");             // out of the root
  fs::create_symlink("real.fakelock", root_ / "a" / "link.fakelock");  // a file link
  auto result = Scan();
  fs::remove_all(outside);
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(Locations(*result), (std::vector<std::string>{"/a/real.fakelock real@1"}));
  EXPECT_EQ(result->files_seen, 1U);
}

TEST_F(WalkTest, TheTargetItselfMayBeASymlink) {
  Write("tree/a.fakelock", "a@1\n");
  fs::create_directory_symlink(root_ / "tree", root_ / "alias");
  auto result = ScanPath(root_ / "alias", {}, fakes_.all);
  ASSERT_TRUE(result.has_value()) << result.error().message;
  EXPECT_EQ(Locations(*result), (std::vector<std::string>{"/a.fakelock a@1"}));
  EXPECT_TRUE(result->issues.empty());
}

TEST_F(WalkTest, FilesAnExtractorReadsResolveInsideTheScannedRoot) {
  // An absolute link in the tree means the tree's own /usr/lib/os-release, not the host's.
  Write("usr/lib/os-release", "ID=alpine\nVERSION_ID=3.20.1\n");
  fs::create_directories(root_ / "etc");
  fs::create_symlink("/usr/lib/os-release", root_ / "etc" / "os-release");
  Write("var/lib/dpkg/status", "Package: musl\nVersion: 1.2.5\n");
  Write("app/x.fakelock", "include ../../../../../../etc/os-release\n");
  Write("app/y.fakelock", "include /proc/self/status\n");
  auto result = Scan();
  ASSERT_TRUE(result.has_value());
  ASSERT_EQ(result->inventory.packages.size(), 1U);
  EXPECT_EQ(result->inventory.packages[0].ecosystem, "alpine:3.20.1");
  ASSERT_TRUE(result->inventory.os.has_value());
  EXPECT_EQ(result->inventory.os->id, "alpine");
  // "../.." stops at the scanned root, so this read the tree's os-release (no "@" lines: no
  // packages, no issue); /proc is not in the tree.
  ASSERT_EQ(result->issues.size(), 1U);
  EXPECT_EQ(result->issues[0].path, "/app/y.fakelock");
}

TEST_F(WalkTest, HugePackageFilesAreSkippedWithAnIssue) {
  Write("big.fakelock", std::string(5000, 'x'));
  Write("small.fakelock", "small@1\n");
  Write("unclaimed.bin", std::string(5000, 'x'));
  WalkOptions options;
  options.max_file_size = 1000;
  auto result = Scan(options);
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(Locations(*result), (std::vector<std::string>{"/small.fakelock small@1"}));
  ASSERT_EQ(result->issues.size(), 1U);
  EXPECT_TRUE(HasIssue(*result, "/big.fakelock", "larger than the 1000"));
}

TEST_F(WalkTest, DepthIsBounded) {
  Write("1/2/3/shallow.fakelock", "shallow@1\n");
  Write("1/2/3/4/5/6/deep.fakelock", "deep@1\n");
  WalkOptions options;
  options.max_depth = 3;
  auto result = Scan(options);
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(Locations(*result), (std::vector<std::string>{"/1/2/3/shallow.fakelock shallow@1"}));
  EXPECT_TRUE(HasIssue(*result, "/1/2/3/4", "deeper than 3"));
}

TEST_F(WalkTest, NamesThatAreNotUtf8AreKeptAsBytes) {
  const std::string odd = "bad\xff\xfe-name";
  Write(odd + "/x.fakelock", "a@1\n");
  auto result = Scan();
  ASSERT_TRUE(result.has_value());
  ASSERT_EQ(result->inventory.packages.size(), 1U);
  EXPECT_EQ(result->inventory.packages[0].location, "/" + odd + "/x.fakelock");
}

TEST_F(WalkTest, UnreadableDirectoryIsAnIssue) {
  if (::geteuid() == 0) GTEST_SKIP() << "root reads every directory";
  Write("locked/x.fakelock", "a@1\n");
  Write("open/y.fakelock", "b@1\n");
  fs::permissions(root_ / "locked", fs::perms::none);
  auto result = Scan();
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(Locations(*result), (std::vector<std::string>{"/open/y.fakelock b@1"}));
  EXPECT_TRUE(HasIssue(*result, "/locked", "cannot open directory"));
}

TEST_F(WalkTest, RootFilesystemSkipsVolatileTopLevelDirectories) {
  Write("proc/1/x.fakelock", "a@1\n");
  Write("run/y.fakelock", "b@1\n");
  Write("opt/z.fakelock", "c@1\n");
  auto plain = Scan();
  ASSERT_TRUE(plain.has_value());
  EXPECT_EQ(plain->inventory.packages.size(), 3U);  // a source tree may have a "run" folder

  Write("etc/os-release", "ID=debian\nVERSION_ID=12\n");
  auto rootfs = Scan();
  ASSERT_TRUE(rootfs.has_value());
  EXPECT_EQ(Locations(*rootfs), (std::vector<std::string>{"/opt/z.fakelock c@1"}));
}

TEST_F(WalkTest, ScansOnePackageFile) {
  Write("one.fakelock", "a@1\n");
  auto result = ScanPath(root_ / "one.fakelock", {}, fakes_.all);
  ASSERT_TRUE(result.has_value()) << result.error().message;
  EXPECT_EQ(result->inventory.asset.kind, AssetKind::kFile);
  ASSERT_EQ(result->inventory.packages.size(), 1U);
  EXPECT_EQ(result->inventory.packages[0].location, (root_ / "one.fakelock").string());

  Write("sbom.json", "{\"fakeSbom\": 1}");
  auto sniffed = ScanPath(root_ / "sbom.json", {}, fakes_.all);
  ASSERT_TRUE(sniffed.has_value());
  EXPECT_EQ(sniffed->inventory.packages.size(), 1U);
}

TEST_F(WalkTest, ErrorsAreForTheTargetAsAWhole) {
  auto missing = ScanPath(root_ / "nope", {}, fakes_.all);
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);

  Write("notes.txt", "hello");
  auto unknown = ScanPath(root_ / "notes.txt", {}, fakes_.all);
  ASSERT_FALSE(unknown.has_value());
  EXPECT_EQ(unknown.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(unknown.error().message.find("notes.txt"), std::string::npos);

  Write("bad/var/lib/dpkg/status", "nonsense\n");
  auto bad = ScanPath(root_ / "bad/var/lib/dpkg/status", {}, fakes_.all);
  ASSERT_FALSE(bad.has_value());
  EXPECT_NE(bad.error().message.find(":1: bad line"), std::string::npos);
}

TEST_F(WalkTest, RegisteredDpkgExtractorReadsTheTreeRelease) {
  if (FindExtractor("dpkg-status") == nullptr) GTEST_SKIP() << "dpkg-status extractor not registered yet";
  // Ubuntu's release comes from os-release alone, so this shows whose os-release was read.
  Write("etc/os-release", "ID=ubuntu\nVERSION_ID=\"22.04\"\n");
  Write("var/lib/dpkg/status",
        "Package: zlib1g\nStatus: install ok installed\nVersion: 1:1.2.13.dfsg-1\nArchitecture: amd64\n"
        "Source: zlib\n\n");
  auto result = ScanPath(root_, WalkOptions{});
  ASSERT_TRUE(result.has_value()) << result.error().message;
  ASSERT_EQ(result->inventory.packages.size(), 1U);
  EXPECT_EQ(result->inventory.packages[0].location, "/var/lib/dpkg/status");
  EXPECT_EQ(result->inventory.packages[0].ecosystem, "Ubuntu:22.04:LTS");
}

}  // namespace
}  // namespace vigil::inventory
