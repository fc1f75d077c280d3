// Unit tests of the go.mod, Cargo.lock, Gemfile.lock, composer.lock, mix.lock, pubspec.lock,
// conan.lock, packages.lock.json and renv.lock extractors: what the osv-scanner fixtures do not
// cover (error positions, format variants, hostile input).
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "inventory/registry.h"

namespace vigil::inventory {
namespace {

class NoFiles final : public FileSystem {
 public:
  [[nodiscard]] Result<std::string> Read(const std::filesystem::path& path) const override {
    return Fail(ErrorCode::kNotFound, path.string() + ": not found");
  }
};

Result<std::vector<Package>> ExtractWith(std::string_view extractor, std::string_view path, std::string_view content) {
  const Extractor* e = FindExtractor(extractor);
  EXPECT_NE(e, nullptr) << extractor;
  if (e == nullptr) return Fail(ErrorCode::kInternal, "no extractor");
  return e->Extract(path, content, NoFiles());
}

const Package* Find(const std::vector<Package>& packages, std::string_view name) {
  for (const auto& p : packages) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

std::string ErrorOf(const Result<std::vector<Package>>& result) {
  EXPECT_FALSE(result.has_value());
  if (result) return "";
  EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument) << result.error().message;
  return result.error().message;
}

TEST(GoMod, ToolchainDirectiveGivesTheStdlibVersion) {
  const auto result =
      ExtractWith("go.mod", "/src/go.mod",
                  "module example.com/m\n\ngo 1.21\n\ntoolchain go1.21.4\n\nrequire golang.org/x/net v0.17.0\n");
  ASSERT_TRUE(result) << result.error().message;
  const Package* stdlib = Find(*result, "stdlib");
  ASSERT_NE(stdlib, nullptr);
  EXPECT_EQ(stdlib->version, "1.21.4");
  EXPECT_EQ(stdlib->ecosystem, "Go");
  const Package* net = Find(*result, "golang.org/x/net");
  ASSERT_NE(net, nullptr);
  EXPECT_EQ(net->version, "0.17.0");
  EXPECT_EQ(net->location, "/src/go.mod");
}

TEST(GoMod, IndirectRequirementsAreNotDirect) {
  const auto result = ExtractWith(
      "go.mod", "go.mod", "module m\nrequire (\n\ta.com/x v1.0.0\n\tb.com/y v2.0.0+incompatible // indirect\n)\n");
  ASSERT_TRUE(result) << result.error().message;
  ASSERT_EQ(result->size(), 2U);
  EXPECT_EQ(Find(*result, "a.com/x")->direct, true);
  EXPECT_EQ(Find(*result, "b.com/y")->direct, false);
  EXPECT_EQ(Find(*result, "b.com/y")->version, "2.0.0+incompatible");
}

TEST(GoMod, AcceptsQuotedPathsCommentsRetractAndOtherDirectives) {
  const auto result = ExtractWith("go.mod", "go.mod",
                                  "// a comment\nmodule \"example.com/m\"\ngo 1.22\ngodebug default=go1.21\n"
                                  "exclude a.com/x v1.0.1\nretract [v1.0.0, v1.0.5] // broken\nretract (\n\tv0.9.0\n)\n"
                                  "tool example.com/tool\nrequire \"a.com/x\" v1.0.2\n");
  ASSERT_TRUE(result) << result.error().message;
  ASSERT_NE(Find(*result, "a.com/x"), nullptr);
  EXPECT_EQ(Find(*result, "stdlib")->version, "1.22");
}

TEST(GoMod, ErrorsNameFileAndLine) {
  EXPECT_EQ(ErrorOf(ExtractWith("go.mod", "/x/go.mod", "module m\n\nfrobnicate a b\n")),
            "/x/go.mod:3: unknown directive: frobnicate");
  EXPECT_NE(ErrorOf(ExtractWith("go.mod", "/x/go.mod", "module m\nrequire (\n  a.com/x v1.0.0\n")).find("/x/go.mod:2:"),
            std::string::npos);
  EXPECT_NE(
      ErrorOf(ExtractWith("go.mod", "/x/go.mod", "module m\nrequire a.com/x\n")).find("/x/go.mod:2: usage: require"),
      std::string::npos);
  EXPECT_NE(ErrorOf(ExtractWith("go.mod", "/x/go.mod", "module m\nrequire a.com/x 1.0\n"))
                .find("/x/go.mod:2: invalid version"),
            std::string::npos);
  EXPECT_NE(ErrorOf(ExtractWith("go.mod", "/x/go.mod", "module \"m\n")).find("/x/go.mod:1: unterminated"),
            std::string::npos);
}

TEST(CargoLock, GitSourceGivesCommit) {
  const auto result = ExtractWith("Cargo.lock", "Cargo.lock",
                                  "version = 3\n\n[[package]]\nname = \"foo\"\nversion = \"0.1.0\"\n"
                                  "source = \"git+https://github.com/o/foo?branch=main#0123456789abcdef\"\n");
  ASSERT_TRUE(result) << result.error().message;
  ASSERT_EQ(result->size(), 1U);
  EXPECT_EQ((*result)[0].commit, "0123456789abcdef");
  EXPECT_EQ((*result)[0].ecosystem, "crates.io");
}

TEST(CargoLock, ErrorsNameFileAndLine) {
  EXPECT_NE(ErrorOf(ExtractWith("Cargo.lock", "/c/Cargo.lock", "version = 3\n\n[[package]]\nname = \n"))
                .find("/c/Cargo.lock:4:"),
            std::string::npos);
  EXPECT_NE(ErrorOf(ExtractWith("Cargo.lock", "/c/Cargo.lock", "version = 3\n\n[[package]]\nversion = \"1.0.0\"\n"))
                .find("/c/Cargo.lock:3: package[0]: \"name\" is missing"),
            std::string::npos);
  EXPECT_NE(ErrorOf(ExtractWith("Cargo.lock", "/c/Cargo.lock", "package = 3\n")).find("/c/Cargo.lock:1:"),
            std::string::npos);
}

TEST(GemfileLock, StripsPlatformsAndMarksDirectDependencies) {
  const auto result =
      ExtractWith("Gemfile.lock", "Gemfile.lock",
                  "GEM\r\n  remote: https://rubygems.org/\r\n  specs:\r\n    nokogiri (1.16.0-x86_64-linux)\r\n"
                  "      racc (~> 1.4)\r\n    racc (1.7.3)\r\n\r\nPLATFORMS\r\n  x86_64-linux\r\n\r\n"
                  "DEPENDENCIES\r\n  nokogiri (>= 1.0)\r\n");
  ASSERT_TRUE(result) << result.error().message;
  ASSERT_EQ(result->size(), 2U);
  EXPECT_EQ(Find(*result, "nokogiri")->version, "1.16.0");
  EXPECT_EQ(Find(*result, "nokogiri")->direct, true);
  EXPECT_EQ(Find(*result, "racc")->direct, false);
  EXPECT_EQ(Find(*result, "racc")->ecosystem, "RubyGems");
}

TEST(GemfileLock, GitRevisionDoesNotLeakIntoTheNextSection) {
  const auto result = ExtractWith("Gemfile.lock", "Gemfile.lock",
                                  "GIT\n  remote: https://g/x.git\n  revision: abc123\n  specs:\n    x (1.0)\n\n"
                                  "GEM\n  remote: https://rubygems.org/\n  specs:\n    y (2.0)\n");
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(Find(*result, "x")->commit, "abc123");
  EXPECT_EQ(Find(*result, "y")->commit, "");
}

TEST(GemfileLock, MalformedSpecNamesLine) {
  EXPECT_EQ(ErrorOf(ExtractWith("Gemfile.lock", "/g/Gemfile.lock", "GEM\n  specs:\n    rack (2.2.3\n")),
            "/g/Gemfile.lock:3: expected \"name (version)\", got \"rack (2.2.3\"");
}

TEST(ComposerLock, ErrorsNameTheJsonPath) {
  EXPECT_EQ(
      ErrorOf(ExtractWith("composer.lock", "/p/composer.lock", R"({"packages": [{"name": "a/b", "version": 3}]})")),
      "/p/composer.lock: $.packages[0].version: expected a string");
  EXPECT_EQ(ErrorOf(ExtractWith("composer.lock", "/p/composer.lock", R"({"packages-dev": {}})")),
            "/p/composer.lock: $[\"packages-dev\"]: expected an array");
  EXPECT_NE(ErrorOf(ExtractWith("composer.lock", "/p/composer.lock", "{\n  \"packages\": [\n    {,\n  ]\n}\n"))
                .find("/p/composer.lock:3: invalid JSON"),
            std::string::npos);
}

TEST(ComposerLock, DevPackagesAreDevScope) {
  const auto result = ExtractWith("composer.lock", "composer.lock",
                                  R"({"packages": [{"name": "a/b", "version": "1.0.0", "source": null}],
                              "packages-dev": [{"name": "c/d", "version": "2.0.0"}]})");
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(Find(*result, "a/b")->scope, Scope::kProd);
  EXPECT_EQ(Find(*result, "c/d")->scope, Scope::kDev);
  EXPECT_EQ(Find(*result, "c/d")->dep_groups, std::vector<std::string>{"dev"});
}

TEST(MixLock, ReadsArrowKeysCommentsAndRenamedHexPackages) {
  const auto result =
      ExtractWith("mix.lock", "mix.lock",
                  "# generated\n%{\"my_json\" => {:hex, :jason, \"1.4.1\", \"abc\", [:mix], "
                  "[{:decimal, \"~> 2.0\", [hex: :decimal, repo: \"hexpm\", optional: true]}], \"hexpm\", "
                  "\"def\"},\n  \"local\": {:path, \"../local\"},\n}\n");
  ASSERT_TRUE(result) << result.error().message;
  ASSERT_EQ(result->size(), 1U);
  EXPECT_EQ((*result)[0].name, "jason");
  EXPECT_EQ((*result)[0].version, "1.4.1");
  EXPECT_EQ((*result)[0].commit, "abc");
}

TEST(MixLock, ErrorsNameFileAndLine) {
  EXPECT_NE(ErrorOf(ExtractWith("mix.lock", "/m/mix.lock",
                                "%{\n  \"a\": {:hex, :a, \"1.0\", \"x\"},\n  \"b\": {:hex, :b \"1.0\"}\n}\n"))
                .find("/m/mix.lock:3: expected ','"),
            std::string::npos);
  EXPECT_EQ(ErrorOf(ExtractWith("mix.lock", "/m/mix.lock", "%{\n  \"a\": {:hex, :a},\n}\n")),
            "/m/mix.lock:2: expected {:hex, :name, \"version\", \"checksum\", …} for \"a\"");
  EXPECT_NE(ErrorOf(ExtractWith("mix.lock", "/m/mix.lock", "[1, 2]")).find("expected a map"), std::string::npos);
  EXPECT_NE(ErrorOf(ExtractWith("mix.lock", "/m/mix.lock", "%{\n  \"a\": {:git, \"u\", \"c\", []},\n"))
                .find("/m/mix.lock:3: missing '}'"),
            std::string::npos);
}

TEST(PubspecLock, DirectnessAndScope) {
  const auto result =
      ExtractWith("pubspec.lock", "pubspec.lock",
                  "packages:\n  a:\n    dependency: \"direct main\"\n    source: hosted\n    version: \"1.0.0\"\n"
                  "  b:\n    dependency: transitive\n    source: hosted\n    version: \"2.0.0\"\n");
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(Find(*result, "a")->direct, true);
  EXPECT_EQ(Find(*result, "a")->scope, Scope::kProd);
  EXPECT_EQ(Find(*result, "b")->direct, false);
  EXPECT_EQ(Find(*result, "b")->ecosystem, "Pub");
}

TEST(PubspecLock, ErrorsNameFileAndLine) {
  EXPECT_NE(ErrorOf(ExtractWith("pubspec.lock", "/d/pubspec.lock", "packages:\n  a: [1, 2\n")).find("/d/pubspec.lock:"),
            std::string::npos);
  EXPECT_EQ(ErrorOf(ExtractWith("pubspec.lock", "/d/pubspec.lock", "packages:\n  a: 3\n")),
            "/d/pubspec.lock:2: package \"a\" is not a mapping");
  EXPECT_EQ(ErrorOf(ExtractWith("pubspec.lock", "/d/pubspec.lock", "just text")),
            "/d/pubspec.lock:1: expected a mapping with \"packages\"");
}

TEST(ConanLock, Conan2ListsGiveGroupsAndScopes) {
  const auto result = ExtractWith("conan.lock", "conan.lock",
                                  R"({"version": "0.5", "requires": ["openssl/3.2.0@user/stable#rev%1700000000.0"],
                              "build_requires": ["cmake/3.28.1"], "python_requires": ["pyreq/1.0#abc"]})");
  ASSERT_TRUE(result) << result.error().message;
  ASSERT_EQ(result->size(), 3U);
  EXPECT_EQ(Find(*result, "openssl")->version, "3.2.0");
  EXPECT_EQ(Find(*result, "openssl")->scope, Scope::kProd);
  EXPECT_EQ(Find(*result, "cmake")->dep_groups, std::vector<std::string>{"build-requires"});
  EXPECT_EQ(Find(*result, "pyreq")->dep_groups, std::vector<std::string>{"python-requires"});
  EXPECT_EQ(Find(*result, "pyreq")->scope, Scope::kDev);
}

