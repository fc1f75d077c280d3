// Unit tests of the Python extractors beyond the osv-scanner fixtures: -r includes, specifiers,
// positioned errors, hostile input, uv.lock and installed distributions.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "inventory/registry.h"

namespace vigil::inventory {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// Files held in memory, keyed by their normalised absolute path.
class MemoryFileSystem final : public FileSystem {
 public:
  void Add(const std::string& path, std::string content) { files_[path] = std::move(content); }
  Result<std::string> Read(const std::filesystem::path& path) const override {
    const auto it = files_.find(path.lexically_normal().string());
    if (it == files_.end()) return Fail(ErrorCode::kNotFound, path.string() + ": no such file");
    return it->second;
  }

 private:
  std::map<std::string, std::string> files_;
};

const Extractor& Get(std::string_view name) {
  const Extractor* extractor = FindExtractor(name);
  EXPECT_NE(extractor, nullptr) << name;
  return *extractor;
}

Result<std::vector<Package>> ExtractWith(std::string_view extractor, const std::string& path, std::string_view content,
                                         const FileSystem& fs = MemoryFileSystem()) {
  return Get(extractor).Extract(path, content, fs);
}

// "name@version" of each package, in order.
std::vector<std::string> Names(const std::vector<Package>& packages) {
  std::vector<std::string> out;
  for (const auto& p : packages) out.push_back(p.name + "@" + p.version);
  return out;
}

const Package* Find(const std::vector<Package>& packages, std::string_view name) {
  for (const auto& p : packages) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

// ---------------------------------------------------------------------------------------------
// requirements.txt

TEST(RequirementsTxt, IncludesAreResolvedRelativeToTheIncludingFile) {
  MemoryFileSystem fs;
  fs.Add("/app/requirements/dev.txt", "-r ../base.txt\n--requirement=lint/flake.txt\npytest==8.0.0\n");
  fs.Add("/app/base.txt", "Django==4.2.1\nrequests==2.31.0\n");
  fs.Add("/app/requirements/lint/flake.txt", "flake8==7.0.0\nrequests==2.31.0\n");
  const auto result =
      ExtractWith("requirements.txt", "/app/requirements/dev.txt", *fs.Read("/app/requirements/dev.txt"), fs);
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_THAT(Names(*result), ElementsAre("django@4.2.1", "requests@2.31.0", "flake8@7.0.0", "pytest@8.0.0"));
  EXPECT_THAT(Find(*result, "requests")->dep_groups, ElementsAre("base", "flake"));
  EXPECT_THAT(Find(*result, "pytest")->dep_groups, ElementsAre("dev"));
  EXPECT_EQ(Find(*result, "django")->location, "/app/base.txt");
  EXPECT_EQ(Find(*result, "pytest")->ecosystem, "PyPI");
}

TEST(RequirementsTxt, ShortIncludeWithoutSpaceIsFollowed) {
  MemoryFileSystem fs;
  fs.Add("/a/base.txt", "six==1.16.0\n");
  const auto result = ExtractWith("requirements.txt", "/a/requirements.txt", "-rbase.txt\n", fs);
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_THAT(Names(*result), ElementsAre("six@1.16.0"));
}

TEST(RequirementsTxt, MissingIncludeIsNotFoundNamingFileAndLine) {
  MemoryFileSystem fs;
  const auto result = ExtractWith("requirements.txt", "/a/requirements.txt", "six==1.16.0\n\n-r ./gone.txt\n", fs);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kNotFound);
  EXPECT_THAT(result.error().message, HasSubstr("/a/requirements.txt:3: -r ./gone.txt"));
}

TEST(RequirementsTxt, IncludeCyclesTerminate) {
  MemoryFileSystem fs;
  fs.Add("/a/one.txt", "-r two.txt\nalpha==1\n");
  fs.Add("/a/two.txt", "-r ./one.txt\n-r two.txt\nbeta==2\n");
  const auto result = ExtractWith("requirements.txt", "/a/one.txt", *fs.Read("/a/one.txt"), fs);
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_THAT(Names(*result), ElementsAre("beta@2", "alpha@1"));
}

TEST(RequirementsTxt, IncludeChainTooDeepIsAnErrorNotACrash) {
  MemoryFileSystem fs;
  for (int i = 0; i < 100; ++i) fs.Add("/d/" + std::to_string(i) + ".txt", "-r " + std::to_string(i + 1) + ".txt\n");
  const auto result = ExtractWith("requirements.txt", "/d/0.txt", *fs.Read("/d/0.txt"), fs);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
  EXPECT_THAT(result.error().message, HasSubstr("nested more than"));
}

TEST(RequirementsTxt, SpecifiersExtrasMarkersAndOptions) {
  const auto result = ExtractWith("requirements.txt", "/r/requirements.txt",
                                  "Requests[security,socks] == 2.31.0 ; python_version >= '3.8' --hash=sha256:abc\n"
                                  "numpy>=1.20,<2\n"
                                  "scipy<2\n"
                                  "attrs (==23.1.0)\n"
                                  "idna===3.4\n"
                                  "urllib3 >= 1.26 , != 1.26.5\n"
                                  "Jinja2~=3.1\n"
                                  "click;python_version<'3.8'\n"
                                  "torch @ https://download.pytorch.org/whl/torch-2.0.0.whl\n"
                                  "pyyaml  # a comment\n");
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_THAT(Names(*result), ElementsAre("requests@2.31.0", "numpy@1.20", "scipy@0.0.0", "attrs@23.1.0", "idna@3.4",
                                          "urllib3@1.26", "jinja2@3.1", "click@0.0.0", "torch@0.0.0", "pyyaml@0.0.0"));
}

TEST(RequirementsTxt, PathsUrlsArchivesAndOptionsAreNotPackages) {
  const auto result = ExtractWith("requirements.txt", "/r/requirements.txt",
                                  "-e .\n"
                                  "-e git+https://github.com/x/y.git#egg=y\n"
                                  "git+https://github.com/x/z.git@v1#egg=z\n"
                                  "./local/pkg\n"
                                  "/abs/pkg-1.0.tar.gz\n"
                                  "pkg-1.0-py3-none-any.whl\n"
                                  "https://example.com/a-1.0.zip\n"
                                  "C:\\wheels\\b-1.0.whl\n"
                                  "--index-url https://pypi.example.com/simple\n"
                                  "-c constraints.txt\n"
                                  "-i https://x\n");
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_THAT(*result, IsEmpty());
}

TEST(RequirementsTxt, NamesAreNormalisedAndDuplicatesMerged) {
  const auto result =
      ExtractWith("requirements.txt", "/r/requirements.txt", "Zope.Interface==5.4.0\nzope__interface==5.4.0\n");
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_THAT(Names(*result), ElementsAre("zope-interface@5.4.0"));
  EXPECT_THAT((*result)[0].dep_groups, ElementsAre("requirements"));
}

TEST(RequirementsTxt, WindowsLineEndingsAndContinuations) {
  const auto result = ExtractWith("requirements.txt", "/r/requirements.txt", "six==\\\r\n1.16.0\r\nflask\r\n");
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_THAT(Names(*result), ElementsAre("six@1.16.0", "flask@0.0.0"));
}

TEST(RequirementsTxt, HostileInputDoesNotCrash) {
  for (const std::string& content :
       {std::string(), std::string("\xff\xfe") + std::string(1, '\0') + "garbage\x80==\x81\n",
        std::string(1 << 20, '\\'), std::string(1 << 20, 'a') + "==" + std::string(1 << 20, '1'),
        std::string(200000, '\n'), std::string(100000, '[') + "\n", std::string("pkg==1.0\xc3\n"), [] {
          std::string s;
          for (int i = 0; i < 20000; ++i) s += "\\\\\\\n";
          return s;
        }()}) {
    const auto result = ExtractWith("requirements.txt", "/r/requirements.txt", content);
    EXPECT_TRUE(result.has_value() || !result.error().message.empty());
  }
}

TEST(RequirementsTxt, ClaimsRequirementFileNames) {
  const Extractor& e = Get("requirements.txt");
  EXPECT_TRUE(e.ClaimsPath("/src/requirements.txt"));
  EXPECT_TRUE(e.ClaimsPath("/src/requirements-dev.txt"));
  EXPECT_TRUE(e.ClaimsPath("/src/ci-requirements.txt"));
  EXPECT_FALSE(e.ClaimsPath("/src/requirements.in"));
  EXPECT_FALSE(e.ClaimsPath("/src/requirements/dev.txt"));
  EXPECT_EQ(ExtractorFor("/src/requirements.dev.txt", ""), &e);
}

// ---------------------------------------------------------------------------------------------
// Pipfile.lock

TEST(PipfileLock, PackageInBothSectionsIsProduction) {
  const auto result = ExtractWith("Pipfile.lock", "/p/Pipfile.lock",
                                  R"({"default": {"six": {"version": "==1.16.0"}},
                              "develop": {"six": {"version": "==1.16.0"}, "pytest": {"version": "==8.0.0"}}})");
  ASSERT_TRUE(result) << result.error().message;
  ASSERT_EQ(result->size(), 2u);
  EXPECT_THAT((*result)[0].dep_groups, IsEmpty());
  EXPECT_EQ((*result)[0].scope, Scope::kProd);
  EXPECT_THAT((*result)[1].dep_groups, ElementsAre("dev"));
  EXPECT_EQ((*result)[1].scope, Scope::kDev);
}

