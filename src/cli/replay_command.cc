// aduana replay --db HISTORY --data DIR --from DATE [--days N] [--change-on DATE] [--report FILE] ...
//
// Replays the declarations of a generated data directory lodged from DATE through the HTTP API (an in-process
// server on the replay's clock) against a store that holds the history before DATE, posts back the result of
// every control from the generator's ground truth, and reports capacity use, hit rates by basis of selection
// and the effect of a capacity change (server/api_replay.h). scripts/replay prepares the history and runs it.
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <limits>

#include "absl/container/flat_hash_map.h"
#include "cli/commands.h"
#include "ingest/csv_reader.h"
#include "ingest/declaration_files.h"
#include "server/api_replay.h"

namespace aduana::cli {
namespace {

struct ReplayArgs {
  std::string db;
  std::string data;
  std::string from;
  int days = 0;  // 0: everything from `from` on
  std::string change_on;
  server::ReplayOptions options;
  std::string report;
};

int Fail(const absl::Status& s) {
  std::fprintf(stderr, "aduana replay: %s\n", std::string(s.message()).c_str());
  return 1;
}

// The fraud type a control finds for each mechanism the generator plants in a declaration.
std::string FraudTypeOf(std::string_view mechanism, std::string_view detail) {
  if (mechanism == "tariff_shifting") return "misclassification";
  if (mechanism == "origin_laundering") return "origin";
  if (mechanism == "manifest_mismatch") return "quantity";
  if (mechanism == "smuggling") {
    size_t at = detail.find("fraud_type=");
    if (at == std::string_view::npos) return "smuggling";
    std::string_view type = detail.substr(at + 11);
    return std::string(type.substr(0, type.find(';')));
  }
  return "undervaluation";  // undervaluation, colluding brokers' undervaluation, split shipments
}

// truth/ground_truth.csv: the declarations with a planted mechanism, and what a control of each finds.
absl::StatusOr<absl::flat_hash_map<std::string, std::string>> ReadTruth(const std::string& path) {
  CsvReader reader;
  if (absl::Status s = reader.Open(path); !s.ok()) return s;
  CsvRecord record;
  absl::flat_hash_map<std::string, std::string> truth;
  bool header = true;
  while (reader.Next(&record)) {
    if (!record.error.empty() || record.fields.size() != 6) {
      return absl::InvalidArgumentError(path + ":" + std::to_string(record.line) + ": not a ground-truth row (" +
                                        (record.error.empty() ? "expected 6 fields" : record.error) + ")");
    }
    if (header) {
      if (record.fields[0] != "mechanism" || record.fields[3] != "declaration_id") {
        return absl::InvalidArgumentError(path + ": header must be mechanism,entity_kind,entity_id,declaration_id,...");
      }
      header = false;
      continue;
    }
    if (record.fields[1] != "declaration" || record.fields[3].empty()) continue;
    truth.try_emplace(std::string(record.fields[3]), FraudTypeOf(record.fields[0], record.fields[5]));
  }
  if (!reader.status().ok()) return reader.status();
  return truth;
}

absl::StatusOr<UnixMillis> DateArg(const std::string& option, const std::string& text) {
  absl::StatusOr<EpochDay> day = ParseDate(text);
  if (!day.ok()) return absl::InvalidArgumentError(option + ": " + std::string(day.status().message()));
  return static_cast<UnixMillis>(*day) * kMillisPerDay;
}

absl::StatusOr<std::vector<server::ReplayCase>> ReadCases(const ReplayArgs& args, UnixMillis from) {
  auto truth = ReadTruth(args.data + "/truth/ground_truth.csv");
  if (!truth.ok()) return truth.status();
  auto files = ReadDeclarationFiles({args.data + "/declarations.csv", args.data + "/goods_items.csv"},
                                    InputFormat::kNative, nullptr);
  if (!files.ok()) return files.status();
  if (!files->rejected.empty()) {
    std::fprintf(stderr, "aduana replay: %zu rows of %s could not be read and are left out (first: %s:%lld %s: %s)\n",
                 files->rejected.size(), args.data.c_str(), files->rejected[0].file.c_str(),
                 static_cast<long long>(files->rejected[0].line), files->rejected[0].field.c_str(),
                 files->rejected[0].reason.c_str());
  }
  const UnixMillis until = args.days > 0 ? from + args.days * kMillisPerDay : std::numeric_limits<UnixMillis>::max();
  std::vector<server::ReplayCase> cases;
  for (DeclarationRecord& r : files->records) {
    if (r.declaration.lodged_at < from || r.declaration.lodged_at >= until) continue;
    server::ReplayCase c;
    auto found = truth->find(r.declaration.declaration_id);
    if (found != truth->end()) c.fraud_type = found->second;
    c.submission.declaration = std::move(r.declaration);
    c.submission.items = std::move(r.items);
    cases.push_back(std::move(c));
  }
  std::stable_sort(cases.begin(), cases.end(), [](const auto& a, const auto& b) {
    return a.submission.declaration.lodged_at < b.submission.declaration.lodged_at;
  });
  return cases;
}

int RunReplay(ReplayArgs args) {
  absl::StatusOr<UnixMillis> from = DateArg("--from", args.from);
  if (!from.ok()) return Fail(from.status());
  if (!args.change_on.empty()) {
    absl::StatusOr<UnixMillis> change = DateArg("--change-on", args.change_on);
    if (!change.ok()) return Fail(change.status());
    args.options.change_at = *change;
  }
  auto cases = ReadCases(args, *from);
  if (!cases.ok()) return Fail(cases.status());
  std::fprintf(stderr, "aduana replay: %zu declarations through the API ...\n", cases->size());
  auto report = server::ReplayThroughApi(args.db, *cases, args.options);
  if (!report.ok()) return Fail(report.status());
  std::string text = server::FormatReplayReport(*report);
  std::printf("%s", text.c_str());
  if (!args.report.empty()) {
    std::ofstream out(args.report);
    out << text;
    if (!out) return Fail(absl::UnavailableError("cannot write " + args.report));
  }
  return 0;
}

}  // namespace

void AddReplayCommand(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<ReplayArgs>();
  CLI::App* replay = app.add_subcommand(
      "replay", "Replay generated declarations through the API and report capacity use and hit rates");
  replay->add_option("--db", args->db, "Store holding the history before --from, with a trained model")
      ->required()->check(CLI::ExistingFile);
  replay->add_option("--data", args->data, "Generated data directory (with truth/ground_truth.csv)")
      ->required()->check(CLI::ExistingDirectory);
  replay->add_option("--from", args->from, "First day to replay (YYYY-MM-DD)")->required();
  replay->add_option("--days", args->days, "Days to replay (0: all)")->check(CLI::NonNegativeNumber);
  replay->add_option("--red-share", args->options.red_share, "Red capacity, share of an office's daily volume")
      ->check(CLI::Range(0.0, 1.0))->capture_default_str();
  replay->add_option("--yellow-share", args->options.yellow_share, "Yellow capacity, share of the volume")
      ->check(CLI::Range(0.0, 1.0))->capture_default_str();
  replay->add_option("--blue-share", args->options.blue_share, "Blue capacity, share of the volume")
      ->check(CLI::Range(0.0, 1.0))->capture_default_str();
  replay->add_option("--random-rate", args->options.random_rate, "Random control sample")
      ->check(CLI::Range(0.0, 1.0))->capture_default_str();
  replay->add_option("--change-on", args->change_on, "Day a red capacity changes (YYYY-MM-DD)");
  replay->add_option("--change-office", args->options.change_office, "Office whose capacity changes (default: busiest)");
  replay->add_option("--change-factor", args->options.change_factor, "Red capacity is multiplied by this")
      ->check(CLI::Range(0.0, 100.0))->capture_default_str();
  replay->add_option("--report", args->report, "Also write the report (Markdown) to this file");
  replay->callback([args, exit_code] { *exit_code = RunReplay(*args); });
}

}  // namespace aduana::cli