TEST(ConanLock, ErrorsNameTheJsonPath) {
  EXPECT_EQ(ErrorOf(ExtractWith("conan.lock", "/c/conan.lock", R"({"requires": ["a/1", 7]})")),
            "/c/conan.lock: $.requires[1]: expected a string");
  EXPECT_EQ(ErrorOf(ExtractWith("conan.lock", "/c/conan.lock", R"({"graph_lock": {"nodes": {"1": 2}}})")),
            "/c/conan.lock: $.graph_lock.nodes[\"1\"]: expected an object");
}

TEST(NuGetLock, SkipsProjectReferencesAndMarksDirect) {
  const auto result = ExtractWith("packages.lock.json", "packages.lock.json",
                                  R"({"version": 1, "dependencies": {"net8.0": {
                               "A": {"type": "Direct", "resolved": "1.0.0"},
                               "B": {"type": "Transitive", "resolved": "2.0.0"},
                               "MyLib": {"type": "Project"}}}})");
  ASSERT_TRUE(result) << result.error().message;
  ASSERT_EQ(result->size(), 2U);
  EXPECT_EQ(Find(*result, "A")->direct, true);
  EXPECT_EQ(Find(*result, "B")->direct, false);
  EXPECT_EQ(Find(*result, "B")->ecosystem, "NuGet");
}

