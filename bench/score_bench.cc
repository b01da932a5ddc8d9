// Scoring throughput per core: Aduana's online path (profile features + own tree evaluator) against bare
// XGBoosterPredictFromDense on the same model and rows, one declaration at a time and in batches, with and
// without 1,000 active analyst rules.
//
// The model is the shipped pipeline's: by default the bench generates 20,000 declarations, ingests them and
// runs `aduana train` into a scratch store (about a minute); ADUANA_BENCH_STORE=path reuses a store that already
// has an active model. Run with one thread (taskset -c 0) for per-core figures: see docs/benchmarks.md.
#include <benchmark/benchmark.h>
#include <xgboost/c_api.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "model/features.h"
#include "model/risk_model.h"
#include "model/rule_binding.h"
#include "bench_rules.h"
#include "store/sqlite_store.h"

namespace aduana::model {
namespace {

struct Fixture {
  std::unique_ptr<Store> store;
  std::unique_ptr<Scorer> scorer;
  std::vector<DeclarationRecord> records;  // the latest declarations of the store, scored as if new
  std::vector<profile::DeclarationKeys> keys;
  std::vector<float> rows;                 // their features, row-major
  size_t width = 0;
  BoosterHandle booster = nullptr;         // the same model in XGBoost
  std::optional<RuleBinding> binding;
  std::optional<rules::RuleSet> rules;     // 1,000 rules written over the codes these declarations use
};


std::string MakeStore() {
  std::string dir = (std::filesystem::temp_directory_path() / "aduana_score_bench").string();
  std::string db = dir + "/store.db";
  if (std::filesystem::exists(db)) return db;
  std::filesystem::create_directories(dir);
  std::string aduana = ADUANA_BINARY;
  std::string commands = aduana + " generate --out " + dir + "/data --declarations 20000 --seed 1 >/dev/null && " +
                         aduana + " ingest --db " + db + " " + dir + "/data >/dev/null && " + aduana +
                         " train --db " + db + " >/dev/null";
  if (std::system(commands.c_str()) != 0) {
    std::fprintf(stderr, "score_bench: could not build the store in %s\n", dir.c_str());
    std::exit(1);
  }
  return db;
}

template <typename T>
T OrDie(absl::StatusOr<T> value, const char* what) {
  if (!value.ok()) {
    std::fprintf(stderr, "score_bench: %s: %s\n", what, std::string(value.status().message()).c_str());
    std::exit(1);
  }
  return *std::move(value);
}

Fixture& Shared() {
  static Fixture* f = [] {
    auto* fx = new Fixture;
    const char* env = std::getenv("ADUANA_BENCH_STORE");
    std::string db = env != nullptr ? env : MakeStore();
    fx->store = OrDie(OpenSqliteStore(db), "opening the store");
    fx->scorer = OrDie(Scorer::Open(*fx->store), "loading the active model and profiles");
    UnixMillis last = 0;
    (void)fx->store->ScanDeclarations(std::numeric_limits<UnixMillis>::min(), std::numeric_limits<UnixMillis>::max(),
                                      [&](DeclarationRecord& r) {
                                        last = r.declaration.lodged_at;
                                        return absl::OkStatus();
                                      });
    (void)fx->store->ScanDeclarations(last - 30 * kMillisPerDay, std::numeric_limits<UnixMillis>::max(),
                                      [&](DeclarationRecord& r) {
                                        if (fx->records.size() < 2000) fx->records.push_back(r);
                                        return absl::OkStatus();
                                      });
    const RiskModel& model = fx->scorer->model();
    fx->width = model.schema().size();
    FeatureBuilder builder(model.schema(), fx->scorer->book());
    fx->keys.resize(fx->records.size());
    fx->rows.resize(fx->records.size() * fx->width);
    for (size_t i = 0; i < fx->records.size(); ++i) {
      const Company* importer = fx->scorer->book().FindCompany(fx->records[i].declaration.importer_id);
      profile::ExtractKeys(fx->records[i], importer != nullptr ? importer->sector : "", &fx->keys[i]);
      builder.Build(fx->records[i], fx->keys[i], fx->rows.data() + i * fx->width);
    }
    fx->binding.emplace(OrDie(RuleBindingForStore(*fx->store), "binding rules to the store's fields"));
    fx->rules.emplace(OrDie(fx->binding->Compile(MakeRules(fx->records, 1000), "bench.rules"), "compiling 1,000 rules"));
    std::optional<ModelVersion> active = OrDie(fx->store->LoadActiveModel(), "loading the active model");
    if (XGBoosterCreate(nullptr, 0, &fx->booster) != 0 ||
        XGBoosterLoadModelFromBuffer(fx->booster, active->risk_booster.data(), active->risk_booster.size()) != 0 ||
        XGBoosterSetParam(fx->booster, "nthread", "1") != 0) {
      std::fprintf(stderr, "score_bench: xgboost: %s\n", XGBGetLastError());
      std::exit(1);
    }
    return fx;
  }();
  return *f;
}

std::string ArrayInterface(const float* data, size_t rows, size_t columns) {
  char buf[160];
  std::snprintf(buf, sizeof buf, "{\"data\": [%llu, true], \"shape\": [%zu, %zu], \"typestr\": \"<f4\", \"version\": 3}",
                static_cast<unsigned long long>(reinterpret_cast<uintptr_t>(data)), rows, columns);
  return buf;
}

constexpr const char* kPredictConfig =
    "{\"type\": 0, \"training\": false, \"iteration_begin\": 0, \"iteration_end\": 0, \"strict_shape\": false, "
    "\"cache_id\": 0, \"missing\": NaN}";

// Baseline: XGBoost's in-place prediction on the ready-made feature rows (it builds no features).
void BM_XgboostPredictFromDense(benchmark::State& state) {
  Fixture& f = Shared();
  const size_t batch = static_cast<size_t>(state.range(0));
  size_t n = f.records.size() / batch * batch, i = 0;
  std::vector<std::string> arrays;
  for (size_t r = 0; r < n; r += batch) arrays.push_back(ArrayInterface(f.rows.data() + r * f.width, batch, f.width));
  for (auto _ : state) {
    const bst_ulong* shape;
    bst_ulong dims;
    const float* result;
    XGBoosterPredictFromDense(f.booster, arrays[i].c_str(), kPredictConfig, nullptr, &shape, &dims, &result);
    benchmark::DoNotOptimize(result[0]);
    i = (i + 1) % arrays.size();
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * batch));
}

// Aduana's evaluator on the same rows.
void BM_TreeEnsemble(benchmark::State& state) {
  Fixture& f = Shared();
  const RiskModel& model = f.scorer->model();
  const size_t batch = static_cast<size_t>(state.range(0));
  size_t n = f.records.size() / batch * batch, r = 0;
  std::vector<float> out(batch);
  for (auto _ : state) {
    if (batch == 1) {
      out[0] = model.Risk(f.rows.data() + r * f.width);
    } else {
      model.RiskBatch(f.rows.data() + r * f.width, batch, out.data());
    }
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
    r = (r + batch) % n;
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * batch));
}

