// Internal to the registry: each group of extractors (one folder or family) adds its own.
#pragma once

#include <memory>
#include <vector>

#include "inventory/extractor.h"

namespace vigil::inventory {

using ExtractorList = std::vector<std::unique_ptr<const Extractor>>;

void RegisterOsExtractors(ExtractorList& out);               // os/: dpkg, apk, rpm
void RegisterJavaScriptExtractors(ExtractorList& out);       // lang/: npm, yarn, pnpm
void RegisterPythonExtractors(ExtractorList& out);           // lang/: pip, pipenv, poetry, pdm, uv, dist-info
void RegisterJvmExtractors(ExtractorList& out);              // lang/: maven, gradle, csv
void RegisterOtherLanguageExtractors(ExtractorList& out);    // lang/: go, cargo, bundler, composer, mix, pub, conan, nuget, renv, go binaries
void RegisterSbomExtractors(ExtractorList& out);             // sbom/: CycloneDX, SPDX

}  // namespace vigil::inventory
