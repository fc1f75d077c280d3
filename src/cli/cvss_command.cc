// `vigil cvss score`: scores CVSS v2.0/v3.0/v3.1/v4.0 vectors, one per argument or batch line.
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "knowledge/cvss/cvss.h"

namespace vigil::cli {
namespace {

namespace cvss = knowledge::cvss;

struct ScoreOptions {
  std::string batch;
  std::vector<std::string> vectors;
};

nlohmann::json ToJson(std::string_view vector, const Result<cvss::Scores>& scores) {
  nlohmann::json out;
  out["vector"] = vector;
  if (!scores) {
    out["error"] = scores.error().message;
    return out;
  }
  out["version"] = cvss::VersionName(scores->version);
  out["base_score"] = scores->base_score;
  if (scores->version == cvss::CvssVersion::kV40) {
    out["score"] = scores->score;
    out["nomenclature"] = scores->nomenclature;
  } else {
    out["temporal_score"] = scores->temporal_score ? nlohmann::json(*scores->temporal_score) : nlohmann::json(nullptr);
    out["environmental_score"] =
        scores->environmental_score ? nlohmann::json(*scores->environmental_score) : nlohmann::json(nullptr);
  }
  out["severity"] = cvss::SeverityName(scores->severity);
  return out;
}

std::string Optional(const std::optional<double>& value) { return value ? fmt::format("{:.1f}", *value) : "-"; }

int RunScore(const ScoreOptions& options, const GlobalOptions& global) {
  std::vector<std::string> vectors = options.vectors;
  if (!options.batch.empty()) {
    const auto input = ReadInput(options.batch);
    if (!input) return ReportError(input.error());
    std::string_view rest = *input;
    while (!rest.empty()) {
      const auto newline = rest.find('\n');
      std::string_view line = rest.substr(0, newline);
      rest = newline == std::string_view::npos ? std::string_view{} : rest.substr(newline + 1);
      const auto begin = line.find_first_not_of(" \t\r");
      if (begin == std::string_view::npos) continue;
      line = line.substr(begin, line.find_last_not_of(" \t\r") - begin + 1);
      vectors.emplace_back(line);
    }
  }
  if (vectors.empty()) return ReportError({ErrorCode::kInvalidArgument, "cvss score: no vector given"});

  std::string out;
  bool any_error = false;
  if (global.format == Format::kJson) {
    auto array = nlohmann::json::array();
    for (const auto& vector : vectors) {
      const auto scores = cvss::Score(vector);
      any_error |= !scores;
      array.push_back(ToJson(vector, scores));
    }
    out = array.dump(2) + "\n";
  } else {
    out = fmt::format("{:<8} {:>5} {:>8} {:>5} {:>5} {:<9} {:<8} {}\n", "VERSION", "BASE", "TEMPORAL", "ENV", "SCORE",
                      "SEVERITY", "KIND", "VECTOR");
    for (const auto& vector : vectors) {
      const auto scores = cvss::Score(vector);
      if (!scores) {
        any_error = true;
        out += fmt::format("{:<8} error: {}\n", "-", scores.error().message);
        continue;
      }
      out += fmt::format("{:<8} {:>5.1f} {:>8} {:>5} {:>5.1f} {:<9} {:<8} {}\n", cvss::VersionName(scores->version),
                         scores->base_score, Optional(scores->temporal_score), Optional(scores->environmental_score),
                         scores->score, cvss::SeverityName(scores->severity),
                         scores->nomenclature.empty() ? "-" : scores->nomenclature, vector);
    }
  }
  if (auto written = WriteOutput(global, out); !written) return ReportError(written.error());
  return any_error ? kExitUsage : kExitOk;
}

}  // namespace

void AddCvssCommand(CLI::App& app, const GlobalOptions& global, int& exit_code) {
  auto* cvss_app = app.add_subcommand("cvss", "CVSS v2.0, v3.0, v3.1 and v4.0 vectors");
  cvss_app->require_subcommand(1);
  auto options = std::make_shared<ScoreOptions>();
  auto* score = cvss_app->add_subcommand("score", "Compute the scores and severity of vectors");
  score->add_option("--batch", options->batch, "File with one vector per line ('-' for stdin)");
  score->add_option("vectors", options->vectors, "Vectors, e.g. CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H");
  score->callback([&global, &exit_code, options] { exit_code = RunScore(*options, global); });
}

}  // namespace vigil::cli
