// SBOM extractors: CycloneDX JSON and XML (1.2-1.6), SPDX JSON and tag-value (2.2/2.3). Real BOMs
// from ../shared/fixtures/sbom/cyclonedx, hand-written documents for XML, SPDX and errors.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "inventory/registry.h"
#include "testing/corpus.h"

namespace vigil::inventory {
namespace {

class NoFiles final : public FileSystem {
 public:
  [[nodiscard]] Result<std::string> Read(const std::filesystem::path& path) const override {
    return Fail(ErrorCode::kNotFound, path.string());
  }
};

const Extractor& Get(std::string_view name) {
  const Extractor* e = FindExtractor(name);
  EXPECT_NE(e, nullptr) << name;
  return *e;
}

Result<std::vector<Package>> ExtractWith(std::string_view extractor, std::string_view path, std::string_view content) {
  return Get(extractor).Extract(path, content, NoFiles());
}

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

const Package* Find(const std::vector<Package>& packages, std::string_view name) {
  const auto it = std::find_if(packages.begin(), packages.end(), [&](const Package& p) { return p.name == name; });
  return it == packages.end() ? nullptr : &*it;
}

// ---------------------------------------------------------------------------------------------
// CycloneDX JSON on real BOMs.

struct BomFixture {
  const char* file;
  std::size_t components_with_purl;  // counted with python3 walking `components` recursively
  const char* ecosystem;
};

class CycloneDxFixtureTest : public ::testing::TestWithParam<BomFixture> {};

TEST_P(CycloneDxFixtureTest, ReadsEveryComponentWithAPurl) {
  VIGIL_REQUIRE_CORPUS();
  const BomFixture& f = GetParam();
  const std::filesystem::path path = corpus / "fixtures/sbom/cyclonedx" / f.file;
  const std::string content = ReadFile(path);
  ASSERT_FALSE(content.empty()) << path;
  EXPECT_EQ(ExtractorFor(path, content), FindExtractor("cyclonedx-json"));
  auto packages = ExtractFile(path, DiskFileSystem("/"));
  ASSERT_TRUE(packages) << packages.error().message;
  EXPECT_EQ(packages->size(), f.components_with_purl);
  for (const Package& p : *packages) {
    EXPECT_EQ(p.ecosystem, f.ecosystem) << p.purl;
    EXPECT_FALSE(p.name.empty()) << p.purl;
    EXPECT_FALSE(p.version.empty()) << p.purl;
    EXPECT_TRUE(p.purl.starts_with("pkg:")) << p.purl;
    EXPECT_EQ(p.location, path.string());
  }
}

// python3 -c 'import json,sys; d=json.load(open(sys.argv[1]));
//   w=lambda cs: sum((1 if c.get("purl") else 0)+w(c.get("components",[])) for c in cs);
//   print(w(d.get("components",[])))' <file>
INSTANTIATE_TEST_SUITE_P(Fixtures, CycloneDxFixtureTest,
                         ::testing::Values(BomFixture{"keycloak-10.0.2_bom.json", 903, "Maven"},
                                           BomFixture{"dropwizard-1.3.15_bom.json", 167, "Maven"},
                                           BomFixture{"juice-shop_v11.1.2_bom.json", 840, "npm"},
                                           BomFixture{"cern-lhc-vdm-editor-e564943_bom.json", 43, "npm"},
                                           BomFixture{"laravel-7.12.0_bom.1.4.json", 62, "Packagist"}));

TEST(CycloneDxJson, MapsPurlsToOsvNames) {
  VIGIL_REQUIRE_CORPUS();
  const auto dir = corpus / "fixtures/sbom/cyclonedx";
  auto keycloak = ExtractFile(dir / "keycloak-10.0.2_bom.json", DiskFileSystem("/"));
  ASSERT_TRUE(keycloak);
  const Package* bc = Find(*keycloak, "org.bouncycastle:bcprov-jdk15on");
  ASSERT_NE(bc, nullptr);
  EXPECT_EQ(bc->version, "1.62");
  EXPECT_EQ(bc->purl, "pkg:maven/org.bouncycastle/bcprov-jdk15on@1.62?type=jar");
  EXPECT_EQ(bc->compare_as, "");

  auto juice = ExtractFile(dir / "juice-shop_v11.1.2_bom.json", DiskFileSystem("/"));
  ASSERT_TRUE(juice);
  const Package* scoped = Find(*juice, "@sindresorhus/is");
  ASSERT_NE(scoped, nullptr);
  EXPECT_EQ(scoped->version, "0.7.0");

  auto laravel = ExtractFile(dir / "laravel-7.12.0_bom.1.4.json", DiskFileSystem("/"));
  ASSERT_TRUE(laravel);
  const Package* cors = Find(*laravel, "asm89/stack-cors");
  ASSERT_NE(cors, nullptr);
  EXPECT_EQ(cors->version, "1.3.0");
}

// ---------------------------------------------------------------------------------------------
// CycloneDX JSON, hand-written.

constexpr std::string_view kCycloneDx16 = R"({
  "bomFormat": "CycloneDX",
  "specVersion": "1.6",
  "metadata": {"component": {"bom-ref": "app", "type": "application", "name": "app"}},
  "components": [
    {"bom-ref": "a", "type": "library", "name": "lodash", "version": "4.17.21",
     "purl": "pkg:npm/lodash@4.17.21", "scope": "required"},
    {"bom-ref": "b", "type": "library", "name": "parent", "purl": "pkg:pypi/Parent_Pkg@1.0", "scope": "optional",
     "components": [
       {"bom-ref": "c", "type": "library", "name": "child", "purl": "pkg:golang/github.com/BurntSushi/toml@v1.3.2",
        "scope": "excluded"},
       {"type": "file", "name": "README.md"}
     ]},
    {"type": "library", "name": "no-purl", "version": "1.0"},
    {"type": "library", "name": "gen", "purl": "pkg:generic/openssl@3.0.0"},
    {"type": "library", "name": "bad", "purl": "not a purl"},
    {"bom-ref": "d", "type": "library", "name": "libc6", "version": "2.36-9+deb12u4",
     "purl": "pkg:deb/debian/libc6?arch=amd64&upstream=glibc&distro=debian-12"}
  ],
  "dependencies": [{"ref": "app", "dependsOn": ["a", "d"]}, {"ref": "b", "dependsOn": ["c"]}]
})";

