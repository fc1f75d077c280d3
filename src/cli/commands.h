// Registration of each vigil subcommand on the CLI11 application. Each Add*Command wires options
// to a callback that stores the command's exit code in `exit_code`.
#pragma once

#include <CLI/CLI.hpp>

#include "cli/common.h"

namespace vigil::cli {

void AddVersionCommand(CLI::App& app, const GlobalOptions& global, int& exit_code);
void AddCvssCommand(CLI::App& app, const GlobalOptions& global, int& exit_code);
void AddDbCommand(CLI::App& app, const GlobalOptions& global, int& exit_code);
void AddAdvisoryCommand(CLI::App& app, const GlobalOptions& global, int& exit_code);
void AddScanCommands(CLI::App& app, const GlobalOptions& global, int& exit_code);  // inventory, scan
void AddTokenCommand(CLI::App& app, const GlobalOptions& global, int& exit_code);
void AddAuditCommand(CLI::App& app, const GlobalOptions& global, int& exit_code);
// collect, ingest, assets, blast-radius
void AddFleetCommands(CLI::App& app, const GlobalOptions& global, int& exit_code);
void AddServeCommand(CLI::App& app, const GlobalOptions& global, int& exit_code);

}  // namespace vigil::cli
