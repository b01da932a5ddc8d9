#include "store/sqlite_store.h"

#include <gtest/gtest.h>

#include "../testing/temp_dir.h"

namespace aduana {
namespace {

Company MakeCompany(const std::string& id) {
  Company c;
  c.company_id = id;
  c.name = "Name of " + id;
  c.registered_on = 19000;
  c.country = "MX";
  c.directors = {"P1", "P2"};
  return c;
}

Declaration MakeDeclaration(const std::string& id, const std::string& importer) {
  Declaration d;
  d.declaration_id = id;
  d.lodged_at = 1'700'000'000'000;
  d.customs_office = "430";
  d.procedure_code = "4000";
  d.importer_id = importer;
  d.declarant_id = importer;
  d.supplier_id = "S1";
  d.supplier_country = "CN";
  d.country_of_export = "CN";
  d.transport_mode = 1;
  d.currency = "USD";
  d.customs_value = 1000;
  d.transport_document_id = "BL1";
  return d;
}

class SqliteStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = OpenSqliteStore(dir_.File("store.db"));
    ASSERT_TRUE(opened.ok()) << opened.status();
    store_ = std::move(*opened);
    ASSERT_TRUE(store_->Begin().ok());
  }
  void TearDown() override {
    if (store_) {
      EXPECT_TRUE(store_->Commit().ok());
    }
  }

  testing::TempDir dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(SqliteStoreTest, PutTellsInsertedUnchangedAndConflict) {
  EXPECT_EQ(*store_->Put(MakeCompany("C1"), 11), PutResult::kInserted);
  EXPECT_EQ(*store_->Put(MakeCompany("C1"), 11), PutResult::kUnchanged);
  EXPECT_EQ(*store_->Put(MakeCompany("C1"), 12), PutResult::kConflict);
  EXPECT_TRUE(*store_->HasCompany("C1"));
  EXPECT_FALSE(*store_->HasCompany("C2"));
}

TEST_F(SqliteStoreTest, ForeignKeysRejectUnknownReferences) {
  GoodsItem item;
  item.declaration_id = "NOPE";
  item.item_number = 1;
  item.hs_code = "851762";
  item.description = "phones";
  item.country_of_origin = "CN";
  item.quantity = 1;
  item.quantity_unit = "C62";
  EXPECT_EQ(*store_->Put(item, 1), PutResult::kUnknownReference);
  ASSERT_EQ(*store_->Put(MakeCompany("C1"), 1), PutResult::kInserted);
  ASSERT_EQ(*store_->Put(MakeDeclaration("NOPE", "C1"), 1), PutResult::kInserted);
  EXPECT_EQ(*store_->Put(item, 1), PutResult::kInserted);
}

TEST_F(SqliteStoreTest, LoadsADeclarationWithItemsAndDocument) {
  ASSERT_EQ(*store_->Put(MakeCompany("C1"), 1), PutResult::kInserted);
  ASSERT_EQ(*store_->Put(MakeDeclaration("D1", "C1"), 1), PutResult::kInserted);
  for (int n : {2, 1}) {
    GoodsItem item;
    item.declaration_id = "D1";
    item.item_number = n;
    item.hs_code = "85176" + std::to_string(n) + "0000";
    item.description = "item";
    item.country_of_origin = "CN";
    item.quantity = n;
    item.quantity_unit = "C62";
    item.customs_value = 500;
    ASSERT_EQ(*store_->Put(item, static_cast<Fingerprint>(n)), PutResult::kInserted);
  }
  TransportDocument doc;
  doc.transport_document_id = "BL1";
  doc.document_type = "BL";
  doc.carrier_id = "MSC";
  doc.transport_mode = 1;
  doc.port_of_loading = "CNSHA";
  doc.port_of_discharge = "MXVER";
  doc.consignee_id = "C1";
  doc.shipper_name = "S";
  doc.shipper_country = "CN";
  doc.goods_description = "phones";
  doc.container_ids = {"MSCU1234566", "CSQU3054383"};
  ASSERT_EQ(*store_->Put(doc, 1), PutResult::kInserted);

  auto bundle = store_->LoadDeclarationBundle("D1");
  ASSERT_TRUE(bundle.ok());
  ASSERT_TRUE(bundle->has_value());
  EXPECT_EQ((*bundle)->declaration.importer_id, "C1");
  EXPECT_EQ((*bundle)->declaration.lodged_at, 1'700'000'000'000);
  ASSERT_EQ((*bundle)->items.size(), 2u);
  EXPECT_EQ((*bundle)->items[0].item_number, 1);
  ASSERT_TRUE((*bundle)->transport_document.has_value());
  EXPECT_EQ((*bundle)->transport_document->container_ids, doc.container_ids);
  EXPECT_EQ(*store_->DeclarationsUsingTransportDocument("BL1"), std::vector<std::string>{"D1"});
  EXPECT_FALSE(store_->LoadDeclarationBundle("D2")->has_value());
}

TEST_F(SqliteStoreTest, QuarantineKeepsEachRejectedRowOnceWithItsLatestRun) {
  QuarantinedRow row{7, "/data/a.csv", 3, "declarations", "lodged_at", "invalid date: x", "raw,row", 7};
  ASSERT_TRUE(store_->Quarantine(row).ok());
  row.line = 4;
  ASSERT_TRUE(store_->Quarantine(row).ok());
  row.run_id = 8;  // a re-run rejects the same row again
  ASSERT_TRUE(store_->Quarantine(row).ok());
  row.raw = "raw,row,changed";  // the file changed at line 4: both versions are kept
  ASSERT_TRUE(store_->Quarantine(row).ok());

  auto first_run = store_->ListQuarantine(7);
  ASSERT_TRUE(first_run.ok());
  ASSERT_EQ(first_run->size(), 1u);
  EXPECT_EQ((*first_run)[0].line, 3);
  EXPECT_EQ((*first_run)[0].raw, "raw,row");
  auto second_run = store_->ListQuarantine(8);
  ASSERT_TRUE(second_run.ok());
  ASSERT_EQ(second_run->size(), 2u);
  EXPECT_EQ((*second_run)[0].line, 4);
  auto stats = store_->Stats();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->quarantine_per_reason.at("declarations.lodged_at: invalid date"), 3);
}

