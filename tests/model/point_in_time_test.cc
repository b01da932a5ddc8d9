// No leakage: the features of a declaration lodged at t are built only from what was known before t. Outcomes
// recorded after t, and declarations lodged after t, must leave them bit for bit unchanged; an outcome recorded
// before t must change them (so the test can tell).
#include <gtest/gtest.h>

#include <cstring>

#include "model/trainer.h"
#include "store/sqlite_store.h"
#include "../testing/temp_dir.h"

namespace aduana::model {
namespace {

constexpr UnixMillis kDay = kMillisPerDay;
constexpr UnixMillis kStart = 20000 * kDay;  // 2024-10-04

class PointInTime : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = OpenSqliteStore(dir_.File("store.db"));
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = std::move(*store);
    ASSERT_TRUE(store_->Begin().ok());
    for (const char* id : {"IMP1", "IMP2", "BRK1"}) {
      Company c;
      c.company_id = id;
      c.name = id;
      c.country = "MX";
      ASSERT_EQ(*store_->Put(c, Hash(id)), PutResult::kInserted);
    }
    ASSERT_TRUE(store_->Commit().ok());
  }

  static Fingerprint Hash(std::string_view s) { return std::hash<std::string_view>()(s); }

  void Lodge(const std::string& id, const std::string& importer, UnixMillis at, const std::string& hs) {
    Declaration d;
    d.declaration_id = id;
    d.lodged_at = at;
    d.customs_office = "MXVER";
    d.procedure_code = "4000";
    d.importer_id = importer;
    d.declarant_id = "BRK1";
    d.supplier_id = importer;
    d.supplier_id.append("-SUP");
    d.supplier_country = "CN";
    d.country_of_export = "CN";
    d.transport_mode = 1;
    d.currency = "USD";
    d.customs_value = 1000;
    d.gross_mass_kg = 100;
    GoodsItem item;
    item.declaration_id = id;
    item.item_number = 1;
    item.hs_code = hs;
    item.description = "goods";
    item.country_of_origin = "CN";
    item.quantity = 100;
    item.quantity_unit = "KGM";
    item.net_mass_kg = 100;
    item.customs_value = 1000;
    item.duty_rate = 10;
    ASSERT_TRUE(store_->Begin().ok());
    ASSERT_EQ(*store_->Put(d, Hash(id)), PutResult::kInserted);
    ASSERT_EQ(*store_->Put(item, Hash(id) ^ 1), PutResult::kInserted);
    ASSERT_TRUE(store_->Commit().ok());
  }

  void Inspect(const std::string& id, UnixMillis at, bool non_compliant) {
    InspectionOutcome o;
    o.declaration_id = id;
    o.channel = "red";
    o.inspected_at = at;
    o.non_compliant = non_compliant;
    o.additional_revenue = non_compliant ? 500 : 0;
    ASSERT_TRUE(store_->Begin().ok());
    ASSERT_EQ(*store_->Put(o, Hash(id) ^ 2), PutResult::kInserted);
    ASSERT_TRUE(store_->Commit().ok());
  }

  // The features of declaration `id` as training would build them.
  std::vector<float> FeaturesOf(const std::string& id) {
    profile::ProfileBook book;
    auto set = BuildTrainingSet(*store_, TrainingOptions{}, &book);
    EXPECT_TRUE(set.ok()) << set.status();
    for (size_t i = 0; i < set->rows(); ++i) {
      if (set->declaration_ids[i] == id) {
        const float* row = set->features.data() + i * set->schema.size();
        return std::vector<float>(row, row + set->schema.size());
      }
    }
    ADD_FAILURE() << id << " not in the training set";
    return {};
  }

  static bool BitIdentical(const std::vector<float>& a, const std::vector<float>& b) {
    return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
  }

  aduana::testing::TempDir dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(PointInTime, LaterOutcomesAndDeclarationsDoNotChangeAnEarlierDeclarationsFeatures) {
  for (int i = 0; i < 6; ++i) {
    std::string id = "D";
    id += std::to_string(i);
    Lodge(id, "IMP1", kStart + i * kDay, "610910");
    Inspect(id, kStart + i * kDay + kDay / 2, i % 2 == 0);
  }
  Lodge("PENDING", "IMP1", kStart + 8 * kDay, "610910");  // not inspected yet when X is lodged
  const UnixMillis x_lodged = kStart + 10 * kDay;
  Lodge("X", "IMP1", x_lodged, "610910");
  Inspect("X", x_lodged + kDay, true);
  std::vector<float> before = FeaturesOf("X");
  ASSERT_FALSE(before.empty());

  // Recorded after X's lodgement: the finding on PENDING, X-like later declarations with findings.
  Inspect("PENDING", x_lodged + 2 * kDay, true);
  Lodge("LATER", "IMP1", x_lodged + 3 * kDay, "610910");
  Inspect("LATER", x_lodged + 4 * kDay, true);
  Lodge("SAME_INSTANT", "IMP1", x_lodged, "610910");  // lodged at the same instant: not before
  Inspect("SAME_INSTANT", x_lodged, true);
  EXPECT_TRUE(BitIdentical(FeaturesOf("X"), before));
}

TEST_F(PointInTime, AnOutcomeRecordedBeforeLodgementDoesChangeTheFeatures) {
  for (int i = 0; i < 6; ++i) {
    std::string id = "D";
    id += std::to_string(i);
    Lodge(id, "IMP1", kStart + i * kDay, "610910");
    Inspect(id, kStart + i * kDay + kDay / 2, false);
  }
  Lodge("PENDING", "IMP1", kStart + 8 * kDay, "610910");
  const UnixMillis x_lodged = kStart + 10 * kDay;
  Lodge("X", "IMP1", x_lodged, "610910");
  Inspect("X", x_lodged + kDay, false);
  std::vector<float> before = FeaturesOf("X");
  Inspect("PENDING", x_lodged - kDay, true);  // known a day before X was lodged
  std::vector<float> after = FeaturesOf("X");
  EXPECT_FALSE(BitIdentical(after, before));
  profile::ProfileBook book;
  auto set = BuildTrainingSet(*store_, TrainingOptions{}, &book);
  ASSERT_TRUE(set.ok());
  int rate = set->schema.IndexOf("importer.hit_rate");
  ASSERT_GE(rate, 0);
  EXPECT_GT(after[static_cast<size_t>(rate)], before[static_cast<size_t>(rate)]);
}

}  // namespace
}  // namespace aduana::model
