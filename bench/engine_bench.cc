// Engine time per decision in the selectivity service (assessment: profiles, features, trees, 1,000 active
// rules; channel selection; reasons from path attributions), p50 and p99 over many declarations, against bare
// XGBoosterPredictFromDense of one row of the same model in the same run.
//
//   bench_engine --db SCRATCH_COPY.db [--count N]
//
// The store must hold an active model (aduana train). The bench loads 1,000 generated rules into it (so give it
// a scratch copy), then submits the store's latest N declarations again under new ids, one at a time. Engine
// time is what ClearanceService measures around assessment and selection (not the write). docs/benchmarks.md.
#include <xgboost/c_api.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "bench_rules.h"
#include "model/assessor.h"
#include "rules/rule.h"
#include "server/clearance_service.h"
#include "store/sqlite_store.h"

namespace {

using aduana::DeclarationRecord;
using aduana::UnixMillis;

int Fail(const std::string& what) {
  std::fprintf(stderr, "bench_engine: %s\n", what.c_str());
  return 1;
}

struct Summary {
  double p50 = 0, p99 = 0, mean = 0;
};
Summary Summarise(std::vector<double> micros) {
  std::sort(micros.begin(), micros.end());
  Summary s;
  s.p50 = micros[micros.size() / 2];
  s.p99 = micros[std::min(micros.size() - 1, micros.size() * 99 / 100)];
  for (double m : micros) s.mean += m / static_cast<double>(micros.size());
  return s;
}

double MicrosSince(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t).count();
}

// Engine time of each submission, with `reasons` model contributions per decision.
absl::StatusOr<std::vector<double>> Submit(const std::string& db, const std::vector<DeclarationRecord>& records,
                                           int reasons, const std::string& suffix) {
  aduana::server::ServiceOptions options;
  options.fsync_each_commit = false;
  options.reasons = reasons;
  auto service = aduana::server::ClearanceService::Open(db, options, [] {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch()).count();
  });
  if (!service.ok()) return service.status();
  std::vector<double> micros;
  aduana::server::Principal who{"bench", aduana::server::Role::kIntegration};
  for (const DeclarationRecord& r : records) {
    aduana::DeclarationSubmission s{r.declaration, r.items};
    s.declaration.declaration_id += suffix;
    for (aduana::GoodsItem& item : s.items) item.declaration_id = s.declaration.declaration_id;
    auto result = (*service)->Submit(s, who);
    if (!result.ok()) return result.status();
    micros.push_back(result->engine_seconds * 1e6);
  }
  return micros;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3 || std::strcmp(argv[1], "--db") != 0) {
    std::fprintf(stderr, "usage: %s --db SCRATCH_COPY.db [--count N]\n", argv[0]);
    return 2;
  }
  const std::string db = argv[2];
  size_t count = argc >= 5 && std::strcmp(argv[3], "--count") == 0 ? std::strtoul(argv[4], nullptr, 10) : 3000;
  auto store = aduana::OpenSqliteStore(db);
  if (!store.ok()) return Fail(std::string(store.status().message()));
  std::vector<DeclarationRecord> all;
  absl::Status scan = (*store)->ScanDeclarations(std::numeric_limits<UnixMillis>::min(),
                                                 std::numeric_limits<UnixMillis>::max(), [&](DeclarationRecord& r) {
                                                   all.push_back(std::move(r));
                                                   return absl::OkStatus();
                                                 });
  if (!scan.ok() || all.size() < count) return Fail("the store has too few declarations");
  std::vector<DeclarationRecord> records(all.end() - static_cast<ptrdiff_t>(count), all.end());
  all.clear();

  // 1,000 active rules, in canonical text, as `aduana rules load` stores them.
  auto binding = aduana::model::RuleBindingForStore(**store);
  if (!binding.ok()) return Fail(std::string(binding.status().message()));
  auto set = binding->Compile(aduana::model::MakeRules(records, 1000), "bench.rules");
  if (!set.ok()) return Fail(std::string(set.status().message()));
  std::vector<aduana::StoredRule> stored;
  for (const aduana::rules::Rule& r : set->rules()) {
    stored.push_back({r.id, r.version, aduana::rules::FormatRule(r), r.author, 0, true});
  }
  if (auto added = (*store)->ActivateRules(stored); !added.ok()) return Fail(std::string(added.status().message()));

  // Bare XGBoost, one row per call, on the features of the same declarations.
  auto assessor = aduana::model::Assessor::Open(**store);
  if (!assessor.ok()) return Fail(std::string(assessor.status().message()));
  auto active = (*store)->LoadActiveModel();
  BoosterHandle booster = nullptr;
  if (!active.ok() || !active->has_value() || XGBoosterCreate(nullptr, 0, &booster) != 0 ||
      XGBoosterLoadModelFromBuffer(booster, (*active)->risk_booster.data(), (*active)->risk_booster.size()) != 0 ||
      XGBoosterSetParam(booster, "nthread", "1") != 0) {
    return Fail("loading the model into XGBoost");
  }
  store->reset();
  std::vector<double> xgboost;
  const char* config = R"({"type": 0, "training": false, "iteration_begin": 0, "iteration_end": 0,
                           "strict_shape": false, "cache_id": 0, "missing": NaN})";
  for (const DeclarationRecord& r : records) {
    auto a = (*assessor)->Assess(r);
    if (!a.ok()) return Fail(std::string(a.status().message()));
    char array[200];
    std::snprintf(array, sizeof array,
                  R"({"data": [%llu, true], "shape": [1, %zu], "typestr": "<f4", "version": 3})",
                  static_cast<unsigned long long>(reinterpret_cast<uintptr_t>(a->features.data())), a->features.size());
    const bst_ulong* shape;
    bst_ulong dims;
    const float* out;
    auto started = std::chrono::steady_clock::now();
    if (XGBoosterPredictFromDense(booster, array, config, nullptr, &shape, &dims, &out) != 0) return Fail(XGBGetLastError());
    xgboost.push_back(MicrosSince(started));
  }
  XGBoosterFree(booster);
  assessor->reset();

  auto plain = Submit(db, records, 0, "-ENGINE-A");
  if (!plain.ok()) return Fail(std::string(plain.status().message()));
  auto explained = Submit(db, records, 5, "-ENGINE-B");
  if (!explained.ok()) return Fail(std::string(explained.status().message()));

  Summary x = Summarise(xgboost), p = Summarise(*plain), e = Summarise(*explained);
  std::printf("%zu declarations, 1,000 active rules\n", records.size());
  std::printf("| per decision | p50 us | p99 us | mean us |\n|---|---|---|---|\n");
  std::printf("| bare XGBoosterPredictFromDense, one row | %.1f | %.1f | %.1f |\n", x.p50, x.p99, x.mean);
  std::printf("| engine: assessment + 1,000 rules + channel selection | %.1f | %.1f | %.1f |\n", p.p50, p.p99, p.mean);
  std::printf("| engine with 5 reasons (path attributions) | %.1f | %.1f | %.1f |\n", e.p50, e.p99, e.mean);
  std::printf("ratio XGBoost p50 / engine p50: %.2f (without reasons), %.2f (with reasons)\n", x.p50 / p.p50,
              x.p50 / e.p50);
  return 0;
}
