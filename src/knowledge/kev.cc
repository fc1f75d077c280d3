#include "knowledge/kev.h"

#include <simdjson.h>

#include <algorithm>
#include <utility>

#include "core/time.h"

namespace vigil::knowledge {
namespace {

namespace dom = simdjson::dom;

constexpr std::size_t kCvePrefix = 4;  // "CVE-"
constexpr std::size_t kYearDigits = 4;
constexpr std::size_t kMinSequenceDigits = 4;
constexpr std::size_t kMaxSequenceDigits = 19;
// Sniffing looks only at the head of the document: CISA puts catalogVersion first.
constexpr std::size_t kSniffBytes = std::size_t{4} << 10;
constexpr std::size_t kMaxQuoted = 64;

bool AllDigits(std::string_view text) {
  return !text.empty() && std::ranges::all_of(text, [](char c) { return c >= '0' && c <= '9'; });
}

std::string Quote(std::string_view text) {
  std::string quoted = "\"";
  quoted += text.substr(0, kMaxQuoted);
  quoted += text.size() > kMaxQuoted ? "…\"" : "\"";
  return quoted;
}

std::unexpected<Error> Invalid(std::string path, std::string_view reason) {
  path += ": ";
  path += reason;
  return Fail(ErrorCode::kInvalidArgument, std::move(path));
}

std::string Join(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}

bool IsCweId(std::string_view text) { return text.starts_with("CWE-") && AllDigits(text.substr(4)); }

// Reads object[key] as a string; `required` fields report "missing", optional ones stay empty.
enum class Presence : std::uint8_t { kRequired, kOptional };

Result<void> ReadString(dom::object object, std::string_view key, const std::string& path, Presence presence,
                        std::string& out) {
  dom::element value;
  if (object.at_key(key).get(value) != simdjson::SUCCESS) {
    if (presence == Presence::kOptional) return {};
    return Invalid(Join(path, key), "missing");
  }
  std::string_view text;
  if (value.get_string().get(text) != simdjson::SUCCESS) {
    return Invalid(Join(path, key), "expected a string");
  }
  out.assign(text);
  return {};
}

Result<void> ReadDate(dom::object object, std::string_view key, const std::string& path, std::string& out) {
  if (auto read = ReadString(object, key, path, Presence::kRequired, out); !read) return read;
  if (auto date = ParseIsoDate(out); !date) return Invalid(Join(path, key), date.error().message);
  return {};
}

Result<KevEntry> ReadEntry(dom::element element, const std::string& path) {
  dom::object object;
  if (element.get_object().get(object) != simdjson::SUCCESS) return Invalid(path, "expected an object");
  KevEntry entry;
  constexpr Presence kReq = Presence::kRequired;
  constexpr Presence kOpt = Presence::kOptional;
  for (auto [key, out] : {std::pair<std::string_view, std::string*>{"cveID", &entry.cve_id},
                          {"vendorProject", &entry.vendor_project},
                          {"product", &entry.product},
                          {"vulnerabilityName", &entry.vulnerability_name},
                          {"shortDescription", &entry.short_description},
                          {"requiredAction", &entry.required_action}}) {
    if (auto read = ReadString(object, key, path, kReq, *out); !read) return std::unexpected(read.error());
  }
  if (!IsCveId(entry.cve_id)) return Invalid(path + ".cveID", Quote(entry.cve_id) + " is not a CVE id");
  if (auto read = ReadDate(object, "dateAdded", path, entry.date_added); !read)
    return std::unexpected(read.error());
  if (auto read = ReadDate(object, "dueDate", path, entry.due_date); !read)
    return std::unexpected(read.error());
  if (auto read =
          ReadString(object, "knownRansomwareCampaignUse", path, kOpt, entry.known_ransomware_campaign_use);
      !read) {
    return std::unexpected(read.error());
  }
  if (auto read = ReadString(object, "notes", path, kOpt, entry.notes); !read)
    return std::unexpected(read.error());
  dom::element cwes;
  if (object.at_key("cwes").get(cwes) == simdjson::SUCCESS) {
    dom::array array;
    if (cwes.get_array().get(array) != simdjson::SUCCESS) return Invalid(path + ".cwes", "expected an array");
    std::size_t index = 0;
    for (dom::element cwe : array) {
      const std::string cwe_path = path + ".cwes[" + std::to_string(index++) + "]";
      std::string_view text;
      if (cwe.get_string().get(text) != simdjson::SUCCESS) return Invalid(cwe_path, "expected a string");
      if (!IsCweId(text)) return Invalid(cwe_path, Quote(text) + " is not a CWE id");
      entry.cwes.emplace_back(text);
    }
  }
  return entry;
}

}  // namespace

bool IsCveId(std::string_view text) {
  if (!text.starts_with("CVE-") || text.size() < kCvePrefix + kYearDigits + 1) return false;
  const std::string_view year = text.substr(kCvePrefix, kYearDigits);
  const std::string_view sequence = text.substr(kCvePrefix + kYearDigits + 1);
  return AllDigits(year) && text[kCvePrefix + kYearDigits] == '-' && AllDigits(sequence) &&
         sequence.size() >= kMinSequenceDigits && sequence.size() <= kMaxSequenceDigits;
}

bool LooksLikeKev(std::string_view json) {
  const std::size_t start = json.find_first_not_of(" \t\r\n");
  if (start == std::string_view::npos || json[start] != '{') return false;
  return json.substr(0, kSniffBytes).find("\"catalogVersion\"") != std::string_view::npos &&
         json.find("\"vulnerabilities\"") != std::string_view::npos;
}

Result<KevCatalog> ParseKev(std::string_view json) {
  dom::parser parser;
  dom::element root;
  if (auto error = parser.parse(json.data(), json.size()).get(root)) {
    return Fail(ErrorCode::kInvalidArgument,
                std::string("KEV catalog: malformed JSON: ") + simdjson::error_message(error));
  }
  dom::object object;
  if (root.get_object().get(object) != simdjson::SUCCESS)
    return Invalid("KEV catalog", "expected a JSON object");
  KevCatalog catalog;
  if (auto read = ReadString(object, "title", "", Presence::kOptional, catalog.title); !read) {
    return std::unexpected(read.error());
  }
  if (auto read = ReadString(object, "catalogVersion", "", Presence::kRequired, catalog.catalog_version);
      !read) {
    return std::unexpected(read.error());
  }
  if (auto read = ReadString(object, "dateReleased", "", Presence::kRequired, catalog.date_released); !read) {
    return std::unexpected(read.error());
  }
  if (auto released = ParseRfc3339(catalog.date_released); !released) {
    return Invalid("dateReleased", released.error().message);
  }
  dom::element count;
  if (object.at_key("count").get(count) != simdjson::SUCCESS) return Invalid("count", "missing");
  if (count.get_int64().get(catalog.count) != simdjson::SUCCESS)
    return Invalid("count", "expected an integer");
  dom::element vulnerabilities;
  dom::array entries;
  if (object.at_key("vulnerabilities").get(vulnerabilities) != simdjson::SUCCESS) {
    return Invalid("vulnerabilities", "missing");
  }
  if (vulnerabilities.get_array().get(entries) != simdjson::SUCCESS) {
    return Invalid("vulnerabilities", "expected an array");
  }
  catalog.vulnerabilities.reserve(entries.size());
  std::size_t index = 0;
  for (dom::element element : entries) {
    auto entry = ReadEntry(element, "vulnerabilities[" + std::to_string(index++) + "]");
    if (entry) {
      catalog.vulnerabilities.push_back(std::move(*entry));
      continue;
    }
    ++catalog.skipped;
    if (catalog.errors.size() < kMaxFeedErrors) catalog.errors.push_back(std::move(entry.error()));
  }
  return catalog;
}

}  // namespace vigil::knowledge
