// The `aduana` command line: one CLI11 subcommand per file, registered by RunCli.
#pragma once

#include <CLI/CLI.hpp>

#include <string>

#include "absl/status/statusor.h"
#include "core/time.h"

namespace aduana::cli {

// Each adds its subcommand to `app`; the callback runs the command and sets `*exit_code`.
void AddIngestCommand(CLI::App& app, int* exit_code);
void AddGenerateCommand(CLI::App& app, int* exit_code);
void AddStatsCommand(CLI::App& app, int* exit_code);
void AddTrainCommand(CLI::App& app, int* exit_code);  // train, models
void AddScoreCommand(CLI::App& app, int* exit_code);
void AddEvaluateCommand(CLI::App& app, int* exit_code);
void AddRulesCommand(CLI::App& app, int* exit_code);
void AddClassesCommand(CLI::App& app, int* exit_code);  // classes update, show, list
void AddServeCommand(CLI::App& app, int* exit_code);    // serve, tokens, audit verify
void AddFeedCommand(CLI::App& app, int* exit_code);
void AddReplayCommand(CLI::App& app, int* exit_code);
void AddWarnCommand(CLI::App& app, int* exit_code);  // warn scan
void AddAlertsCommand(CLI::App& app, int* exit_code);  // alerts scan, list, move
void AddPcaCommand(CLI::App& app, int* exit_code);     // pca plan, show, evaluate
void AddCasesCommand(CLI::App& app, int* exit_code);   // cases open, assign, findings, close, list
void AddCargoCommand(CLI::App& app, int* exit_code);   // cargo replay, timeline

// The wall clock, for what the store records as "when" (models trained, rules loaded).
UnixMillis NowMillis();

// The whole of a (small) text file, such as a rule file.
absl::StatusOr<std::string> ReadTextFile(const std::string& path);

int RunCli(int argc, char** argv);

}  // namespace aduana::cli
