// aduana train --db PATH [--label fraud|critical] [--until DATE] [--rounds N]
// aduana models --db PATH
#include <cstdio>

#include "cli/commands.h"
#include "core/time.h"
#include "model/trainer.h"
#include "store/sqlite_store.h"

namespace aduana::cli {
namespace {

struct TrainArgs {
  std::string db;
  std::string label = "fraud";
  std::string until;
  int rounds = 0;
};

int RunTrain(const TrainArgs& args) {
  auto fail = [](const absl::Status& s) {
    std::fprintf(stderr, "aduana train: %s\n", std::string(s.message()).c_str());
    return 1;
  };
  model::TrainingOptions options;
  options.label = args.label;
  if (args.rounds > 0) options.risk.rounds = args.rounds;
  if (!args.until.empty()) {
    absl::StatusOr<EpochDay> day = ParseDate(args.until);
    if (!day.ok()) return fail(absl::InvalidArgumentError("--until: " + std::string(day.status().message())));
    options.until = (static_cast<UnixMillis>(*day) + 1) * kMillisPerDay;  // the whole day DATE included
  }
  auto store = OpenSqliteStore(args.db);
  if (!store.ok()) return fail(store.status());
  absl::StatusOr<model::TrainingReport> report = model::TrainModels(**store, options, NowMillis());
  if (!report.ok()) return fail(report.status());
  absl::StatusOr<int64_t> id = (*store)->SaveModel(report->version);
  if (!id.ok()) return fail(id.status());
  if (absl::Status s = (*store)->ActivateModel(*id); !s.ok()) return fail(s);
  std::printf("trained model %lld (label %s) on %lld inspected declarations lodged before %s\n",
              static_cast<long long>(*id), args.label.c_str(), static_cast<long long>(report->version.training_rows),
              FormatTimestamp(report->version.trained_until).c_str());
  std::printf("time: %.2f s building point-in-time features, %.2f s training (validation %.2f, risk %.2f, revenue %.2f)\n",
              report->seconds_features, report->seconds_training, report->seconds_validation, report->seconds_risk,
              report->seconds_revenue);
  std::printf("%s", report->validation_text.c_str());
  std::printf("model %lld is now active\n", static_cast<long long>(*id));
  return 0;
}

int RunModels(const std::string& db) {
  auto store = OpenSqliteStore(db);
  auto models = store.ok() ? (*store)->ListModels() : absl::StatusOr<std::vector<ModelVersion>>(store.status());
  if (!models.ok()) {
    std::fprintf(stderr, "aduana models: %s\n", std::string(models.status().message()).c_str());
    return 1;
  }
  std::printf("%-6s %-7s %-9s %-21s %-21s %10s\n", "id", "active", "label", "created", "trained until", "rows");
  for (const ModelVersion& m : *models) {
    std::printf("%-6lld %-7s %-9s %-21s %-21s %10lld\n", static_cast<long long>(m.model_id), m.active ? "yes" : "",
                m.label.c_str(), FormatTimestamp(m.created_at).c_str(), FormatTimestamp(m.trained_until).c_str(),
                static_cast<long long>(m.training_rows));
  }
  return 0;
}

}  // namespace

void AddTrainCommand(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<TrainArgs>();
  CLI::App* cmd = app.add_subcommand("train", "Train the risk and revenue models on the store's history and activate them");
  cmd->add_option("--db", args->db, "Store path")->required()->check(CLI::ExistingFile);
  cmd->add_option("--label", args->label, "What the risk model predicts: fraud (any finding) or critical")
      ->check(CLI::IsMember({"fraud", "critical"}));
  cmd->add_option("--until", args->until, "Use only declarations lodged up to this date (YYYY-MM-DD)");
  cmd->add_option("--rounds", args->rounds, "Boosting rounds (default 300)")->check(CLI::Range(1, 5000));
  cmd->callback([args, exit_code] { *exit_code = RunTrain(*args); });

  auto db = std::make_shared<std::string>();
  CLI::App* models = app.add_subcommand("models", "List the model registry");
  models->add_option("--db", *db, "Store path")->required()->check(CLI::ExistingFile);
  models->callback([db, exit_code] { *exit_code = RunModels(*db); });
}

}  // namespace aduana::cli