TEST(PipfileLock, WrongTypeNamesTheJsonPath) {
  const auto result = ExtractWith("Pipfile.lock", "/p/Pipfile.lock", R"({"default": {"si\"x": {"version": 3}}})");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(result.error().message, R"(/p/Pipfile.lock: $.default["si\"x"].version: expected a string)");
}

TEST(PipfileLock, InvalidJsonNamesTheLine) {
  const auto result = ExtractWith("Pipfile.lock", "/p/Pipfile.lock", "{\n  \"default\": {\n    \"six\": ,\n  }\n}\n");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
  EXPECT_THAT(result.error().message, HasSubstr("/p/Pipfile.lock:3: not valid JSON"));
}

TEST(PipfileLock, HostileInputDoesNotCrash) {
  for (const std::string& content : {std::string(), std::string(100000, '['), std::string("{\"default\": \"\xff\"}"),
                                     std::string("[]"), std::string("{\"default\": []}")}) {
    const auto result = ExtractWith("Pipfile.lock", "/p/Pipfile.lock", content);
    EXPECT_FALSE(result);
  }
}

// ---------------------------------------------------------------------------------------------
// poetry.lock

TEST(PoetryLock, DevCategoryAndGroups) {
  const auto result = ExtractWith("poetry.lock", "/p/poetry.lock", R"(
[[package]]
name = "pytest"
version = "8.0.0"
category = "dev"
optional = false

[[package]]
name = "requests"
version = "2.31.0"
groups = ["main", "dev"]

[[package]]
name = "sphinx"
version = "7.0.0"
groups = ["docs"]
optional = true

[[package]]
name = "six"
version = "1.16.0"
)");
  ASSERT_TRUE(result) << result.error().message;
  ASSERT_EQ(result->size(), 4u);
  EXPECT_THAT((*result)[0].dep_groups, ElementsAre("dev"));
  EXPECT_EQ((*result)[0].scope, Scope::kDev);
  EXPECT_THAT((*result)[1].dep_groups, IsEmpty());
  EXPECT_EQ((*result)[1].scope, Scope::kProd);
  EXPECT_THAT((*result)[2].dep_groups, ElementsAre("dev", "optional"));
  EXPECT_EQ((*result)[3].scope, Scope::kUnknown);
}