TEST(NuGetLock, ErrorsNameTheJsonPath) {
  EXPECT_EQ(
      ErrorOf(ExtractWith("packages.lock.json", "/n/packages.lock.json", R"({"version": 2, "dependencies": {}})")),
      "/n/packages.lock.json: $.version: unsupported lock file version (expected 1)");
  EXPECT_EQ(ErrorOf(ExtractWith("packages.lock.json", "/n/packages.lock.json",
                                R"({"version": 1, "dependencies": {"net8.0": {"A.B": {"type": "Direct"}}}})")),
            "/n/packages.lock.json: $.dependencies[\"net8.0\"][\"A.B\"].resolved: missing");
}

TEST(RenvLock, OnlyCranPackagesAndErrorPaths) {
  const auto result = ExtractWith("renv.lock", "renv.lock",
                                  R"({"Packages": {"a": {"Package": "a", "Version": "1.0", "Repository": "CRAN"},
                                           "b": {"Package": "b", "Version": "2.0", "Repository": "RSPM"},
                                           "c": {"Package": "c", "Version": "3.0", "Source": "GitHub"}}})");
  ASSERT_TRUE(result) << result.error().message;
  ASSERT_EQ(result->size(), 1U);
  EXPECT_EQ((*result)[0].name, "a");
  EXPECT_EQ((*result)[0].ecosystem, "CRAN");
  EXPECT_EQ(ErrorOf(ExtractWith("renv.lock", "/r/renv.lock", R"({"Packages": {"a": {"Repository": "CRAN"}}})")),
            "/r/renv.lock: $.Packages.a.Version: missing");
}

