// aduana score --db PATH [--format native|kcs] FILE... --out scores.csv [--reasons N] [--evaluate [--json]]
#include <cstdio>

#include "cli/commands.h"
#include "core/csv_writer.h"
#include "ingest/declaration_files.h"
#include "model/metrics.h"
#include "model/reasons.h"
#include "model/risk_model.h"
#include "store/sqlite_store.h"

namespace aduana::cli {
namespace {

struct ScoreArgs {
  std::string db;
  std::string format = "native";
  std::vector<std::string> files;
  std::string out;
  int reasons = 3;
  bool evaluate = false;
  bool json = false;
};

int Fail(const absl::Status& s) {
  std::fprintf(stderr, "aduana score: %s\n", std::string(s.message()).c_str());
  return 1;
}

std::string Number(double v, const char* format = "%.6f") {
  char buf[48];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

// Reason texts of every row, computed in one XGBoost call per block of rows.
absl::StatusOr<std::vector<std::vector<model::Reason>>> Explain(const model::Scorer& scorer,
                                                                const std::vector<model::Scorer::Result>& results,
                                                                int top) {
  std::vector<std::vector<model::Reason>> reasons(results.size());
  const model::RiskModel& m = scorer.model();
  const size_t width = m.schema().size();
  constexpr size_t kBlock = 4096;
  std::vector<float> block;
  for (size_t begin = 0; begin < results.size(); begin += kBlock) {
    size_t end = std::min(results.size(), begin + kBlock);
    block.clear();
    for (size_t i = begin; i < end; ++i) block.insert(block.end(), results[i].features.begin(), results[i].features.end());
    absl::StatusOr<std::vector<float>> contributions = m.Contributions({block.data(), end - begin, width});
    if (!contributions.ok()) return contributions.status();
    for (size_t i = begin; i < end; ++i) {
      reasons[i] = model::TopReasons(m.schema(), results[i].features.data(),
                                     contributions->data() + (i - begin) * (width + 1), results[i].keys,
                                     scorer.book().OverallRate(), top);
    }
  }
  return reasons;
}

int RunScore(const ScoreArgs& args) {
  auto store = OpenSqliteStore(args.db);
  if (!store.ok()) return Fail(store.status());
  auto find_document = [&](const std::string& id) -> std::optional<TransportDocument> {
    auto document = (*store)->LoadTransportDocument(id);
    return document.ok() ? *document : std::nullopt;
  };
  InputFormat format = args.format == "kcs" ? InputFormat::kKcs : InputFormat::kNative;
  absl::StatusOr<DeclarationFiles> input = ReadDeclarationFiles(args.files, format, find_document);
  if (!input.ok()) return Fail(input.status());
  for (const RejectedRow& r : input->rejected) {
    std::fprintf(stderr, "%s:%lld: %s%s%s (row not scored)\n", r.file.c_str(), static_cast<long long>(r.line),
                 r.field.c_str(), r.field.empty() ? "" : ": ", r.reason.c_str());
  }
  absl::StatusOr<std::unique_ptr<model::Scorer>> scorer = model::Scorer::Open(**store);
  if (!scorer.ok()) return Fail(scorer.status());
  absl::StatusOr<std::vector<model::Scorer::Result>> results = (*scorer)->ScoreAll(input->records);
  if (!results.ok()) return Fail(results.status());
  absl::StatusOr<std::vector<std::vector<model::Reason>>> reasons =
      args.reasons > 0 ? Explain(**scorer, *results, args.reasons)
                       : std::vector<std::vector<model::Reason>>(results->size());
  if (!reasons.ok()) return Fail(reasons.status());

  CsvWriter out;
  if (absl::Status s = CsvWriter::Open(args.out, &out); !s.ok()) return Fail(s);
  std::vector<std::string> header = {"declaration_id", "score", "expected_revenue", "model_id"};
  for (int i = 1; i <= args.reasons; ++i) {
    header.push_back("reason_" + std::to_string(i));
    header.push_back("effect_" + std::to_string(i));
  }
  for (const std::string& h : header) out.Field(h);
  out.EndRow();
  std::vector<model::ScoredOutcome> labelled;
  std::vector<std::string> row;
  for (size_t i = 0; i < results->size(); ++i) {
    const DeclarationRecord& r = input->records[i];
    const model::Scorer::Result& s = (*results)[i];
    row = {r.declaration.declaration_id, Number(s.risk), Number(s.expected_revenue, "%.2f"),
           std::to_string((*scorer)->model().version().model_id)};
    for (int k = 0; k < args.reasons; ++k) {
      const auto& rs = (*reasons)[i];
      bool has = static_cast<size_t>(k) < rs.size();
      row.push_back(has ? rs[static_cast<size_t>(k)].text : "");
      row.push_back(has ? Number(rs[static_cast<size_t>(k)].effect, "%+.3f") : "");
    }
    for (const std::string& f : row) out.Field(f);
    out.EndRow();
    if (r.outcome) {
      labelled.push_back({r.declaration.declaration_id, s.risk, r.outcome->non_compliant, r.outcome->additional_revenue});
    }
  }
  if (absl::Status s = out.Close(); !s.ok()) return Fail(s);
  std::printf("scored %zu declarations with model %lld into %s (%zu rows rejected)\n", results->size(),
              static_cast<long long>((*scorer)->model().version().model_id), args.out.c_str(), input->rejected.size());
  if (args.evaluate && !labelled.empty()) {
    model::Evaluation e = model::Evaluate(std::move(labelled));
    if (args.json) {
      std::printf("%s\n", model::EvaluationJson(e).c_str());
    } else {
      std::printf("%s", model::EvaluationText("against the outcomes given with the input", e).c_str());
    }
  }
  return 0;
}

}  // namespace

void AddScoreCommand(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<ScoreArgs>();
  CLI::App* cmd = app.add_subcommand("score", "Score declarations that are not in the store, without changing it");
  cmd->add_option("--db", args->db, "Store path")->required()->check(CLI::ExistingFile);
  cmd->add_option("--format", args->format, "Input format")->check(CLI::IsMember({"native", "kcs"}));
  cmd->add_option("--out", args->out, "Scores CSV to write")->required();
  cmd->add_option("--reasons", args->reasons, "Reason codes per declaration (default 3)")->check(CLI::Range(0, 20));
  cmd->add_flag("--evaluate", args->evaluate, "When the input carries outcomes, print precision and recall");
  cmd->add_flag("--json", args->json, "With --evaluate: print the evaluation as one JSON line");
  cmd->add_option("files", args->files, "Declaration files (native: declarations, goods items, documents)")
      ->required()->check(CLI::ExistingFile);
  cmd->callback([args, exit_code] { *exit_code = RunScore(*args); });
}

}  // namespace aduana::cli
