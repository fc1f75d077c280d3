// `vigil token create|list|revoke`: the fleet server's API tokens, kept in the store under
// $VIGIL_HOME. Every change is recorded in the audit log as the local operator ("cli:<user>").
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "auth/token.h"
#include "cli/commands.h"
#include "core/time.h"
#include "store/store.h"

namespace vigil::cli {
namespace {

namespace fs = std::filesystem;

constexpr std::int64_t kSecondsPerDay = 86'400;

struct CreateOptions {
  std::string role;
  std::string name;
  std::string team;
  std::string customer;
  std::string expires;
  bool team_given = false;
  bool customer_given = false;
};

std::string TimeOrNull(const std::optional<std::int64_t>& seconds) {
  return seconds ? FormatRfc3339(*seconds) : "-";
}

nlohmann::json JsonTime(const std::optional<std::int64_t>& seconds) {
  return seconds ? nlohmann::json(FormatRfc3339(*seconds)) : nlohmann::json(nullptr);
}

nlohmann::json JsonText(const std::optional<std::string>& text) {
  return text ? nlohmann::json(*text) : nlohmann::json(nullptr);
}

std::string_view State(const auth::TokenInfo& token, std::int64_t now) {
  if (token.revoked_at) return "revoked";
  if (token.expires && now >= *token.expires) return "expired";
  return "active";
}

int RunCreate(const CreateOptions& options, const GlobalOptions& global) {
  const auto fail = [](const Error& error) { return ReportError(WithContext(error, "token create")); };
  // --output would leave the secret in a file with the umask's permissions.
  if (!global.output.empty() && global.output != "-") {
    return fail({ErrorCode::kInvalidArgument, "the token is printed only on standard output; --output is refused"});
  }
  auto role = auth::ParseRole(options.role);
  if (!role) return fail(role.error());
  auth::TokenSpec spec;
  spec.role = *role;
  spec.name = options.name;
  if (options.team_given) spec.team = options.team;
  if (options.customer_given) spec.customer = options.customer;
  if (!options.expires.empty()) {
    auto day = ParseIsoDate(options.expires);
    if (!day) return fail(WithContext(day.error(), "--expires"));
    spec.expires = *day * kSecondsPerDay;
  }
  const std::int64_t now = Now();
  if (auto valid = auth::Validate(spec, now); !valid) return fail(valid.error());
  auto store = OpenHomeStore();
  if (!store) return ReportError(store.error());
  auto created = auth::CreateToken(**store, spec, LocalOperator(), now);
  if (!created) return fail(created.error());
  std::cout << created->secret << '\n' << std::flush;
  if (!std::cout) return ReportError({ErrorCode::kUnavailable, "cannot write to standard output"});
  if (!global.quiet) {
    std::cerr << "created token " << created->id << " (" << auth::RoleName(spec.role)
              << "); it is shown only this once\n";
  }
  return kExitOk;
}

std::string TokenTable(const std::vector<auth::TokenInfo>& tokens, std::int64_t now) {
  using Row = std::array<std::string, 9>;
  std::vector<Row> rows = {{"ID", "NAME", "ROLE", "TEAM", "CUSTOMER", "CREATED", "EXPIRES", "REVOKED", "STATE"}};
  for (const auto& t : tokens) {
    rows.push_back({std::to_string(t.id), t.name, t.role, t.team.value_or("-"), t.customer.value_or("-"),
                    FormatRfc3339(t.created), TimeOrNull(t.expires), TimeOrNull(t.revoked_at),
                    std::string(State(t, now))});
  }
  std::array<std::size_t, 9> widths{};
  for (const auto& row : rows) {
    for (std::size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], row[i].size());
  }
  std::string out;
  for (const auto& row : rows) {
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i) {
      line += fmt::format("{:<{}}", row[i], i + 1 < row.size() ? widths[i] + 2 : 0);
    }
    out += line;
    out += '\n';
  }
  return out;
}

int RunList(const GlobalOptions& global) {
  auto store = OpenHomeStore();
  if (!store) return ReportError(store.error());
  auto tokens = auth::ListTokens(**store);
  if (!tokens) return ReportError(tokens.error());
  const std::int64_t now = Now();
  std::string out;
  if (global.format == Format::kJson) {
    nlohmann::json json = nlohmann::json::array();
    for (const auto& t : *tokens) {
      json.push_back({{"id", t.id},
                      {"name", t.name},
                      {"role", t.role},
                      {"team", JsonText(t.team)},
                      {"customer", JsonText(t.customer)},
                      {"created", FormatRfc3339(t.created)},
                      {"expires", JsonTime(t.expires)},
                      {"revoked", JsonTime(t.revoked_at)},
                      {"state", State(t, now)}});
    }
    out = json.dump(2) + "\n";
  } else {
    out = TokenTable(*tokens, now);
  }
  if (auto written = WriteOutput(global, out); !written) return ReportError(written.error());
  return kExitOk;
}

int RunRevoke(std::int64_t id, const GlobalOptions& global) {
  auto store = OpenHomeStore();
  if (!store) return ReportError(store.error());
  const std::int64_t now = Now();
  if (auto revoked = auth::RevokeToken(**store, id, LocalOperator(), now); !revoked) {
    return ReportError(WithContext(revoked.error(), "token revoke"));
  }
  const std::string out = global.format == Format::kJson
                              ? nlohmann::json{{"id", id}, {"revoked", FormatRfc3339(now)}}.dump(2) + "\n"
                              : fmt::format("revoked token {}\n", id);
  if (auto written = WriteOutput(global, out); !written) return ReportError(written.error());
  return kExitOk;
}

}  // namespace

void AddTokenCommand(CLI::App& app, const GlobalOptions& global, int& exit_code) {
  auto* token = app.add_subcommand("token", "API tokens of the fleet server (shown once, stored hashed)");
  token->require_subcommand(1);

  auto options = std::make_shared<CreateOptions>();
  auto* create = token->add_subcommand("create", "Create a token and print it (only it) on standard output");
  create->add_option("--role", options->role, "admin, security, team-member, auditor, agent or customer")->required();
  create->add_option("--name", options->name, "What the token is for, e.g. the agent's host or the person")->required();
  auto* team = create->add_option("--team", options->team, "The team a team-member or agent token is bound to");
  auto* customer = create->add_option("--customer", options->customer, "The customer a customer token is bound to");
  create->add_option("--expires", options->expires, "YYYY-MM-DD: the token stops working at 00:00 UTC that day");
  create->callback([&global, &exit_code, options, team, customer] {
    options->team_given = team->count() > 0;
    options->customer_given = customer->count() > 0;
    exit_code = RunCreate(*options, global);
  });

  auto* list = token->add_subcommand("list", "Tokens with their role, binding, dates and state (never the secret)");
  list->callback([&global, &exit_code] { exit_code = RunList(global); });

  auto id = std::make_shared<std::int64_t>(0);
  auto* revoke = token->add_subcommand("revoke", "Revoke a token by id; it is refused from now on");
  revoke->add_option("id", *id, "The token's id, as `vigil token list` shows")->required();
  revoke->callback([&global, &exit_code, id] { exit_code = RunRevoke(*id, global); });
}

}  // namespace vigil::cli