TEST(OtherLanguages, ClaimOnlyTheirFileName) {
  for (const std::string name : {"go.mod", "Cargo.lock", "Gemfile.lock", "composer.lock", "mix.lock", "pubspec.lock",
                                 "conan.lock", "packages.lock.json", "renv.lock"}) {
    const Extractor* e = FindExtractor(name);
    ASSERT_NE(e, nullptr) << name;
    EXPECT_TRUE(e->ClaimsPath("/a/b/" + name)) << name;
    EXPECT_TRUE(e->ClaimsPath(name)) << name;
    EXPECT_FALSE(e->ClaimsPath("/a/b/" + name + ".orig")) << name;
    EXPECT_FALSE(e->ClaimsPath("/a/b/" + name + "/file")) << name;
    EXPECT_FALSE(e->ClaimsPath("/a/b/x" + name)) << name;
    EXPECT_FALSE(e->ClaimsPath("")) << name;
  }
}

// A Go 1.18+ build-info blob: header, then the toolchain and module strings, uvarint-prefixed.
std::string BuildInfo(std::string_view go_version, std::string_view modules, char flags = 0x2) {
  std::string out = "\xff Go buildinf:";
  out += '\x08';
  out += flags;
  out.resize(32, '\0');
  const std::string sentinel(16, '\x5a');
  const std::string wrapped = sentinel + std::string(modules) + sentinel;
  for (const std::string_view s : {go_version, std::string_view(wrapped)}) {
    for (std::size_t n = s.size();; n >>= 7) {
      out += static_cast<char>((n & 0x7f) | (n > 0x7f ? 0x80 : 0));
      if (n <= 0x7f) break;
    }
    out += s;
  }
  return out;
}

