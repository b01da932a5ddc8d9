// aduana alerts scan --db PATH --from DATE --to DATE        (every detector, model and rule health included)
// aduana alerts list --db PATH [--status S] [--detector D] [--subject X] [--limit N]
// aduana alerts move --db PATH --alert ID --to STATUS --by NAME [--note TEXT]
//
// Early-warning alerts kept in the store with their workflow (warn/alert_workflow.h): a scan stores what the
// detectors raise (a rescan keeps the workflow of alerts already stored), analysts acknowledge, resolve or
// dismiss them, and every move is in the audit trail.
#include <cstdio>

#include "cli/commands.h"
#include "core/status_macros.h"
#include "store/sqlite_store.h"
#include "warn/alert_workflow.h"
#include "warn/history_scan.h"
#include "warn/model_health.h"

namespace aduana::cli {
namespace {

struct AlertArgs {
  std::string db;
  std::string from;
  std::string to;
  AlertFilter filter;
  int64_t alert_id = 0;
  std::string status;
  std::string by;
  std::string note;
};

absl::Status RunScan(const AlertArgs& args) {
  absl::StatusOr<EpochDay> from = ParseDate(args.from);
  if (!from.ok()) return absl::InvalidArgumentError("--from: " + std::string(from.status().message()));
  absl::StatusOr<EpochDay> to = ParseDate(args.to);
  if (!to.ok()) return absl::InvalidArgumentError("--to: " + std::string(to.status().message()));
  ADUANA_ASSIGN_OR_RETURN(std::unique_ptr<Store> store, OpenSqliteStore(args.db));
  const UnixMillis begin = static_cast<UnixMillis>(*from) * kMillisPerDay;
  const UnixMillis end = (static_cast<UnixMillis>(*to) + 1) * kMillisPerDay;
  ADUANA_ASSIGN_OR_RETURN(warn::ScanResult result, warn::ScanHistory(*store, begin, end, {}));
  ADUANA_ASSIGN_OR_RETURN(std::vector<warn::Alert> health, warn::CheckModelHealth(*store, begin, end, {}));
  result.alerts.insert(result.alerts.end(), health.begin(), health.end());
  ADUANA_RETURN_IF_ERROR(store->Begin());
  absl::StatusOr<warn::StoredAlerts> stored = warn::StoreAlerts(*store, result.alerts, NowMillis());
  if (!stored.ok()) {
    (void)store->Rollback();
    return stored.status();
  }
  ADUANA_RETURN_IF_ERROR(store->Commit());
  std::printf("%lld declarations read: %zu alerts, %lld new, %lld already stored\n",
              static_cast<long long>(result.declarations), result.alerts.size(),
              static_cast<long long>(stored->new_alerts), static_cast<long long>(stored->known));
  return absl::OkStatus();
}

absl::Status RunList(const AlertArgs& args) {
  ADUANA_ASSIGN_OR_RETURN(std::unique_ptr<Store> store, OpenSqliteStore(args.db));
  ADUANA_ASSIGN_OR_RETURN(std::vector<AlertRecord> alerts, store->ListAlerts(args.filter));
  for (const AlertRecord& a : alerts) {
    std::printf("%6lld  %s  %-13s %-22s %-10s %-16s %-6s %s\n", static_cast<long long>(a.alert_id),
                FormatDate(a.week).c_str(), a.status.c_str(), a.detector.c_str(), a.subject_kind.c_str(),
                a.subject.c_str(), a.severity.c_str(), a.evidence.c_str());
  }
  return absl::OkStatus();
}

absl::Status RunMove(const AlertArgs& args) {
  ADUANA_ASSIGN_OR_RETURN(std::unique_ptr<Store> store, OpenSqliteStore(args.db));
  ADUANA_RETURN_IF_ERROR(store->Begin());
  absl::StatusOr<AlertRecord> moved = warn::MoveAlert(*store, args.alert_id, args.status, args.by, args.note, NowMillis());
  if (!moved.ok()) {
    (void)store->Rollback();
    return moved.status();
  }
  ADUANA_RETURN_IF_ERROR(store->Commit());
  std::printf("alert %lld is %s\n", static_cast<long long>(moved->alert_id), moved->status.c_str());
  return absl::OkStatus();
}

}  // namespace

void AddAlertsCommand(CLI::App& app, int* exit_code) {
  CLI::App* alerts = app.add_subcommand("alerts", "Early-warning alerts kept in the store, and their workflow");
  alerts->require_subcommand(1);
  auto args = std::make_shared<AlertArgs>();
  auto run = [exit_code](const absl::Status& s) {
    if (!s.ok()) std::fprintf(stderr, "aduana alerts: %s\n", std::string(s.message()).c_str());
    *exit_code = s.ok() ? 0 : 1;
  };
  for (CLI::App* cmd : {alerts->add_subcommand("scan", "Run the detectors over a period and store the alerts"),
                        alerts->add_subcommand("list", "Stored alerts, newest first"),
                        alerts->add_subcommand("move", "Acknowledge, resolve or dismiss an alert")}) {
    cmd->add_option("--db", args->db, "Store path")->required()->check(CLI::ExistingFile);
  }
  CLI::App* scan = alerts->get_subcommand("scan");
  scan->add_option("--from", args->from, "First day (YYYY-MM-DD)")->required();
  scan->add_option("--to", args->to, "Last day (YYYY-MM-DD)")->required();
  scan->callback([args, run] { run(RunScan(*args)); });
  CLI::App* list = alerts->get_subcommand("list");
  list->add_option("--status", args->filter.status, "new, acknowledged, resolved or dismissed");
  list->add_option("--detector", args->filter.detector, "Only this detector");
  list->add_option("--subject", args->filter.subject, "Only this subject (an importer, 'HS6|origin', ...)");
  list->add_option("--limit", args->filter.limit, "At most this many")->check(CLI::Range(1, 100000));
  list->callback([args, run] { run(RunList(*args)); });
  CLI::App* move = alerts->get_subcommand("move");
  move->add_option("--alert", args->alert_id, "Alert id")->required();
  move->add_option("--to", args->status, "acknowledged, resolved or dismissed")->required();
  move->add_option("--by", args->by, "Who decides")->required();
  move->add_option("--note", args->note, "Why (required to resolve or dismiss)");
  move->callback([args, run] { run(RunMove(*args)); });
}

}  // namespace aduana::cli
