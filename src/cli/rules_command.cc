// aduana rules test FILE --db PATH [--from DATE] [--to DATE]
// aduana rules load FILE --db PATH
// aduana rules stats --db PATH [--from DATE] [--to DATE]
// aduana rules list --db PATH
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <limits>
#include <sstream>

#include "cli/commands.h"
#include "core/time.h"
#include "model/rule_binding.h"
#include "model/rule_dry_run.h"
#include "rules/rule.h"
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

int Fail(const char* command, const absl::Status& s) {
  std::fprintf(stderr, "aduana rules %s: %s\n", command, std::string(s.message()).c_str());
  return 1;
}

void PrintDryRun(const model::DryRun& run) {
  std::printf("%lld declarations, %lld inspected, hit rate %.1f%%\n", static_cast<long long>(run.declarations),
              static_cast<long long>(run.inspected), 100 * run.hit_rate());
  std::printf("%-28s %7s %9s %9s %9s %8s %14s  %s\n", "rule", "version", "selected", "inspected", "findings",
              "hit rate", "revenue", "note");
  for (const model::RuleStatistics& s : run.rules) {
    std::string_view note = model::JudgeRule(s, run);
    std::printf("%-28s %7d %9lld %9lld %9lld %7.1f%% %14.0f%s%s\n", s.rule.id.c_str(), s.rule.version,
                static_cast<long long>(s.selected), static_cast<long long>(s.inspected),
                static_cast<long long>(s.non_compliant), 100 * s.hit_rate(), s.revenue, note.empty() ? "" : "  ",
                std::string(note).c_str());
  }
}

// "" -> `otherwise`; a date -> its first instant (+ one day with `end_of_day`).
absl::StatusOr<UnixMillis> Bound(const std::string& text, const char* option, bool end_of_day, UnixMillis otherwise) {
  if (text.empty()) return otherwise;
  absl::StatusOr<EpochDay> day = ParseDate(text);
  if (!day.ok()) return absl::InvalidArgumentError(std::string(option) + ": " + std::string(day.status().message()));
  return (static_cast<UnixMillis>(*day) + (end_of_day ? 1 : 0)) * kMillisPerDay;
}

// `file` empty: the store's active rules, whose statistics are then stored.
int RunDryRun(const char* command, const RulesTestArgs& args) {
  auto from = Bound(args.from, "--from", false, std::numeric_limits<UnixMillis>::min());
  if (!from.ok()) return Fail(command, from.status());
  auto to = Bound(args.to, "--to", true, std::numeric_limits<UnixMillis>::max());
  if (!to.ok()) return Fail(command, to.status());
  auto store = OpenSqliteStore(args.db);
  if (!store.ok()) return Fail(command, store.status());
  absl::StatusOr<model::DryRun> run;
  if (args.file.empty()) {
    run = model::UpdateActiveRuleStatistics(**store, *from, *to, NowMillis());
  } else {
    auto text = ReadTextFile(args.file);
    if (!text.ok()) return Fail(command, text.status());
    run = model::DryRunRules(**store, *text, args.file, *from, *to);
  }
  if (!run.ok()) return Fail(command, run.status());
  PrintDryRun(*run);
  return 0;
}

// Compiles the file against the store's fields, then makes its rules the active set.
int RunRulesLoad(const std::string& file, const std::string& db) {
  auto fail = [](const absl::Status& s) { return Fail("load", s); };
  auto text = ReadTextFile(file);
  if (!text.ok()) return fail(text.status());
  auto store = OpenSqliteStore(db);
  if (!store.ok()) return fail(store.status());
  auto binding = model::RuleBindingForStore(**store);
  if (!binding.ok()) return fail(binding.status());
  auto set = binding->Compile(*text, file);
  if (!set.ok()) return fail(set.status());
  std::vector<StoredRule> stored;
  UnixMillis now = NowMillis();
  for (const rules::Rule& r : set->rules()) {
    stored.push_back({r.id, r.version, rules::FormatRule(r), r.author, now, true});
  }
  auto added = (*store)->ActivateRules(stored);
  if (!added.ok()) return fail(added.status());
  std::printf("%zu rules active, %d new versions stored\n", stored.size(), *added);
  return 0;
}

// Every stored version with its latest statistics (from `aduana rules stats`), if any.
int RunRulesList(const std::string& db) {
  auto store = OpenSqliteStore(db);
  if (!store.ok()) return Fail("list", store.status());
  auto rules = (*store)->ListRules();
  if (!rules.ok()) return Fail("list", rules.status());
  auto stats = (*store)->LoadRuleStatistics();
  if (!stats.ok()) return Fail("list", stats.status());
  std::printf("%-28s %7s %-7s %-20s %-16s %9s %9s %9s %8s %14s\n", "rule", "version", "active", "loaded", "author",
              "selected", "inspected", "findings", "hit rate", "revenue");
  for (const StoredRule& r : *rules) {
    std::printf("%-28s %7d %-7s %-20s %-16s", r.rule_id.c_str(), r.version, r.active ? "yes" : "",
                FormatTimestamp(r.loaded_at).c_str(), r.author.c_str());
    auto s = std::find_if(stats->begin(), stats->end(), [&](const RuleStatisticsRecord& x) {
      return x.rule_id == r.rule_id && x.version == r.version;
    });
    if (s != stats->end()) {
      double rate = s->inspected > 0 ? static_cast<double>(s->non_compliant) / static_cast<double>(s->inspected) : 0;
      std::printf(" %9lld %9lld %9lld %7.1f%% %14.0f", static_cast<long long>(s->selected),
                  static_cast<long long>(s->inspected), static_cast<long long>(s->non_compliant), 100 * rate,
                  s->revenue);
    }
    std::printf("\n");
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
  test->callback([args, exit_code] { *exit_code = RunDryRun("test", *args); });

  auto stats_args = std::make_shared<RulesTestArgs>();
  CLI::App* stats = rules->add_subcommand(
      "stats", "Selections, inspections, findings and revenue of each active rule over history, stored with the rule");
  stats->add_option("--db", stats_args->db, "Store path")->required()->check(CLI::ExistingFile);
  stats->add_option("--from", stats_args->from, "First lodgement day (YYYY-MM-DD); default: the beginning");
  stats->add_option("--to", stats_args->to, "Last lodgement day (YYYY-MM-DD); default: the end");
  stats->callback([stats_args, exit_code] { *exit_code = RunDryRun("stats", *stats_args); });

  auto load_file = std::make_shared<std::string>();
  auto load_db = std::make_shared<std::string>();
  CLI::App* load = rules->add_subcommand("load", "Check a rule file and make its rules the active set (versions kept)");
  load->add_option("file", *load_file, "Rule file")->required()->check(CLI::ExistingFile);
  load->add_option("--db", *load_db, "Store path")->required()->check(CLI::ExistingFile);
  load->callback([load_file, load_db, exit_code] { *exit_code = RunRulesLoad(*load_file, *load_db); });

  auto list_db = std::make_shared<std::string>();
  CLI::App* list = rules->add_subcommand("list", "Every stored rule version, and which are active");
  list->add_option("--db", *list_db, "Store path")->required()->check(CLI::ExistingFile);
  list->callback([list_db, exit_code] { *exit_code = RunRulesList(*list_db); });
}

}  // namespace aduana::cli
