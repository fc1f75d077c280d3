#include "match/suppression.h"

#include <algorithm>
#include <optional>

#include "core/time.h"
#include "knowledge/package_name.h"
#include "purl/osv.h"
#include "purl/purl.h"
#include "version/registry.h"

namespace vigil::match {

namespace {

bool EqualIgnoringCase(std::string_view a, std::string_view b) {
  return std::ranges::equal(a, b, [](char x, char y) {
    const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    return lower(x) == lower(y);
  });
}

// A rule's package purl, read once: as an OSV identity where the purl type has one, and as the
// purl itself for comparing with the package's own purl otherwise.
struct PackagePattern {
  std::optional<purl::Identity> identity;
  purl::PackageUrl purl;
};

std::optional<PackagePattern> ReadPattern(const std::string& text) {
  auto parsed = purl::Parse(text);
  if (!parsed) return std::nullopt;
  return PackagePattern{purl::ToOsv(*parsed), std::move(*parsed)};
}

std::string CanonicalName(std::string_view ecosystem, std::string_view name) {
  std::string out;
  knowledge::CanonicalPackageName(ecosystem, name, out);
  return out;
}

bool SameVersion(std::string_view ecosystem, std::string_view a, std::string_view b) {
  if (a == b) return true;
  const auto scheme = version::SchemeForEcosystem(ecosystem);
  if (!scheme) return false;
  const auto order = (*scheme)->Compare(a, b);
  return order && *order == 0;
}

// Whether `own` is the package `pattern` names: same type, namespace and name, and the version and
// each qualifier the pattern gives (a pattern may leave them out to mean any).
bool Covers(const purl::PackageUrl& pattern, const purl::PackageUrl& own, std::string_view ecosystem) {
  if (pattern.type != own.type || pattern.namespace_ != own.namespace_ || pattern.name != own.name) return false;
  if (!pattern.version.empty() && !SameVersion(ecosystem, pattern.version, own.version)) return false;
  return std::ranges::all_of(pattern.qualifiers, [&](const purl::Qualifier& q) { return own.FindQualifier(q.key) == q.value; });
}

bool Matches(const PackagePattern& pattern, const Finding& f) {
  if (const auto& id = pattern.identity) {
    // A purl without a distro names the package in every release of its distribution.
    const bool same_ecosystem =
        id->ecosystem == f.ecosystem || (id->ecosystem.find(':') == std::string::npos && id->ecosystem == version::BaseEcosystem(f.ecosystem));
    if (same_ecosystem && CanonicalName(f.ecosystem, id->name) == CanonicalName(f.ecosystem, f.name)) {
      return id->version.empty() || SameVersion(f.ecosystem, id->version, f.version);
    }
  }
  // Otherwise compare with the purl the inventory recorded (an OS binary package, a non-OSV type).
  const auto own = purl::Parse(f.purl);
  return own && Covers(pattern.purl, *own, f.ecosystem);
}

bool NamesVulnerability(const SuppressionRule& rule, const Finding& f) {
  const auto named = [&](std::string_view name) {
    if (EqualIgnoringCase(name, f.id)) return true;
    return std::ranges::any_of(f.aliases, [&](const std::string& alias) { return EqualIgnoringCase(name, alias); });
  };
  return named(rule.vulnerability) || std::ranges::any_of(rule.vuln_aliases, named);
}

struct CompiledRule {
  const SuppressionRule* rule;
  std::vector<PackagePattern> patterns;
};

bool Applies(const CompiledRule& compiled, const Finding& f) {
  if (!NamesVulnerability(*compiled.rule, f)) return false;
  if (compiled.rule->packages.empty()) return true;
  return std::ranges::any_of(compiled.patterns, [&](const PackagePattern& p) { return Matches(p, f); });
}

}  // namespace

SuppressionResult Suppress(std::vector<Finding>& findings, const std::vector<SuppressionRule>& rules, std::int64_t today) {
  SuppressionResult result;
  std::vector<CompiledRule> active;
  for (const auto& rule : rules) {
    if (rule.kind == RuleKind::kIgnore) {
      const auto expires = ParseIsoDate(rule.expires);
      if (!expires || *expires <= today) {
        result.expired.push_back(rule);
        continue;
      }
    }
    CompiledRule compiled{&rule, {}};
    for (const auto& text : rule.packages) {
      // A purl that does not parse was rejected when the rule was read; skipping it here means
      // such a rule can only match fewer findings, never more.
      if (auto pattern = ReadPattern(text)) compiled.patterns.push_back(std::move(*pattern));
    }
    if (!rule.packages.empty() && compiled.patterns.empty()) continue;
    active.push_back(std::move(compiled));
  }
  std::vector<Finding> kept;
  kept.reserve(findings.size());
  for (auto& f : findings) {
    const auto rule = std::ranges::find_if(active, [&](const CompiledRule& r) { return Applies(r, f); });
    if (rule == active.end()) {
      kept.push_back(std::move(f));
    } else {
      result.suppressed.push_back({std::move(f), *rule->rule});
    }
  }
  findings = std::move(kept);
  return result;
}

}  // namespace vigil::match
