#include "model/metrics.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "nlohmann/json.hpp"

namespace aduana::model {
namespace {

// Mann-Whitney AUC with tied scores counted as half.
double Auc(const std::vector<ScoredOutcome>& ranked, int64_t positives) {
  int64_t negatives = static_cast<int64_t>(ranked.size()) - positives;
  if (positives == 0 || negatives == 0) return std::nan("");
  // `ranked` is by score descending: walk groups of equal score.
  double wins = 0;
  int64_t negatives_below = negatives;
  for (size_t i = 0; i < ranked.size();) {
    size_t j = i;
    int64_t group_pos = 0, group_neg = 0;
    while (j < ranked.size() && ranked[j].score == ranked[i].score) {
      (ranked[j].positive ? group_pos : group_neg) += 1;
      ++j;
    }
    negatives_below -= group_neg;
    wins += static_cast<double>(group_pos) * (static_cast<double>(negatives_below) + 0.5 * static_cast<double>(group_neg));
    i = j;
  }
  return wins / (static_cast<double>(positives) * static_cast<double>(negatives));
}

}  // namespace

Evaluation Evaluate(std::vector<ScoredOutcome> scored, const std::vector<double>& rates) {
  std::sort(scored.begin(), scored.end(), [](const ScoredOutcome& a, const ScoredOutcome& b) {
    if (a.score != b.score) return a.score > b.score;
    return a.declaration_id < b.declaration_id;
  });
  Evaluation e;
  e.declarations = static_cast<int64_t>(scored.size());
  for (const ScoredOutcome& s : scored) {
    e.positives += s.positive ? 1 : 0;
    e.revenue += s.revenue;
  }
  e.auc = Auc(scored, e.positives);
  for (double rate : rates) {
    SelectionMetrics m;
    m.rate = rate;
    m.selected = static_cast<int64_t>(std::floor(static_cast<double>(e.declarations) * rate + 1e-9));
    for (int64_t i = 0; i < m.selected; ++i) {
      const ScoredOutcome& s = scored[static_cast<size_t>(i)];
      m.hits += s.positive ? 1 : 0;
      m.revenue += s.revenue;
    }
    m.precision = m.selected > 0 ? static_cast<double>(m.hits) / static_cast<double>(m.selected) : 0;
    m.recall = e.positives > 0 ? static_cast<double>(m.hits) / static_cast<double>(e.positives) : 0;
    m.revenue_share = e.revenue > 0 ? m.revenue / e.revenue : 0;
    e.at_rates.push_back(m);
  }
  double overall = e.declarations > 0 ? static_cast<double>(e.positives) / static_cast<double>(e.declarations) : 0;
  for (int decile = 1; decile <= 10; ++decile) {
    size_t begin = scored.size() * static_cast<size_t>(decile - 1) / 10;
    size_t end = scored.size() * static_cast<size_t>(decile) / 10;
    LiftRow row;
    row.decile = decile;
    row.declarations = static_cast<int64_t>(end - begin);
    for (size_t i = begin; i < end; ++i) row.hits += scored[i].positive ? 1 : 0;
    row.hit_rate = row.declarations > 0 ? static_cast<double>(row.hits) / static_cast<double>(row.declarations) : 0;
    row.lift = overall > 0 ? row.hit_rate / overall : 0;
    e.lift.push_back(row);
  }
  return e;
}

std::string EvaluationText(const std::string& title, const Evaluation& e) {
  std::string out = title + "\n";
  char buf[256];
  std::snprintf(buf, sizeof buf, "  declarations %lld, non-compliant %lld, revenue found %.0f, AUC %.4f\n",
                static_cast<long long>(e.declarations), static_cast<long long>(e.positives), e.revenue, e.auc);
  out += buf;
  out += "  rate   selected  hits  precision  recall  revenue  revenue_share\n";
  for (const SelectionMetrics& m : e.at_rates) {
    std::snprintf(buf, sizeof buf, "  %4.0f%% %9lld %5lld %10.4f %7.4f %8.0f %14.4f\n", 100 * m.rate,
                  static_cast<long long>(m.selected), static_cast<long long>(m.hits), m.precision, m.recall,
                  m.revenue, m.revenue_share);
    out += buf;
  }
  out += "  lift by tenth of the ranking: ";
  for (const LiftRow& row : e.lift) {
    std::snprintf(buf, sizeof buf, "%s%.2f", row.decile == 1 ? "" : " ", row.lift);
    out += buf;
  }
  out += "\n";
  return out;
}

std::string EvaluationJson(const Evaluation& e) {
  nlohmann::json j;
  j["declarations"] = e.declarations;
  j["non_compliant"] = e.positives;
  j["revenue"] = e.revenue;
  j["auc"] = std::isnan(e.auc) ? nlohmann::json(nullptr) : nlohmann::json(e.auc);
  for (const SelectionMetrics& m : e.at_rates) {
    j["at_rates"].push_back({{"rate", m.rate}, {"selected", m.selected}, {"hits", m.hits},
                             {"precision", m.precision}, {"recall", m.recall}, {"revenue", m.revenue},
                             {"revenue_share", m.revenue_share}});
  }
  for (const LiftRow& r : e.lift) {
    j["lift"].push_back({{"decile", r.decile}, {"declarations", r.declarations}, {"hits", r.hits},
                         {"hit_rate", r.hit_rate}, {"lift", r.lift}});
  }
  return j.dump();
}

}  // namespace aduana::model