TEST(CycloneDxJson, WalksNestedComponentsAndSkipsThoseWithoutAnOsvPurl) {
  auto packages = ExtractWith("cyclonedx-json", "sbom.cdx.json", kCycloneDx16);
  ASSERT_TRUE(packages) << packages.error().message;
  ASSERT_EQ(packages->size(), 4U);

  const Package& lodash = (*packages)[0];
  EXPECT_EQ(lodash.name, "lodash");
  EXPECT_EQ(lodash.ecosystem, "npm");
  EXPECT_EQ(lodash.scope, Scope::kProd);
  EXPECT_EQ(lodash.direct, true);

  const Package& parent = (*packages)[1];
  EXPECT_EQ(parent.name, "parent-pkg");
  EXPECT_EQ(parent.ecosystem, "PyPI");
  EXPECT_EQ(parent.scope, Scope::kOptional);
  EXPECT_EQ(parent.direct, false);
  EXPECT_EQ(parent.purl, "pkg:pypi/Parent_Pkg@1.0");

  const Package& child = (*packages)[2];
  EXPECT_EQ(child.name, "github.com/BurntSushi/toml");
  EXPECT_EQ(child.ecosystem, "Go");
  EXPECT_EQ(child.scope, Scope::kDev);

  // The purl has no version, so the component's own version counts; Debian keys on the source.
  const Package& libc = (*packages)[3];
  EXPECT_EQ(libc.ecosystem, "Debian:12");
  EXPECT_EQ(libc.name, "glibc");
  EXPECT_EQ(libc.version, "2.36-9+deb12u4");
  EXPECT_EQ(libc.source_name, "glibc");
  EXPECT_EQ(libc.binary_name, "libc6");
  EXPECT_EQ(libc.arch, "amd64");
  EXPECT_EQ(libc.direct, true);
}

TEST(CycloneDxJson, LeavesDirectUnknownWithoutADependencyGraph) {
  auto packages =
      ExtractWith("cyclonedx-json", "bom.json",
                  R"({"bomFormat":"CycloneDX","specVersion":"1.2","components":[{"purl":"pkg:cargo/serde@1.0.0"}]})");
  ASSERT_TRUE(packages);
  ASSERT_EQ(packages->size(), 1U);
  EXPECT_EQ((*packages)[0].ecosystem, "crates.io");
  EXPECT_EQ((*packages)[0].direct, std::nullopt);
  EXPECT_EQ((*packages)[0].scope, Scope::kUnknown);
}

