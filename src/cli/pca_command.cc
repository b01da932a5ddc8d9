// aduana pca plan     --db PATH --from DATE --to DATE --capacity N [--random-share S] [--seed K] [--by NAME]
//                     [--csv FILE] [--json FILE]
// aduana pca show     --db PATH --plan ID [--csv]
// aduana pca evaluate --db PATH --data DIR --from DATE --to DATE --capacity N[,M...] [--random-share S]
//
// Post-clearance audit plans (src/audit): companies ranked by the revenue their released declarations probably
// kept, with evidence, stored and exported; and, on generated data, what a plan would recover against the
// generator's truth compared with ranking by declared value and with random plans.
#include <cstdio>
#include <fstream>

#include "absl/container/flat_hash_set.h"
#include "audit/pca_evaluation.h"
#include "audit/pca_plan.h"
#include "cli/commands.h"
#include "core/status_macros.h"
#include "ingest/csv_reader.h"
#include "store/sqlite_store.h"

namespace aduana::cli {
namespace {

struct PcaArgs {
  std::string db;
  std::string from;
  std::string to;
  std::vector<int> capacities = {100};
  double random_share = 0.1;
  uint64_t seed = 1;
  std::string by = "cli";
  std::string csv;
  std::string json;
  std::string data;
  int64_t plan_id = 0;
  bool show_csv = false;
  int draws = 200;
};

int Fail(const absl::Status& s) {
  std::fprintf(stderr, "aduana pca: %s\n", std::string(s.message()).c_str());
  return 1;
}

absl::Status WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) return absl::UnavailableError("cannot write " + path);
  return absl::OkStatus();
}

absl::StatusOr<audit::PcaOptions> Options(const PcaArgs& args) {
  audit::PcaOptions o;
  absl::StatusOr<EpochDay> from = ParseDate(args.from);
  if (!from.ok()) return absl::InvalidArgumentError("--from: " + std::string(from.status().message()));
  absl::StatusOr<EpochDay> to = ParseDate(args.to);
  if (!to.ok()) return absl::InvalidArgumentError("--to: " + std::string(to.status().message()));
  o.from = *from;
  o.to = *to;
  o.capacity = args.capacities.front();
  o.random_share = args.random_share;
  o.seed = args.seed;
  return o;
}

absl::StatusOr<model::RiskModel> ActiveModel(Store& store) {
  ADUANA_ASSIGN_OR_RETURN(std::optional<ModelVersion> active, store.LoadActiveModel());
  if (!active) return absl::FailedPreconditionError("the store has no active model: run aduana train first");
  return model::RiskModel::Load(*active);
}

void PrintPlan(const PcaPlanRecord& plan) {
  std::printf("plan %lld: %s to %s, %d audits (%.0f%% random) from %lld companies\n",
              static_cast<long long>(plan.plan_id), FormatDate(plan.period_from).c_str(),
              FormatDate(plan.period_to).c_str(), plan.capacity, plan.random_share * 100,
              static_cast<long long>(plan.companies_ranked));
  std::printf("%5s  %-14s %-7s %16s %6s %8s\n", "rank", "company", "chosen", "revenue at risk", "decl.", "released");
  for (const PcaCandidate& c : plan.candidates) {
    std::printf("%5d  %-14s %-7s %16.0f %6lld %8lld\n", c.rank, c.company_id.c_str(), c.selection.c_str(),
                c.revenue_at_risk, static_cast<long long>(c.declarations), static_cast<long long>(c.released));
  }
}

absl::Status RunPlan(const PcaArgs& args) {
  ADUANA_ASSIGN_OR_RETURN(audit::PcaOptions options, Options(args));
  ADUANA_ASSIGN_OR_RETURN(std::unique_ptr<Store> store, OpenSqliteStore(args.db));
  ADUANA_ASSIGN_OR_RETURN(model::RiskModel model, ActiveModel(*store));
  ADUANA_ASSIGN_OR_RETURN(PcaPlanRecord plan, audit::BuildPcaPlan(*store, model, options, args.by, NowMillis()));
  ADUANA_RETURN_IF_ERROR(store->Begin());
  if (absl::Status s = store->SavePcaPlan(&plan); !s.ok()) {
    (void)store->Rollback();
    return s;
  }
  ADUANA_RETURN_IF_ERROR(store->Commit());
  if (!args.csv.empty()) ADUANA_RETURN_IF_ERROR(WriteFile(args.csv, audit::PlanCsv(plan)));
  if (!args.json.empty()) ADUANA_RETURN_IF_ERROR(WriteFile(args.json, audit::PlanJson(plan)));
  PrintPlan(plan);
  return absl::OkStatus();
}

absl::Status RunShow(const PcaArgs& args) {
  ADUANA_ASSIGN_OR_RETURN(std::unique_ptr<Store> store, OpenSqliteStore(args.db));
  ADUANA_ASSIGN_OR_RETURN(std::optional<PcaPlanRecord> plan, store->LoadPcaPlan(args.plan_id));
  if (!plan) return absl::NotFoundError("no plan " + std::to_string(args.plan_id));
  if (args.show_csv) {
    std::fputs(audit::PlanCsv(*plan).c_str(), stdout);
  } else {
    PrintPlan(*plan);
  }
  return absl::OkStatus();
}

