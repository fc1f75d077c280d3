// Feeds arbitrary bytes to a suppression reader (VEX documents or the ignore file, chosen at build
// time) and applies what it reads to a few findings: rules or an error, never a crash.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "match/suppression.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto rules = VIGIL_FUZZ_READER(text, "fuzz");
  if (!rules) return 0;
  vigil::match::Finding pypi;
  pypi.id = "PYSEC-2021-108";
  pypi.aliases = {"CVE-2021-33503"};
  pypi.ecosystem = "PyPI";
  pypi.name = "urllib3";
  pypi.version = "1.24.1";
  vigil::match::Finding debian;
  debian.id = "DSA-5000-1";
  debian.ecosystem = "Debian:12";
  debian.name = "glibc";
  debian.version = "2.36-9";
  debian.purl = "pkg:deb/debian/libc6@2.36-9?arch=amd64&distro=debian-12&upstream=glibc";
  std::vector<vigil::match::Finding> findings = {pypi, debian};
  (void)vigil::match::Suppress(findings, *rules, 20000);
  return 0;
}