void PutLe(std::string& s, std::size_t at, std::uint64_t value, std::size_t size) {
  for (std::size_t i = 0; i < size; ++i) s[at + i] = static_cast<char>((value >> (8 * i)) & 0xff);
}

// A little-endian ELF64 file whose section headers name a .go.buildinfo section holding `info`.
std::string Elf64(const std::string& info) {
  const std::string strtab = std::string("\0.shstrtab\0.go.buildinfo\0", 25);
  std::string elf(64, '\0');
  elf.replace(0, 6,
              "\x7f"
              "ELF\x02\x01");
  const std::size_t strtab_at = elf.size();
  elf += strtab;
  elf.resize((elf.size() + 15) / 16 * 16 + 16, '\0');  // not at the 16-byte slot a scan would find first
  elf += "padding!";
  const std::size_t info_at = elf.size();
  elf += info;
  elf.resize((elf.size() + 7) / 8 * 8, '\0');
  const std::size_t headers_at = elf.size();
  elf.resize(headers_at + 3 * 64, '\0');
  const auto header = [&](std::size_t index, std::uint32_t name, std::size_t offset, std::size_t size) {
    const std::size_t h = headers_at + index * 64;
    PutLe(elf, h, name, 4);
    PutLe(elf, h + 4, 1, 4);
    PutLe(elf, h + 0x18, offset, 8);
    PutLe(elf, h + 0x20, size, 8);
  };
  header(1, 1, strtab_at, strtab.size());
  header(2, 11, info_at, info.size());
  PutLe(elf, 0x28, headers_at, 8);
  PutLe(elf, 0x3a, 64, 2);
  PutLe(elf, 0x3c, 3, 2);
  PutLe(elf, 0x3e, 1, 2);
  return elf;
}

constexpr std::string_view kModules =
    "path\texample.com/cmd/tool\nmod\texample.com/cmd\tv1.2.3\th1:abc=\n"
    "dep\tgolang.org/x/net\tv0.17.0\th1:def=\ndep\tgithub.com/old/mod\tv1.0.0\n"
    "=>\tgithub.com/new/mod\tv1.1.0\th1:ghi=\nbuild\t-compiler=gc\nbuild\tCGO_ENABLED=0\n";

TEST(GoBinary, ReadsModulesReplacementsAndToolchainFromTheSection) {
  const Extractor* e = FindExtractor("go-binary");
  ASSERT_NE(e, nullptr);
  const std::string elf = Elf64(BuildInfo("go1.22.3 X:boringcrypto", kModules));
  EXPECT_TRUE(e->ClaimsContent(elf));
  EXPECT_FALSE(e->ClaimsPath("/usr/local/bin/tool"));
  EXPECT_EQ(ExtractorFor("/usr/local/bin/tool", elf), e);
  const auto result = e->Extract("/usr/local/bin/tool", elf, NoFiles());
  ASSERT_TRUE(result) << result.error().message;
  ASSERT_EQ(result->size(), 4U);
  EXPECT_EQ(Find(*result, "example.com/cmd")->version, "1.2.3");
  EXPECT_EQ(Find(*result, "golang.org/x/net")->version, "0.17.0");
  EXPECT_EQ(Find(*result, "github.com/old/mod"), nullptr);
  EXPECT_EQ(Find(*result, "github.com/new/mod")->version, "1.1.0");
  EXPECT_EQ(Find(*result, "stdlib")->version, "1.22.3");
  EXPECT_EQ(Find(*result, "stdlib")->ecosystem, "Go");
  EXPECT_EQ(Find(*result, "stdlib")->location, "/usr/local/bin/tool");
}

