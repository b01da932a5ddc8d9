// aduana warn scan --db PATH --from DATE --to DATE [--json]
//
// Early warning over the store's history: volume surges and unit-value collapses per week (src/warn), each with
// its evidence and, where one fits, a rule to dry-run.
#include <cstdio>

#include "cli/commands.h"
#include "nlohmann/json.hpp"
#include "store/sqlite_store.h"
#include "warn/history_scan.h"

namespace aduana::cli {
namespace {

struct WarnArgs {
  std::string db;
  std::string from;
  std::string to;
  bool json = false;
};

int Fail(const absl::Status& s) {
  std::fprintf(stderr, "aduana warn scan: %s\n", std::string(s.message()).c_str());
  return 1;
}

absl::StatusOr<UnixMillis> DayArg(const char* option, const std::string& text, int add_days) {
  absl::StatusOr<EpochDay> day = ParseDate(text);
  if (!day.ok()) return absl::InvalidArgumentError(std::string(option) + ": " + std::string(day.status().message()));
  return (static_cast<UnixMillis>(*day) + add_days) * kMillisPerDay;
}

nlohmann::json AlertJson(const warn::Alert& a) {
  return {{"detector", a.detector}, {"subject_kind", a.subject_kind}, {"subject", a.subject},
          {"week", FormatDate(warn::FirstDayOf(a.week))}, {"severity", warn::SeverityName(a.severity)},
          {"observed", a.observed}, {"baseline", a.baseline}, {"spread", a.spread},
          {"baseline_weeks", a.baseline_weeks}, {"evidence", a.evidence}, {"declarations", a.declarations},
          {"suggested_rule", a.suggested_rule}};
}

int RunScan(const WarnArgs& args) {
  auto from = DayArg("--from", args.from, 0);
  if (!from.ok()) return Fail(from.status());
  auto to = DayArg("--to", args.to, 1);
  if (!to.ok()) return Fail(to.status());
  auto store = OpenSqliteStore(args.db);
  if (!store.ok()) return Fail(store.status());
  auto result = warn::ScanHistory(**store, *from, *to, {});
  if (!result.ok()) return Fail(result.status());
  if (args.json) {
    nlohmann::json alerts = nlohmann::json::array();
    for (const warn::Alert& a : result->alerts) alerts.push_back(AlertJson(a));
    std::printf("%s\n", nlohmann::json({{"declarations_read", result->declarations}, {"alerts", alerts}}).dump(2).c_str());
    return 0;
  }
  std::printf("%lld declarations read, %zu alerts\n", static_cast<long long>(result->declarations),
              result->alerts.size());
  for (const warn::Alert& a : result->alerts) {
    std::printf("%s  %-19s %-10s %-18s %-6s %s\n", FormatDate(warn::FirstDayOf(a.week)).c_str(), a.detector.c_str(),
                a.subject_kind.c_str(), a.subject.c_str(), std::string(warn::SeverityName(a.severity)).c_str(),
                a.evidence.c_str());
  }
  return 0;
}

}  // namespace

void AddWarnCommand(CLI::App& app, int* exit_code) {
  CLI::App* warn = app.add_subcommand("warn", "Early warning: emerging risks in the store's history");
  warn->require_subcommand(1);
  auto args = std::make_shared<WarnArgs>();
  CLI::App* scan = warn->add_subcommand("scan", "Volume surges and unit-value collapses, week by week");
  scan->add_option("--db", args->db, "Store path")->required()->check(CLI::ExistingFile);
  scan->add_option("--from", args->from, "First day (YYYY-MM-DD)")->required();
  scan->add_option("--to", args->to, "Last day (YYYY-MM-DD)")->required();
  scan->add_flag("--json", args->json, "JSON output, with the example declarations and suggested rules");
  scan->callback([args, exit_code] { *exit_code = RunScan(*args); });
}

}  // namespace aduana::cli
