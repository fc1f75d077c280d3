// Unit tests of the JVM extractors (pom.xml, gradle.lockfile, gradle/verification-metadata.xml)
// and the CSV input: what the upstream fixtures do not cover.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "inventory/lang/pom_xml.h"
#include "inventory/registry.h"

namespace vigil::inventory {
namespace {

class NoFiles final : public FileSystem {
 public:
  Result<std::string> Read(const std::filesystem::path& path) const override {
    return Fail(ErrorCode::kNotFound, path.string());
  }
};

Result<std::vector<Package>> ExtractWith(std::string_view extractor, std::string_view path, std::string_view content) {
  const Extractor* e = FindExtractor(extractor);
  if (e == nullptr) return Fail(ErrorCode::kInternal, "no extractor " + std::string(extractor));
  return e->Extract(path, content, NoFiles());
}

std::string Describe(const Package& p) {
  std::string out = p.name + "@" + p.version;
  for (const auto& g : p.dep_groups) out += " #" + g;
  return out;
}

std::vector<std::string> Describe(const std::vector<Package>& packages) {
  std::vector<std::string> out;
  for (const auto& p : packages) out.push_back(Describe(p));
  return out;
}

// --- pom.xml -------------------------------------------------------------------------------

TEST(MavenRequirement, ResolvesToTheLowerBoundOfTheFirstRange) {
  EXPECT_EQ(ResolveMavenRequirement("1.0"), "1.0");
  EXPECT_EQ(ResolveMavenRequirement("[1.0]"), "1.0");
  EXPECT_EQ(ResolveMavenRequirement("(,1.0]"), "0");
  EXPECT_EQ(ResolveMavenRequirement("[1.2,1.3]"), "1.2");
  EXPECT_EQ(ResolveMavenRequirement("[1.0,2.0)"), "1.0");
  EXPECT_EQ(ResolveMavenRequirement("[1.5,)"), "1.5");
  EXPECT_EQ(ResolveMavenRequirement("(,1.0],[1.2,)"), "0");
  EXPECT_EQ(ResolveMavenRequirement("(,1.1),(1.1,)"), "0");
  EXPECT_EQ(ResolveMavenRequirement(""), "0");
}

TEST(PomXml, InterpolatesProjectModelAndNestedProperties) {
  const auto result = ExtractWith("pom.xml", "pom.xml", R"(<project>
  <parent><groupId>org.parent</groupId><version>7.1</version></parent>
  <groupId>org.me</groupId><artifactId>app</artifactId><version>2.0.1</version>
  <properties>
    <base>3.4</base>
    <full>${base}.5</full>
  </properties>
  <dependencies>
    <dependency><groupId>${project.groupId}</groupId><artifactId>core</artifactId><version>${project.version}</version></dependency>
    <dependency><groupId>org.x</groupId><artifactId>x</artifactId><version>${full}-jre</version></dependency>
    <dependency><groupId>org.y</groupId><artifactId>y</artifactId><version>${project.parent.version}</version></dependency>
  </dependencies>
</project>)");
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(Describe(*result), (std::vector<std::string>{"org.me:core@2.0.1", "org.x:x@3.4.5-jre", "org.y:y@7.1"}));
  EXPECT_EQ((*result)[0].ecosystem, "Maven");
  EXPECT_EQ((*result)[0].location, "pom.xml");
  EXPECT_EQ((*result)[0].direct, true);
}

TEST(PomXml, ProjectVersionFallsBackToTheParent) {
  const auto result = ExtractWith("pom.xml", "pom.xml", R"(<project>
  <parent><groupId>g</groupId><artifactId>p</artifactId><version>9.9</version></parent>
  <dependencies><dependency><groupId>g</groupId><artifactId>a</artifactId><version>${project.version}</version></dependency></dependencies>
</project>)");
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(Describe(*result), (std::vector<std::string>{"g:a@9.9"}));
}

TEST(PomXml, UnresolvableAndCyclicPropertiesGiveVersionZero) {
  const auto result = ExtractWith("pom.xml", "pom.xml", R"(<project>
  <properties><a>${b}</a><b>${a}</b></properties>
  <dependencies>
    <dependency><groupId>g</groupId><artifactId>cyclic</artifactId><version>${a}</version></dependency>
    <dependency><groupId>g</groupId><artifactId>missing</artifactId><version>${nope}</version></dependency>
  </dependencies>
</project>)");
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(Describe(*result), (std::vector<std::string>{"g:cyclic@0", "g:missing@0"}));
}

TEST(PomXml, ExponentialPropertyExpansionIsBounded) {
  std::string pom = "<project><properties><p0>xxxxxxxxxxxxxxxx</p0>";
  for (int i = 1; i < 60; ++i) {
    pom += "<p" + std::to_string(i) + ">${p" + std::to_string(i - 1) + "}${p" + std::to_string(i - 1) + "}</p" +
           std::to_string(i) + ">";
  }
  pom +=
      "</properties><dependencies><dependency><groupId>g</groupId><artifactId>a</artifactId>"
      "<version>${p59}</version></dependency></dependencies></project>";
  const auto result = ExtractWith("pom.xml", "pom.xml", pom);
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(Describe(*result), (std::vector<std::string>{"g:a@0"}));
}

TEST(PomXml, ManagementSuppliesMissingVersionAndScope) {
  const auto result = ExtractWith("pom.xml", "pom.xml", R"(<project>
  <dependencies>
    <dependency><groupId>g</groupId><artifactId>managed</artifactId></dependency>
    <dependency><groupId>g</groupId><artifactId>pinned</artifactId><version>1.0</version></dependency>
    <dependency><groupId>g</groupId><artifactId>loose</artifactId></dependency>
  </dependencies>
  <dependencyManagement><dependencies>
    <dependency><groupId>g</groupId><artifactId>managed</artifactId><version>[2.5,3)</version><scope>test</scope></dependency>
    <dependency><groupId>g</groupId><artifactId>pinned</artifactId><version>2.0</version></dependency>
  </dependencies></dependencyManagement>
</project>)");
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(Describe(*result), (std::vector<std::string>{"g:managed@2.5 #test", "g:pinned@1.0", "g:loose@0"}));
  EXPECT_EQ((*result)[0].scope, Scope::kDev);
  EXPECT_EQ((*result)[1].scope, Scope::kProd);
}

TEST(PomXml, AnExplicitCompileScopeIsNotOverriddenByManagement) {
  const auto result = ExtractWith("pom.xml", "pom.xml", R"(<project>
  <dependencies><dependency><groupId>g</groupId><artifactId>a</artifactId><scope>compile</scope></dependency></dependencies>
  <dependencyManagement><dependencies>
    <dependency><groupId>g</groupId><artifactId>a</artifactId><version>3.1</version><scope>test</scope></dependency>
  </dependencies></dependencyManagement>
</project>)");
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(Describe(*result), (std::vector<std::string>{"g:a@3.1"}));
  EXPECT_EQ((*result)[0].scope, Scope::kProd);
}

TEST(PomXml, NonDefaultScopesBecomeGroups) {
  const auto result = ExtractWith("pom.xml", "pom.xml", R"(<project><dependencies>
    <dependency><groupId>g</groupId><artifactId>a</artifactId><version>1</version><scope>provided</scope></dependency>
    <dependency><groupId>g</groupId><artifactId>b</artifactId><version>1</version><scope> compile </scope></dependency>
    <dependency><groupId>g</groupId><artifactId>c</artifactId><version>1</version><scope>test</scope></dependency>
  </dependencies></project>)");
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(Describe(*result), (std::vector<std::string>{"g:a@1 #provided", "g:b@1", "g:c@1 #test"}));
  EXPECT_EQ((*result)[2].scope, Scope::kDev);
}

TEST(PomXml, AcceptsAPrefixedPomNamespace) {
  const auto result = ExtractWith("pom.xml", "pom.xml", R"(<pom:project xmlns:pom="http://maven.apache.org/POM/4.0.0">
  <pom:dependencies><pom:dependency><pom:groupId>g</pom:groupId><pom:artifactId>a</pom:artifactId>
  <pom:version>1.2</pom:version></pom:dependency></pom:dependencies></pom:project>)");
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(Describe(*result), (std::vector<std::string>{"g:a@1.2"}));
}

TEST(PomXml, MalformedXmlNamesFileAndLine) {
  const auto result = ExtractWith("pom.xml", "dir/pom.xml", "<project>\n<dependencies>\n<${x}>\n</project>");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(result.error().message.starts_with("dir/pom.xml:3: ")) << result.error().message;
}

TEST(PomXml, OtherRootElementIsRejected) {
  const auto result = ExtractWith("pom.xml", "pom.xml", "<?xml version=\"1.0\"?>\n\n<settings/>");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().message, "pom.xml:3: not a pom.xml: the root element is <settings>, expected <project>");
}

TEST(PomXml, HostileInputFailsOrParsesWithoutCrashing) {
  EXPECT_FALSE(ExtractWith("pom.xml", "pom.xml", ""));
  EXPECT_FALSE(ExtractWith("pom.xml", "pom.xml", "plain text"));
  std::string nested = "<project>";
  for (int i = 0; i < 100000; ++i) nested += "<a>";
  EXPECT_FALSE(ExtractWith("pom.xml", "pom.xml", nested));  // unclosed
  for (int i = 0; i < 100000; ++i) nested += "</a>";
  nested += "</project>";
  EXPECT_TRUE(ExtractWith("pom.xml", "pom.xml", nested));
  const auto utf8 =
      ExtractWith("pom.xml", "pom.xml",
                  "<project><dependencies><dependency><groupId>\xff\xfe</groupId><artifactId>a</artifactId>"
                  "<version>\xc3</version></dependency></dependencies></project>");
  ASSERT_TRUE(utf8) << utf8.error().message;
  EXPECT_EQ(utf8->size(), 1u);
}

// --- gradle.lockfile -----------------------------------------------------------------------

TEST(GradleLockfile, ClaimsBothLockfileNames) {
  const Extractor* e = FindExtractor("gradle.lockfile");
  ASSERT_NE(e, nullptr);
  EXPECT_TRUE(e->ClaimsPath("/src/app/gradle.lockfile"));
  EXPECT_TRUE(e->ClaimsPath("/src/app/buildscript-gradle.lockfile"));
  EXPECT_FALSE(e->ClaimsPath("/src/app/settings-gradle.lockfile"));
}

TEST(GradleLockfile, ReadsCrlfLinesAndTestOnlyConfigurationsAsDev) {
  const auto result = ExtractWith("gradle.lockfile", "gradle.lockfile",
                                  "# comment\r\n"
                                  "junit:junit:4.13.2=testCompileClasspath,testRuntimeClasspath\r\n"
                                  "com.google.guava:guava:32.1.3-jre=compileClasspath,testCompileClasspath\r\n"
                                  "org.x:no-configurations:1.0\r\n"
                                  "bad:line\r\n"
                                  ":missing-group:1.0=compileClasspath\r\n"
                                  "empty=annotationProcessor\r\n");
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(Describe(*result), (std::vector<std::string>{"junit:junit@4.13.2", "com.google.guava:guava@32.1.3-jre",
                                                         "org.x:no-configurations@1.0"}));
  EXPECT_EQ((*result)[0].scope, Scope::kDev);
  EXPECT_EQ((*result)[1].scope, Scope::kProd);
  EXPECT_EQ((*result)[2].scope, Scope::kUnknown);
  EXPECT_TRUE((*result)[0].dep_groups.empty());
}

TEST(GradleLockfile, HostileInputParses) {
  EXPECT_TRUE(ExtractWith("gradle.lockfile", "gradle.lockfile", ""));
  EXPECT_TRUE(ExtractWith("gradle.lockfile", "gradle.lockfile", std::string(1 << 20, ':')));
  const auto binary = ExtractWith("gradle.lockfile", "gradle.lockfile", std::string("a:\xff\0b:c\xfe=\n", 10));
  ASSERT_TRUE(binary);
  EXPECT_EQ(binary->size(), 1u);
}

// --- gradle/verification-metadata.xml ------------------------------------------------------

TEST(GradleVerificationMetadata, ClaimsOnlyInsideAGradleFolder) {
  const Extractor* e = FindExtractor("gradle/verification-metadata.xml");
  ASSERT_NE(e, nullptr);
  EXPECT_TRUE(e->ClaimsPath("/repo/gradle/verification-metadata.xml"));
  EXPECT_FALSE(e->ClaimsPath("/repo/verification-metadata.xml"));
  EXPECT_FALSE(e->ClaimsPath("/repo/notgradle/verification-metadata.xml"));
}

TEST(GradleVerificationMetadata, SkipsIncompleteComponentsAndTrustedArtifacts) {
  const auto result =
      ExtractWith("gradle/verification-metadata.xml", "gradle/verification-metadata.xml", R"(<?xml version="1.0"?>
<verification-metadata xmlns="https://schema.gradle.org/dependency-verification">
  <configuration><trusted-artifacts><trust group="org.trusted" name="t" version="1"/></trusted-artifacts></configuration>
  <components>
    <component group="org.a" name="a" version="1.0"/>
    <component group="org.b" name="b"/>
    <component group="org.a" name="a" version="1.0"/>
  </components>
</verification-metadata>)");
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(Describe(*result), (std::vector<std::string>{"org.a:a@1.0", "org.a:a@1.0"}));
}

TEST(GradleVerificationMetadata, MalformedXmlNamesFileAndLine) {
  const auto result = ExtractWith("gradle/verification-metadata.xml", "g/verification-metadata.xml",
                                  "<verification-metadata>\n<components>\n</verification-metadata>");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(result.error().message.starts_with("g/verification-metadata.xml:3: XML syntax error"))
      << result.error().message;
}

// --- csv -----------------------------------------------------------------------------------

TEST(CsvInput, ClaimsNoPath) {
  const Extractor* e = FindExtractor("csv");
  ASSERT_NE(e, nullptr);
  EXPECT_FALSE(e->ClaimsPath("/x/packages.csv"));
  EXPECT_FALSE(e->ClaimsPath("/x/package-lock.json"));
}

TEST(CsvInput, FollowsGoQuotingRules) {
  const auto result = ExtractWith("csv", "in.csv",
                                  "npm,,\"a,b\",\"1.0\"\r\n"
                                  "\r\n"
                                  "PyPI,,\"say \"\"hi\"\"\",2\n"
                                  "Go,,\"multi\nline\",3\r\n");
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(Describe(*result), (std::vector<std::string>{"a,b@1.0", "multi\nline@3", "say \"hi\"@2"}));
  EXPECT_EQ((*result)[0].location, "in.csv");
}

TEST(CsvInput, KeepsCompareAsOnlyWhenItDiffersFromTheBaseEcosystem) {
  const auto result = ExtractWith("csv", "in.csv", "Debian:12,,libc6,2.36\nnpm,NuGet,x,1\nnpm,,y,1\n,,vue,abc123");
  ASSERT_TRUE(result) << result.error().message;
  ASSERT_EQ(result->size(), 4u);
  EXPECT_EQ((*result)[0].compare_as, "Debian:12");
  EXPECT_EQ((*result)[1].name, "vue");
  EXPECT_EQ((*result)[1].commit, "abc123");
  EXPECT_EQ((*result)[1].compare_as, "");
  EXPECT_EQ((*result)[2].compare_as, "NuGet");
  EXPECT_EQ((*result)[3].compare_as, "");
}

TEST(CsvInput, SortsByNameThenVersionByteWise) {
  const auto result = ExtractWith("csv", "in.csv", "npm,,b,2\nnpm,,b,10\nnpm,,B,1\nnpm,,a,1");
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(Describe(*result), (std::vector<std::string>{"B@1", "a@1", "b@10", "b@2"}));
}

TEST(CsvInput, ErrorsNameFileLineAndRow) {
  const auto count = ExtractWith("csv", "in.csv", "npm,,a,1\n\nnpm,,b,1,extra");
  ASSERT_FALSE(count);
  EXPECT_EQ(count.error().message, "in.csv:3: wrong number of fields (5, but the first record has 4)");
  const auto name = ExtractWith("csv", "in.csv", "npm,,a,1\n\"npm\",,,1");
  ASSERT_FALSE(name);
  EXPECT_EQ(name.error().message, "in.csv:2: row 2: field 3 is empty (must be the name of a package)");
  const auto bare = ExtractWith("csv", "in.csv", "npm,,a\"b,1");
  ASSERT_FALSE(bare);
  EXPECT_EQ(bare.error().message, "in.csv:1: column 7: bare \" in non-quoted field");
  const auto extraneous = ExtractWith("csv", "in.csv", "npm,,\"a\"b,1");
  ASSERT_FALSE(extraneous);
  EXPECT_EQ(extraneous.error().message, "in.csv:1: column 8: extraneous or missing \" in quoted field");
  const auto unterminated = ExtractWith("csv", "in.csv", "npm,,a,1\nnpm,,\"b\n,1");
  ASSERT_FALSE(unterminated);
  EXPECT_EQ(unterminated.error().code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(unterminated.error().message.starts_with("in.csv:3: ")) << unterminated.error().message;
  EXPECT_NE(unterminated.error().message.find("record that starts on line 2"), std::string::npos);
}

TEST(CsvInput, HostileInputFailsOrParsesWithoutCrashing) {
  EXPECT_TRUE(ExtractWith("csv", "in.csv", ""));
  EXPECT_TRUE(ExtractWith("csv", "in.csv", "\n\r\n\n"));
  EXPECT_FALSE(ExtractWith("csv", "in.csv", "\""));
  EXPECT_FALSE(ExtractWith("csv", "in.csv", std::string(1 << 20, '"')));
  EXPECT_FALSE(ExtractWith("csv", "in.csv", std::string(1 << 20, ',')));  // more than enough fields, but no name
  const auto binary = ExtractWith("csv", "in.csv", std::string("\xff,,\xfe\0,1", 7));
  ASSERT_TRUE(binary);
  EXPECT_EQ(binary->size(), 1u);
}

}  // namespace
}  // namespace vigil::inventory
