// How well a ranking of declarations finds non-compliance: precision, recall and revenue when inspecting the
// top 1, 2, 5 or 10%, the area under the ROC curve, and a lift table by tenths of the ranking.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace aduana::model {

struct ScoredOutcome {
  std::string declaration_id;
  double score = 0;     // higher = riskier
  bool positive = false;
  double revenue = 0;   // additional revenue the inspection found
};

struct SelectionMetrics {
  double rate = 0;
  int64_t selected = 0;  // exactly floor(N x rate)
  int64_t hits = 0;
  double precision = 0;
  double recall = 0;
  double revenue = 0;
  double revenue_share = 0;  // of all the revenue found in the period
};

struct LiftRow {
  int decile = 0;  // 1 = the riskiest tenth
  int64_t declarations = 0;
  int64_t hits = 0;
  double hit_rate = 0;
  double lift = 0;  // hit rate / overall rate
};

struct Evaluation {
  int64_t declarations = 0;
  int64_t positives = 0;
  double revenue = 0;
  double auc = 0;
  std::vector<SelectionMetrics> at_rates;
  std::vector<LiftRow> lift;
};

inline const std::vector<double> kStandardRates = {0.01, 0.02, 0.05, 0.10};
// The rates a trained model's validation is measured at (its precision-recall and revenue curves).
inline const std::vector<double> kCurveRates = {0.01, 0.02, 0.05, 0.10, 0.15, 0.20, 0.30, 0.50};

// Ranks by score, highest first; equal scores by declaration id, so the selection is deterministic.
Evaluation Evaluate(std::vector<ScoredOutcome> scored, const std::vector<double>& rates = kStandardRates);

std::string EvaluationText(const std::string& title, const Evaluation& e);
std::string EvaluationJson(const Evaluation& e);  // one JSON object

}  // namespace aduana::model
