# One target per inventory extractor, from one source parameterised by the extractor's name.
set(VIGIL_FUZZ_EXTRACTORS
  "dpkg-status" "apk-installed" "rpm-sqlite" "rpm-bdb"
  "package-lock.json" "yarn.lock" "pnpm-lock.yaml"
  "requirements.txt" "Pipfile.lock" "poetry.lock" "pdm.lock" "uv.lock" "python-dist-info"
  "pom.xml" "gradle.lockfile" "gradle/verification-metadata.xml" "csv"
  "go.mod" "Cargo.lock" "Gemfile.lock" "composer.lock" "mix.lock" "pubspec.lock" "conan.lock"
  "packages.lock.json" "renv.lock" "go-binary"
  "cyclonedx-json" "cyclonedx-xml" "spdx-json" "spdx-tag-value")
foreach(extractor ${VIGIL_FUZZ_EXTRACTORS})
  string(MAKE_C_IDENTIFIER "${extractor}" id)
  string(TOLOWER "${id}" id)
  vigil_add_fuzzer(inventory_${id}_fuzzer SOURCES inventory_fuzzer.cc LIBS vigil_inventory
                   DEFINITIONS VIGIL_FUZZ_EXTRACTOR="${extractor}")
endforeach()
