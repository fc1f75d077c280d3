// Cases from the purl specification's test suite (package-url/purl-spec: test-suite-data.json and
// tests/types/*-test.json, "base" group), plus hostile input.
#include "purl/purl.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace vigil::purl {
namespace {

PackageUrl Make(std::string type, std::string ns, std::string name, std::string version = "",
                std::vector<Qualifier> qualifiers = {}, std::string subpath = "") {
  return PackageUrl{std::move(type),    std::move(ns),         std::move(name),
                    std::move(version), std::move(qualifiers), std::move(subpath)};
}

struct SpecCase {
  const char* input;
  const char* canonical;
  PackageUrl components;
};

class PurlSpecTest : public ::testing::TestWithParam<SpecCase> {};

TEST_P(PurlSpecTest, ParsesToComponentsAndCanonicalForm) {
  const SpecCase& c = GetParam();
  auto parsed = Parse(c.input);
  ASSERT_TRUE(parsed) << c.input << ": " << parsed.error().message;
  EXPECT_EQ(*parsed, c.components) << c.input;
  EXPECT_EQ(ToString(*parsed), c.canonical) << c.input;
  // Building from the components gives the canonical form too, and that parses back unchanged.
  EXPECT_EQ(ToString(c.components), c.canonical);
  auto again = Parse(c.canonical);
  ASSERT_TRUE(again) << c.canonical;
  EXPECT_EQ(*again, c.components);
}

INSTANTIATE_TEST_SUITE_P(
    SpecSuite, PurlSpecTest,
    ::testing::Values(
        SpecCase{"pkg:maven/org.apache.commons/io@1.3.4", "pkg:maven/org.apache.commons/io@1.3.4",
                 Make("maven", "org.apache.commons", "io", "1.3.4")},
        SpecCase{"pkg:maven/org.apache.commons/io", "pkg:maven/org.apache.commons/io",
                 Make("maven", "org.apache.commons", "io")},
        SpecCase{"pkg:GOLANG/google.golang.org/genproto#/googleapis/api/annotations/",
                 "pkg:golang/google.golang.org/genproto#googleapis/api/annotations",
                 Make("golang", "google.golang.org", "genproto", "", {}, "googleapis/api/annotations")},
        SpecCase{"pkg:GOLANG/google.golang.org/genproto@abcdedf#/googleapis/api/annotations/",
                 "pkg:golang/google.golang.org/genproto@abcdedf#googleapis/api/annotations",
                 Make("golang", "google.golang.org", "genproto", "abcdedf", {}, "googleapis/api/annotations")},
        SpecCase{"pkg:golang/github.com/gorilla/context@234fd47e07d1004f0aed9c#api",
                 "pkg:golang/github.com/gorilla/context@234fd47e07d1004f0aed9c#api",
                 Make("golang", "github.com/gorilla", "context", "234fd47e07d1004f0aed9c", {}, "api")},
        SpecCase{"pkg:bitbucket/birKenfeld/pyGments-main@244fd47e07d1014f0aed9c",
                 "pkg:bitbucket/birkenfeld/pygments-main@244fd47e07d1014f0aed9c",
                 Make("bitbucket", "birkenfeld", "pygments-main", "244fd47e07d1014f0aed9c")},
        SpecCase{"pkg:github/Package-url/purl-Spec@244fd47e07d1004f0aed9c",
                 "pkg:github/package-url/purl-spec@244fd47e07d1004f0aed9c",
                 Make("github", "package-url", "purl-spec", "244fd47e07d1004f0aed9c")},
        SpecCase{"pkg:deb/debian/curl@7.50.3-1?arch=i386&distro=jessie",
                 "pkg:deb/debian/curl@7.50.3-1?arch=i386&distro=jessie",
                 Make("deb", "debian", "curl", "7.50.3-1", {{"arch", "i386"}, {"distro", "jessie"}})},
        SpecCase{
            "pkg:docker/customer/dockerimage@sha256:244fd47e07d1004f0aed9c?repository_url=gcr.io",
            "pkg:docker/customer/dockerimage@sha256:244fd47e07d1004f0aed9c?repository_url=gcr.io",
            Make("docker", "customer", "dockerimage", "sha256:244fd47e07d1004f0aed9c", {{"repository_url", "gcr.io"}})},
        SpecCase{"pkg:gem/jruby-launcher@1.1.2?Platform=java", "pkg:gem/jruby-launcher@1.1.2?platform=java",
                 Make("gem", "", "jruby-launcher", "1.1.2", {{"platform", "java"}})},
        SpecCase{"pkg:Maven/org.apache.xmlgraphics/batik-anim@1.9.1?classifier=sources&repositorY_url=repo.spring.io/"
                 "release",
                 "pkg:maven/org.apache.xmlgraphics/batik-anim@1.9.1?classifier=sources&repository_url=repo.spring.io/"
                 "release",
                 Make("maven", "org.apache.xmlgraphics", "batik-anim", "1.9.1",
                      {{"classifier", "sources"}, {"repository_url", "repo.spring.io/release"}})},
        SpecCase{"pkg:Maven/net.sf.jacob-project/jacob@1.14.3?type=dll&classifier=x86",
                 "pkg:maven/net.sf.jacob-project/jacob@1.14.3?classifier=x86&type=dll",
                 Make("maven", "net.sf.jacob-project", "jacob", "1.14.3", {{"classifier", "x86"}, {"type", "dll"}})},
        SpecCase{"pkg:npm/%40angular/animation@12.3.1", "pkg:npm/%40angular/animation@12.3.1",
                 Make("npm", "@angular", "animation", "12.3.1")},
        SpecCase{"pkg:Nuget/EnterpriseLibrary.Common@6.0.1304", "pkg:nuget/EnterpriseLibrary.Common@6.0.1304",
                 Make("nuget", "", "EnterpriseLibrary.Common", "6.0.1304")},
        SpecCase{"pkg:PYPI/Django_package@1.11.1.dev1", "pkg:pypi/django-package@1.11.1.dev1",
                 Make("pypi", "", "django-package", "1.11.1.dev1")},
        SpecCase{"pkg:Rpm/fedora/curl@7.50.3-1.fc25?Arch=i386&Distro=fedora-25",
                 "pkg:rpm/fedora/curl@7.50.3-1.fc25?arch=i386&distro=fedora-25",
                 Make("rpm", "fedora", "curl", "7.50.3-1.fc25", {{"arch", "i386"}, {"distro", "fedora-25"}})},
        SpecCase{"pkg:/maven/org.apache.commons/io", "pkg:maven/org.apache.commons/io",
                 Make("maven", "org.apache.commons", "io")},
        SpecCase{"pkg://maven/org.apache.commons/io", "pkg:maven/org.apache.commons/io",
                 Make("maven", "org.apache.commons", "io")},
        SpecCase{"pkg:///maven/org.apache.commons/io", "pkg:maven/org.apache.commons/io",
                 Make("maven", "org.apache.commons", "io")},
        SpecCase{"pkg:maven/HTTPClient/HTTPClient@0.3-3", "pkg:maven/HTTPClient/HTTPClient@0.3-3",
                 Make("maven", "HTTPClient", "HTTPClient", "0.3-3")},
        SpecCase{"pkg:maven/mygroup/myartifact@1.0.0%20Final?mykey=my%20value",
                 "pkg:maven/mygroup/myartifact@1.0.0%20Final?mykey=my%20value",
                 Make("maven", "mygroup", "myartifact", "1.0.0 Final", {{"mykey", "my value"}})},
        SpecCase{"pkg:conan/cctz@2.3", "pkg:conan/cctz@2.3", Make("conan", "", "cctz", "2.3")},
        SpecCase{"pkg:conan/bincrafters/cctz@2.3?channel=stable", "pkg:conan/bincrafters/cctz@2.3?channel=stable",
                 Make("conan", "bincrafters", "cctz", "2.3", {{"channel", "stable"}})},
        SpecCase{"pkg:conda/absl-py@0.4.1?build=py36h06a4308_0&channel=main&subdir=linux-64&type=tar.bz2",
                 "pkg:conda/absl-py@0.4.1?build=py36h06a4308_0&channel=main&subdir=linux-64&type=tar.bz2",
                 Make("conda", "", "absl-py", "0.4.1",
                      {{"build", "py36h06a4308_0"}, {"channel", "main"}, {"subdir", "linux-64"}, {"type", "tar.bz2"}})},
        SpecCase{"pkg:cran/A3@0.9.1", "pkg:cran/A3@0.9.1", Make("cran", "", "A3", "0.9.1")},
        SpecCase{"pkg:swift/github.com/Alamofire/Alamofire@5.4.3", "pkg:swift/github.com/Alamofire/Alamofire@5.4.3",
                 Make("swift", "github.com/Alamofire", "Alamofire", "5.4.3")},
        SpecCase{"pkg:hackage/AC-HalfInteger@1.2.1", "pkg:hackage/AC-HalfInteger@1.2.1",
                 Make("hackage", "", "AC-HalfInteger", "1.2.1")},
        SpecCase{
            "pkg:npm/mypackage@12.4.5?vcs_url=git://host.com/path/to/repo.git%404345abcd34343",
            "pkg:npm/mypackage@12.4.5?vcs_url=git://host.com/path/to/repo.git%404345abcd34343",
            Make("npm", "", "mypackage", "12.4.5", {{"vcs_url", "git://host.com/path/to/repo.git@4345abcd34343"}})},
        SpecCase{
            "pkg:generic/bitwarderl?checksum=sha1:ad9503c3e994a4f%2Csha256:41bf9088b3a1e6c1ef1d",
            "pkg:generic/bitwarderl?checksum=sha1:ad9503c3e994a4f%2Csha256:41bf9088b3a1e6c1ef1d",
            Make("generic", "", "bitwarderl", "", {{"checksum", "sha1:ad9503c3e994a4f,sha256:41bf9088b3a1e6c1ef1d"}})},
        SpecCase{"pkg:npm/%40babel/core#/googleapis/api/annotations/",
                 "pkg:npm/%40babel/core#googleapis/api/annotations",
                 Make("npm", "@babel", "core", "", {}, "googleapis/api/annotations")},
        SpecCase{"pkg:npm/core@2.0.1#/googleapis/api/annotations/", "pkg:npm/core@2.0.1#googleapis/api/annotations",
                 Make("npm", "", "core", "2.0.1", {}, "googleapis/api/annotations")},
        SpecCase{"pkg:npm/foo@1.0.0#src/%F0%9F%98%83/file.js", "pkg:npm/foo@1.0.0#src/%F0%9F%98%83/file.js",
                 Make("npm", "", "foo", "1.0.0", {}, "src/\xF0\x9F\x98\x83/file.js")},
        SpecCase{"pkg:npm/%40MyScope/MyPackage@1.0.0", "pkg:npm/%40myscope/mypackage@1.0.0",
                 Make("npm", "@myscope", "mypackage", "1.0.0")}));

TEST(PurlParse, RejectsWhatTheSpecSuiteMarksInvalid) {
  for (const char* input : {
           "EnterpriseLibrary.Common@6.0.1304",              // no scheme
           "pkg:EnterpriseLibrary.Common@6.0.1304",          // no type
           "pkg:n&g?inx/nginx@0.8.9",                        // invalid character in type
           "pkg:3nginx/nginx@0.8.9",                         // type starts with a digit
           "pkg:nginx:a/nginx@0.8.9",                        // colon in type
           "pkg:npm/myartifact@1.0.0?in%20production=true",  // invalid qualifier key
           "pkg:maven/@1.3.4",                               // no name
           "pkg%3Amaven/org.apache.commons/io",              // encoded colon after the scheme
           "pkg:cran/@0.9.1",                                // no name
           "pkg:cran/A3",                                    // cran needs a version
           "pkg:swift/Alamofire@5.4.3",                      // swift needs a namespace
           "pkg:swift/github.com/Alamofire/@5.4.3",          // no name
           "pkg:swift/github.com/Alamofire/Alamofire",       // swift needs a version
           "pkg:hackage",                                    // name and version
           "pkg:npm/foobar@",                                // empty version
           "pkg:npm/",                                       // only a type
       }) {
    EXPECT_FALSE(Parse(input)) << input;
  }
}

TEST(PurlParse, ReadsAnUnencodedNpmScopeAsManySbomProducersWriteIt) {
  auto with_version = Parse("pkg:npm/@angular/animation@12.3.1");
  ASSERT_TRUE(with_version);
  EXPECT_EQ(*with_version, Make("npm", "@angular", "animation", "12.3.1"));
  auto without_version = Parse("pkg:npm/@babel/core");
  ASSERT_TRUE(without_version);
  EXPECT_EQ(*without_version, Make("npm", "@babel", "core"));
}

TEST(PurlParse, DecodesPercentEscapesButNotPlus) {
  auto parsed = Parse("pkg:deb/debian/libc6@2.36-9%2Bdeb12u4?distro=debian-12");
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->version, "2.36-9+deb12u4");
  auto plus = Parse("pkg:deb/debian/libc6@2.36-9+deb12u4");
  ASSERT_TRUE(plus);
  EXPECT_EQ(plus->version, "2.36-9+deb12u4");
  EXPECT_EQ(ToString(*plus), "pkg:deb/debian/libc6@2.36-9%2Bdeb12u4");
}

