// The purl <-> OSV identity mapping: name joining per ecosystem and OS release suffixes.
#include "purl/osv.h"

#include <gtest/gtest.h>

#include <string>

namespace vigil::purl {
namespace {

std::optional<Identity> Osv(std::string_view text) {
  auto parsed = Parse(text);
  EXPECT_TRUE(parsed) << text;
  if (!parsed) return std::nullopt;
  return ToOsv(*parsed);
}

TEST(PurlToOsv, JoinsNamespaceAndNameAsEachEcosystemNamesPackages) {
  EXPECT_EQ(Osv("pkg:maven/org.apache.commons/commons-io@2.6?type=jar"),
            (Identity{"Maven", "org.apache.commons:commons-io", "2.6"}));
  EXPECT_EQ(Osv("pkg:golang/github.com/gorilla/context@v1.1.1"),
            (Identity{"Go", "github.com/gorilla/context", "v1.1.1"}));
  EXPECT_EQ(Osv("pkg:npm/%40angular/core@12.0.0"), (Identity{"npm", "@angular/core", "12.0.0"}));
  EXPECT_EQ(Osv("pkg:npm/lodash@4.17.21"), (Identity{"npm", "lodash", "4.17.21"}));
  EXPECT_EQ(Osv("pkg:composer/laravel/framework@7.12.0"), (Identity{"Packagist", "laravel/framework", "7.12.0"}));
  EXPECT_EQ(Osv("pkg:pypi/Django_Rest@3.0"), (Identity{"PyPI", "django-rest", "3.0"}));
  EXPECT_EQ(Osv("pkg:cargo/serde@1.0.0"), (Identity{"crates.io", "serde", "1.0.0"}));
  EXPECT_EQ(Osv("pkg:gem/rails@7.0.0"), (Identity{"RubyGems", "rails", "7.0.0"}));
  EXPECT_EQ(Osv("pkg:hex/acme/phoenix@1.7.0"), (Identity{"Hex", "phoenix", "1.7.0"}));
  EXPECT_EQ(Osv("pkg:pub/http@0.13.0"), (Identity{"Pub", "http", "0.13.0"}));
  EXPECT_EQ(Osv("pkg:nuget/Newtonsoft.Json@13.0.1"), (Identity{"NuGet", "Newtonsoft.Json", "13.0.1"}));
  EXPECT_EQ(Osv("pkg:conan/openssl@3.0.3"), (Identity{"ConanCenter", "openssl", "3.0.3"}));
  EXPECT_EQ(Osv("pkg:cran/A3@0.9.1"), (Identity{"CRAN", "A3", "0.9.1"}));
  EXPECT_EQ(Osv("pkg:swift/github.com/apple/swift-nio@2.40.0"),
            (Identity{"SwiftURL", "github.com/apple/swift-nio", "2.40.0"}));
}

TEST(PurlToOsv, ReadsTheReleaseFromTheDistroQualifier) {
  EXPECT_EQ(Osv("pkg:deb/debian/curl@7.88.1-10?distro=debian-12")->ecosystem, "Debian:12");
  EXPECT_EQ(Osv("pkg:deb/debian/curl@7.88.1-10?distro=debian-12.5")->ecosystem, "Debian:12");
  EXPECT_EQ(Osv("pkg:deb/debian/curl@7.88.1-10?distro=bookworm")->ecosystem, "Debian:12");
  EXPECT_EQ(Osv("pkg:deb/debian/curl@7.88.1-10?distro=debian-bookworm")->ecosystem, "Debian:12");
  EXPECT_EQ(Osv("pkg:deb/curl@7.88.1-10?distro=bookworm")->ecosystem, "Debian:12");
  EXPECT_EQ(Osv("pkg:deb/curl@7.81.0-1?distro=ubuntu-22.04")->ecosystem, "Ubuntu:22.04:LTS");
  EXPECT_EQ(Osv("pkg:deb/debian/curl@7.50.3-1?arch=i386&distro=jessie")->ecosystem, "Debian:8");
  EXPECT_EQ(Osv("pkg:deb/debian/curl@7.88.1-10")->ecosystem, "Debian");
  EXPECT_EQ(Osv("pkg:deb/ubuntu/curl@7.81.0-1?distro=ubuntu-22.04")->ecosystem, "Ubuntu:22.04:LTS");
  EXPECT_EQ(Osv("pkg:deb/ubuntu/curl@7.81.0-1?distro=jammy")->ecosystem, "Ubuntu:22.04:LTS");
  EXPECT_EQ(Osv("pkg:deb/ubuntu/curl@8.2.1-1?distro=ubuntu-23.10")->ecosystem, "Ubuntu:23.10");
  EXPECT_EQ(Osv("pkg:rpm/almalinux/openssl@3.0.7-27.el9?distro=almalinux-9")->ecosystem, "AlmaLinux:9");
  EXPECT_EQ(Osv("pkg:rpm/almalinux/openssl@3.0.7-27.el9?distro=almalinux-9.4")->ecosystem, "AlmaLinux:9");
  EXPECT_EQ(Osv("pkg:rpm/rocky/openssl@3.0.7-27.el9?distro=rocky-9.3")->ecosystem, "Rocky Linux:9");
  EXPECT_EQ(Osv("pkg:rpm/opensuse/curl@8.0?distro=opensuse-leap-15.5")->ecosystem, "openSUSE:Leap 15.5");
  EXPECT_EQ(Osv("pkg:apk/alpine/musl@1.2.5-r0?distro=alpine-3.20")->ecosystem, "Alpine:v3.20");
  EXPECT_EQ(Osv("pkg:apk/alpine/musl@1.2.5-r0?distro=alpine-3.20.1")->ecosystem, "Alpine:v3.20");
  EXPECT_EQ(Osv("pkg:apk/alpine/musl@1.1.22-r2?arch=x86_64&distro=3.10.0")->ecosystem, "Alpine:v3.10");
  EXPECT_EQ(Osv("pkg:apk/alpine/musl@1.2.5-r0")->ecosystem, "Alpine");
}

TEST(PurlToOsv, UsesTheDebianSourcePackageAndTheRpmEpoch) {
  EXPECT_EQ(Osv("pkg:deb/debian/libc6@2.36-9%2Bdeb12u4?arch=amd64&upstream=glibc&distro=debian-12"),
            (Identity{"Debian:12", "glibc", "2.36-9+deb12u4"}));
  EXPECT_EQ(Osv("pkg:deb/debian/libssl3@3.0.11-1~deb12u2?upstream=openssl%403.0.11-1~deb12u1&distro=debian-12"),
            (Identity{"Debian:12", "openssl", "3.0.11-1~deb12u1"}));
  EXPECT_EQ(Osv("pkg:rpm/almalinux/openssl@3.0.7-27.el9?epoch=1&distro=almalinux-9"),
            (Identity{"AlmaLinux:9", "openssl", "1:3.0.7-27.el9"}));
}

TEST(PurlToOsv, HasNoIdentityForTypesAndVendorsOsvDoesNotCover) {
  EXPECT_EQ(Osv("pkg:generic/openssl@1.1.1"), std::nullopt);
  EXPECT_EQ(Osv("pkg:github/package-url/purl-spec@244fd47e07d1004f0aed9c"), std::nullopt);
  EXPECT_EQ(Osv("pkg:rpm/fedora/curl@7.50.3-1.fc25?distro=fedora-25"), std::nullopt);
}

TEST(PurlFromOsv, SplitsOsvNamesIntoNamespaceAndName) {
  EXPECT_EQ(ToString(*FromOsv("Maven", "org.apache.commons:commons-io", "2.6")),
            "pkg:maven/org.apache.commons/commons-io@2.6");
  EXPECT_EQ(ToString(*FromOsv("Go", "github.com/BurntSushi/toml", "v1.3.2")),
            "pkg:golang/github.com/BurntSushi/toml@v1.3.2");
  EXPECT_EQ(ToString(*FromOsv("npm", "@angular/core", "12.0.0")), "pkg:npm/%40angular/core@12.0.0");
  EXPECT_EQ(ToString(*FromOsv("npm", "lodash", "4.17.21")), "pkg:npm/lodash@4.17.21");
  EXPECT_EQ(ToString(*FromOsv("Packagist", "laravel/framework", "7.12.0")), "pkg:composer/laravel/framework@7.12.0");
  EXPECT_EQ(ToString(*FromOsv("PyPI", "Django", "4.2")), "pkg:pypi/django@4.2");
  EXPECT_EQ(ToString(*FromOsv("crates.io", "serde", "1.0.0")), "pkg:cargo/serde@1.0.0");
  EXPECT_EQ(ToString(*FromOsv("SwiftURL", "https://github.com/apple/swift-nio.git", "2.40.0")),
            "pkg:swift/github.com/apple/swift-nio@2.40.0");
  EXPECT_EQ(FromOsv("Linux", "Kernel", "6.1"), std::nullopt);
  EXPECT_EQ(FromOsv("npm", "", "1.0"), std::nullopt);
}

TEST(PurlFromOsv, WritesTheReleaseAsADistroQualifier) {
  EXPECT_EQ(ToString(*FromOsv("Debian:12", "curl", "7.88.1-10")), "pkg:deb/debian/curl@7.88.1-10?distro=debian-12");
  EXPECT_EQ(ToString(*FromOsv("Debian", "curl", "7.88.1-10")), "pkg:deb/debian/curl@7.88.1-10");
  EXPECT_EQ(ToString(*FromOsv("Ubuntu:22.04:LTS", "curl", "7.81.0-1")),
            "pkg:deb/ubuntu/curl@7.81.0-1?distro=ubuntu-22.04");
  EXPECT_EQ(ToString(*FromOsv("Alpine:v3.20", "musl", "1.2.5-r0")), "pkg:apk/alpine/musl@1.2.5-r0?distro=alpine-3.20");
  EXPECT_EQ(ToString(*FromOsv("AlmaLinux:9", "openssl", "1:3.0.7-27.el9")),
            "pkg:rpm/almalinux/openssl@1:3.0.7-27.el9?distro=almalinux-9");
}

TEST(PurlOsvRoundTrip, OsvIdentitiesSurviveTheTripThroughAPurl) {
  for (const Identity& id : {
           Identity{"Maven", "org.apache.commons:commons-io", "2.6"},
           Identity{"Go", "github.com/gorilla/context", "v1.1.1"},
           Identity{"npm", "@angular/core", "12.0.0"},
           Identity{"Packagist", "laravel/framework", "7.12.0"},
           Identity{"PyPI", "django-rest", "3.0"},
           Identity{"Debian:12", "curl", "7.88.1-10"},
           Identity{"Ubuntu:22.04:LTS", "curl", "7.81.0-1"},
           Identity{"Alpine:v3.20", "musl", "1.2.5-r0"},
           Identity{"AlmaLinux:9", "openssl", "3.0.7-27.el9"},
           Identity{"Rocky Linux:9", "openssl", "3.0.7-27.el9"},
           Identity{"openSUSE:Leap 15.5", "curl", "8.0"},
           Identity{"SwiftURL", "github.com/apple/swift-nio", "2.40.0"},
       }) {
    auto purl = FromOsv(id.ecosystem, id.name, id.version);
    ASSERT_TRUE(purl) << id.ecosystem;
    auto parsed = Parse(ToString(*purl));
    ASSERT_TRUE(parsed) << ToString(*purl);
    EXPECT_EQ(ToOsv(*parsed), id) << ToString(*purl);
  }
}

}  // namespace
}  // namespace vigil::purl