TEST_F(SqliteStoreTest, RollbackDiscardsTheBatch) {
  ASSERT_EQ(*store_->Put(MakeCompany("C1"), 1), PutResult::kInserted);
  ASSERT_TRUE(store_->Rollback().ok());
  ASSERT_TRUE(store_->Begin().ok());
  EXPECT_FALSE(*store_->HasCompany("C1"));
}

TEST(SqliteStoreReopen, MigrationsRunOnceAndDataPersists) {
  testing::TempDir dir;
  {
    auto store = OpenSqliteStore(dir.File("s.db"));
    ASSERT_TRUE(store.ok());
    ASSERT_TRUE((*store)->Begin().ok());
    ASSERT_EQ(*(*store)->Put(MakeCompany("C1"), 1), PutResult::kInserted);
    ASSERT_TRUE((*store)->Commit().ok());
  }
  auto again = OpenSqliteStore(dir.File("s.db"));
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_TRUE(*(*again)->HasCompany("C1"));
}

TEST(SqliteStoreOpen, ReportsAnUnopenablePath) {
  auto store = OpenSqliteStore("/nonexistent-dir/s.db");
  EXPECT_FALSE(store.ok());
}

}  // namespace
}  // namespace aduana

namespace aduana {
namespace {

TEST(SqliteStoreRules, EveryVersionIsKeptAndOnlyTheLoadedSetIsActive) {
  testing::TempDir dir;
  auto store = OpenSqliteStore(dir.File("s.db"));
  ASSERT_TRUE(store.ok()) << store.status();
  Store& s = **store;
  std::vector<StoredRule> first = {{"A", 1, "rule A version 1 ...", "ana", 10, true},
                                   {"B", 1, "rule B version 1 ...", "ben", 10, true}};
  ASSERT_EQ(*s.ActivateRules(first), 2);
  ASSERT_EQ(*s.ActivateRules(first), 0);  // the same texts again: nothing new

  // A changed text under the same version is refused, and nothing changes.
  std::vector<StoredRule> changed = {{"A", 1, "rule A version 1 (changed)", "ana", 20, true}};
  auto refused = s.ActivateRules(changed);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(refused.status().message().find("new version"), std::string_view::npos);

  // Version 2 of A alone: A1 and B1 stay stored but inactive.
  ASSERT_EQ(*s.ActivateRules({{"A", 2, "rule A version 2 ...", "ana", 30, true}}), 1);
  auto listed = s.ListRules();
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 3u);
  EXPECT_EQ((*listed)[0].rule_id, "A");
  EXPECT_FALSE((*listed)[0].active);
  EXPECT_EQ((*listed)[1].version, 2);
  EXPECT_TRUE((*listed)[1].active);
  EXPECT_EQ((*listed)[1].source, "rule A version 2 ...");
  EXPECT_FALSE((*listed)[2].active);  // B
}

TEST(SqliteStoreModels, OneVersionIsActiveAtATime) {
  testing::TempDir dir;
  auto store = OpenSqliteStore(dir.File("s.db"));
  ASSERT_TRUE(store.ok()) << store.status();
  ModelVersion m;
  m.label = "fraud";
  m.risk_booster = std::string("{\"x\":\0}", 7);  // blobs keep every byte
  auto first = (*store)->SaveModel(m);
  auto second = (*store)->SaveModel(m);
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_FALSE((*(*store)->LoadActiveModel()).has_value());
  ASSERT_TRUE((*store)->ActivateModel(*first).ok());
  ASSERT_TRUE((*store)->ActivateModel(*second).ok());
  auto active = (*store)->LoadActiveModel();
  ASSERT_TRUE(active.ok() && active->has_value());
  EXPECT_EQ((*active)->model_id, *second);
  EXPECT_EQ((*active)->risk_booster, m.risk_booster);
  EXPECT_EQ((*store)->ActivateModel(999).code(), absl::StatusCode::kNotFound);
  auto models = (*store)->ListModels();
  ASSERT_TRUE(models.ok());
  int active_count = 0;
  for (const ModelVersion& v : *models) active_count += v.active ? 1 : 0;
  EXPECT_EQ(active_count, 1);
}

}  // namespace
}  // namespace aduana

