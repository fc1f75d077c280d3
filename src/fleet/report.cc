// Report building and validation.
#include "fleet/report.h"

#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <array>
#include <nlohmann/json.hpp>
#include <random>

#include "core/time.h"
#include "fleet/manifest.h"

namespace vigil::fleet {
namespace {

using nlohmann::json;
namespace dom = simdjson::dom;

constexpr std::size_t kMaxReportIdBytes = 128;

std::unexpected<Error> Invalid(std::string_view path, std::string_view what) {
  std::string message(path);
  message += ": ";
  message += what;
  return Fail(ErrorCode::kInvalidArgument, message);
}

std::string Path(std::string_view path, std::string_view key) {
  std::string where(path);
  where += '.';
  where += key;
  return where;
}

// The member `key` of `object`; absent and null are both nullopt.
std::optional<dom::element> Member(dom::object object, std::string_view key) {
  dom::element value;
  if (object.at_key(key).get(value) != simdjson::SUCCESS || value.is_null()) return std::nullopt;
  return value;
}

// Reads an optional string member; null counts as absent.
Result<std::optional<std::string>> OptionalString(dom::object object, std::string_view path, std::string_view key) {
  const auto value = Member(object, key);
  if (!value) return std::nullopt;
  std::string_view text;
  if (value->get_string().get(text) != simdjson::SUCCESS) return Invalid(Path(path, key), "expected a string");
  return std::string(text);
}

Result<std::optional<std::vector<std::string>>> OptionalStrings(dom::object object, std::string_view path,
                                                               std::string_view key) {
  const auto value = Member(object, key);
  if (!value) return std::nullopt;
  dom::array array;
  if (value->get_array().get(array) != simdjson::SUCCESS) return Invalid(Path(path, key), "expected an array of strings");
  std::vector<std::string> out;
  std::size_t i = 0;
  for (const dom::element item : array) {
    std::string_view text;
    if (item.get_string().get(text) != simdjson::SUCCESS) {
      return Invalid(fmt::format("{}[{}]", Path(path, key), i), "expected a string");
    }
    out.emplace_back(text);
    ++i;
  }
  return out;
}

bool ValidReportId(std::string_view id) {
  if (id.empty() || id.size() > kMaxReportIdBytes) return false;
  for (const char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                    c == '_' || c == '.' || c == ':';
    if (!ok) return false;
  }
  return true;
}

// Reads $.asset_metadata into `m`; its team is left alone when `skip_team`.
Result<void> ReadMetadata(dom::object object, bool skip_team, AssetMetadata& m) {
  constexpr std::string_view kPath = "$.asset_metadata";
  const auto text = [&](const char* key, std::optional<std::string>& out) -> Result<void> {
    auto value = OptionalString(object, kPath, key);
    if (!value) return std::unexpected(value.error());
    out = std::move(*value);
    return {};
  };
  const auto list = [&](const char* key, std::optional<std::vector<std::string>>& out) -> Result<void> {
    auto value = OptionalStrings(object, kPath, key);
    if (!value) return std::unexpected(value.error());
    out = std::move(*value);
    return {};
  };
  if (!skip_team) {
    if (auto r = text("team", m.team); !r) return r;
  }
  for (auto r : {text("external_id", m.external_id), text("kind", m.kind),
                 text("environment", m.environment), list("customers", m.customers),
                 list("data_classes", m.data_classes), list("tags", m.tags)}) {
    if (!r) return std::unexpected(r.error());
  }
  if (const auto value = Member(object, "internet_exposed")) {
    bool exposed = false;
    if (value->get_bool().get(exposed) != simdjson::SUCCESS) {
      return Invalid("$.asset_metadata.internet_exposed", "expected true or false");
    }
    m.internet_exposed = exposed;
  }
  if (const auto value = Member(object, "criticality")) {
    std::int64_t criticality = 0;
    std::uint64_t large = 0;
    if (value->is_int64()) {
      criticality = value->get_int64().value_unsafe();
    } else if (value->get_uint64().get(large) == simdjson::SUCCESS) {
      criticality = large > INT64_MAX ? INT64_MAX : static_cast<std::int64_t>(large);
    } else {
      return Invalid("$.asset_metadata.criticality", "expected an integer 1 to 4");
    }
    m.criticality = criticality;
  }
  return {};
}

// The four members of a package entry that ingest reads (absent or null: empty).
Result<void> ReadPackage(dom::element entry, std::size_t index, std::array<std::string_view, 4>& fields) {
  const auto path = [index] { return fmt::format("$.packages[{}]", index); };
  dom::object object;
  if (entry.get_object().get(object) != simdjson::SUCCESS) return Invalid(path(), "expected an object");
  constexpr std::array<std::string_view, 4> kKeys = {"ecosystem", "name", "version", "source_name"};
  std::array<bool, 4> present{};
  fields = {};
  for (const auto field : object) {
    const auto k = static_cast<std::size_t>(std::find(kKeys.begin(), kKeys.end(), field.key) - kKeys.begin());
    if (k == kKeys.size() || field.value.is_null()) continue;
    if (field.value.get_string().get(fields[k]) != simdjson::SUCCESS) return Invalid(Path(path(), kKeys[k]), "expected a string");
    present[k] = true;
  }
  for (std::size_t k = 0; k < 2; ++k) {
    if (!present[k]) return Invalid(Path(path(), kKeys[k]), "missing");
  }
  return {};
}

// Where the raw JSON of $.packages (the first member of that name, as the DOM finds it) lies in
// `text`: offset and length. nullopt when there is none or the text is not JSON; the full parse then
// says what is wrong. The span may end in whitespace; it is only ever compared byte for byte.
std::optional<std::pair<std::size_t, std::size_t>> LocatePackages(std::string_view text) {
  namespace od = simdjson::ondemand;
  thread_local od::parser parser;
  thread_local std::string buffer;  // the text with the padding simdjson reads past its end
  buffer.reserve(text.size() + simdjson::SIMDJSON_PADDING);
  buffer.assign(text);
  od::document doc;
  od::object object;
  if (parser.iterate(buffer.data(), buffer.size(), buffer.capacity()).get(doc) != simdjson::SUCCESS ||
      doc.get_object().get(object) != simdjson::SUCCESS) {
    return std::nullopt;
  }
  for (auto member : object) {
    od::field field;
    std::string_view key;
    if (std::move(member).get(field) != simdjson::SUCCESS || field.unescaped_key().get(key) != simdjson::SUCCESS) {
      return std::nullopt;
    }
    if (key != "packages") continue;
    od::array array;
    std::string_view raw;
    if (field.value().get_array().get(array) != simdjson::SUCCESS || array.raw_json().get(raw) != simdjson::SUCCESS) {
      return std::nullopt;
    }
    return std::pair{static_cast<std::size_t>(raw.data() - buffer.data()), raw.size()};
  }
  return std::nullopt;
}

Result<Report> ParseDocument(std::string_view text, std::optional<std::string_view> team) {
  // One parser per thread: it keeps its buffers from one report to the next.
  thread_local dom::parser parser;
  dom::element root;
  if (parser.parse(text.data(), text.size()).get(root) != simdjson::SUCCESS) {
    return Fail(ErrorCode::kInvalidArgument, std::string(kReportNotJson));
  }
  dom::object doc;
  if (root.get_object().get(doc) != simdjson::SUCCESS) return Invalid("$", "expected an object");
  Report report;

  auto id = OptionalString(doc, "$", "report_id");
  if (!id) return std::unexpected(id.error());
  if (!*id) return Invalid("$.report_id", "missing");
  if (!ValidReportId(**id)) {
    return Invalid("$.report_id", "expected 1 to 128 characters of letters, digits, '-', '_', '.' or ':'");
  }
  report.report_id = std::move(**id);

  dom::object asset;
  if (doc["asset"].get_object().get(asset) != simdjson::SUCCESS) return Invalid("$.asset", "expected an object");
  auto inventory_name = OptionalString(asset, "$.asset", "name");
  if (!inventory_name) return std::unexpected(inventory_name.error());
  auto inventory_kind = OptionalString(asset, "$.asset", "kind");
  if (!inventory_kind) return std::unexpected(inventory_kind.error());
  report.inventory_kind = inventory_kind->value_or("");

  const auto metadata = Member(doc, "asset_metadata");
  if (metadata) {
    dom::object meta;
    if (metadata->get_object().get(meta) != simdjson::SUCCESS) return Invalid("$.asset_metadata", "expected an object");
    if (auto read = ReadMetadata(meta, team.has_value(), report.metadata); !read) return std::unexpected(read.error());
    auto name = OptionalString(meta, "$.asset_metadata", "name");
    if (!name) return std::unexpected(name.error());
    if (*name) report.asset_name = std::move(**name);
  }
  if (team) report.metadata.team = std::string(*team);
  if (metadata || team) {
    if (auto normalized = Normalize(report.metadata); !normalized) {
      std::string message("$.asset_metadata.");
      message += normalized.error().message;
      return Fail(ErrorCode::kInvalidArgument, message);
    }
  }
  if (report.asset_name.empty() && *inventory_name) report.asset_name = std::move(**inventory_name);
  if (report.asset_name.empty()) return Invalid("$.asset_metadata.name", "missing, and $.asset.name is empty");

  if (const auto value = Member(doc, "os")) {
    dom::object os;
    if (value->get_object().get(os) != simdjson::SUCCESS) return Invalid("$.os", "expected an object or null");
    inventory::OsRelease release;
    for (auto [key, out] : {std::pair{"id", &release.id}, std::pair{"version_id", &release.version_id},
                            std::pair{"pretty_name", &release.pretty_name}}) {
      auto field = OptionalString(os, "$.os", key);
      if (!field) return std::unexpected(field.error());
      if (*field) *out = std::move(**field);
    }
    report.os = std::move(release);
  }

  dom::array packages;
  if (doc["packages"].get_array().get(packages) != simdjson::SUCCESS) return Invalid("$.packages", "expected an array");
  report.listed_packages = packages.size();
  report.packages.reserve(report.listed_packages);
  std::size_t i = 0;
  std::array<std::string_view, 4> fields;  // ecosystem, name, version, source_name
  for (const dom::element entry : packages) {
    if (auto read = ReadPackage(entry, i++, fields); !read) return std::unexpected(read.error());
    if (fields[0].empty() || fields[2].empty()) continue;  // not matchable, as in a scan
    report.packages.push_back(MatchKey(fields[0], fields[1], fields[3], fields[2]));
  }
  SortDistinct(report.packages);
  return report;
}

}  // namespace

Result<Report> ParseReport(std::string_view text, std::optional<std::string_view> team, ManifestMemo* memo) {
  if (memo == nullptr) return ParseDocument(text, team);
  const auto span = LocatePackages(text);
  if (!span) return ParseDocument(text, team);
  const std::string_view packages_json = text.substr(span->first, span->second);
  if (auto known = memo->Find(packages_json)) {
    // The rest of the report, with an empty array in place of the known one, is parsed as ever.
    std::string rest;
    rest.reserve(text.size() - span->second + 2);
    rest += text.substr(0, span->first);
    rest += "[]";
    rest += text.substr(span->first + span->second);
    auto report = ParseDocument(rest, team);
    if (!report) return report;
    report->listed_packages = known->listed;
    report->memoised = std::move(*known);
    return report;
  }
  auto report = ParseDocument(text, team);
  if (report) report->packages_json = packages_json;
  return report;
}

std::string NewReportId() {
  std::random_device random;
  std::array<std::uint8_t, 16> bytes{};
  for (std::size_t i = 0; i < bytes.size(); i += 4) {
    const std::uint32_t word = random();
    for (std::size_t k = 0; k < 4; ++k) bytes[i + k] = static_cast<std::uint8_t>(word >> (8 * k));
  }
  bytes[6] = static_cast<std::uint8_t>((bytes[6] & 0x0f) | 0x40);  // version 4
  bytes[8] = static_cast<std::uint8_t>((bytes[8] & 0x3f) | 0x80);  // RFC 4122 variant
  std::string out;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    out += fmt::format("{:02x}", bytes[i]);
  }
  return out;
}

Result<std::string> BuildReport(std::string_view inventory_json, std::string_view report_id, std::int64_t collected,
                                std::string_view asset_name, const AssetMetadata& metadata) {
  json doc = json::parse(inventory_json, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) return Fail(ErrorCode::kInternal, "the inventory JSON is not an object");
  json meta = json::object();
  meta["name"] = asset_name.empty() ? doc["asset"].value("name", "") : std::string(asset_name);
  const auto put = [&meta](const char* key, const auto& value) {
    if (value) meta[key] = *value;
  };
  put("external_id", metadata.external_id);
  put("kind", metadata.kind);
  put("team", metadata.team);
  put("customers", metadata.customers);
  put("environment", metadata.environment);
  put("internet_exposed", metadata.internet_exposed);
  put("data_classes", metadata.data_classes);
  put("criticality", metadata.criticality);
  put("tags", metadata.tags);
  doc["report_format"] = kReportFormat;
  doc["report_id"] = report_id;
  doc["collected_at"] = FormatRfc3339(collected);
  doc["asset_metadata"] = std::move(meta);
  return doc.dump(2) + "\n";
}

}  // namespace vigil::fleet