TEST(CycloneDxJson, ErrorsNameTheFileAndJsonPath) {
  auto not_array = ExtractWith("cyclonedx-json", "x.cdx.json", R"({"bomFormat":"CycloneDX","components":{}})");
  ASSERT_FALSE(not_array);
  EXPECT_EQ(not_array.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(not_array.error().message, "x.cdx.json: $.components: expected an array");

  auto bad_purl =
      ExtractWith("cyclonedx-json", "x.cdx.json",
                  R"({"components":[{"purl":"pkg:npm/a@1","components":[{"purl":"pkg:npm/b@1"},{"purl":3}]}]})");
  ASSERT_FALSE(bad_purl);
  EXPECT_EQ(bad_purl.error().message, "x.cdx.json: $.components[0].components[1].purl: expected a string");

  auto not_object = ExtractWith("cyclonedx-json", "x.cdx.json", R"({"components":[1]})");
  ASSERT_FALSE(not_object);
  EXPECT_EQ(not_object.error().message, "x.cdx.json: $.components[0]: expected an object");

  auto other_format = ExtractWith("cyclonedx-json", "x.cdx.json", R"({"bomFormat":"SPDX"})");
  ASSERT_FALSE(other_format);
  EXPECT_NE(other_format.error().message.find("$.bomFormat"), std::string::npos);

  auto invalid = ExtractWith("cyclonedx-json", "x.cdx.json", R"({"components":[)");
  ASSERT_FALSE(invalid);
  EXPECT_TRUE(invalid.error().message.starts_with("x.cdx.json: invalid JSON")) << invalid.error().message;
}

TEST(CycloneDxJson, SurvivesHostileInput) {
  EXPECT_FALSE(ExtractWith("cyclonedx-json", "x.cdx.json", ""));
  EXPECT_FALSE(ExtractWith("cyclonedx-json", "x.cdx.json", "[]"));
  EXPECT_FALSE(ExtractWith("cyclonedx-json", "x.cdx.json", "\xff\xfe{"));
  std::string deep = R"({"components":)";
  for (int i = 0; i < 200; ++i) deep += R"([{"purl":"pkg:npm/a@1","components":)";
  deep += "[]";
  for (int i = 0; i < 200; ++i) deep += "}]";
  deep += "}";
  auto nested = ExtractWith("cyclonedx-json", "x.cdx.json", deep);
  ASSERT_FALSE(nested);
  EXPECT_NE(nested.error().message.find("nested too deeply"), std::string::npos);
  // A purl of invalid UTF-8 is only bytes: it maps or is skipped, never crashes.
  auto bytes = ExtractWith("cyclonedx-json", "x.cdx.json", "{\"components\":[{\"purl\":\"pkg:npm/\\u00ff%FF%00@1\"}]}");
  ASSERT_TRUE(bytes);
}

// ---------------------------------------------------------------------------------------------
// CycloneDX XML.

constexpr std::string_view kCycloneDxXml = R"(<?xml version="1.0" encoding="UTF-8"?>
<bom xmlns="http://cyclonedx.org/schema/bom/1.5" serialNumber="urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79" version="1">
  <metadata><component type="application" bom-ref="app"><name>app</name></component></metadata>
  <components>
    <component type="library" bom-ref="jackson">
      <group>com.fasterxml.jackson.core</group>
      <name>jackson-databind</name>
      <version>2.9.10</version>
      <scope>required</scope>
      <purl>pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.10?type=jar</purl>
      <components>
        <component type="library" bom-ref="annotations">
          <name>jackson-annotations</name>
          <purl><![CDATA[pkg:maven/com.fasterxml.jackson.core/jackson-annotations@2.9.10]]></purl>
        </component>
      </components>
    </component>
    <component type="file"><name>notes.txt</name></component>
    <component type="library"><name>x</name><purl>pkg:apk/alpine/musl@1.2.5-r0?distro=alpine-3.20.1</purl></component>
  </components>
  <dependencies>
    <dependency ref="app"><dependency ref="jackson"/></dependency>
  </dependencies>
</bom>
)";