namespace aduana {
namespace {

TEST(SqliteStoreRuleStatistics, KeepsTheLatestFiguresOfEachStoredVersion) {
  testing::TempDir dir;
  auto store = OpenSqliteStore(dir.File("s.db"));
  ASSERT_TRUE(store.ok()) << store.status();
  Store& s = **store;
  ASSERT_TRUE(s.ActivateRules({{"A", 1, "rule A version 1 ...", "ana", 10, true}}).ok());
  ASSERT_TRUE(s.SaveRuleStatistics({{"A", 1, 0, 100, 200, 40, 10, 3, 1500.5}}).ok());
  ASSERT_TRUE(s.SaveRuleStatistics({{"A", 1, 0, 300, 400, 90, 20, 4, 2000}}).ok());  // a later computation
  auto stats = s.LoadRuleStatistics();
  ASSERT_TRUE(stats.ok()) << stats.status();
  ASSERT_EQ(stats->size(), 1u);
  EXPECT_EQ((*stats)[0].period_to, 300);
  EXPECT_EQ((*stats)[0].selected, 90);
  EXPECT_EQ((*stats)[0].non_compliant, 4);
  EXPECT_DOUBLE_EQ((*stats)[0].revenue, 2000);

  // Statistics of a version that was never loaded are refused, and the batch leaves nothing behind.
  absl::Status refused = s.SaveRuleStatistics({{"A", 1, 0, 500, 600, 1, 1, 1, 1}, {"Z", 3, 0, 500, 600, 1, 1, 1, 1}});
  EXPECT_EQ(refused.code(), absl::StatusCode::kNotFound);
  EXPECT_NE(refused.message().find("rule Z version 3"), std::string_view::npos) << refused;
  EXPECT_EQ((*s.LoadRuleStatistics())[0].period_to, 300);
}

TEST(SqliteStoreClassChanges, HistoryIsAppendOnlyAndPerEntity) {
  testing::TempDir dir;
  auto store = OpenSqliteStore(dir.File("s.db"));
  ASSERT_TRUE(store.ok()) << store.status();
  Store& s = **store;
  EXPECT_FALSE(s.LatestClassChange()->has_value());
  std::vector<RiskClassChange> changes = {
      {"importer", "IMP1", 1000, "low", "high", "findings in 4 of 6 inspections"},
      {"importer", "IMP2", 1500, "low", "medium", "findings in 2 of 5"},
      {"importer", "IMP1", 2000, "high", "medium", "no finding in the last 5"}};
  ASSERT_TRUE(s.Begin().ok());
  EXPECT_EQ(*s.AppendClassChanges(changes), 3);
  EXPECT_EQ(*s.AppendClassChanges(changes), 0);  // appending the same changes again adds nothing
  ASSERT_TRUE(s.Commit().ok());
  EXPECT_EQ(**s.LatestClassChange(), 2000);
  auto history = s.ClassChanges("importer", "IMP1");
  ASSERT_TRUE(history.ok()) << history.status();
  ASSERT_EQ(history->size(), 2u);
  EXPECT_EQ((*history)[0].to_class, "high");
  EXPECT_EQ((*history)[1].reason, "no finding in the last 5");
  EXPECT_TRUE(s.ClassChanges("hs6", "IMP1")->empty());
  auto now = s.CurrentClasses("importer");
  ASSERT_TRUE(now.ok()) << now.status();
  ASSERT_EQ(now->size(), 2u);
  EXPECT_EQ((*now)[0].entity_key, "IMP1");
  EXPECT_EQ((*now)[0].to_class, "medium");  // its latest change, not its first
  EXPECT_EQ((*now)[1].to_class, "medium");
}

}  // namespace
}  // namespace aduana