TEST(PurlParse, KeepsGoModulePathCase) {
  auto parsed = Parse("pkg:golang/github.com/BurntSushi/toml@v1.3.2");
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->namespace_, "github.com/BurntSushi");
  EXPECT_EQ(parsed->name, "toml");
}

TEST(PurlParse, LowercasesCaseInsensitiveTypes) {
  EXPECT_EQ(Parse("pkg:composer/Laravel/Framework@7.0")->namespace_, "laravel");
  EXPECT_EQ(Parse("pkg:composer/Laravel/Framework@7.0")->name, "framework");
  EXPECT_EQ(Parse("pkg:hex/Jason@1.1.2")->name, "jason");
  EXPECT_EQ(Parse("pkg:pub/Characters@1.2.0")->name, "characters");
  EXPECT_EQ(Parse("pkg:apk/Alpine/Curl@7.83.0-r0")->namespace_, "alpine");
  EXPECT_EQ(Parse("pkg:rpm/Fedora/NetworkManager@1.0")->namespace_, "fedora");
  EXPECT_EQ(Parse("pkg:rpm/Fedora/NetworkManager@1.0")->name, "NetworkManager");  // rpm names keep case
  EXPECT_EQ(Parse("pkg:cargo/Inflector@0.11.4")->name, "Inflector");
  EXPECT_EQ(Parse("pkg:gem/RedCloth@4.3.2")->name, "RedCloth");
}