TEST(CycloneDxXml, WalksNestedComponents) {
  auto packages = ExtractWith("cyclonedx-xml", "bom.xml", kCycloneDxXml);
  ASSERT_TRUE(packages) << packages.error().message;
  ASSERT_EQ(packages->size(), 3U);
  EXPECT_EQ((*packages)[0].name, "com.fasterxml.jackson.core:jackson-databind");
  EXPECT_EQ((*packages)[0].version, "2.9.10");
  EXPECT_EQ((*packages)[0].ecosystem, "Maven");
  EXPECT_EQ((*packages)[0].scope, Scope::kProd);
  EXPECT_EQ((*packages)[0].direct, true);
  EXPECT_EQ((*packages)[1].name, "com.fasterxml.jackson.core:jackson-annotations");
  EXPECT_EQ((*packages)[1].direct, false);
  EXPECT_EQ((*packages)[2].name, "musl");
  EXPECT_EQ((*packages)[2].ecosystem, "Alpine:v3.20");
  EXPECT_EQ(ExtractorFor("some/bom.xml", kCycloneDxXml), FindExtractor("cyclonedx-xml"));
  EXPECT_EQ(ExtractorFor("some/image-sbom.xml", kCycloneDxXml), FindExtractor("cyclonedx-xml"));
}

TEST(CycloneDxXml, ReadsPrefixedElementsOfOlderSpecVersions) {
  constexpr std::string_view kPrefixed = R"(<bom:bom xmlns:bom="http://cyclonedx.org/schema/bom/1.2" version="1">
  <bom:components>
    <bom:component type="library"><bom:name>rails</bom:name><bom:version>7.0.0</bom:version>
      <bom:purl>pkg:gem/rails</bom:purl></bom:component>
  </bom:components>
</bom:bom>)";
  auto packages = ExtractWith("cyclonedx-xml", "x.cdx.xml", kPrefixed);
  ASSERT_TRUE(packages) << packages.error().message;
  ASSERT_EQ(packages->size(), 1U);
  EXPECT_EQ((*packages)[0].name, "rails");
  EXPECT_EQ((*packages)[0].version, "7.0.0");
  EXPECT_EQ((*packages)[0].ecosystem, "RubyGems");
  EXPECT_EQ((*packages)[0].direct, std::nullopt);
}

TEST(CycloneDxXml, ErrorsNameTheFileAndLine) {
  auto broken = ExtractWith("cyclonedx-xml", "x.cdx.xml", "<bom>\n<components>\n<component>\n</bom>");
  ASSERT_FALSE(broken);
  EXPECT_EQ(broken.error().code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(broken.error().message.starts_with("x.cdx.xml:4: invalid XML")) << broken.error().message;
  auto other = ExtractWith("cyclonedx-xml", "x.cdx.xml", "<?xml version=\"1.0\"?>\n<project/>");
  ASSERT_FALSE(other);
  EXPECT_TRUE(other.error().message.starts_with("x.cdx.xml:2: expected a CycloneDX <bom>")) << other.error().message;
  EXPECT_FALSE(ExtractWith("cyclonedx-xml", "x.cdx.xml", ""));
  std::string deep = "<bom><components>";
  for (int i = 0; i < 200; ++i) deep += "<component><purl>pkg:npm/a@1</purl><components>";
  for (int i = 0; i < 200; ++i) deep += "</components></component>";
  deep += "</components></bom>";
  auto nested = ExtractWith("cyclonedx-xml", "x.cdx.xml", deep);
  ASSERT_FALSE(nested);
  EXPECT_NE(nested.error().message.find("nested too deeply"), std::string::npos);
}

// ---------------------------------------------------------------------------------------------
// SPDX JSON.

constexpr std::string_view kSpdx23 = R"({
  "spdxVersion": "SPDX-2.3",
  "dataLicense": "CC0-1.0",
  "SPDXID": "SPDXRef-DOCUMENT",
  "name": "example",
  "packages": [
    {"SPDXID": "SPDXRef-root", "name": "example", "versionInfo": "1.0"},
    {"SPDXID": "SPDXRef-1", "name": "requests", "versionInfo": "2.31.0",
     "externalRefs": [
       {"referenceCategory": "SECURITY", "referenceType": "cpe23Type",
        "referenceLocator": "cpe:2.3:a:python:requests:2.31.0:*:*:*:*:*:*:*"},
       {"referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl", "referenceLocator": "pkg:pypi/requests@2.31.0"}
     ]},
    {"SPDXID": "SPDXRef-2", "name": "openssl", "versionInfo": "3.0.7-27.el9",
     "externalRefs": [{"referenceCategory": "PACKAGE_MANAGER", "referenceType": "purl",
                       "referenceLocator": "pkg:rpm/almalinux/openssl?arch=x86_64&epoch=1&distro=almalinux-9"}]}
  ]
})";

