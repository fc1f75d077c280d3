// `.vigil-ignore.toml`: each `[[ignore]]` entry accepts one vulnerability (optionally in one
// package) for a reason, until a date. Entries without a reason or an expiry are refused, so that
// nothing is silenced for good without anyone saying why.
#include <cstdio>
#include <string>

#define TOML_EXCEPTIONS 1
#include <toml++/toml.h>

#include "core/time.h"
#include "match/suppression.h"
#include "purl/purl.h"

namespace vigil::match {

namespace {

std::string Where(const std::filesystem::path& path, const toml::source_region& source) {
  std::string out = path.string();
  out += ':';
  out += std::to_string(source.begin.line);
  return out;
}

// "YYYY-MM-DD" of a TOML date or of a string holding one.
Result<std::string> DateOf(const toml::node& node) {
  std::string text;
  if (const auto* date = node.as_date()) {
    const toml::date d = date->get();
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", static_cast<int>(d.year), static_cast<int>(d.month), static_cast<int>(d.day));
    text = buffer;
  } else if (const auto* string = node.as_string()) {
    text = string->get();
  } else {
    return Fail(ErrorCode::kInvalidArgument, "must be a date (2027-01-31)");
  }
  if (auto days = ParseIsoDate(text); !days) return std::unexpected(days.error());
  return text;
}

}  // namespace

Result<std::vector<SuppressionRule>> ParseIgnoreFile(std::string_view text, const std::filesystem::path& path) {
  toml::table root;
  try {
    root = toml::parse(text, path.string());
  } catch (const toml::parse_error& e) {
    return Fail(ErrorCode::kInvalidArgument, Where(path, e.source()) + ": not valid TOML: " + std::string(e.description()));
  }
  const auto fail = [&](const toml::node& node, const std::string& key, const std::string& reason) {
    std::string message = Where(path, node.source());
    message += ": ";
    message += key;
    message += ": ";
    message += reason;
    return Fail(ErrorCode::kInvalidArgument, message);
  };
  std::vector<SuppressionRule> rules;
  for (const auto& [name, node] : root) {
    if (name.str() != "ignore") return fail(node, std::string(name.str()), "unknown key (entries are [[ignore]] tables)");
    const auto* entries = node.as_array();
    if (entries == nullptr) return fail(node, "ignore", "must be an array of tables: write each entry as [[ignore]]");
    for (std::size_t i = 0; i < entries->size(); ++i) {
      const std::string at = "ignore[" + std::to_string(i) + "]";
      const auto* entry = (*entries)[i].as_table();
      if (entry == nullptr) return fail((*entries)[i], at, "must be a table");
      SuppressionRule rule;
      rule.kind = RuleKind::kIgnore;
      rule.status = "ignored";
      rule.source = Where(path, entry->source());
      for (const auto& [key_name, value] : *entry) {
        const std::string key(key_name.str());
        const std::string field = at + "." + key;
        if (key == "expires") {
          auto date = DateOf(value);
          if (!date) return fail(value, field, date.error().message);
          rule.expires = *date;
          continue;
        }
        const auto* string = value.as_string();
        if (key != "id" && key != "package" && key != "reason") return fail(value, field, "unknown key (id, package, reason, expires)");
        if (string == nullptr) return fail(value, field, "must be a string");
        if (key == "id") rule.vulnerability = string->get();
        if (key == "reason") rule.reason = string->get();
        if (key == "package") {
          if (auto purl = purl::Parse(string->get()); !purl) return fail(value, field, "not a package URL: " + purl.error().message);
          rule.packages.push_back(string->get());
        }
      }
      if (rule.vulnerability.empty()) return fail(*entry, at, "id is required (the vulnerability's OSV id, CVE or alias)");
      if (rule.reason.find_first_not_of(" \t\r\n") == std::string::npos) return fail(*entry, at, "reason is required: say why this finding can wait");
      if (rule.expires.empty()) return fail(*entry, at, "expires is required: the date (YYYY-MM-DD) from which the entry stops applying");
      rules.push_back(std::move(rule));
    }
  }
  return rules;
}

}  // namespace vigil::match
