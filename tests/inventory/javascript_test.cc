// Unit tests of the JavaScript lockfile extractors beyond the osv-scanner fixtures: lockfile
// variants the fixtures lack, positioned error messages, and hostile input.
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "inventory/lang/javascript_common.h"
#include "inventory/registry.h"

namespace vigil::inventory {
namespace {

const DiskFileSystem kDisk;

Result<std::vector<Package>> ExtractWith(std::string_view extractor, std::string_view path, std::string_view content) {
  const Extractor* e = FindExtractor(extractor);
  EXPECT_NE(e, nullptr) << extractor;
  if (e == nullptr) return Fail(ErrorCode::kInternal, "no extractor");
  return e->Extract(std::string(path), content, kDisk);
}

const Package* Find(const std::vector<Package>& packages, std::string_view name, std::string_view version) {
  for (const auto& p : packages) {
    if (p.name == name && p.version == version) return &p;
  }
  return nullptr;
}

std::string Nested(std::string_view open, std::string_view close, int depth) {
  std::string text;
  for (int i = 0; i < depth; ++i) text += open;
  for (int i = 0; i < depth; ++i) text += close;
  return text;
}

// "- - - … x": block sequences nested on one line.
std::string BlockSequences(int depth) {
  std::string text;
  for (int i = 0; i < depth; ++i) text += "- ";
  return text + "x\n";
}

// "a0:\n a1:\n  a2:…": block mappings each indented one more space.
std::string IndentedMaps(int depth) {
  std::string text;
  for (int i = 0; i < depth; ++i)
    text += std::string(static_cast<std::size_t>(i), ' ') + "a" + std::to_string(i) + ":\n";
  return text;
}

// --- package-lock.json ---------------------------------------------------------------------------

TEST(NpmLock, Version3ReadsNestedScopedAliasedAndSkipsLinks) {
  const auto result = ExtractWith("package-lock.json", "/p/package-lock.json", R"({
  "lockfileVersion": 3,
  "packages": {
    "": {"name": "app", "dependencies": {"a": "^1", "cjs": "npm:b@^2", "ws": "*"}, "devDependencies": {"@s/c": "^3"}},
    "node_modules/a": {"version": "1.0.0"},
    "node_modules/cjs": {"name": "b", "version": "2.0.0"},
    "node_modules/@s/c": {"version": "3.0.0", "dev": true},
    "node_modules/@s/c/node_modules/a": {"version": "0.9.0", "dev": true, "optional": true},
    "node_modules/hoisted": {"version": "4.0.0", "optional": true},
    "node_modules/ws": {"resolved": "packages/ws", "link": true},
    "packages/ws": {"name": "ws", "version": "0.1.0"}
  }
})");
  ASSERT_TRUE(result) << result.error().message;
  ASSERT_EQ(result->size(), 6U);
  const Package* a = Find(*result, "a", "1.0.0");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->scope, Scope::kProd);
  EXPECT_EQ(a->direct, true);
  EXPECT_EQ(a->ecosystem, "npm");
  EXPECT_EQ(a->location, "/p/package-lock.json");
  const Package* b = Find(*result, "b", "2.0.0");
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(b->direct, true);
  const Package* c = Find(*result, "@s/c", "3.0.0");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->dep_groups, std::vector<std::string>{"dev"});
  EXPECT_EQ(c->scope, Scope::kDev);
  EXPECT_EQ(c->direct, true);
  const Package* nested = Find(*result, "a", "0.9.0");
  ASSERT_NE(nested, nullptr);
  EXPECT_EQ(nested->dep_groups, (std::vector<std::string>{"dev", "optional"}));
  EXPECT_EQ(nested->direct, false);
  const Package* hoisted = Find(*result, "hoisted", "4.0.0");
  ASSERT_NE(hoisted, nullptr);
  EXPECT_EQ(hoisted->scope, Scope::kOptional);
  EXPECT_EQ(hoisted->direct, false);
  EXPECT_NE(Find(*result, "ws", "0.1.0"), nullptr);
}

TEST(NpmLock, WrongTypeNamesTheJsonPath) {
  const auto result =
      ExtractWith("package-lock.json", "lock/package-lock.json", R"({"packages": {"node_modules/a": {"version": 5}}})");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(result.error().message,
            R"(lock/package-lock.json: $.packages["node_modules/a"].version: expected a string)");
}

TEST(NpmLock, Version1WrongTypeNamesTheNestedPath) {
  const auto result =
      ExtractWith("package-lock.json", "package-lock.json",
                  R"({"dependencies": {"a": {"version": "1.0.0", "dependencies": {"b": {"dev": "yes"}}}}})");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().message,
            R"(package-lock.json: $.dependencies["a"].dependencies["b"].dev: expected true or false)");
}

