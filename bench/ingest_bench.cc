// Micro-benchmarks of the ingest hot path: CSV parsing, and parsing + validating a goods item, against a
// baseline of splitting the same bytes on commas and newlines (what any reader must at least do).
//
//   build/bench/bench_ingest --benchmark_min_time=1
#include <benchmark/benchmark.h>

#include <string>

#include "ingest/csv_reader.h"
#include "ingest/entity_schema.h"
#include "ingest/field_cursor.h"
#include "ingest/record_parsers.h"

namespace aduana {
namespace {

std::string GoodsItemsCsv(int rows) {
  std::string csv =
      "declaration_id,item_number,hs_code,description,country_of_origin,quantity,quantity_unit,net_mass_kg,"
      "customs_value,duty_rate,duty_declared,preference_code\n";
  for (int i = 0; i < rows; ++i) {
    csv += "D2024" + std::to_string(1'000'000 + i) + "," + std::to_string(1 + i % 4) +
           ",8517620000,\"Teléfonos móviles, 128 GB\",CN," + std::to_string(10 + i % 90) + ",C62," +
           std::to_string(1.5 + i % 7) + "," + std::to_string(15000 + i % 1000) + ".50,15,2250.08,\n";
  }
  return csv;
}

const std::string& Data() {
  static const std::string kData = GoodsItemsCsv(100'000);
  return kData;
}

void BM_SplitBaseline(benchmark::State& state) {
  const std::string& data = Data();
  for (auto _ : state) {
    size_t fields = 0;
    for (char c : data) fields += (c == ',' || c == '\n');
    benchmark::DoNotOptimize(fields);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * data.size()));
}
BENCHMARK(BM_SplitBaseline);

void BM_CsvReader(benchmark::State& state) {
  const std::string& data = Data();
  for (auto _ : state) {
    CsvReader reader;
    reader.OpenBuffer(data);
    CsvRecord record;
    size_t fields = 0;
    while (reader.Next(&record)) fields += record.fields.size();
    benchmark::DoNotOptimize(fields);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * data.size()));
}
BENCHMARK(BM_CsvReader);

void BM_ParseAndValidateGoodsItems(benchmark::State& state) {
  const std::string& data = Data();
  int64_t rows = 0;
  for (auto _ : state) {
    CsvReader reader;
    reader.OpenBuffer(data);
    CsvRecord record;
    reader.Next(&record);
    HeaderMapping mapping = *RecognizeHeader(record.fields);
    while (reader.Next(&record)) {
      FieldCursor cursor(record, mapping);
      GoodsItem item;
      ReadRecord(cursor, &item);
      benchmark::DoNotOptimize(item);
      ++rows;
    }
  }
  state.SetItemsProcessed(rows);
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * data.size()));
}
BENCHMARK(BM_ParseAndValidateGoodsItems);

}  // namespace
}  // namespace aduana

BENCHMARK_MAIN();
