// The human-readable scan report: findings grouped by package, most severe first within each,
// with colour for severity on a terminal.
#include <algorithm>
#include <cstdio>
#include <map>

#include "report/report.h"

namespace vigil::report {

namespace {

std::string_view SeverityColour(std::string_view severity) {
  if (severity == "critical") return "\033[1;31m";
  if (severity == "high") return "\033[31m";
  if (severity == "medium") return "\033[33m";
  if (severity == "low") return "\033[36m";
  return "";
}

std::string Pad(std::string text, std::size_t width) {
  if (text.size() < width) text.append(width - text.size(), ' ');
  return text;
}

}  // namespace

std::string ScanTable(const ScanReport& report, bool colour) {
  std::string out;
  const auto& findings = report.match.findings;
  std::map<std::tuple<std::string, std::string, std::string>, std::vector<const match::Finding*>> by_package;
  for (const auto& f : findings) by_package[{f.ecosystem, f.name, f.version}].push_back(&f);
  for (auto& [package, list] : by_package) {
    const auto& [ecosystem, name, version] = package;
    std::stable_sort(list.begin(), list.end(), [](const auto* a, const auto* b) {
      return a->cvss_score.value_or(-1) > b->cvss_score.value_or(-1);
    });
    out += name + " " + version + " (" + ecosystem + ")\n";
    for (const auto* f : list) {
      const std::string severity = SeverityLabel(*f);
      char score[16] = "   -";
      if (f->cvss_score) std::snprintf(score, sizeof score, "%4.1f", *f->cvss_score);
      char epss[16] = "     -";
      if (f->epss) std::snprintf(epss, sizeof epss, "%5.1f%%", *f->epss * 100);
      const std::string label = Pad(severity, 9);
      out += "  " + Pad(f->id, 22) + (colour ? std::string(SeverityColour(severity)) + label + "\033[0m" : label) + score +
             "  " + (f->known_exploited ? "KEV " : "    ") + epss + "  " +
             (f->fixed_version.empty() ? std::string("no fix known") : "fixed in " + f->fixed_version) + "\n";
    }
  }
  std::map<std::string, std::size_t> counts;
  for (const auto& f : findings) ++counts[SeverityLabel(f)];
  out += '\n';
  out += std::to_string(findings.size()) + " vulnerabilities in " + std::to_string(by_package.size()) + " of " +
         std::to_string(report.match.distinct_packages) + " distinct packages";
  std::string detail;
  for (const char* s : {"critical", "high", "medium", "low", "none", "unknown"}) {
    if (counts[s] > 0) detail += (detail.empty() ? "" : ", ") + std::to_string(counts[s]) + " " + s;
  }
  if (!detail.empty()) out += " (" + detail + ")";
  out += "\n";
  std::size_t by_vex = 0;
  for (const auto& s : report.suppression.suppressed) by_vex += s.rule.kind == match::RuleKind::kVex ? 1 : 0;
  if (!report.suppression.suppressed.empty()) {
    out += std::to_string(report.suppression.suppressed.size()) + " more suppressed (" + std::to_string(by_vex) + " by VEX, " +
           std::to_string(report.suppression.suppressed.size() - by_vex) + " by ignore entries)\n";
  }
  const auto& facts = report.hygiene;
  if (facts.os && facts.os->support == hygiene::OsSupport::kEndOfLife) {
    out += "end of life: ";
    const auto& row = *facts.os->lifecycle.entry;
    out += report.inventory.os->pretty_name + ": regular security support ended on " + std::string(row.eol);
    if (!row.lts_end.empty()) out += " (Debian LTS until " + std::string(row.lts_end) + ")";
    out += "; " + std::string(row.source) + "\n";
  }
  if (!facts.without_fix.empty()) {
    out += std::to_string(facts.without_fix.size()) + " vulnerable package versions have a vulnerability no upgrade fixes yet\n";
  }
  if (facts.ecosystems_without_advisory_data && !facts.ecosystems_without_advisory_data->empty()) {
    std::string names;
    for (const auto& e : *facts.ecosystems_without_advisory_data) names += (names.empty() ? "" : ", ") + e;
    out += "not checked (no advisory data): ";
    out += names + "\n";
  }
  for (const auto& rule : report.suppression.expired) {
    out += "expired ignore: ";
    out += rule.vulnerability + " (" + rule.source + ") stopped applying on " + rule.expires + "\n";
  }
  return out;
}

}  // namespace vigil::report