TEST(PoetryLock, MissingVersionNamesTheLine) {
  const auto result = ExtractWith("poetry.lock", "/p/poetry.lock",
                                  "[[package]]\nname = \"a\"\nversion = \"1\"\n\n[[package]]\nname = \"b\"\n");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(result.error().message, "/p/poetry.lock:5: package.version: missing");
}

TEST(PoetryLock, InvalidTomlNamesTheLine) {
  const auto result = ExtractWith("poetry.lock", "/p/poetry.lock", "[metadata]\nok = 1\nthis is not toml\n");
  ASSERT_FALSE(result);
  EXPECT_THAT(result.error().message, HasSubstr("/p/poetry.lock:3: not valid TOML"));
}

TEST(PoetryLock, HostileInputDoesNotCrash) {
  for (const std::string& content :
       {std::string(), std::string(100000, '['), "a = " + std::string(100000, '['), std::string("x = \"\xff\"\n"),
        std::string("package = 3\n"), std::string("package = [1]\n"), std::string("[[package]]\nname = 1\n")}) {
    const auto result = ExtractWith("poetry.lock", "/p/poetry.lock", content);
    EXPECT_TRUE(result.has_value() || !result.error().message.empty());
  }
}

// ---------------------------------------------------------------------------------------------
// pdm.lock

TEST(PdmLock, GroupsAndDuplicateEntriesPerExtra) {
  const auto result = ExtractWith("pdm.lock", "/p/pdm.lock", R"(
[[package]]
name = "requests"
version = "2.31.0"
groups = ["dev"]

[[package]]
name = "requests"
version = "2.31.0"
extras = ["socks"]
groups = ["default"]

[[package]]
name = "old"
version = "1.0"
)");
  ASSERT_TRUE(result) << result.error().message;
  ASSERT_EQ(result->size(), 2u);
  EXPECT_THAT((*result)[0].dep_groups, IsEmpty());
  EXPECT_EQ((*result)[0].scope, Scope::kProd);
  EXPECT_EQ((*result)[1].scope, Scope::kUnknown);
}

