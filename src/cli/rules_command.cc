// aduana rules test FILE --db PATH [--from DATE] [--to DATE]
// aduana rules load FILE --db PATH
// aduana rules list --db PATH
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

// Compiles the file against the store's fields, then makes its rules the active set.
int RunRulesLoad(const std::string& file, const std::string& db) {
  auto fail = [](const absl::Status& s) {
    std::fprintf(stderr, "aduana rules load: %s\n", std::string(s.message()).c_str());
    return 1;
  };
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

int RunRulesList(const std::string& db) {
  auto store = OpenSqliteStore(db);
  auto rules = store.ok() ? (*store)->ListRules() : absl::StatusOr<std::vector<StoredRule>>(store.status());
  if (!rules.ok()) {
    std::fprintf(stderr, "aduana rules list: %s\n", std::string(rules.status().message()).c_str());
    return 1;
  }
  std::printf("%-28s %7s %-7s %-24s %s\n", "rule", "version", "active", "loaded", "author");
  for (const StoredRule& r : *rules) {
    std::printf("%-28s %7d %-7s %-24s %s\n", r.rule_id.c_str(), r.version, r.active ? "yes" : "",
                FormatTimestamp(r.loaded_at).c_str(), r.author.c_str());
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
