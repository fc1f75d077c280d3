// vigil's command line: parses global options and dispatches to the subcommands (commands.h).
// Holds the process's last-resort catch: an escaped exception is an internal error (exit 3).
#include <exception>
#include <iostream>

#include "cli/commands.h"
#include "core/build_info.h"

int main(int argc, char** argv) {
  using vigil::cli::GlobalOptions;
  CLI::App app{"vigil: security risk operations — inventory, exact vulnerability matching, remediation, incidents"};
  app.name("vigil");
  app.set_version_flag("--version", std::string("vigil ") + vigil::kVersionString);
  app.require_subcommand(1);
  app.fallthrough();

  // The configuration file seeds option defaults before parsing, so that a VIGIL_* variable
  // (applied by CLI11 only to options not given) and then a flag override it.
  GlobalOptions global;
  auto config = vigil::Config::Load(vigil::cli::ConfigPath(), vigil::cli::ConfigSchema());
  if (!config) return vigil::cli::ReportError(config.error());
  global.config = std::move(*config);
  const std::map<std::string, vigil::cli::Format> formats = {{"table", vigil::cli::Format::kTable},
                                                             {"json", vigil::cli::Format::kJson}};
  if (const auto format = global.config.String("format")) global.format = formats.at(*format);
  app.add_option("--format,-f", global.format, "Output format: table or json")
      ->transform(CLI::CheckedTransformer(formats, CLI::ignore_case))
      ->envname("VIGIL_FORMAT");
  app.add_option("--output,-o", global.output, "Write the result to FILE instead of standard output");
  app.add_flag("--quiet,-q", global.quiet, "No progress or warnings on standard error");
  app.add_option_function<std::string>("--store", vigil::cli::SetStoreLocation,
                                       "The store: a postgresql:// URL or a SQLite file (default: $VIGIL_STORE, "
                                       "else vigil.db in $VIGIL_HOME)");

  int exit_code = vigil::cli::kExitOk;
  vigil::cli::AddVersionCommand(app, global, exit_code);
  vigil::cli::AddCvssCommand(app, global, exit_code);
  vigil::cli::AddDbCommand(app, global, exit_code);
  vigil::cli::AddAdvisoryCommand(app, global, exit_code);
  vigil::cli::AddScanCommands(app, global, exit_code);
  vigil::cli::AddTokenCommand(app, global, exit_code);
  vigil::cli::AddAuditCommand(app, global, exit_code);
  vigil::cli::AddFleetCommands(app, global, exit_code);
  vigil::cli::AddServeCommand(app, global, exit_code);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "vigil: usage: " << e.what() << " (see vigil --help)\n";
    return vigil::cli::kExitUsage;
  } catch (const std::exception& e) {
    std::cerr << "vigil: internal error: " << e.what() << '\n';
    return vigil::cli::kExitInternal;
  }
  return exit_code;
}