TEST(SpdxJson, ReadsPackagesWithAPurlRef) {
  auto packages = ExtractWith("spdx-json", "x.spdx.json", kSpdx23);
  ASSERT_TRUE(packages) << packages.error().message;
  ASSERT_EQ(packages->size(), 2U);
  EXPECT_EQ((*packages)[0].name, "requests");
  EXPECT_EQ((*packages)[0].version, "2.31.0");
  EXPECT_EQ((*packages)[0].ecosystem, "PyPI");
  EXPECT_EQ((*packages)[0].purl, "pkg:pypi/requests@2.31.0");
  EXPECT_EQ((*packages)[1].name, "openssl");
  EXPECT_EQ((*packages)[1].version, "1:3.0.7-27.el9");
  EXPECT_EQ((*packages)[1].ecosystem, "AlmaLinux:9");
  EXPECT_EQ((*packages)[1].arch, "x86_64");
  EXPECT_EQ(ExtractorFor("sbom.json", kSpdx23), FindExtractor("spdx-json"));
}

TEST(SpdxJson, ErrorsNameTheFileAndJsonPath) {
  auto refs = ExtractWith("spdx-json", "x.spdx.json", R"({"spdxVersion":"SPDX-2.2","packages":[{"externalRefs":{}}]})");
  ASSERT_FALSE(refs);
  EXPECT_EQ(refs.error().message, "x.spdx.json: $.packages[0].externalRefs: expected an array");
  auto locator = ExtractWith("spdx-json", "x.spdx.json",
                             R"({"packages":[{},{"externalRefs":[{"referenceType":"purl","referenceLocator":1}]}]})");
  ASSERT_FALSE(locator);
  EXPECT_EQ(locator.error().message, "x.spdx.json: $.packages[1].externalRefs[0].referenceLocator: expected a string");
  EXPECT_FALSE(ExtractWith("spdx-json", "x.spdx.json", ""));
  EXPECT_FALSE(ExtractWith("spdx-json", "x.spdx.json", "{\"packages\":[\xff"));
  auto empty = ExtractWith("spdx-json", "x.spdx.json", R"({"spdxVersion":"SPDX-2.3"})");
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->empty());
}

// ---------------------------------------------------------------------------------------------
// SPDX tag-value.

constexpr std::string_view kSpdxTagValue = R"(SPDXVersion: SPDX-2.3
DataLicense: CC0-1.0
SPDXID: SPDXRef-DOCUMENT
DocumentName: example
DocumentComment: <text>A comment that spans lines
PackageName: not-a-package
ExternalRef: PACKAGE-MANAGER purl pkg:npm/fake@1.0.0
</text>

## The packages
PackageName: express
SPDXID: SPDXRef-Package-express
ExternalRef: PACKAGE-MANAGER purl pkg:npm/express@4.18.2
PackageVersion: 4.18.2
PackageDownloadLocation: NOASSERTION

PackageName: core
SPDXID: SPDXRef-Package-core
ExternalRef: SECURITY cpe23Type cpe:2.3:a:angular:core:16.0.0:*:*:*:*:*:*:*
ExternalRef: PACKAGE_MANAGER purl pkg:npm/%40angular/core
PackageVersion: 16.0.0
PackageComment: <text>one line</text>

PackageName: no-purl
PackageVersion: 1.0

FileName: ./package.json
SPDXID: SPDXRef-File
)";

TEST(SpdxTagValue, ReadsPackagesWithAPurlRef) {
  auto packages = ExtractWith("spdx-tag-value", "x.spdx", kSpdxTagValue);
  ASSERT_TRUE(packages) << packages.error().message;
  ASSERT_EQ(packages->size(), 2U);
  EXPECT_EQ((*packages)[0].name, "express");
  EXPECT_EQ((*packages)[0].version, "4.18.2");
  EXPECT_EQ((*packages)[0].ecosystem, "npm");
  EXPECT_EQ((*packages)[1].name, "@angular/core");
  EXPECT_EQ((*packages)[1].version, "16.0.0");  // from PackageVersion: the purl has none
  EXPECT_EQ(ExtractorFor("sbom.txt", kSpdxTagValue), FindExtractor("spdx-tag-value"));
}

