// End-to-end ingest of the hand-made base fixture (tests/data/base): loading, idempotency, file order,
// integration (discrepancies) and the KCS adapter.
#include "ingest/ingester.h"

#include <gtest/gtest.h>

#include <fstream>

#include "../testing/temp_dir.h"
#include "store/sqlite_store.h"

namespace aduana {
namespace {

using testing::SourcePath;

class IngestTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = OpenSqliteStore(dir_.File("store.db"));
    ASSERT_TRUE(opened.ok()) << opened.status();
    store_ = std::move(*opened);
  }

  IngestSummary MustIngest(const std::vector<std::string>& paths, InputFormat format = InputFormat::kNative) {
    IngestOptions options;
    options.format = format;
    options.rows_per_transaction = 3;  // several transactions even on the small fixture
    auto summary = Ingest(*store_, paths, options);
    EXPECT_TRUE(summary.ok()) << summary.status();
    return summary.ok() ? *summary : IngestSummary{};
  }

  StoreStats MustStats() {
    auto stats = store_->Stats();
    EXPECT_TRUE(stats.ok());
    return *stats;
  }

  testing::TempDir dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(IngestTest, LoadsEveryFileOfTheBaseFixture) {
  IngestSummary summary = MustIngest({SourcePath("tests/data/base")});
  EXPECT_EQ(summary.files.size(), 10u);
  EXPECT_EQ(summary.accepted(), 20);
  EXPECT_EQ(summary.rejected(), 0);
  StoreStats stats = MustStats();
  EXPECT_EQ(stats.rows_per_table["companies"], 3);
  EXPECT_EQ(stats.rows_per_table["declarations"], 3);
  EXPECT_EQ(stats.rows_per_table["goods_items"], 4);
  EXPECT_EQ(stats.rows_per_table["tracking_events"], 2);
  EXPECT_EQ(stats.inspections, 2);
  EXPECT_EQ(stats.non_compliant, 1);
  EXPECT_EQ(stats.fraud_types["undervaluation"], 1);
}

TEST_F(IngestTest, ReadsFilesInDependencyOrderWhateverOrderTheyAreGiven) {
  std::vector<std::string> files = *ExpandInputPaths({SourcePath("tests/data/base")});
  std::reverse(files.begin(), files.end());  // tracking events first, companies last
  IngestSummary summary = MustIngest(files);
  EXPECT_EQ(summary.accepted(), 20);
  EXPECT_EQ(summary.files.front().kind, "companies");
}

TEST_F(IngestTest, RunningTheSameIngestTwiceChangesNothing) {
  MustIngest({SourcePath("tests/data/base")});
  StoreStats before = MustStats();
  IngestSummary again = MustIngest({SourcePath("tests/data/base")});
  EXPECT_EQ(again.accepted(), 0);
  EXPECT_EQ(again.unchanged(), 20);
  EXPECT_EQ(again.rejected(), 0);
  StoreStats after = MustStats();
  EXPECT_EQ(before.rows_per_table, after.rows_per_table);
  EXPECT_EQ(before.discrepancies_per_kind, after.discrepancies_per_kind);
}

TEST_F(IngestTest, RecordsDocumentDiscrepancies) {
  IngestSummary summary = MustIngest({SourcePath("tests/data/base")});
  EXPECT_EQ(summary.declarations_checked, 3);
  StoreStats stats = MustStats();
  // D2024000002 declares 1,200 kg / 100 packages against the manifest's 1,800 kg / 120 packages, consigned to
  // another company, with an item of Vietnamese origin from a Chinese supplier.
  std::map<std::string, int64_t> expected = {{"consignee_mismatch", 1},
                                             {"gross_mass_mismatch", 1},
                                             {"origin_vs_supplier_country", 1},
                                             {"packages_mismatch", 1}};
  EXPECT_EQ(stats.discrepancies_per_kind, expected);
}

TEST_F(IngestTest, AManifestArrivingLaterClearsTheMissingDocumentFinding) {
  std::string base = SourcePath("tests/data/base/");
  MustIngest({base + "companies.csv", base + "declarations.csv", base + "goods_items.csv"});
  EXPECT_EQ(MustStats().discrepancies_per_kind["transport_document_missing"], 2);
  MustIngest({base + "transport_documents.csv"});
  StoreStats stats = MustStats();
  EXPECT_EQ(stats.discrepancies_per_kind.count("transport_document_missing"), 0u);
  EXPECT_EQ(stats.discrepancies_per_kind["gross_mass_mismatch"], 1);
}

TEST_F(IngestTest, KcsRowsBecomeDeclarationsItemsAndOutcomes) {
  std::string path = dir_.File("kcs.csv");
  std::ofstream(path) << "Declaration ID,Date,Office ID,Process Type,Import Type,Import Use,Payment Type,"
                         "Mode of Transport,Declarant ID,Importer ID,Seller ID,Courier ID,HS6 Code,"
                         "Country of Departure,Country of Origin,Tax Rate,Tax Type,Country of Origin Indicator,"
                         "Net Mass,Item Price,Fraud,Critical Fraud\n"
                         "97061800,2020-01-01,30,B,11,21,11,10,ZZR1LT6,QLRUBN9,0VKY2BR,,440890,BE,BE,0.0,FEU1,G,"
                         "108.0,372254.4,0,0\n"
                         "85945189,2020-01-01,40,B,11,21,11,40,SWF9S4X,QLRUBN9,,,690722,CN,VN,8.0,A,Y,11352.0,"
                         "375751.2,1,2\n"
                         "85945190,2020-01-01,40,B,11,21,11,40,SWF9S4X,QLRUBN9,,,690722,XX,VN,8.0,A,Y,1.0,1.0,1,0\n";
  IngestSummary summary = MustIngest({path}, InputFormat::kKcs);
  EXPECT_EQ(summary.accepted(), 2);
  EXPECT_EQ(summary.rejected(), 1);
  StoreStats stats = MustStats();
  EXPECT_EQ(stats.rows_per_table["declarations"], 2);
  EXPECT_EQ(stats.rows_per_table["goods_items"], 2);
  EXPECT_EQ(stats.rows_per_table["companies"], 3);  // two declarants and one importer
  EXPECT_EQ(stats.non_compliant, 1);
  EXPECT_EQ(stats.outcomes_per_source["kcs.csv"].inspected, 2);
  EXPECT_EQ(stats.quarantine_per_reason["kcs.Country of Departure: invalid country code"], 1);
  auto bundle = store_->LoadDeclarationBundle("85945189");
  ASSERT_TRUE(bundle.ok() && bundle->has_value());
  EXPECT_EQ((*bundle)->declaration.transport_mode, 4);
  EXPECT_NE((*bundle)->declaration.source_fields.find("tax_type=A"), std::string::npos);
  EXPECT_DOUBLE_EQ((*bundle)->items[0].duty_declared, 375751.2 * 0.08);
}

TEST_F(IngestTest, AMissingPathIsAnError) {
  auto summary = Ingest(*store_, {dir_.File("nope.csv")}, IngestOptions{});
  EXPECT_FALSE(summary.ok());
}

}  // namespace
}  // namespace aduana
