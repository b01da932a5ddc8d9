// The plain baseline of docs/model-evaluation.md: XGBoost on the KCS columns label-encoded (each categorical
// column's values numbered in sorted order over the training file; values unseen in training are missing),
// numeric columns as they are, trained with the same parameters as Aduana's model. Prints the evaluation on the
// second file as JSON.
//
//   kcs_label_encoded_baseline TRAIN.csv VALID.csv [ROUNDS]
#include <cstdio>
#include <cstdlib>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "ingest/csv_reader.h"
#include "model/booster.h"
#include "model/metrics.h"

namespace {

using aduana::CsvReader;
using aduana::CsvRecord;

struct Table {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
};

bool ReadTable(const std::string& path, Table* t) {
  CsvReader reader;
  if (!reader.Open(path).ok()) return false;
  CsvRecord r;
  if (!reader.Next(&r)) return false;
  t->header.assign(r.fields.begin(), r.fields.end());
  while (reader.Next(&r)) {
    if (!r.error.empty() || r.fields.size() != t->header.size()) {
      std::fprintf(stderr, "%s:%lld: skipped malformed row\n", path.c_str(), static_cast<long long>(r.line));
      continue;
    }
    t->rows.emplace_back(r.fields.begin(), r.fields.end());
  }
  return reader.status().ok();
}

bool IsNumber(const std::string& s, double* v) {
  if (s.empty()) return false;
  char* end = nullptr;
  *v = std::strtod(s.c_str(), &end);
  return *end == '\0';
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s TRAIN.csv VALID.csv [ROUNDS]\n", argv[0]);
    return 2;
  }
  Table train, valid;
  if (!ReadTable(argv[1], &train) || !ReadTable(argv[2], &valid) || train.header != valid.header) {
    std::fprintf(stderr, "cannot read the two KCS files\n");
    return 1;
  }
  const std::set<std::string> kNumeric = {"Tax Rate", "Net Mass", "Item Price"};
  const std::set<std::string> kExcluded = {"Declaration ID", "Fraud", "Critical Fraud"};
  size_t label = 0, id = 0;
  std::vector<size_t> columns;
  for (size_t c = 0; c < train.header.size(); ++c) {
    if (train.header[c] == "Fraud") label = c;
    if (train.header[c] == "Declaration ID") id = c;
    if (!kExcluded.count(train.header[c])) columns.push_back(c);
  }
  // Codes of each categorical column, numbered in sorted order of the training values.
  std::vector<std::map<std::string, float>> codes(train.header.size());
  for (size_t c : columns) {
    if (kNumeric.count(train.header[c])) continue;
    std::set<std::string> values;
    for (const auto& row : train.rows) values.insert(row[c]);
    float code = 0;
    for (const std::string& v : values) codes[c][v] = code++;
  }
  auto encode = [&](const Table& t, std::vector<float>* x, std::vector<float>* y) {
    for (const auto& row : t.rows) {
      for (size_t c : columns) {
        double v = 0;
        if (kNumeric.count(t.header[c])) {
          x->push_back(IsNumber(row[c], &v) ? static_cast<float>(v) : NAN);
        } else {
          auto it = codes[c].find(row[c]);
          x->push_back(it == codes[c].end() ? NAN : it->second);
        }
      }
      y->push_back(row[label] == "1" ? 1.0f : 0.0f);
    }
  };
  std::vector<float> x_train, y_train, x_valid, y_valid;
  encode(train, &x_train, &y_train);
  encode(valid, &x_valid, &y_valid);
  aduana::model::TrainingParameters params;
  if (argc > 3) params.rounds = std::atoi(argv[3]);
  auto booster = aduana::model::Booster::Train({x_train.data(), y_train.size(), columns.size()}, y_train, {}, params);
  if (!booster.ok()) {
    std::fprintf(stderr, "%s\n", std::string(booster.status().message()).c_str());
    return 1;
  }
  auto p = booster->Predict({x_valid.data(), y_valid.size(), columns.size()});
  if (!p.ok()) return 1;
  std::vector<aduana::model::ScoredOutcome> scored;
  for (size_t i = 0; i < y_valid.size(); ++i) scored.push_back({valid.rows[i][id], (*p)[i], y_valid[i] > 0.5f, 0});
  std::printf("%s\n", aduana::model::EvaluationJson(aduana::model::Evaluate(std::move(scored))).c_str());
  return 0;
}