TEST(PdmLock, WrongTypeNamesTheLine) {
  const auto result = ExtractWith("pdm.lock", "/p/pdm.lock", "[[package]]\nname = \"a\"\nversion = 2\n");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().message, "/p/pdm.lock:3: package.version: expected a string");
}

// ---------------------------------------------------------------------------------------------
// uv.lock

constexpr std::string_view kUvLock = R"(version = 1
requires-python = ">=3.12"

[[package]]
name = "app"
version = "0.1.0"
source = { editable = "." }
dependencies = [
    { name = "httpx", extra = ["http2"] },
    { name = "tomli", version = "2.0.1", source = { registry = "https://pypi.org/simple" } },
]

[package.optional-dependencies]
docs = [
    { name = "sphinx" },
]

[package.dev-dependencies]
dev = [
    { name = "pytest" },
]
lint = [
    { name = "ruff" },
]

[[package]]
name = "h2"
version = "4.1.0"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "httpx"
version = "0.27.0"
source = { git = "https://github.com/encode/httpx?rev=0.27.0#5cb6d4e1a9fbad9cb3c5d3d5f13d6e8f8d6c0a11" }
dependencies = [
    { name = "idna" },
]

[package.optional-dependencies]
http2 = [
    { name = "h2" },
]

[[package]]
name = "idna"
version = "3.7"
source = { registry = "https://pypi.org/simple" }
sdist = { url = "https://files.pythonhosted.org/idna-3.7.tar.gz", hash = "sha256:00", size = 189575 }

[[package]]
name = "iniconfig"
version = "2.0.0"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "pytest"
version = "8.2.0"
source = { registry = "https://pypi.org/simple" }
dependencies = [
    { name = "iniconfig" },
    { name = "idna" },
]

[[package]]
name = "ruff"
version = "0.4.0"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "sphinx"
version = "7.3.7"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "tomli"
version = "2.0.1"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "tomli"
version = "1.2.3"
source = { registry = "https://pypi.org/simple" }
)";

TEST(UvLock, PackagesScopesAndCommits) {
  const auto result = ExtractWith("uv.lock", "/p/uv.lock", kUvLock);
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_THAT(Names(*result), ElementsAre("h2@4.1.0", "httpx@0.27.0", "idna@3.7", "iniconfig@2.0.0", "pytest@8.2.0",
                                          "ruff@0.4.0", "sphinx@7.3.7", "tomli@2.0.1", "tomli@1.2.3"));
  for (const auto& p : *result) EXPECT_EQ(p.ecosystem, "PyPI");
  const auto& packages = *result;
  // h2 comes in through httpx[http2], which the project's own dependencies ask for.
  EXPECT_EQ(packages[0].scope, Scope::kProd);
  EXPECT_EQ(packages[0].direct, false);
  EXPECT_EQ(packages[1].commit, "5cb6d4e1a9fbad9cb3c5d3d5f13d6e8f8d6c0a11");
  EXPECT_EQ(packages[1].direct, true);
  EXPECT_EQ(packages[2].scope, Scope::kProd);  // idna: needed by httpx and by pytest
  EXPECT_THAT(packages[2].dep_groups, IsEmpty());
  EXPECT_THAT(packages[3].dep_groups, ElementsAre("dev"));  // iniconfig: only through pytest
  EXPECT_EQ(packages[3].scope, Scope::kDev);
  EXPECT_THAT(packages[5].dep_groups, ElementsAre("dev"));  // ruff: the "lint" dependency group
  EXPECT_THAT(packages[6].dep_groups, ElementsAre("optional"));
  EXPECT_EQ(packages[6].scope, Scope::kOptional);
  EXPECT_EQ(packages[7].scope, Scope::kProd);  // the tomli the project names by version
  EXPECT_EQ(packages[8].scope, Scope::kUnknown);
}

TEST(UvLock, WithoutAProjectGroupsAreLeftEmpty) {
  const auto result = ExtractWith("uv.lock", "/p/uv.lock",
                                  "version = 1\n[[package]]\nname = \"six\"\nversion = \"1.16.0\"\n"
                                  "source = { registry = \"https://pypi.org/simple\" }\n");
  ASSERT_TRUE(result) << result.error().message;
  ASSERT_EQ(result->size(), 1u);
  EXPECT_THAT((*result)[0].dep_groups, IsEmpty());
  EXPECT_EQ((*result)[0].scope, Scope::kUnknown);
  EXPECT_FALSE((*result)[0].direct.has_value());
}

