// aduana classes update --db PATH [--high-ratio X] [--medium-ratio X] [--min-inspections N]
// aduana classes show --db PATH --entity TYPE:KEY
// aduana classes list --db PATH --type TYPE [--class low|medium|high]
#include <cstdio>

#include "cli/commands.h"
#include "profile/class_history.h"
#include "store/sqlite_store.h"

namespace aduana::cli {
namespace {

int Fail(const char* command, const absl::Status& s) {
  std::fprintf(stderr, "aduana classes %s: %s\n", command, std::string(s.message()).c_str());
  return 1;
}

int RunUpdate(const std::string& db, const profile::ProfileConfig& config) {
  auto store = OpenSqliteStore(db);
  if (!store.ok()) return Fail("update", store.status());
  absl::StatusOr<int64_t> added = profile::RecordClassChanges(**store, config);
  if (!added.ok()) return Fail("update", added.status());
  std::printf("%lld class changes recorded\n", static_cast<long long>(*added));
  return 0;
}

int RunShow(const std::string& db, const std::string& entity) {
  size_t colon = entity.find(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == entity.size()) {
    return Fail("show", absl::InvalidArgumentError("--entity: expected TYPE:KEY, such as importer:IMP000123"));
  }
  auto store = OpenSqliteStore(db);
  if (!store.ok()) return Fail("show", store.status());
  std::string type = entity.substr(0, colon), key = entity.substr(colon + 1);
  auto changes = (*store)->ClassChanges(type, key);
  if (!changes.ok()) return Fail("show", changes.status());
  std::printf("%s %s: %s risk\n", type.c_str(), key.c_str(), changes->empty() ? "low" : changes->back().to_class.c_str());
  if (changes->empty()) std::printf("no class change recorded: the entity has always been rated low\n");
  for (const RiskClassChange& c : *changes) {
    std::printf("%s  %s -> %s  %s\n", FormatTimestamp(c.changed_at).c_str(), c.from_class.c_str(), c.to_class.c_str(),
                c.reason.c_str());
  }
  return 0;
}

int RunList(const std::string& db, const std::string& type, const std::string& risk_class) {
  auto store = OpenSqliteStore(db);
  if (!store.ok()) return Fail("list", store.status());
  auto current = (*store)->CurrentClasses(type);
  if (!current.ok()) return Fail("list", current.status());
  std::printf("%-28s %-7s %-21s %s\n", type.c_str(), "class", "since", "why");
  for (const RiskClassChange& c : *current) {
    if (!risk_class.empty() && c.to_class != risk_class) continue;
    std::printf("%-28s %-7s %-21s %s\n", c.entity_key.c_str(), c.to_class.c_str(),
                FormatTimestamp(c.changed_at).c_str(), c.reason.c_str());
  }
  return 0;
}

std::vector<std::string> EntityTypeNames() {
  std::vector<std::string> names;
  for (int t = 0; t < profile::kEntityTypeCount; ++t) {
    names.emplace_back(profile::EntityTypeName(static_cast<profile::EntityType>(t)));
  }
  return names;
}

}  // namespace

void AddClassesCommand(CLI::App& app, int* exit_code) {
  CLI::App* classes = app.add_subcommand("classes", "Risk classes of importers, goods, lanes ... and their history");
  classes->require_subcommand(1);

  auto db = std::make_shared<std::string>();
  auto config = std::make_shared<profile::ProfileConfig>();
  CLI::App* update = classes->add_subcommand(
      "update", "Replay the history and append the class changes since the latest one recorded");
  update->add_option("--db", *db, "Store path")->required()->check(CLI::ExistingFile);
  update->add_option("--high-ratio", config->high_ratio, "High risk from this many times the overall hit rate")
      ->check(CLI::PositiveNumber)->capture_default_str();
  update->add_option("--medium-ratio", config->medium_ratio, "Medium risk from this many times the overall hit rate")
      ->check(CLI::PositiveNumber)->capture_default_str();
  update->add_option("--min-inspections", config->min_inspections, "Inspections an entity needs before it is rated")
      ->check(CLI::NonNegativeNumber)->capture_default_str();
  update->callback([db, config, exit_code] { *exit_code = RunUpdate(*db, *config); });

  auto show_db = std::make_shared<std::string>();
  auto entity = std::make_shared<std::string>();
  CLI::App* show = classes->add_subcommand("show", "An entity's class and every change of it, with the reasons");
  show->add_option("--db", *show_db, "Store path")->required()->check(CLI::ExistingFile);
  show->add_option("--entity", *entity, "TYPE:KEY, such as importer:IMP000123 or hs6:610910")->required();
  show->callback([show_db, entity, exit_code] { *exit_code = RunShow(*show_db, *entity); });

  auto list_db = std::make_shared<std::string>();
  auto type = std::make_shared<std::string>();
  auto risk_class = std::make_shared<std::string>();
  CLI::App* list = classes->add_subcommand("list", "The current class of every rated entity of a type");
  list->add_option("--db", *list_db, "Store path")->required()->check(CLI::ExistingFile);
  list->add_option("--type", *type, "Entity type")->required()->check(CLI::IsMember(EntityTypeNames()));
  list->add_option("--class", *risk_class, "Only this class")->check(CLI::IsMember({"low", "medium", "high"}));
  list->callback([list_db, type, risk_class, exit_code] { *exit_code = RunList(*list_db, *type, *risk_class); });
}

}  // namespace aduana::cli
