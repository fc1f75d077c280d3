// Unit tests of the OS package database extractors (dpkg, apk, rpm sqlite and Berkeley DB) and of
// os-release parsing: what the lockfile fixtures do not cover — ecosystems from os-release and
// release files, binary and source fields, the rpm databases of tests/data/rpm, and hostile input.
#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <iterator>
#include <map>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "inventory/os/os_release.h"
#include "inventory/os/rpm_header.h"
#include "inventory/registry.h"

namespace vigil::inventory {
namespace {

namespace fs = std::filesystem;

class MemoryFileSystem final : public FileSystem {
 public:
  MemoryFileSystem() = default;
  explicit MemoryFileSystem(std::map<std::string, std::string> files) : files_(std::move(files)) {}
  Result<std::string> Read(const fs::path& path) const override {
    const auto it = files_.find(path.string());
    if (it == files_.end()) return Fail(ErrorCode::kNotFound, path.string() + ": not found");
    return it->second;
  }

 private:
  std::map<std::string, std::string> files_;
};

MemoryFileSystem Tree(std::map<std::string, std::string> files) {
  return MemoryFileSystem(std::move(files));
}

const Extractor& Get(std::string_view name) {
  const Extractor* extractor = FindExtractor(name);
  if (extractor == nullptr) throw std::runtime_error("no extractor " + std::string(name));
  return *extractor;
}

std::string ReadData(const std::string& relative) {
  std::ifstream in(fs::path(VIGIL_SOURCE_DIR) / "tests/data" / relative, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

const Package* Find(const std::vector<Package>& packages, std::string_view name) {
  for (const auto& p : packages) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

std::string OsReleaseFile(std::string_view id, std::string_view version_id, std::string_view pretty = "") {
  return "NAME=\"x\"\nID=" + std::string(id) + "\nVERSION_ID=\"" + std::string(version_id) + "\"\nPRETTY_NAME=\"" +
         std::string(pretty) + "\"\n";
}

// ---------------------------------------------------------------------------------------------
// os-release

TEST(OsRelease, ReadsQuotedAndUnquotedValues) {
  const auto release = ParseOsRelease(
      "# comment\nNAME=\"AlmaLinux\"\nID=almalinux\nVERSION_ID='9.4'\nPRETTY_NAME=\"AlmaLinux 9.4 \\\"Seafoam\\\"\"\n"
      "\n  ID_LIKE=\"rhel centos fedora\"\nnot an assignment\n");
  ASSERT_TRUE(release);
  EXPECT_EQ(release->id, "almalinux");
  EXPECT_EQ(release->version_id, "9.4");
  EXPECT_EQ(release->pretty_name, "AlmaLinux 9.4 \"Seafoam\"");
}

TEST(OsRelease, DefaultsIdToLinuxAndRejectsContentWithoutAssignments) {
  const auto release = ParseOsRelease("VERSION_ID=1\r\n");
  ASSERT_TRUE(release);
  EXPECT_EQ(release->id, "linux");
  EXPECT_EQ(release->version_id, "1");
  EXPECT_FALSE(ParseOsRelease(""));
  EXPECT_FALSE(ParseOsRelease("just text\n=value\nBAD KEY=1\n"));
}

TEST(OsRelease, ToleratesUnterminatedQuotesAndInvalidUtf8) {
  const auto release = ParseOsRelease("ID=\"debian\nVERSION_ID=\xff\xfe\"12\nPRETTY_NAME=x\\");
  ASSERT_TRUE(release);
  EXPECT_EQ(release->id, "debian");
  EXPECT_EQ(release->version_id,
            "\xff\xfe"
            "12");
}

TEST(OsRelease, ReadsUsrLibWhenEtcIsMissing) {
  const MemoryFileSystem tree = Tree({{"/usr/lib/os-release", "ID=fedora\nVERSION_ID=40\n"}});
  const auto release = ReadOsRelease(tree);
  ASSERT_TRUE(release);
  EXPECT_EQ(release->id, "fedora");
  EXPECT_FALSE(ReadOsRelease(MemoryFileSystem()));
}

// ---------------------------------------------------------------------------------------------
// dpkg-status

constexpr std::string_view kDpkgStatus =
    "Package: libc6\n"
    "Status: install ok installed\n"
    "Architecture: amd64\n"
    "Source: glibc\n"
    "Version: 2.36-9+deb12u4\n"
    "Description: GNU C Library\n"
    " continuation: Version: 9\n"
    "\n"
    "Package: bsdutils\n"
    "Status: install ok installed\n"
    "Architecture: amd64\n"
    "Source: util-linux (2.38.1-5)\n"
    "Version: 1:2.38.1-5+b1\n"
    "\n"
    "Package: bash\n"
    "Status: hold ok installed\n"
    "Architecture: amd64\n"
    "Version: 5.2.15-2+b2\n"
    "\n"
    "Package: removed\n"
    "Status: deinstall ok config-files\n"
    "Version: 1.0\n"
    "\n"
    "Package: base-files\n"
    "Status: install ok installed\n"
    "Version: 12.4+deb12u5\n";

TEST(DpkgStatus, KeepsSourceAndBinaryPackages) {
  const auto packages = Get("dpkg-status").Extract("/var/lib/dpkg/status", kDpkgStatus, MemoryFileSystem());
  ASSERT_TRUE(packages) << packages.error().message;
  ASSERT_EQ(packages->size(), 4u);

  const Package* glibc = Find(*packages, "glibc");
  ASSERT_NE(glibc, nullptr);
  EXPECT_EQ(glibc->version, "2.36-9+deb12u4");
  EXPECT_EQ(glibc->ecosystem, "Debian:12");
  EXPECT_EQ(glibc->source_name, "glibc");
  EXPECT_EQ(glibc->source_version, "2.36-9+deb12u4");
  EXPECT_EQ(glibc->binary_name, "libc6");
  EXPECT_EQ(glibc->binary_version, "2.36-9+deb12u4");
  EXPECT_EQ(glibc->arch, "amd64");
  EXPECT_EQ(glibc->location, "/var/lib/dpkg/status");

  const Package* util_linux = Find(*packages, "util-linux");
  ASSERT_NE(util_linux, nullptr);
  EXPECT_EQ(util_linux->version, "2.38.1-5");
  EXPECT_EQ(util_linux->binary_name, "bsdutils");
  EXPECT_EQ(util_linux->binary_version, "1:2.38.1-5+b1");

  const Package* bash = Find(*packages, "bash");
  ASSERT_NE(bash, nullptr);
  EXPECT_EQ(bash->version, "5.2.15-2+b2");
  EXPECT_EQ(bash->binary_name, "");
  EXPECT_EQ(bash->source_name, "bash");

  EXPECT_EQ(Find(*packages, "removed"), nullptr);
}

TEST(DpkgStatus, BaseFilesDecidesDebianReleaseOverOsRelease) {
  const MemoryFileSystem debian11 = Tree({{"/etc/os-release", OsReleaseFile("debian", "11")}});
  const auto packages = Get("dpkg-status").Extract("status", kDpkgStatus, debian11);
  ASSERT_TRUE(packages);
  for (const auto& p : *packages) EXPECT_EQ(p.ecosystem, "Debian:12") << p.name;
}

TEST(DpkgStatus, UbuntuReleaseComesFromOsRelease) {
  const std::string status = "Package: base-files\nStatus: install ok installed\nVersion: 12ubuntu4.6\n";
  const MemoryFileSystem jammy = Tree({{"/etc/os-release", OsReleaseFile("ubuntu", "22.04", "Ubuntu 22.04.4 LTS")}});
  auto packages = Get("dpkg-status").Extract("status", status, jammy);
  ASSERT_TRUE(packages);
  ASSERT_EQ(packages->size(), 1u);
  EXPECT_EQ((*packages)[0].ecosystem, "Ubuntu:22.04:LTS");

  const MemoryFileSystem mantic = Tree({{"/etc/os-release", OsReleaseFile("ubuntu", "23.10", "Ubuntu 23.10")}});
  packages = Get("dpkg-status").Extract("status", status, mantic);
  ASSERT_TRUE(packages);
  EXPECT_EQ((*packages)[0].ecosystem, "Ubuntu:23.10");

  // Without os-release an Ubuntu base-files says Ubuntu but not which release.
  packages = Get("dpkg-status").Extract("status", status, MemoryFileSystem());
  ASSERT_TRUE(packages);
  EXPECT_EQ((*packages)[0].ecosystem, "Ubuntu");
}

TEST(DpkgStatus, DistrolessStatusDirectoryEntriesAreInstalled) {
  // status.d files have no Status field, and base-files lives in a file of its own.
  const std::string entry = "Package: libssl3\nVersion: 3.0.15-1~deb12u1\nArchitecture: amd64\nSource: openssl\n";
  const MemoryFileSystem tree = Tree({{"/etc/os-release", OsReleaseFile("debian", "12")}});
  const auto packages = Get("dpkg-status").Extract("/var/lib/dpkg/status.d/libssl3", entry, tree);
  ASSERT_TRUE(packages);
  ASSERT_EQ(packages->size(), 1u);
  EXPECT_EQ((*packages)[0].name, "openssl");
  EXPECT_EQ((*packages)[0].binary_name, "libssl3");
  EXPECT_EQ((*packages)[0].ecosystem, "Debian:12");
}

TEST(DpkgStatus, ClaimsStatusFileAndStatusDirectoryEntries) {
  const Extractor& dpkg = Get("dpkg-status");
  EXPECT_TRUE(dpkg.ClaimsPath("/var/lib/dpkg/status"));
  EXPECT_TRUE(dpkg.ClaimsPath("var/lib/dpkg/status"));
  EXPECT_TRUE(dpkg.ClaimsPath("/var/lib/dpkg/status.d/base-files"));
  EXPECT_FALSE(dpkg.ClaimsPath("/var/lib/dpkg/status.d/libc6.md5sums"));
  EXPECT_FALSE(dpkg.ClaimsPath("/var/lib/dpkg/status-old"));
  EXPECT_FALSE(dpkg.ClaimsPath("/home/me/status"));
  EXPECT_EQ(ExtractorFor("/var/lib/dpkg/status", ""), &dpkg);
}

TEST(DpkgStatus, HostileInputGivesAValue) {
  const Extractor& dpkg = Get("dpkg-status");
  const MemoryFileSystem none;
  EXPECT_TRUE(dpkg.Extract("status", "", none));
  EXPECT_TRUE(dpkg.Extract("status", std::string("\0\0\n:\n\xff\xfe Package: x\n", 20), none));
  const std::string huge = "Package: " + std::string(1 << 20, 'a') + "\nSource: (" + std::string(1000, ')') + "\n";
  const auto packages = dpkg.Extract("status", huge, none);
  ASSERT_TRUE(packages);
  EXPECT_EQ(packages->size(), 1u);
  const auto invalid = dpkg.Extract("status", "Package: \xc3\x28\nStatus: install ok installed\n", none);
  ASSERT_TRUE(invalid);
  ASSERT_EQ(invalid->size(), 1u);
  EXPECT_EQ((*invalid)[0].name, "\xc3\x28");
}

// ---------------------------------------------------------------------------------------------
// apk-installed

constexpr std::string_view kApkInstalled =
    "C:Q1abc=\nP:libcrypto3\nV:3.3.2-r0\nA:x86_64\no:openssl\nc:0123456789abcdef\n\n"
    "P:musl\nV:1.2.5-r0\nA:aarch64\n";

TEST(ApkInstalled, ReadsOriginArchAndCommit) {
  const MemoryFileSystem tree = Tree({{"/etc/alpine-release", "3.19.1\n"}});
  const auto packages = Get("apk-installed").Extract("/lib/apk/db/installed", kApkInstalled, tree);
  ASSERT_TRUE(packages);
  ASSERT_EQ(packages->size(), 2u);
  const Package& crypto = (*packages)[0];
  EXPECT_EQ(crypto.name, "libcrypto3");
  EXPECT_EQ(crypto.version, "3.3.2-r0");
  EXPECT_EQ(crypto.ecosystem, "Alpine:v3.19");
  EXPECT_EQ(crypto.source_name, "openssl");
  EXPECT_EQ(crypto.source_version, "3.3.2-r0");
  EXPECT_EQ(crypto.arch, "x86_64");
  EXPECT_EQ(crypto.commit, "0123456789abcdef");
  EXPECT_EQ((*packages)[1].arch, "aarch64");
  EXPECT_EQ((*packages)[1].source_name, "");
}

TEST(ApkInstalled, EcosystemFromReleaseFilesWithFallback) {
  const Extractor& apk = Get("apk-installed");
  const auto ecosystem = [&](const MemoryFileSystem& tree) {
    const auto packages = apk.Extract("installed", kApkInstalled, tree);
    return packages && !packages->empty() ? (*packages)[0].ecosystem : std::string("<error>");
  };
  EXPECT_EQ(ecosystem(MemoryFileSystem()), "Alpine:v3.20");
  EXPECT_EQ(ecosystem(Tree({{"/etc/alpine-release", "garbage"}})), "Alpine:v3.20");
  EXPECT_EQ(ecosystem(Tree({{"/etc/alpine-release", "3.21_alpha20240807\n"}})), "Alpine:v3.21");
  EXPECT_EQ(ecosystem(Tree({{"/etc/os-release", OsReleaseFile("alpine", "3.18.4")}})), "Alpine:v3.18");
  EXPECT_EQ(ecosystem(Tree({{"/etc/os-release", OsReleaseFile("wolfi", "20230201")}})), "Wolfi");
}

TEST(ApkInstalled, ClaimsInstalledDatabaseOnly) {
  const Extractor& apk = Get("apk-installed");
  EXPECT_TRUE(apk.ClaimsPath("/lib/apk/db/installed"));
  EXPECT_FALSE(apk.ClaimsPath("/lib/apk/db/triggers"));
  EXPECT_FALSE(apk.ClaimsPath("/tmp/installed"));
  EXPECT_EQ(ExtractorFor("/lib/apk/db/installed", ""), &apk);
}

TEST(ApkInstalled, HostileInputGivesAValue) {
  const Extractor& apk = Get("apk-installed");
  const MemoryFileSystem none;
  EXPECT_TRUE(apk.Extract("installed", "", none));
  EXPECT_TRUE(apk.Extract("installed", std::string("P\0:\n:\nP:\n\r\n\xff:", 14), none));
  const auto packages = apk.Extract("installed", "P:" + std::string(1 << 20, '\xff') + "\r\nV:1\r\n", none);
  ASSERT_TRUE(packages);
  ASSERT_EQ(packages->size(), 1u);
  EXPECT_EQ((*packages)[0].version, "1");
}

// ---------------------------------------------------------------------------------------------
// rpm headers

// Builds a header blob (big-endian index, then data) from (tag, type, bytes) entries.
struct HeaderEntry {
  std::uint32_t tag;
  std::uint32_t type;
  std::string data;
  std::uint32_t count = 1;
};

void PutBigEndian(std::string& out, std::uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>((v >> shift) & 0xff);
}

std::string BuildHeader(const std::vector<HeaderEntry>& entries) {
  std::string index;
  std::string data;
  for (const auto& e : entries) {
    if (e.type == 4) data.resize((data.size() + 3) / 4 * 4, '\0');
    PutBigEndian(index, e.tag);
    PutBigEndian(index, e.type);
    PutBigEndian(index, static_cast<std::uint32_t>(data.size()));
    PutBigEndian(index, e.count);
    data += e.data;
  }
  std::string out;
  PutBigEndian(out, static_cast<std::uint32_t>(entries.size()));
  PutBigEndian(out, static_cast<std::uint32_t>(data.size()));
  return out + index + data;
}

std::span<const std::uint8_t> Bytes(const std::string& s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

std::string Str(std::string_view s) {
  return std::string(s) + '\0';
}

TEST(RpmHeader, ReadsTagsAndEpoch) {
  const std::string blob = BuildHeader({{1000, 6, Str("openssl-libs")},
                                        {1001, 6, Str("3.0.7")},
                                        {1002, 6, Str("27.el9")},
                                        {1003, 4, std::string("\0\0\0\1", 4)},
                                        {1022, 6, Str("x86_64")},
                                        {1044, 6, Str("openssl-3.0.7-27.el9.src.rpm")}});
  const auto header = ParseRpmHeader(Bytes(blob));
  ASSERT_TRUE(header) << header.error().message;
  EXPECT_EQ(header->name, "openssl-libs");
  ASSERT_TRUE(header->epoch);
  EXPECT_EQ(*header->epoch, 1u);

  const Package p = RpmPackage(*header, {"AlmaLinux:9", ""}, "/var/lib/rpm/rpmdb.sqlite");
  EXPECT_EQ(p.name, "openssl-libs");
  EXPECT_EQ(p.version, "1:3.0.7-27.el9");
  EXPECT_EQ(p.source_name, "openssl");
  EXPECT_EQ(p.source_version, "1:3.0.7-27.el9");
  EXPECT_EQ(p.arch, "x86_64");
  EXPECT_EQ(p.ecosystem, "AlmaLinux:9");
}

TEST(RpmHeader, EpochZeroIsNotWritten) {
  const std::string blob = BuildHeader(
      {{1000, 6, Str("bash")}, {1001, 6, Str("5.1.8")}, {1002, 6, Str("9.el9")}, {1003, 4, std::string(4, '\0')}});
  const auto header = ParseRpmHeader(Bytes(blob));
  ASSERT_TRUE(header);
  EXPECT_EQ(RpmPackage(*header, {"Rocky Linux:9", ""}, "x").version, "5.1.8-9.el9");
}

TEST(RpmHeader, RejectsBadBlobsWithTheReason) {
  const auto error_of = [](const std::string& blob) {
    const auto header = ParseRpmHeader(Bytes(blob));
    return header ? std::string("<parsed>") : header.error().message;
  };
  EXPECT_NE(error_of("").find("too short"), std::string::npos);
  EXPECT_NE(error_of(std::string("\xff\xff\xff\xff\0\0\0\0", 8)).find("index count"), std::string::npos);
  std::string truncated = BuildHeader({{1000, 6, Str("bash")}});
  truncated.pop_back();
  EXPECT_NE(error_of(truncated).find("exceed"), std::string::npos);
  // An offset past the data store, an unterminated string, a string tag of the wrong type.
  std::string past = BuildHeader({{1000, 6, Str("bash")}});
  past[8 + 8 + 3] = 100;
  EXPECT_NE(error_of(past).find("past the data store"), std::string::npos);
  EXPECT_NE(error_of(BuildHeader({{1000, 6, "bash"}})).find("unterminated"), std::string::npos);
  EXPECT_NE(error_of(BuildHeader({{1000, 4, std::string(4, '\0')}})).find("not a string"), std::string::npos);
  EXPECT_NE(error_of(BuildHeader({{1003, 4, std::string(2, '\0')}})).find("EPOCH"), std::string::npos);
  EXPECT_NE(error_of(BuildHeader({{1001, 6, Str("1")}})).find("no NAME"), std::string::npos);
}

TEST(RpmHeader, RepeatedTagsAreReadOnce) {
  // 60000 NAME entries pointing at one long string: only the first is read, so this is quick.
  std::vector<HeaderEntry> entries = {{1000, 6, std::string(1 << 20, 'a') + '\0'}};
  for (int i = 0; i < 60000; ++i) entries.push_back({1000, 6, ""});
  std::string blob = BuildHeader(entries);
  const auto header = ParseRpmHeader(Bytes(blob));
  ASSERT_TRUE(header) << header.error().message;
  EXPECT_EQ(header->name.size(), 1u << 20);
}

TEST(RpmHeader, EcosystemFromOsRelease) {
  const auto of = [](std::string_view id, std::string_view version, std::string_view pretty = "") {
    return RpmEcosystemOf(Tree({{"/etc/os-release", OsReleaseFile(id, version, pretty)}}));
  };
  EXPECT_EQ(of("almalinux", "9.4").ecosystem, "AlmaLinux:9");
  EXPECT_EQ(of("rocky", "8.10").ecosystem, "Rocky Linux:8");
  EXPECT_EQ(of("rhel", "9.4").ecosystem, "Red Hat");
  EXPECT_EQ(of("fedora", "40").ecosystem, "Fedora:40");
  EXPECT_EQ(of("opensuse-leap", "15.5", "openSUSE Leap 15.5").ecosystem, "openSUSE:openSUSE Leap 15.5");
  for (const auto& id : {"almalinux", "rocky", "rhel", "fedora"}) EXPECT_EQ(of(id, "9").compare_as, "") << id;
  const RpmEcosystem centos = of("centos", "7");
  EXPECT_EQ(centos.ecosystem, "centos");
  EXPECT_EQ(centos.compare_as, "Red Hat");
  const RpmEcosystem unknown = RpmEcosystemOf(MemoryFileSystem());
  EXPECT_EQ(unknown.ecosystem, "");
  EXPECT_EQ(unknown.compare_as, "Red Hat");
}

// ---------------------------------------------------------------------------------------------
// rpm databases (tests/data/rpm, see its README)

void ExpectFixturePackages(const Result<std::vector<Package>>& packages, std::string_view location) {
  ASSERT_TRUE(packages) << packages.error().message;
  ASSERT_EQ(packages->size(), 3u);  // the gpg-pubkey header is not a package
  EXPECT_EQ(Find(*packages, "gpg-pubkey"), nullptr);

  const Package* hello = Find(*packages, "vigil-hello");
  ASSERT_NE(hello, nullptr);
  EXPECT_EQ(hello->version, "1.0-1.el9");
  EXPECT_EQ(hello->arch, "noarch");
  EXPECT_EQ(hello->source_name, "vigil-hello");
  EXPECT_EQ(hello->source_version, "1.0-1.el9");
  EXPECT_EQ(hello->ecosystem, "AlmaLinux:9");
  EXPECT_EQ(hello->compare_as, "");
  EXPECT_EQ(hello->location, location);

  const Package* libs = Find(*packages, "vigil-tools-libs");
  ASSERT_NE(libs, nullptr);
  EXPECT_EQ(libs->version, "2:3.4.5-7.el9_2");
  EXPECT_EQ(libs->arch, "x86_64");
  EXPECT_EQ(libs->source_name, "vigil-tools");
  EXPECT_EQ(libs->source_version, "2:3.4.5-7.el9_2");

  const Package* tools = Find(*packages, "vigil-tools");
  ASSERT_NE(tools, nullptr);
  EXPECT_EQ(tools->version, "2:3.4.5-7.el9_2");
}

const MemoryFileSystem& Alma9() {
  static const MemoryFileSystem tree = Tree({{"/etc/os-release", OsReleaseFile("almalinux", "9.4")}});
  return tree;
}

TEST(RpmSqlite, ReadsRpmdbSqlite) {
  const std::string db = ReadData("rpm/rpmdb.sqlite");
  ASSERT_FALSE(db.empty());
  ExpectFixturePackages(Get("rpm-sqlite").Extract("/var/lib/rpm/rpmdb.sqlite", db, Alma9()),
                        "/var/lib/rpm/rpmdb.sqlite");
}

TEST(RpmSqlite, ClaimsRpmdbSqliteInRpmFolders) {
  const Extractor& rpm = Get("rpm-sqlite");
  EXPECT_TRUE(rpm.ClaimsPath("/var/lib/rpm/rpmdb.sqlite"));
  EXPECT_TRUE(rpm.ClaimsPath("/usr/lib/sysimage/rpm/rpmdb.sqlite"));
  EXPECT_FALSE(rpm.ClaimsPath("/tmp/rpmdb.sqlite"));
  EXPECT_EQ(ExtractorFor("/usr/lib/sysimage/rpm/rpmdb.sqlite", ""), &rpm);
}

TEST(RpmSqlite, RejectsWhatIsNotAnRpmDatabase) {
  const Extractor& rpm = Get("rpm-sqlite");
  auto result = rpm.Extract("/var/lib/rpm/rpmdb.sqlite", "not sqlite", Alma9());
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(result.error().message.find("/var/lib/rpm/rpmdb.sqlite"), std::string::npos);

  // An SQLite database whose Packages is an endless recursive view, not rpm's table.
  const std::string view = ReadData("rpm/view.sqlite");
  ASSERT_FALSE(view.empty());
  result = rpm.Extract("rpmdb.sqlite", view, Alma9());
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().message.find("no Packages table"), std::string::npos) << result.error().message;

  const std::string db = ReadData("rpm/rpmdb.sqlite");
  result = rpm.Extract("rpmdb.sqlite", db.substr(0, 2048), Alma9());
  EXPECT_FALSE(result);
}

TEST(RpmSqlite, DamagedDatabasesNeverCrash) {
  const std::string db = ReadData("rpm/rpmdb.sqlite");
  ASSERT_FALSE(db.empty());
  const Extractor& rpm = Get("rpm-sqlite");
  std::mt19937 random(7);
  for (int round = 0; round < 200; ++round) {
    std::string damaged = db;
    for (int flips = 0; flips < 8; ++flips) {
      damaged[random() % damaged.size()] = static_cast<char>(random() & 0xff);
    }
    const auto result = rpm.Extract("rpmdb.sqlite", damaged, Alma9());
    if (!result) {
      EXPECT_FALSE(result.error().message.empty());
    }
  }
}

TEST(RpmBdb, ReadsBerkeleyDbPackages) {
  const std::string db = ReadData("rpm/Packages");
  ASSERT_FALSE(db.empty());
  ExpectFixturePackages(Get("rpm-bdb").Extract("/var/lib/rpm/Packages", db, Alma9()), "/var/lib/rpm/Packages");
}

TEST(RpmBdb, ClaimsPackagesInRpmFolders) {
  const Extractor& rpm = Get("rpm-bdb");
  EXPECT_TRUE(rpm.ClaimsPath("/var/lib/rpm/Packages"));
  EXPECT_FALSE(rpm.ClaimsPath("/var/lib/apt/lists/Packages"));
  EXPECT_EQ(ExtractorFor("/var/lib/rpm/Packages", ""), &rpm);
}

TEST(RpmBdb, RejectsWhatIsNotAHashDatabase) {
  const Extractor& rpm = Get("rpm-bdb");
  auto result = rpm.Extract("/var/lib/rpm/Packages", "short", Alma9());
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().message.find("/var/lib/rpm/Packages"), std::string::npos);
  result = rpm.Extract("/var/lib/rpm/Packages", std::string(4096, 'x'), Alma9());
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().message.find("magic"), std::string::npos);
}

TEST(RpmBdb, BrokenOverflowChainIsAnErrorNamingThePage) {
  std::string db = ReadData("rpm/Packages");
  ASSERT_GT(db.size(), 4096u);
  // Turn every overflow page (type 7 at byte 25 of a 1 KiB page) into an unknown type.
  for (std::size_t page = 1024; page + 1024 <= db.size(); page += 1024) {
    if (db[page + 25] == 7) db[page + 25] = 42;
  }
  const auto result = Get("rpm-bdb").Extract("Packages", db, Alma9());
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().message.find("not an overflow page"), std::string::npos) << result.error().message;
  EXPECT_NE(result.error().message.find("Packages: page "), std::string::npos) << result.error().message;
}

TEST(RpmBdb, DamagedDatabasesNeverCrash) {
  const std::string db = ReadData("rpm/Packages");
  ASSERT_FALSE(db.empty());
  const Extractor& rpm = Get("rpm-bdb");
  std::mt19937 random(11);
  for (int round = 0; round < 2000; ++round) {
    std::string damaged = db;
    for (int flips = 0; flips < 4; ++flips) {
      damaged[random() % damaged.size()] = static_cast<char>(random() & 0xff);
    }
    if (round % 10 == 0) damaged.resize(random() % damaged.size());
    const auto result = rpm.Extract("Packages", damaged, Alma9());
    if (!result) {
      EXPECT_FALSE(result.error().message.empty());
    }
  }
}

}  // namespace
}  // namespace vigil::inventory
