#include "generate/generator.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <numeric>
#include <set>

#include "csv_checks.h"

namespace aduana {
namespace {

using testing::CheckRow;
using testing::ContractHeaders;
using testing::CsvTable;
using testing::Number;
using testing::ReadBytes;
using testing::ReadCsv;

// ctest runs each test in its own process, possibly in parallel: directories are per process.
std::string TempDir(std::string_view name) {
  std::string dir = ::testing::TempDir();
  dir.append("aduana_generate_").append(name).append("_").append(std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  return dir;
}

absl::StatusOr<GeneratorSummary> Generate(const std::string& dir, int64_t declarations, uint64_t seed,
                                          double malformed_rate = 0.0005) {
  GeneratorOptions options;
  options.out_dir = dir;
  options.declarations = declarations;
  options.seed = seed;
  options.malformed_rate = malformed_rate;
  return GenerateDataset(options);
}

TEST(GeneratorTest, SameSeedGivesIdenticalBytesAndAnotherSeedDifferentData) {
  std::string a = TempDir("seed_a"), b = TempDir("seed_b"), c = TempDir("seed_c");
  ASSERT_TRUE(Generate(a, 3'000, 7).ok());
  ASSERT_TRUE(Generate(b, 3'000, 7).ok());
  ASSERT_TRUE(Generate(c, 3'000, 8).ok());
  for (const auto& [file, header] : ContractHeaders()) {
    std::string bytes = ReadBytes(a + "/" + file);
    EXPECT_FALSE(bytes.empty()) << file;
    EXPECT_EQ(bytes, ReadBytes(b + "/" + file)) << file << " differs between two runs with the same seed";
  }
  for (std::string file : {"companies.csv", "declarations.csv", "goods_items.csv", "truth/ground_truth.csv"}) {
    EXPECT_NE(ReadBytes(a + "/" + file), ReadBytes(c + "/" + file)) << file << " is the same for another seed";
  }
}

TEST(GeneratorTest, RejectsBadOptions) {
  EXPECT_FALSE(Generate("", 10, 1).ok());
  EXPECT_FALSE(Generate(TempDir("bad"), -1, 1).ok());
  EXPECT_FALSE(Generate(TempDir("bad"), 10, 1, 0.9).ok());
}

TEST(GeneratorTest, WritesExactlyTheRequestedDeclarationsAndCountsRows) {
  std::string dir = TempDir("count");
  absl::StatusOr<GeneratorSummary> summary = Generate(dir, 1'234, 3);
  ASSERT_TRUE(summary.ok()) << summary.status();
  EXPECT_EQ(summary->rows_per_file.at("declarations.csv"), 1'234);
  for (const auto& [file, rows] : summary->rows_per_file) {
    EXPECT_EQ(static_cast<int64_t>(ReadCsv(dir + "/" + file).rows.size()), rows) << file;
  }
}

// One 20,000-declaration data set with a raised malformed rate, read back once for all checks below.
class GeneratedDataset : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::string(TempDir("dataset"));
    absl::StatusOr<GeneratorSummary> summary = Generate(*dir_, 20'000, 42, 0.002);
    ASSERT_TRUE(summary.ok()) << summary.status();
    tables_ = new std::map<std::string, CsvTable>;
    for (const auto& [file, header] : ContractHeaders()) (*tables_)[file] = ReadCsv(*dir_ + "/" + file);
    malformed_ = new std::set<std::pair<std::string, int64_t>>;
    bad_declarations_ = new std::set<std::string>;
    const CsvTable& log = (*tables_)["truth/malformed_rows.csv"];
    for (size_t r = 0; r < log.rows.size(); ++r) {
      malformed_->insert({log.At(r, "file"), std::stoll(log.At(r, "line"))});
    }
    const CsvTable& declarations = (*tables_)["declarations.csv"];
    for (size_t r = 0; r < declarations.rows.size(); ++r) {
      if (IsMalformed("declarations.csv", declarations, r))
        bad_declarations_->insert(declarations.At(r, "declaration_id"));
    }
  }
  static void TearDownTestSuite() {
    std::filesystem::remove_all(*dir_);
    delete dir_;
    delete tables_;
    delete malformed_;
    delete bad_declarations_;
  }

  static const CsvTable& Table(const std::string& file) { return tables_->at(file); }
  static bool IsMalformed(const std::string& file, const CsvTable& t, size_t r) {
    return malformed_->count({file, t.lines[r]}) > 0;
  }
  static size_t MalformedCount(const std::string& file) {
    return static_cast<size_t>(
        std::count_if(malformed_->begin(), malformed_->end(), [&](const auto& entry) { return entry.first == file; }));
  }
  // Ground-truth rows of a mechanism.
  static std::vector<size_t> TruthRows(std::string_view mechanism) {
    std::vector<size_t> rows;
    const CsvTable& t = Table("truth/ground_truth.csv");
    for (size_t r = 0; r < t.rows.size(); ++r) {
      if (t.At(r, "mechanism") == mechanism) rows.push_back(r);
    }
    return rows;
  }
  static std::set<std::string> TruthDeclarations(std::string_view mechanism) {
    std::set<std::string> ids;
    for (size_t r : TruthRows(mechanism)) ids.insert(Table("truth/ground_truth.csv").At(r, "declaration_id"));
    ids.erase("");
    return ids;
  }
  // Values of `column` over the well-formed rows of `file`.
  static std::set<std::string> Keys(const std::string& file, std::string_view column) {
    std::set<std::string> keys;
    const CsvTable& t = Table(file);
    for (size_t r = 0; r < t.rows.size(); ++r) {
      if (!IsMalformed(file, t, r)) keys.insert(t.At(r, column));
    }
    return keys;
  }

  static std::string* dir_;
  static std::map<std::string, CsvTable>* tables_;
  static std::set<std::pair<std::string, int64_t>>* malformed_;
  static std::set<std::string>* bad_declarations_;
};

std::string* GeneratedDataset::dir_ = nullptr;
std::map<std::string, CsvTable>* GeneratedDataset::tables_ = nullptr;
std::set<std::pair<std::string, int64_t>>* GeneratedDataset::malformed_ = nullptr;
std::set<std::string>* GeneratedDataset::bad_declarations_ = nullptr;

TEST_F(GeneratedDataset, EveryFileHasTheContractHeader) {
  for (const auto& [file, header] : ContractHeaders()) {
    std::string bytes = ReadBytes(*dir_ + "/" + file);
    EXPECT_EQ(bytes.substr(0, bytes.find('\n')), header) << file;
  }
  for (std::string file : {"declarations.csv", "goods_items.csv", "transport_documents.csv", "companies.csv",
                           "inspection_outcomes.csv", "audit_outcomes.csv", "transits.csv", "tracking_events.csv"}) {
    EXPECT_GT(Table(file).rows.size(), 0u) << file;
  }
}

TEST_F(GeneratedDataset, WellFormedRowsPassTheContractAndMalformedRowsAreExactlyThoseListed) {
  std::map<std::string, int> malformed_per_file;
  for (const auto& [file, header] : ContractHeaders()) {
    if (file.rfind("truth/", 0) == 0) continue;
    const CsvTable& t = Table(file);
    for (size_t r = 0; r < t.rows.size(); ++r) {
      ASSERT_EQ(t.rows[r].size(), t.header.size()) << file << " line " << t.lines[r];
      std::string problem = CheckRow(file, t, r);
      if (!IsMalformed(file, t, r)) {
        EXPECT_EQ(problem, "") << file << " line " << t.lines[r] << " is not listed as malformed";
        continue;
      }
      ++malformed_per_file[file];
      bool rejected_with_its_declaration =
          bad_declarations_->count(t.At(r, "declaration_id")) > 0 && file != "declarations.csv";
      if (rejected_with_its_declaration) {
        EXPECT_EQ(problem, "") << file << " line " << t.lines[r];
      } else {
        EXPECT_NE(problem, "") << file << " line " << t.lines[r] << " is listed as malformed but is valid";
      }
    }
  }
  EXPECT_EQ(static_cast<size_t>(std::accumulate(malformed_per_file.begin(), malformed_per_file.end(), 0,
                                                [](int s, const auto& kv) { return s + kv.second; })),
            malformed_->size());
  for (std::string file : {"declarations.csv", "goods_items.csv", "transport_documents.csv", "tracking_events.csv"}) {
    EXPECT_GT(malformed_per_file[file], 0) << file;
  }
}

TEST_F(GeneratedDataset, ReferencesHold) {
  std::set<std::string> companies = Keys("companies.csv", "company_id");
  std::set<std::string> declarations = Keys("declarations.csv", "declaration_id");
  std::set<std::string> routes = Keys("routes.csv", "route_id");
  std::set<std::string> devices = Keys("transits.csv", "device_id");
  const CsvTable& d = Table("declarations.csv");
  for (size_t r = 0; r < d.rows.size(); ++r) {
    EXPECT_TRUE(companies.count(d.At(r, "importer_id"))) << d.At(r, "declaration_id");
    EXPECT_TRUE(companies.count(d.At(r, "declarant_id"))) << d.At(r, "declaration_id");
  }
  auto expect_declaration = [&](const std::string& file) {
    const CsvTable& t = Table(file);
    for (size_t r = 0; r < t.rows.size(); ++r) {
      if (IsMalformed(file, t, r)) continue;
      EXPECT_TRUE(declarations.count(t.At(r, "declaration_id"))) << file << " line " << t.lines[r];
    }
  };
  for (std::string file : {"goods_items.csv", "inspection_outcomes.csv", "transits.csv"}) expect_declaration(file);
  for (const std::string& company : Keys("audit_outcomes.csv", "company_id")) EXPECT_TRUE(companies.count(company));
  for (const std::string& route : Keys("transits.csv", "route_id")) EXPECT_TRUE(routes.count(route));
  for (const std::string& route : Keys("route_stop_zones.csv", "route_id")) EXPECT_TRUE(routes.count(route));
  for (const std::string& device : Keys("tracking_events.csv", "device_id")) EXPECT_TRUE(devices.count(device));
  // Transport documents: every reference resolves except the planted missing ones and the malformed documents.
  std::set<std::string> documents = Keys("transport_documents.csv", "transport_document_id");
  int references = 0, resolved = 0;
  for (size_t r = 0; r < d.rows.size(); ++r) {
    if (d.At(r, "transport_document_id").empty()) continue;
    ++references;
    resolved += documents.count(d.At(r, "transport_document_id")) > 0;
  }
  EXPECT_GT(references, 0.95 * static_cast<double>(d.rows.size()));
  EXPECT_GT(resolved, 0.98 * references);
}

TEST_F(GeneratedDataset, NaturalKeysAreUniqueAndDeclarationsAreInLodgementOrder) {
  for (auto [file, column] :
       std::vector<std::pair<std::string, std::string>>{{"companies.csv", "company_id"},
                                                        {"declarations.csv", "declaration_id"},
                                                        {"transport_documents.csv", "transport_document_id"},
                                                        {"audit_outcomes.csv", "audit_id"},
                                                        {"transits.csv", "transit_id"},
                                                        {"inspection_outcomes.csv", "declaration_id"}}) {
    EXPECT_EQ(Keys(file, column).size(), Table(file).rows.size() - MalformedCount(file)) << file;
  }
  const CsvTable& items = Table("goods_items.csv");
  std::set<std::string> item_keys;
  for (size_t r = 0; r < items.rows.size(); ++r) {
    EXPECT_TRUE(item_keys.insert(items.At(r, "declaration_id") + "#" + items.At(r, "item_number")).second);
  }
  const CsvTable& events = Table("tracking_events.csv");
  std::set<std::string> event_keys;
  for (size_t r = 0; r < events.rows.size(); ++r) {
    if (IsMalformed("tracking_events.csv", events, r)) continue;
    EXPECT_TRUE(
        event_keys.insert(events.At(r, "device_id") + events.At(r, "event_time") + events.At(r, "event_type")).second);
  }
  const CsvTable& d = Table("declarations.csv");
  for (size_t r = 1; r < d.rows.size(); ++r) {
    EXPECT_LT(d.At(r - 1, "declaration_id"), d.At(r, "declaration_id"));
    if (IsMalformed("declarations.csv", d, r) || IsMalformed("declarations.csv", d, r - 1)) continue;
    EXPECT_LE(*ParseTimestamp(d.At(r - 1, "lodged_at")), *ParseTimestamp(d.At(r, "lodged_at")));
  }
}

TEST_F(GeneratedDataset, GroundTruthCoversEveryMechanismAndNamesRealEntities) {
  std::set<std::string> companies = Keys("companies.csv", "company_id");
  std::set<std::string> declarations;
  for (size_t r = 0; r < Table("declarations.csv").rows.size(); ++r) {
    declarations.insert(Table("declarations.csv").At(r, "declaration_id"));
  }
  std::set<std::string> transits = Keys("transits.csv", "transit_id");
  for (std::string mechanism :
       {"undervaluation", "tariff_shifting", "origin_laundering", "phoenix_company", "colluding_broker",
        "split_shipment", "manifest_mismatch", "smuggling", "route_deviation", "unplanned_stop", "seal_opened",
        "device_silent", "late_arrival", "never_arrived", "wrong_destination", "volume_surge", "unit_value_collapse",
        "new_importer_burst"}) {
    EXPECT_FALSE(TruthRows(mechanism).empty()) << mechanism;
  }
  std::set<std::string> goods, sector_regions;  // "HS6|CC" of the goods lines, "sector|region" of the companies
  const CsvTable& items = Table("goods_items.csv");
  for (size_t r = 0; r < items.rows.size(); ++r) {
    goods.insert(items.At(r, "hs_code").substr(0, 6) + "|" + items.At(r, "country_of_origin"));
  }
  const CsvTable& c = Table("companies.csv");
  for (size_t r = 0; r < c.rows.size(); ++r) sector_regions.insert(c.At(r, "sector") + "|" + c.At(r, "region"));
  const CsvTable& truth = Table("truth/ground_truth.csv");
  for (size_t r = 0; r < truth.rows.size(); ++r) {
    const std::string& kind = truth.At(r, "entity_kind");
    const std::string& id = truth.At(r, "entity_id");
    EXPECT_TRUE(testing::IsDate(truth.At(r, "started_on")));
    EXPECT_THAT(kind, ::testing::AnyOf("company", "declaration", "transit", "hs6_origin", "sector_region"));
    if (kind == "company") {
      EXPECT_TRUE(companies.count(id)) << id;
    } else if (kind == "hs6_origin") {
      EXPECT_TRUE(goods.count(id)) << id;
    } else if (kind == "sector_region") {
      EXPECT_TRUE(sector_regions.count(id)) << id;
    } else {
      EXPECT_TRUE(kind == "transit" ? transits.count(id) : declarations.count(id)) << id;
      EXPECT_TRUE(declarations.count(truth.At(r, "declaration_id"))) << id;
    }
  }
}

// Weekly counts (by the week's first day) of the declarations of `ids` in declarations.csv.
std::map<EpochDay, int> WeeklyCounts(const CsvTable& declarations, const std::set<std::string>& ids) {
  std::map<EpochDay, int> weeks;
  for (size_t r = 0; r < declarations.rows.size(); ++r) {
    if (!ids.count(declarations.At(r, "declaration_id"))) continue;
    EpochDay day = *ParseDate(declarations.At(r, "lodged_at").substr(0, 10));
    ++weeks[day - ((day + 3) % 7 + 7) % 7];
  }
  return weeks;
}

TEST_F(GeneratedDataset, TheMarketMechanismsShowInTheFlowFromTheirStart) {
  const CsvTable& truth = Table("truth/ground_truth.csv");
  const CsvTable& d = Table("declarations.csv");
  std::map<std::string, std::string> importer_of;
  for (size_t r = 0; r < d.rows.size(); ++r) importer_of[d.At(r, "declaration_id")] = d.At(r, "importer_id");
  // The wave: a dozen declarations a week of one HS6 declared as of VN, MY or TH, from several importers, from
  // its start on.
  for (size_t r : TruthRows("volume_surge")) {
    if (truth.At(r, "entity_kind") != "hs6_origin") continue;
    EXPECT_THAT(truth.At(r, "entity_id").substr(7), ::testing::AnyOf("VN", "MY", "TH"));
    std::set<std::string> wave = TruthDeclarations("volume_surge"), importers;
    for (const std::string& id : wave) importers.insert(importer_of.at(id));
    EXPECT_GE(importers.size(), 3u);
    std::map<EpochDay, int> weeks = WeeklyCounts(d, wave);
    ASSERT_FALSE(weeks.empty());
    EXPECT_GE(weeks.begin()->first + 6, *ParseDate(truth.At(r, "started_on")));
    int busiest = 0;
    for (const auto& [week, count] : weeks) busiest = std::max(busiest, count);
    EXPECT_GE(busiest, 10);
  }
  // The collapse: the subject's lines declared at 35-55% of their price from its start, by several importers.
  std::set<std::string> collapsed = TruthDeclarations("unit_value_collapse"), importers;
  for (const std::string& id : collapsed) importers.insert(importer_of.at(id));
  EXPECT_GE(importers.size(), 5u);
  // The burst: companies of one sector and region registered within a week of each other, each declaring.
  std::map<std::string, size_t> company;
  const CsvTable& c = Table("companies.csv");
  for (size_t r = 0; r < c.rows.size(); ++r) company[c.At(r, "company_id")] = r;
  std::set<std::string> declaring;
  for (const auto& [id, importer] : importer_of) declaring.insert(importer);
  std::set<std::string> registered_on;
  int members = 0;
  for (size_t r : TruthRows("new_importer_burst")) {
    if (truth.At(r, "entity_kind") != "company") continue;
    ++members;
    size_t row = company.at(truth.At(r, "entity_id"));
    EXPECT_EQ("burst=" + c.At(row, "sector") + "|" + c.At(row, "region"), truth.At(r, "detail"));
    registered_on.insert(c.At(row, "registered_on"));
    EXPECT_TRUE(declaring.count(truth.At(r, "entity_id"))) << truth.At(r, "entity_id");
  }
  EXPECT_GE(members, 8);
  ASSERT_FALSE(registered_on.empty());
  EXPECT_LE(*ParseDate(*registered_on.rbegin()) - *ParseDate(*registered_on.begin()), 6);
}

TEST_F(GeneratedDataset, VolumesLookLikeACustomsAdministration) {
  const CsvTable& d = Table("declarations.csv");
  double n = static_cast<double>(d.rows.size());
  double items = static_cast<double>(Table("goods_items.csv").rows.size()) / n;
  EXPECT_GT(items, 2.0);
  EXPECT_LT(items, 3.0);
  double inspected = static_cast<double>(Table("inspection_outcomes.csv").rows.size()) / n;
  EXPECT_GT(inspected, 0.05);
  EXPECT_LT(inspected, 0.12);
  double transits = static_cast<double>(Table("transits.csv").rows.size()) / n;
  EXPECT_GT(transits, 0.01);
  EXPECT_LT(transits, 0.03);
  EXPECT_LT(static_cast<double>(Table("tracking_events.csv").rows.size()) / n, 2.5);
  std::map<std::string, int> per_importer;
  int business_hours = 0;
  for (size_t r = 0; r < d.rows.size(); ++r) {
    ++per_importer[d.At(r, "importer_id")];
    absl::StatusOr<UnixMillis> t = ParseTimestamp(d.At(r, "lodged_at"));
    int local_hour = t.ok() ? static_cast<int>((*t / 3'600'000 + 24 - 6) % 24) : -1;
    business_hours += local_hour >= 7 && local_hour < 20;
  }
  EXPECT_GT(per_importer.size(), 600u);  // about N / 20 importers
  EXPECT_LT(per_importer.size(), 1'300u);
  int top = 0, single = 0;
  for (const auto& [importer, count] : per_importer) {
    top = std::max(top, count);
    single += count <= 3;
  }
  EXPECT_LT(top, 0.04 * n);  // a long tail, no giant
  EXPECT_GT(single, 10);
  EXPECT_GT(business_hours, 0.9 * n);
  int brokers = 0, aeo = 0;
  const CsvTable& c = Table("companies.csv");
  for (size_t r = 0; r < c.rows.size(); ++r) {
    brokers += c.At(r, "sector") == "5229";
    aeo += c.At(r, "aeo_status") != "none";
  }
  EXPECT_GE(brokers, 12);
  EXPECT_GT(aeo, 0.01 * static_cast<double>(c.rows.size()));
  EXPECT_LT(aeo, 0.08 * static_cast<double>(c.rows.size()));
}

TEST_F(GeneratedDataset, CustomsValuesAddUp) {
  const CsvTable& d = Table("declarations.csv");
  std::map<std::string, double> items_value;
  const CsvTable& items = Table("goods_items.csv");
  for (size_t r = 0; r < items.rows.size(); ++r) {
    std::optional<double> v = Number(items.At(r, "customs_value"));
    items_value[items.At(r, "declaration_id")] += v && !IsMalformed("goods_items.csv", items, r) ? *v : NAN;
  }
  int checked = 0, build_ok = 0, items_ok = 0;
  for (size_t r = 0; r < d.rows.size(); ++r) {
    if (IsMalformed("declarations.csv", d, r)) continue;
    auto value = [&](std::string_view column) { return *Number(d.At(r, column)); };
    double built = (value("invoice_amount") + value("freight") + value("insurance")) * value("exchange_rate");
    double customs = value("customs_value");
    ++checked;
    build_ok += std::fabs(built - customs) <= 0.02 * customs + 0.05;
    double sum = items_value[d.At(r, "declaration_id")];
    items_ok += std::isnan(sum) || std::fabs(sum - customs) <= 0.01 * customs + 0.05;
  }
  EXPECT_GT(build_ok, 0.99 * checked);  // honest clerical slips (freight left out) are rare
  EXPECT_EQ(items_ok, checked);
}

TEST_F(GeneratedDataset, PlantedImportersFailInspectionsFarMoreOften) {
  std::set<std::string> planted;
  const CsvTable& truth = Table("truth/ground_truth.csv");
  for (size_t r = 0; r < truth.rows.size(); ++r) {
    if (truth.At(r, "entity_kind") == "company" && truth.At(r, "mechanism") != "colluding_broker") {
      planted.insert(truth.At(r, "entity_id"));
    }
  }
  std::map<std::string, std::string> importer_of;
  const CsvTable& d = Table("declarations.csv");
  for (size_t r = 0; r < d.rows.size(); ++r) importer_of[d.At(r, "declaration_id")] = d.At(r, "importer_id");
  double hits[2] = {0, 0}, looked[2] = {0, 0};
  const CsvTable& inspections = Table("inspection_outcomes.csv");
  for (size_t r = 0; r < inspections.rows.size(); ++r) {
    if (IsMalformed("inspection_outcomes.csv", inspections, r)) continue;
    int group = planted.count(importer_of[inspections.At(r, "declaration_id")]) ? 1 : 0;
    ++looked[group];
    hits[group] += inspections.At(r, "result") == "non_compliant";
  }
  ASSERT_GT(looked[1], 30);
  ASSERT_GT(looked[0], 300);
  double planted_rate = hits[1] / looked[1], other_rate = hits[0] / looked[0];
  EXPECT_GT(planted_rate, 0.2);
  EXPECT_GT(planted_rate, 3 * other_rate);
  EXPECT_LT(other_rate, 0.1);
}

TEST_F(GeneratedDataset, ManifestMismatchesShowAsDiscrepancies) {
  std::map<std::string, size_t> documents;
  const CsvTable& docs = Table("transport_documents.csv");
  for (size_t r = 0; r < docs.rows.size(); ++r) documents[docs.At(r, "transport_document_id")] = r;
  std::map<std::string, std::set<std::string>> headings;
  const CsvTable& items = Table("goods_items.csv");
  for (size_t r = 0; r < items.rows.size(); ++r)
    headings[items.At(r, "declaration_id")].insert(items.At(r, "hs_code").substr(0, 4));
  std::set<std::string> mismatched = TruthDeclarations("manifest_mismatch");
  ASSERT_GT(mismatched.size(), 20u);
  const CsvTable& d = Table("declarations.csv");
  int shown = 0;
  for (size_t r = 0; r < d.rows.size(); ++r) {
    const std::string& id = d.At(r, "declaration_id");
    if (!mismatched.count(id)) continue;
    auto doc = documents.find(d.At(r, "transport_document_id"));
    if (doc == documents.end()) {
      ++shown;  // transport_document_missing
      continue;
    }
    size_t m = doc->second;
    auto declared_mass = Number(d.At(r, "gross_mass_kg")), manifest_mass = Number(docs.At(m, "gross_mass_kg"));
    bool mass = declared_mass && manifest_mass && std::fabs(*declared_mass - *manifest_mass) > 0.05 * *manifest_mass;
    bool packages = d.At(r, "packages") != docs.At(m, "packages");
    bool consignee = d.At(r, "importer_id") != docs.At(m, "consignee_id");
    const std::string& hs = docs.At(m, "hs_code");
    bool goods = !hs.empty() && !headings[id].count(hs.substr(0, 4));
    shown += mass || packages || consignee || goods;
  }
  EXPECT_GT(shown, 0.95 * static_cast<double>(mismatched.size()));
}

TEST_F(GeneratedDataset, UndervaluedItemsHaveLowUnitValues) {
  std::set<std::string> undervalued = TruthDeclarations("undervaluation");
  std::set<std::string> planted;
  const CsvTable& truth = Table("truth/ground_truth.csv");
  for (size_t r = 0; r < truth.rows.size(); ++r) planted.insert(truth.At(r, "declaration_id"));
  // Customs value per kilogram of each item against the median of honest items of its HS6 and origin.
  const CsvTable& items = Table("goods_items.csv");
  std::map<std::string, std::vector<double>> honest;
  auto unit_value = [&](size_t r) {
    auto value = Number(items.At(r, "customs_value")), mass = Number(items.At(r, "net_mass_kg"));
    return value && mass && *mass > 0 ? *value / *mass : -1.0;
  };
  auto key = [&](size_t r) { return items.At(r, "hs_code").substr(0, 6) + items.At(r, "country_of_origin"); };
  for (size_t r = 0; r < items.rows.size(); ++r) {
    if (!planted.count(items.At(r, "declaration_id")) && unit_value(r) > 0) honest[key(r)].push_back(unit_value(r));
  }
  std::vector<double> ratios_planted, ratios_honest;
  for (size_t r = 0; r < items.rows.size(); ++r) {
    auto& reference = honest[key(r)];
    if (reference.size() < 20 || unit_value(r) <= 0) continue;
    std::nth_element(reference.begin(), reference.begin() + reference.size() / 2, reference.end());
    double ratio = unit_value(r) / reference[reference.size() / 2];
    if (undervalued.count(items.At(r, "declaration_id"))) ratios_planted.push_back(ratio);
    if (!planted.count(items.At(r, "declaration_id"))) ratios_honest.push_back(ratio);
  }
  ASSERT_GT(ratios_planted.size(), 50u);
  auto quartile = [](std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 4];
  };
  EXPECT_LT(quartile(ratios_planted), 0.6);
  EXPECT_GT(quartile(ratios_honest), 0.7);
}

TEST_F(GeneratedDataset, PhoenixSuccessorsShareDirectorsOrAddressAndFollowTheClosure) {
  std::map<std::string, size_t> company;
  const CsvTable& c = Table("companies.csv");
  for (size_t r = 0; r < c.rows.size(); ++r) company[c.At(r, "company_id")] = r;
  const CsvTable& truth = Table("truth/ground_truth.csv");
  int successors = 0;
  for (size_t r : TruthRows("phoenix_company")) {
    std::string detail = truth.At(r, "detail");
    if (detail.rfind("role=successor;predecessor=", 0) != 0) continue;
    ++successors;
    std::string predecessor = detail.substr(27, detail.find(';', 27) - 27);
    size_t now = company.at(truth.At(r, "entity_id")), before = company.at(predecessor);
    ASSERT_FALSE(c.At(before, "closed_on").empty());
    EXPECT_GT(c.At(now, "registered_on"), c.At(before, "closed_on"));
    std::vector<std::string> old_directors = testing::SplitList(c.At(before, "directors"));
    bool shares_director = false;
    for (const std::string& person : testing::SplitList(c.At(now, "directors"))) {
      shares_director |= std::find(old_directors.begin(), old_directors.end(), person) != old_directors.end();
    }
    EXPECT_TRUE(shares_director || c.At(now, "address") == c.At(before, "address")) << predecessor;
  }
  EXPECT_GE(successors, 2);
}

TEST_F(GeneratedDataset, SplitShipmentsSitJustUnderTheDeMinimisAndLaunderedGoodsClaimAThirdOrigin) {
  std::set<std::string> split = TruthDeclarations("split_shipment");
  std::set<std::string> laundered = TruthDeclarations("origin_laundering");
  ASSERT_GT(split.size(), 10u);
  ASSERT_GT(laundered.size(), 5u);
  const CsvTable& d = Table("declarations.csv");
  int usd = 0;
  for (size_t r = 0; r < d.rows.size(); ++r) {
    if (!split.count(d.At(r, "declaration_id")) || d.At(r, "currency") != "USD" ||
        IsMalformed("declarations.csv", d, r)) {
      continue;
    }
    ++usd;
    double invoice = *Number(d.At(r, "invoice_amount"));  // DAP: the customs value is the invoice
    EXPECT_GE(invoice, 0.79 * 50);
    EXPECT_LT(invoice, 50.0);
  }
  EXPECT_GT(usd, 0);
  const CsvTable& items = Table("goods_items.csv");
  for (size_t r = 0; r < items.rows.size(); ++r) {
    if (!laundered.count(items.At(r, "declaration_id")) || IsMalformed("goods_items.csv", items, r)) continue;
    EXPECT_THAT(items.At(r, "country_of_origin"), ::testing::AnyOf("VN", "MY", "TH", "TW"));
    EXPECT_THAT(items.At(r, "hs_code").substr(0, 2), ::testing::AnyOf("72", "73", "76"));
  }
}

// Distance in metres from a point to a polyline (equirectangular projection around the point).
double MetresFromPolyline(double lat, double lon, const std::vector<std::pair<double, double>>& line) {
  const double kx = 111'320.0 * std::cos(lat * M_PI / 180.0), ky = 110'570.0;
  double best = 1e18;
  for (size_t i = 1; i < line.size(); ++i) {
    double ax = (line[i - 1].second - lon) * kx, ay = (line[i - 1].first - lat) * ky;
    double bx = (line[i].second - lon) * kx, by = (line[i].first - lat) * ky;
    double dx = bx - ax, dy = by - ay, len2 = dx * dx + dy * dy;
    double t = len2 > 0 ? std::clamp(-(ax * dx + ay * dy) / len2, 0.0, 1.0) : 0.0;
    best = std::min(best, std::hypot(ax + t * dx, ay + t * dy));
  }
  return best;
}

TEST_F(GeneratedDataset, TransitTracksFollowTheirRouteUnlessAViolationWasPlanted) {
  std::map<std::string, std::pair<double, std::vector<std::pair<double, double>>>> routes;
  const CsvTable& rt = Table("routes.csv");
  for (size_t r = 0; r < rt.rows.size(); ++r) {
    auto& route = routes[rt.At(r, "route_id")];
    route.first = *Number(rt.At(r, "tolerance_m"));
    for (const std::string& p : testing::SplitList(rt.At(r, "polyline"))) {
      std::vector<std::string> ll = testing::SplitList(p, ' ');
      route.second.push_back({*Number(ll[0]), *Number(ll[1])});
    }
  }
  std::map<std::string, std::string> violation;  // transit -> mechanism
  const CsvTable& truth = Table("truth/ground_truth.csv");
  for (size_t r = 0; r < truth.rows.size(); ++r) {
    if (truth.At(r, "entity_kind") == "transit") violation[truth.At(r, "entity_id")] = truth.At(r, "mechanism");
  }
  // Events per device in time order (a device's trips follow one another in the file); a malformed event with
  // an unreadable time keeps the time of the event before it.
  std::map<std::string, std::vector<std::pair<UnixMillis, size_t>>> events_of;
  const CsvTable& ev = Table("tracking_events.csv");
  UnixMillis previous = 0;
  for (size_t r = 0; r < ev.rows.size(); ++r) {
    absl::StatusOr<UnixMillis> time = ParseTimestamp(ev.At(r, "event_time"));
    previous = time.ok() ? *time : previous;
    events_of[ev.At(r, "device_id")].push_back({previous, r});
  }
  const CsvTable& tr = Table("transits.csv");
  std::map<std::string, std::set<UnixMillis>> departures;  // device -> departures of its transits
  for (size_t r = 0; r < tr.rows.size(); ++r) {
    departures[tr.At(r, "device_id")].insert(*ParseTimestamp(tr.At(r, "departed_at")));
  }
  std::map<std::string, int> checked;
  for (size_t r = 0; r < tr.rows.size(); ++r) {
    UnixMillis departed = *ParseTimestamp(tr.At(r, "departed_at")), deadline = *ParseTimestamp(tr.At(r, "deadline"));
    auto next = departures[tr.At(r, "device_id")].upper_bound(departed);
    UnixMillis trip_end = next == departures[tr.At(r, "device_id")].end() ? deadline + 48 * 3'600'000LL : *next;
    const auto& [tolerance, line] = routes.at(tr.At(r, "route_id"));
    const auto& events = events_of[tr.At(r, "device_id")];
    double farthest = 0;
    UnixMillis arrival = -1;
    bool complete = true;  // no malformed event hides part of this trip
    auto e = std::lower_bound(events.begin(), events.end(), std::make_pair(departed, size_t{0}));
    for (; e != events.end() && e->first < trip_end; ++e) {
      if (IsMalformed("tracking_events.csv", ev, e->second)) {
        complete = false;
        continue;
      }
      farthest = std::max(farthest,
                          MetresFromPolyline(*Number(ev.At(e->second, "lat")), *Number(ev.At(e->second, "lon")), line));
      if (ev.At(e->second, "event_type") == "arrival") arrival = e->first;
    }
    std::string kind = violation.count(tr.At(r, "transit_id")) ? violation[tr.At(r, "transit_id")] : "none";
    if (!complete) continue;
    ++checked[kind];
    if (kind == "none" || kind == "unplanned_stop" || kind == "device_silent") {
      EXPECT_LT(farthest, tolerance) << tr.At(r, "transit_id") << " " << kind;
    }
    if (kind == "none") {
      EXPECT_TRUE(arrival >= 0 && arrival <= deadline) << tr.At(r, "transit_id");
    }
    if (kind == "route_deviation" || kind == "wrong_destination") {
      EXPECT_GT(farthest, 2 * tolerance);
    }
    if (kind == "late_arrival") {
      EXPECT_GT(arrival, deadline);
    }
    if (kind == "never_arrived") {
      EXPECT_EQ(arrival, -1);
    }
  }
  EXPECT_GT(checked["none"], 200);
}

}  // namespace
}  // namespace aduana
