// Report building and validation.
#include "fleet/report.h"

#include <fmt/format.h>

#include <array>
#include <nlohmann/json.hpp>
#include <random>

#include "core/time.h"
#include "fleet/manifest.h"

namespace vigil::fleet {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxReportIdBytes = 128;

std::unexpected<Error> Invalid(std::string_view path, std::string_view what) {
  std::string message(path);
  message += ": ";
  message += what;
  return Fail(ErrorCode::kInvalidArgument, message);
}

// Reads an optional string member; null counts as absent.
Result<std::optional<std::string>> OptionalString(const json& object, std::string_view path, const char* key) {
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) return std::nullopt;
  std::string where(path);
  where += '.';
  where += key;
  if (!it->is_string()) return Invalid(where, "expected a string");
  return it->get<std::string>();
}

Result<std::optional<std::vector<std::string>>> OptionalStrings(const json& object, std::string_view path, const char* key) {
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) return std::nullopt;
  std::string where(path);
  where += '.';
  where += key;
  if (!it->is_array()) return Invalid(where, "expected an array of strings");
  std::vector<std::string> out;
  for (std::size_t i = 0; i < it->size(); ++i) {
    if (!(*it)[i].is_string()) return Invalid(fmt::format("{}[{}]", where, i), "expected a string");
    out.push_back((*it)[i].get<std::string>());
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

Result<AssetMetadata> ParseMetadata(const json& object) {
  constexpr std::string_view kPath = "$.asset_metadata";
  AssetMetadata m;
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
  for (auto r : {text("external_id", m.external_id), text("kind", m.kind), text("team", m.team),
                 text("environment", m.environment), list("customers", m.customers),
                 list("data_classes", m.data_classes), list("tags", m.tags)}) {
    if (!r) return std::unexpected(r.error());
  }
  if (const auto it = object.find("internet_exposed"); it != object.end() && !it->is_null()) {
    if (!it->is_boolean()) return Invalid("$.asset_metadata.internet_exposed", "expected true or false");
    m.internet_exposed = it->get<bool>();
  }
  if (const auto it = object.find("criticality"); it != object.end() && !it->is_null()) {
    if (!it->is_number_integer()) return Invalid("$.asset_metadata.criticality", "expected an integer 1 to 4");
    m.criticality = it->get<std::int64_t>();
  }
  if (auto normalized = Normalize(m); !normalized) {
    std::string message(kPath);
    message += '.';
    message += normalized.error().message;
    return Fail(ErrorCode::kInvalidArgument, message);
  }
  return m;
}

}  // namespace

Result<Report> ParseReport(std::string_view text) {
  const json doc = json::parse(text, nullptr, false);
  if (doc.is_discarded()) return Invalid("$", "not valid JSON");
  if (!doc.is_object()) return Invalid("$", "expected an object");
  Report report;

  auto id = OptionalString(doc, "$", "report_id");
  if (!id) return std::unexpected(id.error());
  if (!*id) return Invalid("$.report_id", "missing");
  if (!ValidReportId(**id)) {
    return Invalid("$.report_id", "expected 1 to 128 characters of letters, digits, '-', '_', '.' or ':'");
  }
  report.report_id = std::move(**id);

  const auto asset = doc.find("asset");
  if (asset == doc.end() || !asset->is_object()) return Invalid("$.asset", "expected an object");
  auto inventory_name = OptionalString(*asset, "$.asset", "name");
  if (!inventory_name) return std::unexpected(inventory_name.error());
  auto inventory_kind = OptionalString(*asset, "$.asset", "kind");
  if (!inventory_kind) return std::unexpected(inventory_kind.error());
  report.inventory_kind = inventory_kind->value_or("");

  if (const auto meta = doc.find("asset_metadata"); meta != doc.end() && !meta->is_null()) {
    if (!meta->is_object()) return Invalid("$.asset_metadata", "expected an object");
    auto metadata = ParseMetadata(*meta);
    if (!metadata) return std::unexpected(metadata.error());
    report.metadata = std::move(*metadata);
    auto name = OptionalString(*meta, "$.asset_metadata", "name");
    if (!name) return std::unexpected(name.error());
    if (*name) report.asset_name = std::move(**name);
  }
  if (report.asset_name.empty() && *inventory_name) report.asset_name = std::move(**inventory_name);
  if (report.asset_name.empty()) return Invalid("$.asset_metadata.name", "missing, and $.asset.name is empty");

  if (const auto os = doc.find("os"); os != doc.end() && !os->is_null()) {
    if (!os->is_object()) return Invalid("$.os", "expected an object or null");
    inventory::OsRelease release;
    for (auto [key, out] : {std::pair{"id", &release.id}, std::pair{"version_id", &release.version_id},
                            std::pair{"pretty_name", &release.pretty_name}}) {
      auto value = OptionalString(*os, "$.os", key);
      if (!value) return std::unexpected(value.error());
      if (*value) *out = std::move(**value);
    }
    report.os = std::move(release);
  }

  const auto packages = doc.find("packages");
  if (packages == doc.end() || !packages->is_array()) return Invalid("$.packages", "expected an array");
  report.listed_packages = packages->size();
  report.packages.reserve(packages->size());
  for (std::size_t i = 0; i < packages->size(); ++i) {
    const json& p = (*packages)[i];
    const std::string path = fmt::format("$.packages[{}]", i);
    if (!p.is_object()) return Invalid(path, "expected an object");
    std::array<std::string, 4> fields;  // ecosystem, name, version, source_name
    constexpr std::array<const char*, 4> kKeys = {"ecosystem", "name", "version", "source_name"};
    for (std::size_t k = 0; k < kKeys.size(); ++k) {
      auto value = OptionalString(p, path, kKeys[k]);
      if (!value) return std::unexpected(value.error());
      if (*value) {
        fields[k] = std::move(**value);
      } else if (k < 2) {
        return Invalid(path + "." + kKeys[k], "missing");
      }
    }
    if (fields[0].empty() || fields[2].empty()) continue;  // not matchable, as in a scan
    report.packages.push_back(MatchKey(fields[0], fields[1], fields[3], fields[2]));
  }
  SortDistinct(report.packages);
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
