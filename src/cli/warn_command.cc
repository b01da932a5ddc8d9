// aduana warn scan --db PATH --from DATE --to DATE [--json]
// aduana warn evaluate --db PATH --truth FILE --from DATE --to DATE [--detection-weeks N] [--json]
//
// Early warning over the store's history (src/warn): the alerts of each week with their evidence and, where one
// fits, a rule to dry-run; and, on generated data, those alerts against the planted mechanisms of the
// generator's ground truth (recall per mechanism, false alarms a week).
#include <algorithm>
#include <cstdio>

#include "cli/commands.h"
#include "nlohmann/json.hpp"
#include "store/sqlite_store.h"
#include "warn/evaluation.h"
#include "warn/history_scan.h"

namespace aduana::cli {
namespace {

struct WarnArgs {
  std::string db;
  std::string from;
  std::string to;
  std::string truth;
  int detection_weeks = 4;
  bool json = false;
};

int Fail(const char* command, const absl::Status& s) {
  std::fprintf(stderr, "aduana warn %s: %s\n", command, std::string(s.message()).c_str());
  return 1;
}

absl::StatusOr<UnixMillis> DayArg(const char* option, const std::string& text, int add_days) {
  absl::StatusOr<EpochDay> day = ParseDate(text);
  if (!day.ok()) return absl::InvalidArgumentError(std::string(option) + ": " + std::string(day.status().message()));
  return (static_cast<UnixMillis>(*day) + add_days) * kMillisPerDay;
}

struct Period {
  UnixMillis from = 0;
  UnixMillis to = 0;  // the day after --to
};

absl::StatusOr<Period> PeriodArgs(const WarnArgs& args) {
  auto from = DayArg("--from", args.from, 0);
  if (!from.ok()) return from.status();
  auto to = DayArg("--to", args.to, 1);
  if (!to.ok()) return to.status();
  return Period{*from, *to};
}


nlohmann::json AlertJson(const warn::Alert& a) {
  return {{"detector", a.detector}, {"subject_kind", a.subject_kind}, {"subject", a.subject},
          {"week", FormatDate(warn::FirstDayOf(a.week))}, {"severity", warn::SeverityName(a.severity)},
          {"observed", a.observed}, {"baseline", a.baseline}, {"spread", a.spread},
          {"baseline_weeks", a.baseline_weeks}, {"evidence", a.evidence}, {"declarations", a.declarations},
          {"suggested_rule", a.suggested_rule}};
}

int RunScan(const WarnArgs& args) {
  auto period = PeriodArgs(args);
  if (!period.ok()) return Fail("scan", period.status());
  auto store = OpenSqliteStore(args.db);
  if (!store.ok()) return Fail("scan", store.status());
  auto result = warn::ScanHistory(**store, period->from, period->to, {});
  if (!result.ok()) return Fail("scan", result.status());
  if (args.json) {
    nlohmann::json alerts = nlohmann::json::array();
    for (const warn::Alert& a : result->alerts) alerts.push_back(AlertJson(a));
    std::printf("%s\n", nlohmann::json({{"declarations_read", result->declarations}, {"alerts", alerts}}).dump(2).c_str());
    return 0;
  }
  std::printf("%lld declarations read, %zu alerts\n", static_cast<long long>(result->declarations),
              result->alerts.size());
  for (const warn::Alert& a : result->alerts) {
    std::printf("%s  %-19s %-13s %-18s %-6s %s\n", FormatDate(warn::FirstDayOf(a.week)).c_str(), a.detector.c_str(),
                a.subject_kind.c_str(), a.subject.c_str(), std::string(warn::SeverityName(a.severity)).c_str(),
                a.evidence.c_str());
  }
  return 0;
}

int MedianDays(std::vector<int> days) {
  if (days.empty()) return 0;
  std::nth_element(days.begin(), days.begin() + static_cast<std::ptrdiff_t>(days.size() / 2), days.end());
  return days[days.size() / 2];
}

std::string FoundBy(const warn::MechanismRecall& m) {
  std::string out;
  for (const auto& [detector, count] : m.found_by) {
    out += (out.empty() ? "" : ", ") + detector + " " + std::to_string(count);
  }
  return out;
}

nlohmann::json EvaluationJson(const warn::Evaluation& ev, int detection_weeks) {
  nlohmann::json recall = nlohmann::json::array();
  for (const warn::MechanismRecall& m : ev.recall) {
    recall.push_back({{"mechanism", m.mechanism}, {"planted", m.planted}, {"never_shown", m.never_shown},
                      {"detected", m.detected}, {"detected_later", m.detected_later},
                      {"median_days_to_alert", MedianDays(m.delays_days)}, {"found_by", m.found_by}});
  }
  nlohmann::json detectors = nlohmann::json::object();
  for (const auto& [detector, counts] : ev.by_detector) {
    detectors[detector] = {{"alerts", counts[0]}, {"false_alarms", counts[1]}};
  }
  return {{"weeks", ev.weeks}, {"detection_weeks", detection_weeks}, {"alerts", ev.alerts},
          {"detections", ev.detections}, {"on_planted", ev.on_planted}, {"false_alarms", ev.false_alarms},
          {"false_alarms_per_week", ev.weeks > 0 ? static_cast<double>(ev.false_alarms) / ev.weeks : 0.0},
          {"recall", recall}, {"detectors", detectors}};
}

void PrintEvaluation(const warn::Evaluation& ev) {
  const double weeks = std::max(ev.weeks, 1);
  std::printf("%d weeks, %lld alerts: %lld detections, %lld on planted subjects or declarations, %lld false alarms "
              "(%.2f a week)\n\n",
              ev.weeks, static_cast<long long>(ev.alerts), static_cast<long long>(ev.detections),
              static_cast<long long>(ev.on_planted), static_cast<long long>(ev.false_alarms),
              static_cast<double>(ev.false_alarms) / weeks);
  std::printf("%-20s %7s %6s %8s %7s %11s %6s  %s\n", "mechanism", "planted", "shown", "detected", "recall",
              "median days", "later", "found by");
  for (const warn::MechanismRecall& m : ev.recall) {
    const int shown = m.planted - m.never_shown;
    std::printf("%-20s %7d %6d %8d %6.0f%% %11d %6d  %s\n", m.mechanism.c_str(), m.planted, shown, m.detected,
                shown > 0 ? 100.0 * m.detected / shown : 0.0, MedianDays(m.delays_days), m.detected_later,
                FoundBy(m).c_str());
  }
  std::printf("\n%-22s %8s %13s %8s\n", "detector", "alerts", "false alarms", "a week");
  for (const auto& [detector, counts] : ev.by_detector) {
    std::printf("%-22s %8lld %13lld %8.2f\n", detector.c_str(), static_cast<long long>(counts[0]),
                static_cast<long long>(counts[1]), static_cast<double>(counts[1]) / weeks);
  }
}

int RunEvaluate(const WarnArgs& args) {
  auto period = PeriodArgs(args);
  if (!period.ok()) return Fail("evaluate", period.status());
  auto truth = warn::ReadGroundTruth(args.truth);
  if (!truth.ok()) return Fail("evaluate", truth.status());
  auto store = OpenSqliteStore(args.db);
  if (!store.ok()) return Fail("evaluate", store.status());
  auto result = warn::ScanHistory(**store, period->from, period->to, {});
  if (!result.ok()) return Fail("evaluate", result.status());
  auto activity = warn::ReadImporterActivity(**store, *truth, period->from, period->to);
  if (!activity.ok()) return Fail("evaluate", activity.status());
  warn::EvaluationConfig config;
  config.detection_weeks = args.detection_weeks;
  warn::Evaluation ev = warn::Evaluate(result->alerts, *truth, *activity, period->from, period->to, config);
  if (args.json) {
    std::printf("%s\n", EvaluationJson(ev, args.detection_weeks).dump(2).c_str());
  } else {
    PrintEvaluation(ev);
  }
  return 0;
}

void AddPeriodOptions(CLI::App* command, WarnArgs* args) {
  command->add_option("--db", args->db, "Store path")->required()->check(CLI::ExistingFile);
  command->add_option("--from", args->from, "First day (YYYY-MM-DD)")->required();
  command->add_option("--to", args->to, "Last day (YYYY-MM-DD)")->required();
}

}  // namespace

void AddWarnCommand(CLI::App& app, int* exit_code) {
  CLI::App* warn = app.add_subcommand("warn", "Early warning: emerging risks in the store's history");
  warn->require_subcommand(1);
  auto args = std::make_shared<WarnArgs>();
  CLI::App* scan = warn->add_subcommand("scan", "Surges, price collapses, behaviour changes, new-importer bursts, "
                                                "phoenix links and split shipments, week by week");
  AddPeriodOptions(scan, args.get());
  scan->add_flag("--json", args->json, "JSON output, with the example declarations and suggested rules");
  scan->callback([args, exit_code] { *exit_code = RunScan(*args); });

  CLI::App* evaluate = warn->add_subcommand("evaluate", "The scan's alerts against a generated data set's ground "
                                                        "truth: recall per mechanism and false alarms a week");
  AddPeriodOptions(evaluate, args.get());
  evaluate->add_option("--truth", args->truth, "truth/ground_truth.csv of the generated data")
      ->required()
      ->check(CLI::ExistingFile);
  evaluate->add_option("--detection-weeks", args->detection_weeks,
                       "Weeks after the week a mechanism starts in which an alert on its subject detects it")
      ->check(CLI::Range(0, 52));
  evaluate->add_flag("--json", args->json, "JSON output");
  evaluate->callback([args, exit_code] { *exit_code = RunEvaluate(*args); });
}

}  // namespace aduana::cli
