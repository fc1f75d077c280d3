// `vigil audit verify|list`: check and read the hash-chained audit log in the store under
// $VIGIL_HOME. verify exits 1 (GUIDE §6: a finding) when the log or a token does not match it.
#include <fmt/format.h>

#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "audit/audit.h"
#include "auth/token.h"
#include "cli/commands.h"
#include "server/fleet_json.h"
#include "store/store.h"

namespace vigil::cli {
namespace {

namespace fs = std::filesystem;

nlohmann::json JsonText(const std::optional<std::string>& text) {
  return text ? nlohmann::json(*text) : nlohmann::json(nullptr);
}

std::string AnchorText(const audit::Anchor& anchor) {
  return fmt::format("{}:{}", anchor.seq, anchor.hash);
}

int RunVerify(const std::string& anchor_text, const GlobalOptions& global) {
  std::optional<audit::Anchor> anchor;
  if (!anchor_text.empty()) {
    auto parsed = audit::ParseAnchor(anchor_text);
    if (!parsed) return ReportError(WithContext(parsed.error(), "audit verify"));
    anchor = std::move(*parsed);
  }
  auto store = OpenHomeStore();
  if (!store) return ReportError(store.error());
  auto verification = audit::Verify(**store, anchor);
  if (!verification) return ReportError(verification.error());
  // Tokens are compared with the log only once the log itself is known to be intact.
  std::optional<std::string> token_problem;
  if (!verification->problem) {
    auto checked = auth::CheckTokensAgainstAudit(**store);
    if (!checked) return ReportError(checked.error());
    token_problem = std::move(*checked);
  }
  const auto& problem = verification->problem;
  const bool ok = !problem && !token_problem;
  std::string out;
  if (global.format == Format::kJson) {
    nlohmann::json json = {
        {"ok", ok},
        {"verified", verification->verified},
        {"head", verification->head ? nlohmann::json(AnchorText(*verification->head)) : nlohmann::json(nullptr)},
        {"first_bad_sequence", problem ? nlohmann::json(problem->seq) : nlohmann::json(nullptr)},
        {"problem", problem ? nlohmann::json(problem->reason) : JsonText(token_problem)}};
    out = json.dump(2) + "\n";
  } else if (ok) {
    out = fmt::format("verified {} audit entries", verification->verified);
    if (verification->head) out += fmt::format("; head {}", AnchorText(*verification->head));
    out += '\n';
  }
  if (!out.empty()) {
    if (auto written = WriteOutput(global, out); !written) return ReportError(written.error());
  }
  if (problem) {
    std::cerr << fmt::format("vigil: audit log: entry {}: {} ({} entries before it verified)\n", problem->seq,
                             problem->reason, verification->verified);
    return kExitFindings;
  }
  if (token_problem) {
    std::cerr << fmt::format("vigil: audit log: {} ({} entries verified)\n", *token_problem, verification->verified);
    return kExitFindings;
  }
  return kExitOk;
}

int RunList(const GlobalOptions& global) {
  auto store = OpenHomeStore();
  if (!store) return ReportError(store.error());
  std::string out;
  nlohmann::json json = nlohmann::json::array();
  const bool as_json = global.format == Format::kJson;
  if (!as_json) out = fmt::format("{:>6}  {:<20}  {:<20}  {:<14}  {}\n", "SEQ", "TIME", "ACTOR", "ACTION", "OBJECT");
  auto walked = (*store)->ForEachAuditEntry([&](const store::AuditEntry& e) -> Result<void> {
    if (as_json) {
      json.push_back(server::AuditEntryJson(e));
    } else {
      out += fmt::format("{:>6}  {:<20}  {:<20}  {:<14}  {}\n", e.seq, e.time, e.actor, e.action, e.object);
    }
    return {};
  });
  if (!walked) return ReportError(walked.error());
  if (as_json) out = json.dump(2) + "\n";
  if (auto written = WriteOutput(global, out); !written) return ReportError(written.error());
  return kExitOk;
}

}  // namespace

void AddAuditCommand(CLI::App& app, const GlobalOptions& global, int& exit_code) {
  auto* audit = app.add_subcommand("audit", "The hash-chained audit log of every change");
  audit->require_subcommand(1);

  auto anchor = std::make_shared<std::string>();
  auto* verify = audit->add_subcommand(
      "verify", "Check the chain (exit 1 naming the first bad entry) and that every token matches its last entry");
  verify->add_option("--anchor", *anchor,
                     "SEQ:HASH printed by an earlier verify: also detects removed newest entries and a re-hashed log");
  verify->callback([&global, &exit_code, anchor] { exit_code = RunVerify(*anchor, global); });

  auto* list = audit->add_subcommand("list", "Every entry in sequence order (--format json: with digests and hashes)");
  list->callback([&global, &exit_code] { exit_code = RunList(global); });
}

}  // namespace vigil::cli
