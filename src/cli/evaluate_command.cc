// aduana evaluate --db PATH --from DATE --to DATE [--rules FILE] [--json]
#include <cstdio>

#include "cli/commands.h"
#include "core/time.h"
#include "model/backtest.h"
#include "model/rule_binding.h"
#include "model/metrics.h"
#include "nlohmann/json.hpp"
#include "store/sqlite_store.h"

namespace aduana::cli {
namespace {

struct EvaluateArgs {
  std::string db;
  std::string from;
  std::string to;
  std::string rules;
  bool json = false;
};

int Fail(const absl::Status& s) {
  std::fprintf(stderr, "aduana evaluate: %s\n", std::string(s.message()).c_str());
  return 1;
}

using Strategy = double model::BacktestRow::*;

model::Evaluation EvaluateStrategy(const std::vector<model::BacktestRow>& rows, Strategy score) {
  std::vector<model::ScoredOutcome> scored;
  scored.reserve(rows.size());
  for (const model::BacktestRow& r : rows) scored.push_back({r.declaration_id, r.*score, r.positive, r.revenue});
  return model::Evaluate(std::move(scored));
}

int RunEvaluate(const EvaluateArgs& args) {
  absl::StatusOr<EpochDay> from = ParseDate(args.from);
  if (!from.ok()) return Fail(absl::InvalidArgumentError("--from: " + std::string(from.status().message())));
  absl::StatusOr<EpochDay> to = ParseDate(args.to);
  if (!to.ok()) return Fail(absl::InvalidArgumentError("--to: " + std::string(to.status().message())));
  if (*to < *from) return Fail(absl::InvalidArgumentError("--to is before --from"));
  auto store = OpenSqliteStore(args.db);
  if (!store.ok()) return Fail(store.status());
  auto active = (*store)->LoadActiveModel();
  if (!active.ok()) return Fail(active.status());
  if (!*active) return Fail(absl::FailedPreconditionError("no active model in the store: run `aduana train` first"));
  auto model = model::RiskModel::Load(**active);
  if (!model.ok()) return Fail(model.status());
  std::optional<rules::RuleSet> rule_set;
  if (!args.rules.empty()) {
    auto text = ReadTextFile(args.rules);
    if (!text.ok()) return Fail(text.status());
    auto binding = model::RuleBinding::Create(model->schema());
    if (!binding.ok()) return Fail(binding.status());
    auto compiled = binding->Compile(*text, args.rules);
    if (!compiled.ok()) return Fail(compiled.status());
    rule_set = *std::move(compiled);
  }
  UnixMillis begin = static_cast<UnixMillis>(*from) * kMillisPerDay, end = (static_cast<UnixMillis>(*to) + 1) * kMillisPerDay;
  auto rows = model::Backtest(**store, *model, begin, end, (*active)->label, rule_set ? &*rule_set : nullptr);
  if (!rows.ok()) return Fail(rows.status());
  if (rows->empty()) return Fail(absl::NotFoundError("no inspected declarations lodged from " + args.from + " to " + args.to));
  if ((*active)->trained_until > begin) {
    std::fprintf(stderr, "aduana evaluate: warning: model %lld was trained on declarations up to %s, inside the "
                         "evaluated period: the figures are optimistic\n",
                 static_cast<long long>((*active)->model_id), FormatTimestamp((*active)->trained_until).c_str());
  }
  std::vector<std::pair<std::string, Strategy>> strategies = {
      {"model", &model::BacktestRow::model_score},
      {"profile_baseline", &model::BacktestRow::profile_score},
      {"random", &model::BacktestRow::random_score}};
  if (rule_set) {
    strategies.push_back({"rules", &model::BacktestRow::rules_score});
    strategies.push_back({"model+rules", &model::BacktestRow::model_rules_score});
  }
  nlohmann::json json;
  json["model_id"] = (*active)->model_id;
  json["from"] = args.from;
  json["to"] = args.to;
  for (const auto& [name, score] : strategies) {
    model::Evaluation e = EvaluateStrategy(*rows, score);
    if (args.json) {
      json["strategies"][name] = nlohmann::json::parse(model::EvaluationJson(e));
    } else {
      std::printf("%s\n", model::EvaluationText(name + " (model " + std::to_string((*active)->model_id) + ", " +
                                                    args.from + " to " + args.to + ")",
                                                e)
                              .c_str());
    }
  }
  if (args.json) std::printf("%s\n", json.dump(2).c_str());
  return 0;
}

}  // namespace

void AddEvaluateCommand(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<EvaluateArgs>();
  CLI::App* cmd = app.add_subcommand("evaluate", "Back-test the active model on the inspected declarations of a period");
  cmd->add_option("--db", args->db, "Store path")->required()->check(CLI::ExistingFile);
  cmd->add_option("--from", args->from, "First lodgement day (YYYY-MM-DD)")->required();
  cmd->add_option("--to", args->to, "Last lodgement day (YYYY-MM-DD)")->required();
  cmd->add_option("--rules", args->rules, "Also compare the rules alone and the model with these rules")
      ->check(CLI::ExistingFile);
  cmd->add_flag("--json", args->json, "Print JSON instead of text");
  cmd->callback([args, exit_code] { *exit_code = RunEvaluate(*args); });
}

}  // namespace aduana::cli