TEST(PurlParse, DropsEmptyQualifiersAndDotSegments) {
  auto parsed = Parse("pkg:npm/foo@1.0?arch=&os=linux&&#./a/../b//");
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->qualifiers, (std::vector<Qualifier>{{"os", "linux"}}));
  EXPECT_EQ(parsed->subpath, "a/b");
  EXPECT_EQ(parsed->FindQualifier("os"), "linux");
  EXPECT_EQ(parsed->FindQualifier("arch"), std::nullopt);
}

TEST(PurlParse, ErrorsNameTheReason) {
  auto bad_escape = Parse("pkg:npm/foo%G1@1.0");
  ASSERT_FALSE(bad_escape);
  EXPECT_EQ(bad_escape.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(bad_escape.error().message.find("percent-encoding in the name"), std::string::npos);
  auto truncated = Parse("pkg:npm/foo@1.0%4");
  ASSERT_FALSE(truncated);
  EXPECT_NE(truncated.error().message.find("version"), std::string::npos);
  auto twice = Parse("pkg:npm/foo@1.0?a=1&A=2");
  ASSERT_FALSE(twice);
  EXPECT_NE(twice.error().message.find("twice"), std::string::npos);
  auto slash = Parse("pkg:maven/a%2Fb/c@1");
  ASSERT_FALSE(slash);
  EXPECT_NE(slash.error().message.find("namespace"), std::string::npos);
}

TEST(PurlParse, SurvivesHostileInput) {
  EXPECT_FALSE(Parse(""));
  EXPECT_FALSE(Parse("pkg:"));
  EXPECT_FALSE(Parse("pkg:/"));
  EXPECT_FALSE(Parse("%"));
  EXPECT_FALSE(Parse("pkg:npm/%"));
  EXPECT_TRUE(Parse(std::string("pkg:npm/a\xff\xfe@1\0x", 15)));  // bytes pass through undecoded
  const std::string slashes = "pkg:" + std::string(100000, '/') + "npm/" + std::string(100000, '/') + "x";
  auto many = Parse(slashes);
  ASSERT_TRUE(many);
  EXPECT_EQ(many->name, "x");
  EXPECT_EQ(ToString(*many), "pkg:npm/x");
}

TEST(PurlToString, EncodesOutsideTheAllowedSet) {
  EXPECT_EQ(ToString(Make("generic", "", "a b/c", "1+2", {{"url", "https://x/y?z=1&w"}}, "p q/r")),
            "pkg:generic/a%20b%2Fc@1%2B2?url=https://x/y%3Fz%3D1%26w#p%20q/r");
  // Qualifiers with empty values are left out, keys lowercased and sorted.
  EXPECT_EQ(ToString(Make("npm", "", "x", "", {{"Z", "1"}, {"a", ""}, {"b", "2"}})), "pkg:npm/x?b=2&z=1");
}

}  // namespace
}  // namespace vigil::purl