// The whole online assessment of a declaration: profile lookups, feature pipeline and the model.
void BM_AssessDeclaration(benchmark::State& state) {
  Fixture& f = Shared();
  const RiskModel& model = f.scorer->model();
  FeatureBuilder builder(model.schema(), f.scorer->book());
  std::vector<float> row(f.width);
  size_t i = 0;
  for (auto _ : state) {
    builder.Build(f.records[i], f.keys[i], row.data());
    benchmark::DoNotOptimize(model.Risk(row.data()));
    i = (i + 1) % f.records.size();
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}

// The same with the 1,000 rules evaluated on every declaration (range(0): declarations per batch; features
// and rules go row by row, the trees by blocks of rows).
void BM_AssessWithRules(benchmark::State& state) {
  Fixture& f = Shared();
  const RiskModel& model = f.scorer->model();
  FeatureBuilder builder(model.schema(), f.scorer->book());
  const size_t batch = static_cast<size_t>(state.range(0));
  std::vector<float> rows(batch * f.width), risk(batch);
  size_t i = 0, hits = 0;
  for (auto _ : state) {
    for (size_t k = 0; k < batch; ++k) {
      size_t at = (i + k) % f.records.size();
      builder.Build(f.records[at], f.keys[at], rows.data() + k * f.width);
    }
    model.RiskBatch(rows.data(), batch, risk.data());
    for (size_t k = 0; k < batch; ++k) {
      size_t at = (i + k) % f.records.size();
      auto verdict = f.binding->Assess(*f.rules, f.records[at], f.keys[at], rows.data() + k * f.width, f.scorer->book());
      if (!verdict.ok()) {
        state.SkipWithError("rule evaluation failed");
        return;
      }
      hits += verdict->hits.size();
      benchmark::DoNotOptimize(RuleRankingScore(*verdict, risk[k]));
    }
    i = (i + batch) % f.records.size();
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * batch));
  state.counters["rule_hits_per_declaration"] = static_cast<double>(hits) / static_cast<double>(state.iterations() * batch);
}

BENCHMARK(BM_XgboostPredictFromDense)->Arg(1)->Arg(1000);
BENCHMARK(BM_TreeEnsemble)->Arg(1)->Arg(1000);
BENCHMARK(BM_AssessDeclaration);
BENCHMARK(BM_AssessWithRules)->Arg(1)->Arg(1000);

}  // namespace
}  // namespace aduana::model

BENCHMARK_MAIN();
