// The singleton of each version scheme, one per source file. Prefer registry.h, which finds a
// scheme by OSV ecosystem name; these are for code and tests that need one scheme directly.
#pragma once

#include "version/scheme.h"

namespace vigil::version {

const Scheme& DebianScheme();     // dpkg: Debian, Ubuntu
const Scheme& RpmScheme();        // rpmvercmp: Red Hat, AlmaLinux, Rocky Linux, Fedora, SUSE
const Scheme& AlpineScheme();     // apk-tools: Alpine, Wolfi, Chainguard
const Scheme& SemverScheme();     // SemVer 2.0: npm, crates.io, Hex, SwiftURL
const Scheme& GoScheme();         // Go modules: v prefix, +incompatible, pseudo-versions
const Scheme& PubScheme();        // Dart pub_semver
const Scheme& PypiScheme();       // PEP 440
const Scheme& MavenScheme();      // Maven ComparableVersion
const Scheme& RubyGemsScheme();   // Gem::Version
const Scheme& NuGetScheme();      // NuGet.Versioning
const Scheme& PackagistScheme();  // Composer normalisation + PHP version_compare
const Scheme& CranScheme();       // R package_version
const Scheme& HackageScheme();    // Haskell Data.Version / Cabal

}  // namespace vigil::version
