// aduana ingest --db PATH [--format native|kcs] FILE|DIR...
#include <chrono>
#include <cstdio>
#include <map>

#include "cli/commands.h"
#include "cli/progress.h"
#include "ingest/ingester.h"
#include "store/sqlite_store.h"

namespace aduana::cli {
namespace {

struct IngestArgs {
  std::string db;
  std::string format = "native";
  std::vector<std::string> paths;
};

void PrintSummary(const IngestSummary& s, double seconds) {
  std::printf("%-48s %-20s %10s %10s %10s %10s\n", "file", "kind", "rows", "accepted", "unchanged", "rejected");
  for (const FileIngestSummary& f : s.files) {
    std::printf("%-48s %-20s %10lld %10lld %10lld %10lld\n", f.file.c_str(), f.kind.c_str(),
                static_cast<long long>(f.rows), static_cast<long long>(f.accepted),
                static_cast<long long>(f.unchanged), static_cast<long long>(f.rejected));
  }
  int64_t rows = s.accepted() + s.unchanged() + s.rejected();
  std::printf("run %lld: %lld rows in %.2f s (%.0f rows/s): %lld accepted, %lld unchanged, %lld rejected "
              "(see `aduana stats` and the quarantine table)\n",
              static_cast<long long>(s.run_id), static_cast<long long>(rows), seconds,
              seconds > 0 ? static_cast<double>(rows) / seconds : 0.0, static_cast<long long>(s.accepted()),
              static_cast<long long>(s.unchanged()), static_cast<long long>(s.rejected()));
  std::printf("checked %lld declarations against their documents and items: %lld discrepancies\n",
              static_cast<long long>(s.declarations_checked), static_cast<long long>(s.discrepancies));
  std::printf("time: %.2f s loading rows, %.2f s checking discrepancies\n", s.load_seconds, s.integration_seconds);
}

int RunIngest(const IngestArgs& args) {
  auto store = OpenSqliteStore(args.db);
  if (!store.ok()) {
    std::fprintf(stderr, "aduana ingest: %s\n", std::string(store.status().message()).c_str());
    return 1;
  }
  IngestOptions options;
  options.format = args.format == "kcs" ? InputFormat::kKcs : InputFormat::kNative;
  ProgressBar bar("ingest");
  if (bar.enabled()) options.on_progress = [&bar](int64_t done, int64_t total) { bar.Update(done, total); };
  auto start = std::chrono::steady_clock::now();
  auto summary = Ingest(**store, args.paths, options);
  bar.Finish();
  if (!summary.ok()) {
    std::fprintf(stderr, "aduana ingest: %s\n", std::string(summary.status().message()).c_str());
    return 1;
  }
  PrintSummary(*summary, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  return 0;
}

}  // namespace

void AddIngestCommand(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<IngestArgs>();
  CLI::App* cmd = app.add_subcommand("ingest", "Validate and load data files into the store");
  cmd->add_option("--db", args->db, "Store path (SQLite file, created if missing)")->required();
  cmd->add_option("--format", args->format, "Input format")->check(CLI::IsMember({"native", "kcs"}));
  cmd->add_option("paths", args->paths, "Files, or directories of *.csv files")->required();
  cmd->callback([args, exit_code] { *exit_code = RunIngest(*args); });
}

}  // namespace aduana::cli