TEST(NpmLock, SyntaxErrorNamesTheLine) {
  const auto result =
      ExtractWith("package-lock.json", "x/package-lock.json", "{\n  \"packages\": {\n    \"a\": }\n}\n");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(result.error().message.starts_with("x/package-lock.json:3: invalid JSON")) << result.error().message;
}

TEST(NpmLock, HostileInputIsAnErrorNotACrash) {
  for (const std::string& content :
       {std::string(), std::string("null"), std::string("[]"), std::string("{\"packages\": 1}"),
        std::string("{\"dependencies\": {\"a\": \"1.0.0\"}}"), std::string("{\"packages\": {\"\xff\xfe\": {}}}"),
        Nested("[", "]", 100000), Nested("{\"a\":", "}", 100000)}) {
    const auto result = ExtractWith("package-lock.json", "package-lock.json", content);
    ASSERT_FALSE(result) << content.substr(0, 40);
    EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
    EXPECT_TRUE(result.error().message.starts_with("package-lock.json")) << result.error().message;
  }
}

TEST(NpmLock, DeepVersion1TreeIsBounded) {
  std::string content = "{\"dependencies\":";
  constexpr int kDepth = 400;
  for (int i = 0; i < kDepth; ++i) content += "{\"a\":{\"version\":\"1.0.0\",\"dependencies\":";
  content += "{}";
  for (int i = 0; i < kDepth; ++i) content += "}}";
  content += "}";
  const auto result = ExtractWith("package-lock.json", "package-lock.json", content);
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().message.find("nested more than"), std::string::npos) << result.error().message;
}

