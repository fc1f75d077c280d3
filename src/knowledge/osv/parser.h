// Parser of OSV records (schema 1.6) into osv::Record. An OsvParser owns reusable simdjson state
// (hidden behind pimpl, so users need no simdjson headers); reuse one per thread for speed.
// Not thread-safe: one parser per thread. Results own their data and outlive the parser.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "core/result.h"
#include "knowledge/osv/record.h"

namespace vigil::knowledge::osv {

// Bytes that must be readable past the end of the text for Padding::kPadded (SIMDJSON_PADDING).
inline constexpr std::size_t kJsonPadding = 64;

// Whether the caller's buffer has kJsonPadding readable bytes after the text; if so the parser
// reads in place, otherwise it copies the text once into a reused padded buffer.
enum class Padding : std::uint8_t { kNone, kPadded };

class OsvParser {
 public:
  OsvParser();
  ~OsvParser();
  OsvParser(OsvParser&&) noexcept;
  OsvParser& operator=(OsvParser&&) noexcept;
  OsvParser(const OsvParser&) = delete;
  OsvParser& operator=(const OsvParser&) = delete;

  // Parses one record. Unknown fields are ignored (forward compatibility). Errors name the JSON
  // path and the reason: `affected[2].ranges[0].events[1]: unknown event "fixd"`, `id: missing`;
  // malformed JSON reports the byte offset where simdjson stopped.
  [[nodiscard]] Result<Record> Parse(std::string_view json, Padding padding = Padding::kNone);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace vigil::knowledge::osv
