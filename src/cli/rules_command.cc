// aduana rules test FILE --db PATH [--from DATE] [--to DATE]
#include <cstdio>
#include <fstream>
#include <limits>
#include <sstream>

#include "cli/commands.h"
#include "core/time.h"
#include "model/rule_dry_run.h"
#include "store/sqlite_store.h"

namespace aduana::cli {

absl::StatusOr<std::string> ReadTextFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError("cannot read " + path);
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return absl::DataLossError("error reading " + path);
  return text.str();
}

namespace {

struct RulesTestArgs {
  std::string file;
  std::string db;
  std::string from;
  std::string to;
};

int Fail(const absl::Status& s) {
  std::fprintf(stderr, "aduana rules test: %s\n", std::string(s.message()).c_str());
  return 1;
}

// "" -> `otherwise`; a date -> its first instant (+ one day with `end_of_day`).
absl::StatusOr<UnixMillis> Bound(const std::string& text, const char* option, bool end_of_day, UnixMillis otherwise) {
  if (text.empty()) return otherwise;
  absl::StatusOr<EpochDay> day = ParseDate(text);
  if (!day.ok()) return absl::InvalidArgumentError(std::string(option) + ": " + std::string(day.status().message()));
  return (static_cast<UnixMillis>(*day) + (end_of_day ? 1 : 0)) * kMillisPerDay;
}

int RunRulesTest(const RulesTestArgs& args) {
  auto from = Bound(args.from, "--from", false, std::numeric_limits<UnixMillis>::min());
  if (!from.ok()) return Fail(from.status());
  auto to = Bound(args.to, "--to", true, std::numeric_limits<UnixMillis>::max());
  if (!to.ok()) return Fail(to.status());
  auto text = ReadTextFile(args.file);
  if (!text.ok()) return Fail(text.status());
  auto store = OpenSqliteStore(args.db);
  if (!store.ok()) return Fail(store.status());
  absl::StatusOr<model::DryRun> run = model::DryRunRules(**store, *text, args.file, *from, *to);
  if (!run.ok()) return Fail(run.status());
  double overall = run->inspected > 0 ? static_cast<double>(run->non_compliant) / static_cast<double>(run->inspected) : 0;
  std::printf("%lld declarations, %lld inspected, hit rate %.1f%%\n", static_cast<long long>(run->declarations),
              static_cast<long long>(run->inspected), 100 * overall);
  std::printf("%-28s %7s %9s %9s %9s %8s %14s\n", "rule", "version", "selected", "inspected", "findings",
              "hit rate", "revenue");
  for (const model::RuleStatistics& s : run->rules) {
    std::printf("%-28s %7d %9lld %9lld %9lld %7.1f%% %14.0f\n", s.rule.id.c_str(), s.rule.version,
                static_cast<long long>(s.selected), static_cast<long long>(s.inspected),
                static_cast<long long>(s.non_compliant), 100 * s.hit_rate(), s.revenue);
  }
  return 0;
}

}  // namespace

void AddRulesCommand(CLI::App& app, int* exit_code) {
  CLI::App* rules = app.add_subcommand("rules", "Analyst rules (selectivity criteria)");
  rules->require_subcommand(1);
  auto args = std::make_shared<RulesTestArgs>();
  CLI::App* test = rules->add_subcommand("test", "Dry-run a rule file over the store's history");
  test->add_option("file", args->file, "Rule file (docs/rules.md)")->required()->check(CLI::ExistingFile);
  test->add_option("--db", args->db, "Store path")->required()->check(CLI::ExistingFile);
  test->add_option("--from", args->from, "First lodgement day (YYYY-MM-DD); default: the beginning");
  test->add_option("--to", args->to, "Last lodgement day (YYYY-MM-DD); default: the end");
  test->callback([args, exit_code] { *exit_code = RunRulesTest(*args); });
}

}  // namespace aduana::cli
