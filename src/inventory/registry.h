// Every extractor vigil has, by name and by what files they claim. Thread-safe; the extractors
// live for the whole process.
#pragma once

#include <filesystem>
#include <span>
#include <string_view>

#include "inventory/extractor.h"

namespace vigil::inventory {

[[nodiscard]] std::span<const Extractor* const> AllExtractors();

// The extractor called `name` (case-sensitive, as in Extractor::name()), or nullptr.
[[nodiscard]] const Extractor* FindExtractor(std::string_view name);

// The extractor for a file: by its path first, then by its content. nullptr when none claims it.
[[nodiscard]] const Extractor* ExtractorFor(const std::filesystem::path& path, std::string_view content);

// Reads `path` through `fs` and extracts it with `extractor`, or with the one ExtractorFor picks.
// A missing file is kNotFound; a file no extractor claims is kInvalidArgument.
[[nodiscard]] Result<std::vector<Package>> ExtractFile(const std::filesystem::path& path, const FileSystem& fs,
                                                       const Extractor* extractor = nullptr);

}  // namespace vigil::inventory