TEST(GoBinary, FindsAlignedBuildInfoWithoutSectionHeaders) {
  std::string elf(64, '\0');
  elf.replace(0, 6,
              "\x7f"
              "ELF\x01\x02");  // 32-bit big-endian, no section headers
  elf += BuildInfo("go1.21.0", "mod\texample.com/m\t(devel)\t\n");
  const auto result = ExtractWith("go-binary", "m", elf);
  ASSERT_TRUE(result) << result.error().message;
  ASSERT_EQ(result->size(), 1U);  // a (devel) main module has no version to match
  EXPECT_EQ((*result)[0].name, "stdlib");
  EXPECT_EQ((*result)[0].version, "1.21.0");
}

TEST(GoBinary, RefusesWhatItCannotRead) {
  const Extractor* e = FindExtractor("go-binary");
  ASSERT_NE(e, nullptr);
  EXPECT_FALSE(e->ClaimsContent("module m\n\ngo 1.17\n"));
  EXPECT_FALSE(e->ClaimsContent(std::string("\x7f"
                                            "ELF\x02\x01") +
                                std::string(100, '\0')));
  EXPECT_EQ(ErrorOf(ExtractWith("go-binary", "/b/x", "module m\n")), "/b/x: not an ELF executable");
  EXPECT_EQ(ErrorOf(ExtractWith("go-binary", "/b/x",
                                std::string("\x7f"
                                            "ELF\x02\x01") +
                                    std::string(100, '\0'))),
            "/b/x: no Go build information (.go.buildinfo)");
  EXPECT_NE(ErrorOf(ExtractWith("go-binary", "/b/x", Elf64(BuildInfo("go1.17", kModules, 0x0)))).find("before Go 1.18"),
            std::string::npos);
  std::string truncated = Elf64(BuildInfo("go1.22.3", kModules));
  const std::size_t magic = truncated.find("\xff Go buildinf:");
  truncated.resize(magic + 40);
  EXPECT_FALSE(ExtractWith("go-binary", "/b/x", truncated).has_value());
}

// prefix, then `count` times `c`, then suffix. Built by appending: GCC 12 warns falsely
// (-Wrestrict) on `"literal" + std::string(…)`.
std::string Repeated(std::string_view prefix, char c, std::size_t count, std::string_view suffix) {
  std::string out(prefix);
  out.append(count, c);
  out.append(suffix);
  return out;
}

// Hostile bytes must give a value or an error, never a crash or a hang.
TEST(OtherLanguages, HostileInputIsAnswered) {
  std::vector<std::string> inputs = {
      "",
      "\xff\xfe\x00\x01 \xc3\x28 \xed\xa0\x80",
      std::string(200000, '['),
      std::string(200000, '{'),
      Repeated("%", '{', 200000, ""),
      std::string(1 << 20, 'a'),
      Repeated("packages:\n", ' ', 100000, "x"),
      Repeated("require (\n", '(', 50000, "\n"),
      Repeated("GEM\n  specs:\n    ", '(', 100000, "\n"),
      std::string("{\"version\":1,\"dependencies\":{\"a\":{\"b\":{\"resolved\":\"\\u0000\"}}}}"),
  };
  std::string nested_yaml = "packages:\n";
  for (int i = 0; i < 3000; ++i) nested_yaml += std::string(static_cast<std::size_t>(i + 1), ' ') + "a:\n";
  inputs.push_back(nested_yaml);
  // ELF headers whose section table points anywhere.
  for (std::size_t shoff : {std::size_t{0}, std::size_t{60}, std::size_t{1} << 40}) {
    std::string elf = Elf64(BuildInfo("go1.22.3", kModules));
    PutLe(elf, 0x28, shoff, 8);
    inputs.push_back(elf);
    PutLe(elf, 0x3c, 0xffff, 2);
    inputs.push_back(elf);
  }
  for (const std::string name : {"go.mod", "Cargo.lock", "Gemfile.lock", "composer.lock", "mix.lock", "pubspec.lock",
                                 "conan.lock", "packages.lock.json", "renv.lock", "go-binary"}) {
    for (const auto& input : inputs) {
      const auto result = ExtractWith(name, name, input);
      if (!result) {
        EXPECT_FALSE(result.error().message.empty()) << name;
      }
    }
  }
}

}  // namespace
}  // namespace vigil::inventory