TEST(NpmLock, Version1GitDependencyHasCommitNotVersion) {
  const auto result =
      ExtractWith("package-lock.json", "package-lock.json",
                  R"({"lockfileVersion": 1, "dependencies": {"x": {"version": "github:o/x#0123abc"}}})");
  ASSERT_TRUE(result) << result.error().message;
  ASSERT_EQ(result->size(), 1U);
  EXPECT_EQ((*result)[0].version, "");
  EXPECT_EQ((*result)[0].commit, "0123abc");
  EXPECT_FALSE((*result)[0].direct.has_value());
}

TEST(NodeModulesLock, ClaimsOnlyTheHiddenLockfileInNodeModules) {
  const Extractor* hidden = FindExtractor("node_modules/.package-lock.json");
  const Extractor* lock = FindExtractor("package-lock.json");
  ASSERT_NE(hidden, nullptr);
  ASSERT_NE(lock, nullptr);
  EXPECT_TRUE(hidden->ClaimsPath("/app/node_modules/.package-lock.json"));
  EXPECT_FALSE(hidden->ClaimsPath("/app/.package-lock.json"));
  EXPECT_FALSE(hidden->ClaimsPath("/app/node_modules/x/.package-lock.json"));
  EXPECT_FALSE(lock->ClaimsPath("/app/node_modules/.package-lock.json"));
  EXPECT_EQ(ExtractorFor("/app/node_modules/.package-lock.json", ""), hidden);
}

// --- yarn.lock -----------------------------------------------------------------------------------

TEST(YarnLock, ReadsWindowsLineEndings) {
  const auto result =
      ExtractWith("yarn.lock", "yarn.lock",
                  "# yarn lockfile v1\r\n\r\n\"@s/a@^1.0.0\", \"@s/a@^1.1.0\":\r\n  version \"1.2.0\"\r\n"
                  "  resolved \"git+ssh://git@github.com/s/a.git#abcdef0\"\r\n");
  ASSERT_TRUE(result) << result.error().message;
  ASSERT_EQ(result->size(), 1U);
  EXPECT_EQ((*result)[0].name, "@s/a");
  EXPECT_EQ((*result)[0].version, "1.2.0");
  EXPECT_EQ((*result)[0].commit, "abcdef0");
  EXPECT_EQ((*result)[0].scope, Scope::kUnknown);
}

TEST(YarnLock, BerryAliasOfScopedPackage) {
  const auto result = ExtractWith("yarn.lock", "yarn.lock",
                                  "__metadata:\n  version: 8\n\n\"x@npm:@s/y@npm:^1.0.0\":\n  version: 1.0.3\n"
                                  "  resolution: \"@s/y@npm:1.0.3\"\n");
  ASSERT_TRUE(result) << result.error().message;
  ASSERT_EQ(result->size(), 1U);
  EXPECT_EQ((*result)[0].name, "@s/y");
  EXPECT_EQ((*result)[0].version, "1.0.3");
  EXPECT_EQ((*result)[0].commit, "");
}

TEST(YarnLock, GarbageNamesTheLine) {
  const auto result =
      ExtractWith("yarn.lock", "dir/yarn.lock", "a@^1:\n  version \"1.0.0\"\n\nthis is not a lockfile\n");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(result.error().message.starts_with("dir/yarn.lock:4: ")) << result.error().message;
}

TEST(YarnLock, IndentedLineBeforeAnyEntryIsAnError) {
  const auto result = ExtractWith("yarn.lock", "yarn.lock", "\n  version \"1.0.0\"\n");
  ASSERT_FALSE(result);
  EXPECT_TRUE(result.error().message.starts_with("yarn.lock:2: ")) << result.error().message;
}

TEST(YarnLock, HostileInputReturns) {
  const std::string huge_alias = [] {
    std::string s = "\"a@";
    for (int i = 0; i < 200000; ++i) s += "npm:a@";
    return s + "1\":\n  version \"1.0.0\"\n";
  }();
  for (const std::string& content : {std::string(), std::string("\xff\xfe:\n  version \"\xff\"\n"), huge_alias,
                                     std::string(1 << 20, 'x') + ":\n", std::string("\0\0:\n", 4)}) {
    const auto result = ExtractWith("yarn.lock", "yarn.lock", content);
    if (result) {
      EXPECT_LE(result->size(), 1U);
    } else {
      EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
    }
  }
}

// --- pnpm-lock.yaml ------------------------------------------------------------------------------

TEST(PnpmLock, Version6PeerSuffixesPrereleasesAndGroups) {
  const auto result = ExtractWith("pnpm-lock.yaml", "pnpm-lock.yaml", R"(lockfileVersion: '6.0'
dependencies:
  a:
    specifier: ^1.0.0
    version: 1.0.0(@types/node@20.0.0)
devDependencies:
  b:
    specifier: ^2.0.0-beta.1
    version: 2.0.0-beta.1
packages:
  /a@1.0.0(@types/node@20.0.0):
    resolution: {integrity: sha512-x}
    dev: false
  /a@1.0.0(@types/node@18.0.0):
    resolution: {integrity: sha512-x}
    dev: false
  /b@2.0.0-beta.1:
    resolution: {integrity: sha512-y}
    dev: true
  /c@3.0.0:
    resolution: {integrity: sha512-z}
    dev: false
    optional: true
  /d@4.0.0:
    resolution: {integrity: sha512-w}
)");
  ASSERT_TRUE(result) << result.error().message;
  ASSERT_EQ(result->size(), 4U);  // both peer variants of a are one package
  const Package* a = Find(*result, "a", "1.0.0");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->scope, Scope::kProd);
  EXPECT_EQ(a->direct, true);
  const Package* b = Find(*result, "b", "2.0.0-beta.1");
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(b->dep_groups, std::vector<std::string>{"dev"});
  EXPECT_EQ(b->direct, true);
  const Package* c = Find(*result, "c", "3.0.0");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->dep_groups, std::vector<std::string>{"optional"});
  EXPECT_EQ(c->scope, Scope::kOptional);
  EXPECT_EQ(c->direct, false);
  const Package* d = Find(*result, "d", "4.0.0");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->scope, Scope::kProd);  // no `dev` field: needed in production and development
}

TEST(PnpmLock, Version9MarksImporterDependenciesDirect) {
  const auto result = ExtractWith("pnpm-lock.yaml", "pnpm-lock.yaml", R"(lockfileVersion: '9.0'
importers:
  .:
    dependencies:
      acorn-jsx:
        specifier: ^5.3.2
        version: 5.3.2(acorn@8.11.3)
  packages/web:
    devDependencies:
      '@s/x':
        specifier: ^1.0.0
        version: 1.0.0
packages:
  acorn-jsx@5.3.2:
    resolution: {integrity: sha512-a}
  acorn@8.11.3:
    resolution: {integrity: sha512-b}
  '@s/x@1.0.0':
    resolution: {integrity: sha512-c}
snapshots:
  acorn-jsx@5.3.2(acorn@8.11.3):
    dependencies:
      acorn: 8.11.3
  acorn@8.11.3: {}
  '@s/x@1.0.0': {}
)");
  ASSERT_TRUE(result) << result.error().message;
  ASSERT_EQ(result->size(), 3U);
  EXPECT_EQ(Find(*result, "acorn-jsx", "5.3.2")->direct, true);
  EXPECT_EQ(Find(*result, "acorn", "8.11.3")->direct, false);
  const Package* x = Find(*result, "@s/x", "1.0.0");
  ASSERT_NE(x, nullptr);
  EXPECT_EQ(x->direct, true);
  EXPECT_EQ(x->scope, Scope::kUnknown);
  EXPECT_TRUE(x->dep_groups.empty());
}

