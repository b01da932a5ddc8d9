// aduana stats --db PATH
#include <cstdio>

#include "cli/commands.h"
#include "store/sqlite_store.h"

namespace aduana::cli {
namespace {

double Rate(int64_t part, int64_t whole) { return whole > 0 ? 100.0 * static_cast<double>(part) / static_cast<double>(whole) : 0; }

void PrintStats(const StoreStats& s) {
  std::printf("Rows\n");
  for (const auto& [table, rows] : s.rows_per_table) std::printf("  %-24s %12lld\n", table.c_str(), static_cast<long long>(rows));
  int64_t declarations = s.rows_per_table.count("declarations") ? s.rows_per_table.at("declarations") : 0;
  std::printf("\nInspections: %lld (%.2f%% of declarations), non-compliant %lld (hit rate %.2f%%), "
              "additional revenue %.0f\n",
              static_cast<long long>(s.inspections), Rate(s.inspections, declarations),
              static_cast<long long>(s.non_compliant), Rate(s.non_compliant, s.inspections), s.additional_revenue);
  for (const auto& [channel, n] : s.inspections_per_channel) {
    std::printf("  channel %-8s %10lld\n", channel.c_str(), static_cast<long long>(n));
  }
  std::printf("\nFraud rate per source file (non-compliant / inspected)\n");
  for (const auto& [file, o] : s.outcomes_per_source) {
    std::printf("  %-32s %10lld declarations, %10lld inspected, %8lld non-compliant: %.2f%%\n", file.c_str(),
                static_cast<long long>(o.declarations), static_cast<long long>(o.inspected),
                static_cast<long long>(o.non_compliant), Rate(o.non_compliant, o.inspected));
  }
  if (!s.fraud_types.empty()) {
    std::printf("\nFindings by fraud type\n");
    for (const auto& [type, n] : s.fraud_types) std::printf("  %-24s %10lld\n", type.c_str(), static_cast<long long>(n));
  }
  if (!s.discrepancies_per_kind.empty()) {
    std::printf("\nDocument discrepancies\n");
    for (const auto& [kind, n] : s.discrepancies_per_kind) {
      std::printf("  %-32s %10lld\n", kind.c_str(), static_cast<long long>(n));
    }
  }
  std::printf("\nQuarantine by reason\n");
  if (s.quarantine_per_reason.empty()) std::printf("  (empty)\n");
  for (const auto& [reason, n] : s.quarantine_per_reason) {
    std::printf("  %-64s %8lld\n", reason.c_str(), static_cast<long long>(n));
  }
}

}  // namespace

void AddStatsCommand(CLI::App& app, int* exit_code) {
  auto db = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand("stats", "Counts per entity, channel and fraud rates, quarantine by reason");
  cmd->add_option("--db", *db, "Store path")->required()->check(CLI::ExistingFile);
  cmd->callback([db, exit_code] {
    auto store = OpenSqliteStore(*db);
    auto stats = store.ok() ? (*store)->Stats() : absl::StatusOr<StoreStats>(store.status());
    if (!stats.ok()) {
      std::fprintf(stderr, "aduana stats: %s\n", std::string(stats.status().message()).c_str());
      *exit_code = 1;
      return;
    }
    PrintStats(*stats);
  });
}

}  // namespace aduana::cli