TEST(SpdxTagValue, ErrorsNameTheFileAndLine) {
  auto no_colon = ExtractWith("spdx-tag-value", "x.spdx", "SPDXVersion: SPDX-2.2\nPackageName: a\nnonsense\n");
  ASSERT_FALSE(no_colon);
  EXPECT_EQ(no_colon.error().message, "x.spdx:3: expected \"Tag: value\"");
  auto short_ref = ExtractWith("spdx-tag-value", "x.spdx",
                               "SPDXVersion: SPDX-2.2\r\nPackageName: a\r\nExternalRef: PACKAGE-MANAGER purl\r\n");
  ASSERT_FALSE(short_ref);
  EXPECT_EQ(short_ref.error().message, "x.spdx:3: ExternalRef needs a category, a type and a locator");
  auto open_text =
      ExtractWith("spdx-tag-value", "x.spdx", "SPDXVersion: SPDX-2.2\n\nPackageComment: <text>never\nclosed\n");
  ASSERT_FALSE(open_text);
  EXPECT_EQ(open_text.error().message, "x.spdx:3: <text> without </text>");
  // Lines are counted past multi-line text.
  auto after_text = ExtractWith("spdx-tag-value", "x.spdx", "A: <text>1\n2\n3</text>\nbad\n");
  ASSERT_FALSE(after_text);
  EXPECT_EQ(after_text.error().message, "x.spdx:4: expected \"Tag: value\"");
  auto empty = ExtractWith("spdx-tag-value", "x.spdx", "");
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->empty());
  auto bytes = ExtractWith("spdx-tag-value", "x.spdx", "PackageName: \xff\nExternalRef: A purl pkg:npm/\xff\xfe@1\n");
  ASSERT_TRUE(bytes);
}

// ---------------------------------------------------------------------------------------------
// Claims.

TEST(SbomClaims, ByFileName) {
  const auto claims = [](std::string_view extractor, std::string_view path) { return Get(extractor).ClaimsPath(path); };
  for (const char* path : {"bom.json", "dir/app.cdx.json", "x.bom.json", "keycloak-10.0.2_bom.json", "BOM.JSON"}) {
    EXPECT_TRUE(claims("cyclonedx-json", path)) << path;
  }
  EXPECT_FALSE(claims("cyclonedx-json", "package.json"));
  EXPECT_FALSE(claims("cyclonedx-json", "bom.json.bak"));
  EXPECT_TRUE(claims("cyclonedx-xml", "bom.xml"));
  EXPECT_TRUE(claims("cyclonedx-xml", "app.cdx.xml"));
  EXPECT_FALSE(claims("cyclonedx-xml", "pom.xml"));
  EXPECT_TRUE(claims("spdx-json", "app.spdx.json"));
  EXPECT_FALSE(claims("spdx-json", "app.spdx"));
  EXPECT_TRUE(claims("spdx-tag-value", "app.spdx"));
  EXPECT_FALSE(claims("spdx-tag-value", "app.spdx.json"));
}

TEST(SbomClaims, ByContent) {
  EXPECT_TRUE(Get("cyclonedx-json").ClaimsContent("{\n  \"bomFormat\" :\n \"CycloneDX\", \"specVersion\": \"1.6\"}"));
  EXPECT_FALSE(Get("cyclonedx-json").ClaimsContent(R"({"name": "bomFormat", "x": "CycloneDX"})"));
  EXPECT_TRUE(Get("cyclonedx-xml").ClaimsContent(R"(<bom xmlns="http://cyclonedx.org/schema/bom/1.4"/>)"));
  EXPECT_FALSE(Get("cyclonedx-xml").ClaimsContent(R"(<project xmlns="http://maven.apache.org/POM/4.0.0"/>)"));
  EXPECT_TRUE(Get("spdx-json").ClaimsContent(R"({"spdxVersion": "SPDX-2.2"})"));
  EXPECT_FALSE(Get("spdx-json").ClaimsContent("SPDXVersion: SPDX-2.2\n"));
  EXPECT_TRUE(Get("spdx-tag-value").ClaimsContent("\xEF\xBB\xBFSPDXVersion: SPDX-2.2\n"));
  EXPECT_TRUE(Get("spdx-tag-value").ClaimsContent("# generated\nSPDXVersion: SPDX-2.3\n"));
  EXPECT_FALSE(Get("spdx-tag-value").ClaimsContent(R"({"spdxVersion": "SPDX-2.2"})"));
  for (std::string_view name : {"cyclonedx-json", "cyclonedx-xml", "spdx-json", "spdx-tag-value"}) {
    EXPECT_FALSE(Get(name).ClaimsContent("")) << name;
  }
}

}  // namespace
}  // namespace vigil::inventory
