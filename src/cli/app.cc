#include "cli/commands.h"

namespace aduana::cli {

int RunCli(int argc, char** argv) {
  CLI::App app{"Aduana: customs risk management engine"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "aduana 0.1.0");
  int exit_code = 0;
  AddGenerateCommand(app, &exit_code);
  AddIngestCommand(app, &exit_code);
  AddStatsCommand(app, &exit_code);
  AddTrainCommand(app, &exit_code);
  AddScoreCommand(app, &exit_code);
  AddEvaluateCommand(app, &exit_code);
  AddRulesCommand(app, &exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  return exit_code;
}

}  // namespace aduana::cli
