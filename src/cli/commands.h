// The `aduana` command line: one CLI11 subcommand per file, registered by RunCli.
#pragma once

#include <CLI/CLI.hpp>

namespace aduana::cli {

// Each adds its subcommand to `app`; the callback runs the command and sets `*exit_code`.
void AddIngestCommand(CLI::App& app, int* exit_code);
void AddGenerateCommand(CLI::App& app, int* exit_code);
void AddStatsCommand(CLI::App& app, int* exit_code);
void AddTrainCommand(CLI::App& app, int* exit_code);  // train, models
void AddScoreCommand(CLI::App& app, int* exit_code);
void AddEvaluateCommand(CLI::App& app, int* exit_code);

int RunCli(int argc, char** argv);

}  // namespace aduana::cli
