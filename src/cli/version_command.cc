// `vigil version compare`: the order of two versions of an ecosystem, one pair or a batch.
#include <memory>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "version/registry.h"

namespace vigil::cli {
namespace {

struct CompareOptions {
  std::string ecosystem;
  std::string batch;
  std::vector<std::string> versions;
};

char Symbol(int c) { return c < 0 ? '<' : c > 0 ? '>' : '='; }

// Compares "A B" (any run of blanks between, nothing else on the line) and appends the answer.
void CompareLine(const version::Scheme& scheme, std::string_view line, std::string& ea, std::string& eb,
                 std::string& out) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  constexpr std::string_view kBlank = " \t";
  const auto a_begin = line.find_first_not_of(kBlank);
  const auto a_end = line.find_first_of(kBlank, a_begin);
  const auto b_begin = line.find_first_not_of(kBlank, a_end);
  const auto b_end = line.find_first_of(kBlank, b_begin);
  if (a_begin == std::string_view::npos || b_begin == std::string_view::npos ||
      line.find_first_not_of(kBlank, b_end) != std::string_view::npos) {
    out += "error: expected two versions separated by a space\n";
    return;
  }
  const std::string_view a = line.substr(a_begin, a_end - a_begin);
  const std::string_view b = line.substr(b_begin, b_end == std::string_view::npos ? b_end : b_end - b_begin);
  ea.clear();
  eb.clear();
  auto ra = scheme.Encode(a, ea);
  auto rb = ra ? scheme.Encode(b, eb) : Result<void>{};
  if (!ra || !rb) {
    out += "error: ";
    out += (!ra ? ra.error() : rb.error()).message;
    out += '\n';
    return;
  }
  out += Symbol(scheme.CompareEncoded(ea, eb));
  out += '\n';
}

int RunCompare(const CompareOptions& options, const GlobalOptions& global) {
  const auto scheme = version::SchemeForEcosystem(options.ecosystem);
  if (!scheme) return ReportError(scheme.error());
  std::string ea;
  std::string eb;
  std::string out;
  if (!options.batch.empty()) {
    if (!options.versions.empty()) {
      return ReportError({ErrorCode::kInvalidArgument, "version compare: give either --batch or two versions"});
    }
    const auto input = ReadInput(options.batch);
    if (!input) return ReportError(input.error());
    out.reserve(input->size() / 4);
    std::string_view rest = *input;
    while (!rest.empty()) {
      const auto newline = rest.find('\n');
      CompareLine(**scheme, rest.substr(0, newline), ea, eb, out);
      rest = newline == std::string_view::npos ? std::string_view{} : rest.substr(newline + 1);
    }
  } else {
    if (options.versions.size() != 2) {
      return ReportError({ErrorCode::kInvalidArgument, "version compare: expected two versions (or --batch FILE)"});
    }
    const auto order = (*scheme)->Compare(options.versions[0], options.versions[1]);
    if (!order) return ReportError(order.error());
    out = std::string(1, Symbol(*order)) + "\n";
  }
  if (auto written = WriteOutput(global, out); !written) return ReportError(written.error());
  return kExitOk;
}

}  // namespace

void AddVersionCommand(CLI::App& app, const GlobalOptions& global, int& exit_code) {
  auto* version = app.add_subcommand("version", "Version semantics of each ecosystem");
  version->require_subcommand(1);
  auto options = std::make_shared<CompareOptions>();
  auto* compare = version->add_subcommand(
      "compare", "Print <, = or > for two versions of an ecosystem (or one line per pair with --batch)");
  compare->add_option("--ecosystem,-e", options->ecosystem, "OSV ecosystem, e.g. Debian:12, PyPI, Maven")->required();
  compare->add_option("--batch", options->batch, "File of lines 'A B' ('-' for stdin); answers in input order");
  compare->add_option("versions", options->versions, "Two versions A B");
  compare->callback([&global, &exit_code, options] { exit_code = RunCompare(*options, global); });
}

}  // namespace vigil::cli