TEST(UvLock, BadDependencyNamesTheLine) {
  const auto result = ExtractWith("uv.lock", "/p/uv.lock",
                                  "[[package]]\nname = \"a\"\nversion = \"1\"\ndependencies = [\n  \"b\",\n]\n");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(result.error().message, "/p/uv.lock:5: package.dependencies: expected a table");
}

TEST(UvLock, SelfReferencingGraphTerminates) {
  std::string lock = "[[package]]\nname = \"root\"\nsource = { virtual = \".\" }\ndependencies = [{ name = \"a\" }]\n";
  for (int i = 0; i < 2000; ++i) {
    lock += "[[package]]\nname = \"a\"\nversion = \"" + std::to_string(i) +
            "\"\ndependencies = [{ name = \"a\" }, { name = \"a\", extra = [\"x\"] }]\n"
            "[package.optional-dependencies]\nx = [{ name = \"a\" }]\n";
  }
  const auto result = ExtractWith("uv.lock", "/p/uv.lock", lock);
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(result->size(), 2000u);
  EXPECT_EQ(result->back().scope, Scope::kProd);
}

TEST(UvLock, Claims) {
  EXPECT_EQ(ExtractorFor("/x/uv.lock", ""), &Get("uv.lock"));
  EXPECT_FALSE(Get("uv.lock").ClaimsPath("/x/uv.lock.bak"));
}

// ---------------------------------------------------------------------------------------------
// Installed distributions

TEST(PythonDistInfo, ReadsNameAndVersionFromHeaders) {
  const auto result =
      ExtractWith("python-dist-info", "/venv/lib/python3.11/site-packages/PyYAML-6.0.1.dist-info/METADATA",
                  "Metadata-Version: 2.1\r\nName: PyYAML\r\nSummary: YAML parser\r\n  and emitter\r\n"
                  "Version: 6.0.1\r\n\r\nName: not-a-header\r\n");
  ASSERT_TRUE(result) << result.error().message;
  ASSERT_EQ(result->size(), 1u);
  EXPECT_EQ((*result)[0].name, "PyYAML");
  EXPECT_EQ((*result)[0].version, "6.0.1");
  EXPECT_EQ((*result)[0].ecosystem, "PyPI");
  EXPECT_EQ((*result)[0].location, "/venv/lib/python3.11/site-packages/PyYAML-6.0.1.dist-info/METADATA");
}

TEST(PythonDistInfo, MissingVersionIsAnError) {
  const auto result =
      ExtractWith("python-dist-info", "/s/x.egg-info/PKG-INFO", "Metadata-Version: 1.0\nName: x\n\nVersion: 1\n");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
  EXPECT_THAT(result.error().message, HasSubstr("/s/x.egg-info/PKG-INFO:1: no Version header"));
}

TEST(PythonDistInfo, ClaimsMetadataFilesOnly) {
  const Extractor& e = Get("python-dist-info");
  EXPECT_TRUE(e.ClaimsPath("/usr/lib/python3/dist-packages/six-1.16.0.dist-info/METADATA"));
  EXPECT_TRUE(e.ClaimsPath("/site-packages/foo-1.0-py3.11.egg-info/PKG-INFO"));
  EXPECT_TRUE(e.ClaimsPath("/site-packages/foo-1.0-py3.11.egg/EGG-INFO/PKG-INFO"));
  EXPECT_TRUE(e.ClaimsPath("/usr/lib/python3/dist-packages/python_apt-2.6.0.egg-info"));
  EXPECT_FALSE(e.ClaimsPath("/src/project/METADATA"));
  EXPECT_FALSE(e.ClaimsPath("/src/project/PKG-INFO"));
  EXPECT_FALSE(e.ClaimsPath("/six-1.16.0.dist-info/RECORD"));
}

TEST(PythonDistInfo, HostileInputDoesNotCrash) {
  for (const std::string& content :
       {std::string(), std::string(1 << 20, ':'), std::string("Name: \xff\nVersion: \x80\n")}) {
    const auto result = ExtractWith("python-dist-info", "/a.dist-info/METADATA", content);
    EXPECT_TRUE(result.has_value() || !result.error().message.empty());
  }
}

}  // namespace
}  // namespace vigil::inventory
