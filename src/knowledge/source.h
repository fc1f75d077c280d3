// Reads feed documents from where they arrive: a directory tree of *.json records, an OSV
// ecosystem dump (`all.zip`, streamed entry by entry), or a single JSON/CSV file, optionally
// gzip-compressed. Stateless free function; buffers are owned by the walk and reused.
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace vigil::knowledge {

// Bytes guaranteed readable after the end of every Document::content (equal to
// SIMDJSON_PADDING), so a JSON parser may read it in place (osv::Padding::kPadded).
inline constexpr std::size_t kDocumentPadding = 64;

// Documents larger than this (after decompression) are refused: it bounds memory per document and
// defuses decompression bombs.
inline constexpr std::size_t kMaxDocumentBytes = std::size_t{64} << 20;

struct Document {
  std::string origin;        // "path/to/all.zip:GHSA-xxxx.json" for a zip entry, else the file path
  std::string_view content;  // valid only during the callback; kDocumentPadding bytes readable after
};

struct SourceOptions {
  std::size_t max_document_bytes = kMaxDocumentBytes;
};

struct WalkSummary {
  std::size_t visited = 0;  // documents passed to the visitor, whatever it returned
  std::size_t failed = 0;   // documents that could not be read or whose visitor failed
};

using DocumentVisitor = std::function<Result<void>(const Document&)>;
// Receives each per-document error, its message prefixed with the document's origin.
using DocumentErrorSink = std::function<void(const Error&)>;

// Calls `visit` for every document under `path`: a directory is walked recursively for `*.json`
// files in sorted path order; a `*.zip` visits its `*.json` entries in archive order; any other
// file is one document (`*.gz` is decompressed first). A document that cannot be read (too large,
// corrupt entry) or whose visitor returns an error is reported to `on_error` and the walk goes on;
// without `on_error` the first such error stops the walk and is returned. Errors about the path
// itself (missing, unreadable archive) are returned.
[[nodiscard]] Result<WalkSummary> ForEachDocument(const std::filesystem::path& path,
                                                  const DocumentVisitor& visit,
                                                  const DocumentErrorSink& on_error = {},
                                                  const SourceOptions& options = {});

}  // namespace vigil::knowledge
