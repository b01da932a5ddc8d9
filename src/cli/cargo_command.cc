// aduana cargo replay --db PATH --from DATE --to DATE [--max-delay-minutes N] [--duplicates SHARE] [--seed N]
//                     [--truth FILE] [--store-alerts]
// aduana cargo timeline --db PATH --transit ID
//
// Cargo monitoring over the store (cargo/): a replay of the tracking events of the transits departed in a
// period through the transit monitor, delivered as a network would (late, out of order, some twice), with the
// alerts raised, measured against the generator's planted violations when --truth is given and stored into
// the alert workflow when --store-alerts is; and a consignment's timeline.
#include <cstdio>

#include "cargo/cargo_alerts.h"
#include "cargo/evaluation.h"
#include "cargo/replay.h"
#include "cargo/timeline.h"
#include "cli/commands.h"
#include "core/status_macros.h"
#include "store/sqlite_store.h"

namespace aduana::cli {
namespace {

struct CargoArgs {
  std::string db;
  std::string from;
  std::string to;
  int max_delay_minutes = 0;
  double duplicates = 0;
  uint64_t seed = 1;
  std::string truth;
  bool store_alerts = false;
  std::string transit_id;
};

absl::Status RunReplay(const CargoArgs& args) {
  absl::StatusOr<EpochDay> from = ParseDate(args.from);
  if (!from.ok()) return absl::InvalidArgumentError("--from: " + std::string(from.status().message()));
  absl::StatusOr<EpochDay> to = ParseDate(args.to);
  if (!to.ok()) return absl::InvalidArgumentError("--to: " + std::string(to.status().message()));
  std::vector<cargo::PlantedViolation> planted;
  if (!args.truth.empty()) {
    ADUANA_ASSIGN_OR_RETURN(planted, cargo::ReadPlantedViolations(args.truth));
  }
  ADUANA_ASSIGN_OR_RETURN(std::unique_ptr<Store> store, OpenSqliteStore(args.db));
  cargo::DeliveryModel delivery;
  delivery.max_delay = args.max_delay_minutes * cargo::kMinuteMs;
  delivery.duplicate_share = args.duplicates;
  delivery.seed = args.seed;
  ADUANA_ASSIGN_OR_RETURN(
      cargo::ReplayResult replay,
      cargo::ReplayStore(*store, static_cast<UnixMillis>(*from) * kMillisPerDay,
                         (static_cast<UnixMillis>(*to) + 1) * kMillisPerDay, cargo::MonitorConfig{}, delivery));
  if (args.truth.empty()) {
    std::printf("%lld transits, %lld deliveries: %zu alerts\n", static_cast<long long>(replay.transits),
                static_cast<long long>(replay.deliveries), replay.alerts.size());
  } else {
    std::printf("%s", cargo::EvaluationReport(cargo::Evaluate(planted, replay)).c_str());
  }
  if (!args.store_alerts) return absl::OkStatus();
  ADUANA_RETURN_IF_ERROR(store->Begin());
  absl::StatusOr<int64_t> stored = cargo::StoreCargoAlerts(*store, replay.alerts);
  if (!stored.ok()) {
    (void)store->Rollback();
    return stored.status();
  }
  ADUANA_RETURN_IF_ERROR(store->Commit());
  std::printf("%lld new alerts stored\n", static_cast<long long>(*stored));
  return absl::OkStatus();
}

absl::Status RunTimeline(const CargoArgs& args) {
  ADUANA_ASSIGN_OR_RETURN(std::unique_ptr<Store> store, OpenSqliteStore(args.db));
  ADUANA_ASSIGN_OR_RETURN(std::optional<cargo::ConsignmentTimeline> timeline,
                          cargo::TransitTimeline(*store, args.transit_id));
  if (!timeline) return absl::NotFoundError("no transit " + args.transit_id);
  for (const cargo::TimelineEntry& e : timeline->entries) {
    std::printf("%s  %-11s %s\n", FormatTimestamp(e.at).c_str(), e.stage.c_str(), e.what.c_str());
  }
  std::printf("%zu positions tracked\n", timeline->track.size());
  return absl::OkStatus();
}

}  // namespace

void AddCargoCommand(CLI::App& app, int* exit_code) {
  CLI::App* cargo = app.add_subcommand("cargo", "Transit monitoring: replay tracking events, consignment timelines");
  cargo->require_subcommand(1);
  auto args = std::make_shared<CargoArgs>();
  auto run = [exit_code](const absl::Status& s) {
    if (!s.ok()) std::fprintf(stderr, "aduana cargo: %s\n", std::string(s.message()).c_str());
    *exit_code = s.ok() ? 0 : 1;
  };
  for (CLI::App* cmd : {cargo->add_subcommand("replay", "Replay the transits of a period through the monitor"),
                        cargo->add_subcommand("timeline", "A consignment's timeline, from manifest to arrival")}) {
    cmd->add_option("--db", args->db, "Store path")->required()->check(CLI::ExistingFile);
  }
  CLI::App* replay = cargo->get_subcommand("replay");
  replay->add_option("--from", args->from, "First day of departures (YYYY-MM-DD)")->required();
  replay->add_option("--to", args->to, "Last day of departures (YYYY-MM-DD)")->required();
  replay->add_option("--max-delay-minutes", args->max_delay_minutes, "Each event arrives up to this late")
      ->check(CLI::Range(0, 24 * 60));
  replay->add_option("--duplicates", args->duplicates, "Share of events delivered twice")->check(CLI::Range(0.0, 1.0));
  replay->add_option("--seed", args->seed, "Seed of the delivery delays and repeats");
  replay->add_option("--truth", args->truth, "truth/ground_truth.csv: measure recall and delay per violation")
      ->check(CLI::ExistingFile);
  replay->add_flag("--store-alerts", args->store_alerts, "Store the alerts into the alert workflow");
  replay->callback([args, run] { run(RunReplay(*args)); });
  CLI::App* timeline = cargo->get_subcommand("timeline");
  timeline->add_option("--transit", args->transit_id, "Transit id")->required();
  timeline->callback([args, run] { run(RunTimeline(*args)); });
}

}  // namespace aduana::cli
