// Early warning over a store: a planted volume surge and a planted price fall are found in their week, with
// their declarations; an importer that changes what it imports (cheaper goods at their usual prices) is told
// apart: a change of behaviour (new chapter, new origin), not a fall in its prices.
#include "warn/history_scan.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "store/sqlite_store.h"

namespace aduana::warn {
namespace {

constexpr Week kStart = 2870;  // a Monday in 2025
constexpr Week kAlertWeek = kStart + 20;

class HistoryScanTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = (std::filesystem::temp_directory_path() / ("warn_scan_" + std::to_string(::getpid()) + ".db")).string();
    std::filesystem::remove(path_);
    auto store = OpenSqliteStore(path_);
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = std::move(*store);
    ASSERT_TRUE(store_->Begin().ok());
    for (const char* id : {"STEADY", "SWITCHER", "CHEATER", "BROKER"}) {
      Company c;
      c.company_id = id;
      c.name = id;
      ASSERT_TRUE(store_->Put(c, 1).ok());
    }
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove(path_);
  }

  // One declaration of `importer` in `week` with one line of `hs6` from `origin`.
  void Declare(const std::string& importer, Week week, int n, const std::string& hs6, const std::string& origin,
               double value, double kg) {
    Declaration d;
    d.declaration_id = importer + "-" + std::to_string(week) + "-" + std::to_string(n) + "-" + hs6;
    d.lodged_at = (static_cast<UnixMillis>(FirstDayOf(week)) + n % 5) * kMillisPerDay + 3'600'000;
    d.customs_office = "MX010";
    d.procedure_code = "4000";
    d.importer_id = importer;
    d.declarant_id = "BROKER";
    d.country_of_export = origin;
    d.currency = "USD";
    d.exchange_rate = 1;
    d.invoice_amount = value;
    d.customs_value = value;
    d.gross_mass_kg = kg;
    d.packages = 1;
    d.transport_mode = 1;
    ASSERT_TRUE(store_->Put(d, static_cast<Fingerprint>(++fp_)).ok());
    GoodsItem item;
    item.declaration_id = d.declaration_id;
    item.item_number = 1;
    item.hs_code = hs6 + "00";
    item.description = "goods";
    item.country_of_origin = origin;
    item.quantity = kg;
    item.quantity_unit = "KGM";
    item.net_mass_kg = kg;
    item.customs_value = value;
    ASSERT_TRUE(store_->Put(item, static_cast<Fingerprint>(++fp_)).ok());
  }

  std::string path_;
  std::unique_ptr<Store> store_;
  uint64_t fp_ = 0;
};

TEST_F(HistoryScanTest, FindsThePlantedSurgeAndPriceFallAndTellsAChangeOfGoodsApart) {
  for (Week w = kStart; w <= kAlertWeek; ++w) {
    // Background: two goods at steady prices, 3 and 4 a week, from the importer that never changes.
    for (int n = 0; n < 3; ++n) ASSERT_NO_FATAL_FAILURE(Declare("STEADY", w, n, "847130", "CN", 1000, 10));
    for (int n = 0; n < 4; ++n) ASSERT_NO_FATAL_FAILURE(Declare("STEADY", w, 10 + n, "610910", "BD", 300, 60));
    // The switcher imports laptops until the alert week, then T-shirts, each at their usual price: its value
    // per kg falls to a tenth, its prices do not.
    const bool switched = w == kAlertWeek;
    for (int n = 0; n < 6; ++n) {
      ASSERT_NO_FATAL_FAILURE(switched ? Declare("SWITCHER", w, n, "610910", "BD", 300, 60)
                                       : Declare("SWITCHER", w, n, "847130", "CN", 1000, 10));
    }
    // The cheater declares laptops at its usual price, then at a third of it in the alert week.
    for (int n = 0; n < 6; ++n) {
      ASSERT_NO_FATAL_FAILURE(Declare("CHEATER", w, n, "847160", "VN", w == kAlertWeek ? 330 : 1000, 10));
    }
  }
  // A surge of footwear from Indonesia: 1 a week, then 25.
  for (Week w = kStart; w < kAlertWeek; ++w) ASSERT_NO_FATAL_FAILURE(Declare("STEADY", w, 50, "640399", "ID", 500, 20));
  for (int n = 0; n < 25; ++n) ASSERT_NO_FATAL_FAILURE(Declare("STEADY", kAlertWeek, 100 + n, "640399", "ID", 500, 20));
  ASSERT_TRUE(store_->Commit().ok());

  UnixMillis from = static_cast<UnixMillis>(FirstDayOf(kStart + 14)) * kMillisPerDay;
  UnixMillis to = static_cast<UnixMillis>(FirstDayOf(kAlertWeek + 1)) * kMillisPerDay;
  absl::StatusOr<ScanResult> result = ScanHistory(*store_, from, to, {});
  ASSERT_TRUE(result.ok()) << result.status();
  std::vector<std::string> found;
  for (const Alert& a : result->alerts) {
    EXPECT_EQ(a.week, kAlertWeek) << a.detector << " " << a.subject << ": " << a.evidence;
    found.push_back(a.detector + " " + a.subject_kind + " " + a.subject);
  }
  std::sort(found.begin(), found.end());
  EXPECT_EQ(found, (std::vector<std::string>{"importer_price_drop importer CHEATER",
                                             "new_hs_chapters importer SWITCHER", "new_origins importer SWITCHER",
                                             "unit_value_collapse hs6_origin 847160|VN",
                                             "unit_value_collapse importer CHEATER",
                                             "volume_surge hs6_origin 640399|ID", "volume_surge lane ID|MX010"}));
  for (const Alert& a : result->alerts) {
    if (a.subject == "CHEATER" && a.detector == "unit_value_collapse") {
      EXPECT_NE(a.evidence.find("33% of reference prices"), std::string::npos) << a.evidence;
      EXPECT_EQ(a.declarations.size(), 6u);
    }
  }
  EXPECT_EQ(ScanHistory(*store_, to, from, {}).status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace aduana::warn