// What each company's declarations of [from, to] kept from the treasury (truth/revenue_at_stake.csv), less
// the declarations border controls found non-compliant.
absl::StatusOr<absl::flat_hash_map<std::string, double>> KeptRevenue(Store& store, const std::string& path,
                                                                     EpochDay from, EpochDay to) {
  absl::flat_hash_set<std::string> found;
  ADUANA_RETURN_IF_ERROR(store.ScanDeclarations(
      static_cast<UnixMillis>(from) * kMillisPerDay, (static_cast<UnixMillis>(to) + 1) * kMillisPerDay,
      [&](DeclarationRecord& r) {
        if (r.outcome && r.outcome->non_compliant) found.insert(r.declaration.declaration_id);
        return absl::OkStatus();
      }));
  CsvReader reader;
  ADUANA_RETURN_IF_ERROR(reader.Open(path));
  absl::flat_hash_map<std::string, double> kept;
  CsvRecord row;
  bool header = true;
  while (reader.Next(&row)) {
    if (header) {
      header = false;
      continue;
    }
    if (row.fields.size() != 4) return absl::InvalidArgumentError(path + ": a row without 4 fields");
    absl::StatusOr<EpochDay> day = ParseDate(row.fields[2]);
    if (!day.ok()) return absl::InvalidArgumentError(path + ": lodged_on: " + std::string(day.status().message()));
    if (*day < from || *day > to || found.contains(std::string(row.fields[0]))) continue;
    kept[std::string(row.fields[1])] += std::strtod(std::string(row.fields[3]).c_str(), nullptr);
  }
  ADUANA_RETURN_IF_ERROR(reader.status());
  return kept;
}

absl::Status RunEvaluate(const PcaArgs& args) {
  ADUANA_ASSIGN_OR_RETURN(audit::PcaOptions options, Options(args));
  options.compare_revenue_model = true;
  ADUANA_ASSIGN_OR_RETURN(std::unique_ptr<Store> store, OpenSqliteStore(args.db));
  ADUANA_ASSIGN_OR_RETURN(model::RiskModel model, ActiveModel(*store));
  ADUANA_ASSIGN_OR_RETURN(std::vector<audit::CompanyExposure> scored, audit::ScoreCompanies(*store, model, options));
  ADUANA_ASSIGN_OR_RETURN(auto kept,
                          KeptRevenue(*store, args.data + "/truth/revenue_at_stake.csv", options.from, options.to));
  std::vector<audit::StrategyYield> yields =
      audit::EvaluateStrategies(scored, kept, args.capacities, args.random_share, args.draws, args.seed);
  std::printf("%zu companies declared from %s to %s\n\n%s", scored.size(), args.from.c_str(), args.to.c_str(),
              audit::YieldTable(yields).c_str());
  return absl::OkStatus();
}

void AddPeriod(CLI::App* cmd, PcaArgs& args) {
  cmd->add_option("--db", args.db, "Store path")->required()->check(CLI::ExistingFile);
  cmd->add_option("--from", args.from, "First day of the period (YYYY-MM-DD)")->required();
  cmd->add_option("--to", args.to, "Last day of the period (YYYY-MM-DD)")->required();
  cmd->add_option("--random-share", args.random_share, "Share of the plan drawn at random (control)")
      ->check(CLI::Range(0.0, 1.0));
  cmd->add_option("--seed", args.seed, "Seed of the random draw");
}

}  // namespace

void AddPcaCommand(CLI::App& app, int* exit_code) {
  CLI::App* pca = app.add_subcommand("pca", "Post-clearance audit plans");
  pca->require_subcommand(1);
  auto args = std::make_shared<PcaArgs>();
  auto run = [exit_code](const absl::Status& s) { *exit_code = s.ok() ? 0 : Fail(s); };

  CLI::App* plan = pca->add_subcommand("plan", "Rank companies for audit over a period and store the plan");
  AddPeriod(plan, *args);
  plan->add_option("--capacity", args->capacities, "Audits the plan proposes")->required()->expected(1);
  plan->add_option("--by", args->by, "Who makes the plan (recorded)");
  plan->add_option("--csv", args->csv, "Also write the plan as CSV");
  plan->add_option("--json", args->json, "Also write the plan, with all evidence, as JSON");
  plan->callback([args, run] { run(RunPlan(*args)); });

  CLI::App* show = pca->add_subcommand("show", "Print a stored plan");
  show->add_option("--db", args->db, "Store path")->required()->check(CLI::ExistingFile);
  show->add_option("--plan", args->plan_id, "Plan id")->required();
  show->add_flag("--csv", args->show_csv, "As CSV");
  show->callback([args, run] { run(RunShow(*args)); });

  CLI::App* evaluate =
      pca->add_subcommand("evaluate", "Revenue a plan would recover, against generated truth and baselines");
  AddPeriod(evaluate, *args);
  evaluate->add_option("--data", args->data, "Generated data directory (with truth/revenue_at_stake.csv)")
      ->required();
  evaluate->add_option("--capacity", args->capacities, "Capacities to compare (comma-separated)")
      ->required()
      ->delimiter(',');
  evaluate->add_option("--draws", args->draws, "Random draws averaged")->check(CLI::Range(1, 100000));
  evaluate->callback([args, run] { run(RunEvaluate(*args)); });
}

}  // namespace aduana::cli