TEST(PnpmLock, InvalidPackagePathNamesTheLine) {
  const auto result =
      ExtractWith("pnpm-lock.yaml", "w/pnpm-lock.yaml",
                  "lockfileVersion: 5.4\npackages:\n  /a/1.0.0:\n    dev: false\n  axios@1.2.5:\n    dev: false\n");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(result.error().message.starts_with("w/pnpm-lock.yaml:5: invalid package path \"axios@1.2.5\""))
      << result.error().message;
}

TEST(PnpmLock, StructuralErrorsNameTheLine) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"lockfileVersion: 5.3\npackages:\n  /a/1.0.0:\n    dev: maybe\n", "pnpm-lock.yaml:4: "},
      {"lockfileVersion: 5.3\npackages:\n  /a/1.0.0:\n    resolution: 7\n", "pnpm-lock.yaml:4: "},
      {"lockfileVersion: 5.3\npackages: [1, 2]\n", "pnpm-lock.yaml:2: "},
      {"packages:\n  /a/1.0.0: {}\n", "pnpm-lock.yaml:1: lockfileVersion: missing"},
      {"lockfileVersion: 5.3\npackages:\n  /a/1.0.0: {dev: [\n", "pnpm-lock.yaml:"},
      {"this is not valid yaml!\n", "pnpm-lock.yaml:1: "},
  };
  for (const auto& [content, prefix] : cases) {
    const auto result = ExtractWith("pnpm-lock.yaml", "pnpm-lock.yaml", content);
    ASSERT_FALSE(result) << content;
    EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
    EXPECT_TRUE(result.error().message.starts_with(prefix)) << result.error().message;
  }
}

TEST(PnpmLock, HostileInputReturns) {
  for (const std::string& content :
       {std::string(), std::string("# only a comment\n"), Nested("[", "]", 100000), Nested("{a: ", "}", 100000),
        std::string("lockfileVersion: 5.3\npackages:\n  /@s:\n  /:\n  '/\xff/\xfe':\n"),
        std::string("a: &x [*x]\nlockfileVersion: 5.3\n"), std::string("\xff\xfe\x00\x01", 4), BlockSequences(100000),
        IndentedMaps(3000)}) {
    const auto result = ExtractWith("pnpm-lock.yaml", "pnpm-lock.yaml", content);
    if (result) {
      EXPECT_TRUE(result->empty());
    } else {
      EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
    }
  }
}

// --- commits -------------------------------------------------------------------------------------

TEST(JavaScriptCommit, FromResolutionFollowsOsvScanner) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"git+ssh://git@github.com/o/r.git#0a2d2506c1fe", "0a2d2506c1fe"},
      {"x@git://github.com/o/r.git#abc123", "abc123"},
      {"https://github.com/o/r.git#abc", "abc"},
      {"https://codeload.github.com/o/r.js/tar.gz/d5ac058", "d5ac058"},
      {"https://codeload.github.com/o/tar.gz/d5ac058", ""},
      {"domino@https://github.com/angular/domino.git#commit=f2435fe", "f2435fe"},
      {"x@https://example.com/r#commit:f24", "f24"},
      {"github:o/r#main", "main"},
      {"https://gitlab.com/o/r/archive.tar.gz?ref=c5a7ba5", "c5a7ba5"},
      {"https://github.com/o/r#4bdd58d", "4bdd58d"},
      {"https://github.com/o/r", ""},
      {"https://github.com:443/o/r#abc-def", ""},
      {"https://example.com/o/r#abc", ""},
      {"https://registry.npmjs.org/a/-/a-1.0.0.tgz#sha1", ""},
      {"tslib@npm:2.6.2", ""},
      {"git+ssh://git@example.com/o/r.git#not-a-sha!", ""},
      {"git+ssh://git@github.com/o/r.git#v1.0", "v1.0"},  // the URL fragment, as osv-scanner reads it
      {"", ""},
      {"github:\n#abc", ""},
  };
  for (const auto& [resolution, commit] : cases) {
    EXPECT_EQ(js::CommitFromResolution(resolution), commit) << resolution;
  }
}

}  // namespace
}  // namespace vigil::inventory
