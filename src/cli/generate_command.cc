// aduana generate --out DIR --declarations N --seed S
#include <chrono>
#include <cstdio>

#include "cli/commands.h"
#include "core/time.h"
#include "generate/generator.h"

namespace aduana::cli {
namespace {

struct GenerateArgs {
  GeneratorOptions options;
  std::string first_day = "2024-01-01";
};

int RunGenerate(GenerateArgs& args) {
  auto day = ParseDate(args.first_day);
  if (!day.ok()) {
    std::fprintf(stderr, "aduana generate: --start: %s\n", std::string(day.status().message()).c_str());
    return 2;
  }
  args.options.first_day = *day;
  auto start = std::chrono::steady_clock::now();
  auto summary = GenerateDataset(args.options);
  if (!summary.ok()) {
    std::fprintf(stderr, "aduana generate: %s\n", std::string(summary.status().message()).c_str());
    return 1;
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  for (const auto& [file, rows] : summary->rows_per_file) {
    std::printf("%-28s %12lld rows\n", file.c_str(), static_cast<long long>(rows));
  }
  std::printf("wrote %s in %.2f s (ground truth in %s/truth/)\n", args.options.out_dir.c_str(), seconds,
              args.options.out_dir.c_str());
  return 0;
}

}  // namespace

void AddGenerateCommand(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<GenerateArgs>();
  CLI::App* cmd = app.add_subcommand("generate", "Write a synthetic trade dataset with planted fraud mechanisms");
  cmd->add_option("--out", args->options.out_dir, "Output directory")->required();
  cmd->add_option("--declarations", args->options.declarations, "Number of declarations")
      ->check(CLI::Range(int64_t{1}, int64_t{100'000'000}));
  cmd->add_option("--seed", args->options.seed, "Random seed (same seed, same files)");
  cmd->add_option("--start", args->first_day, "First day of the period (YYYY-MM-DD)");
  cmd->add_option("--days", args->options.days, "Length of the period in days")->check(CLI::Range(1, 3660));
  cmd->add_option("--malformed-rate", args->options.malformed_rate, "Share of rows written malformed on purpose")
      ->check(CLI::Range(0.0, 0.5));
  cmd->callback([args, exit_code] { *exit_code = RunGenerate(*args); });
}

}  // namespace aduana::cli
