#include "cli/commands.h"

#include <chrono>

namespace aduana::cli {

UnixMillis NowMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

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
  AddClassesCommand(app, &exit_code);
  AddServeCommand(app, &exit_code);
  AddFeedCommand(app, &exit_code);
  AddReplayCommand(app, &exit_code);
  AddWarnCommand(app, &exit_code);
  AddAlertsCommand(app, &exit_code);
  AddPcaCommand(app, &exit_code);
  AddCasesCommand(app, &exit_code);
  AddCargoCommand(app, &exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  return exit_code;
}

}  // namespace aduana::cli
