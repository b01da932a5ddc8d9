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
    for (const char* id : {"STEADY", "SWITCHER", "CHEATER", "BROKER", "SHOES1", "SHOES2"}) {
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

  void PutCompany(const Company& c) { ASSERT_TRUE(store_->Put(c, static_cast<Fingerprint>(++fp_)).ok()); }

  // One declaration of `importer` in `week` with one line of `hs6` from `origin`, invoiced in USD at `usd_rate`.
  void Declare(const std::string& importer, Week week, int n, const std::string& hs6, const std::string& origin,
               double value, double kg, double usd_rate = 1) {
    Declaration d;
    d.declaration_id = importer + "-" + std::to_string(week) + "-" + std::to_string(n) + "-" + hs6;
    d.lodged_at = (static_cast<UnixMillis>(FirstDayOf(week)) + n % 5) * kMillisPerDay + 3'600'000 * (1 + n / 5);
    d.customs_office = "MX010";
    d.procedure_code = "4000";
    d.importer_id = importer;
    d.declarant_id = "BROKER";
    d.country_of_export = origin;
    d.currency = "USD";
    d.exchange_rate = usd_rate;
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

  static UnixMillis From() { return static_cast<UnixMillis>(FirstDayOf(kStart + 14)) * kMillisPerDay; }
  static UnixMillis To() { return static_cast<UnixMillis>(FirstDayOf(kAlertWeek + 1)) * kMillisPerDay; }

  // Scans the weeks from kStart + 14 to kAlertWeek into `alerts`; every alert must be of kAlertWeek. `found`
  // gets "detector subject_kind subject" of each.
  void ScanAlertWeek(std::vector<Alert>* alerts, std::vector<std::string>* found) {
    absl::StatusOr<ScanResult> result = ScanHistory(*store_, From(), To(), {});
    ASSERT_TRUE(result.ok()) << result.status();
    for (const Alert& a : result->alerts) {
      EXPECT_EQ(a.week, kAlertWeek) << a.detector << " " << a.subject << ": " << a.evidence;
      found->push_back(a.detector + " " + a.subject_kind + " " + a.subject);
    }
    *alerts = std::move(result->alerts);
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
  // A surge of footwear from Indonesia: 1 a week, then 25 from three importers.
  for (Week w = kStart; w < kAlertWeek; ++w) ASSERT_NO_FATAL_FAILURE(Declare("STEADY", w, 50, "640399", "ID", 500, 20));
  for (int n = 0; n < 25; ++n) {
    const char* importer = n % 3 == 0 ? "STEADY" : n % 3 == 1 ? "SHOES1" : "SHOES2";
    ASSERT_NO_FATAL_FAILURE(Declare(importer, kAlertWeek, 100 + n, "640399", "ID", 500, 20));
  }
  ASSERT_TRUE(store_->Commit().ok());

  std::vector<Alert> alerts;
  std::vector<std::string> found;
  ASSERT_NO_FATAL_FAILURE(ScanAlertWeek(&alerts, &found));
  std::sort(found.begin(), found.end());
  EXPECT_EQ(found, (std::vector<std::string>{"importer_price_drop importer CHEATER",
                                             "new_hs_chapters importer SWITCHER", "new_origins importer SWITCHER",
                                             "unit_value_collapse hs6_origin 847160|VN",
                                             "unit_value_collapse importer CHEATER",
                                             "volume_surge hs6_origin 640399|ID", "volume_surge lane ID|MX010"}));
  for (const Alert& a : alerts) {
    if (a.subject == "CHEATER" && a.detector == "unit_value_collapse") {
      EXPECT_NE(a.evidence.find("33% of reference prices"), std::string::npos) << a.evidence;
      EXPECT_EQ(a.declarations.size(), 6u);
    }
  }
  EXPECT_EQ(ScanHistory(*store_, To(), From(), {}).status().code(), absl::StatusCode::kInvalidArgument);
}

// The registry and threshold detectors run in the same scan: a phoenix, a burst of new importers in one sector
// and region, and a consignment split under the de minimis.
TEST_F(HistoryScanTest, FindsAPhoenixANewImporterBurstAndASplitConsignment) {
  const EpochDay alert_day = FirstDayOf(kAlertWeek);
  Company old_one;
  old_one.company_id = "OLD";
  old_one.name = "Old";
  old_one.registered_on = alert_day - 4000;
  old_one.closed_on = alert_day - 30;
  old_one.directors = {"P1"};
  Company new_one = old_one;
  new_one.company_id = "NEW";
  new_one.registered_on = alert_day - 10;
  new_one.closed_on.reset();
  new_one.directors = {"P1", "P2"};
  Company splitter = old_one;
  splitter.company_id = "SPLITTER";
  splitter.closed_on.reset();
  splitter.directors = {"P3"};
  for (const Company& c : {old_one, new_one, splitter}) ASSERT_NO_FATAL_FAILURE(PutCompany(c));
  for (int i = 0; i < 5; ++i) {
    Company c;
    c.company_id = "FRONT" + std::to_string(i);
    c.name = c.company_id;
    c.registered_on = alert_day - 5;
    c.sector = "46";
    c.region = "Jalisco";
    ASSERT_NO_FATAL_FAILURE(PutCompany(c));
  }
  for (Week w = kStart; w <= kAlertWeek; ++w) {
    for (int n = 0; n < 3; ++n) ASSERT_NO_FATAL_FAILURE(Declare("STEADY", w, n, "847130", "CN", 1000, 10, 17));
    if (w < kAlertWeek) {
      ASSERT_NO_FATAL_FAILURE(Declare("OLD", w, 0, "847130", "CN", 1000, 10, 17));
    }
  }
  ASSERT_NO_FATAL_FAILURE(Declare("NEW", kAlertWeek, 0, "847130", "CN", 1000, 10, 17));
  for (int i = 0; i < 5; ++i) {
    ASSERT_NO_FATAL_FAILURE(Declare("FRONT" + std::to_string(i), kAlertWeek, 1, "847130", "CN", 1000, 10, 17));
  }
  // The splitter: laptops by the container for months, then three parcels of 800-840 MXN (USD 47-49) in a day.
  for (Week w = kStart; w < kAlertWeek; ++w) {
    ASSERT_NO_FATAL_FAILURE(Declare("SPLITTER", w, 0, "950300", "CN", 50'000, 500, 17));
  }
  for (int n = 0; n < 3; ++n) {
    ASSERT_NO_FATAL_FAILURE(Declare("SPLITTER", kAlertWeek, 5 * n, "950300", "CN", 800 + 20 * n, 8, 17));
  }
  ASSERT_TRUE(store_->Commit().ok());

  std::vector<Alert> alerts;
  std::vector<std::string> found;
  ASSERT_NO_FATAL_FAILURE(ScanAlertWeek(&alerts, &found));
  EXPECT_EQ(found, (std::vector<std::string>{"new_importer_burst sector_region 46|Jalisco",
                                             "new_importer_burst sector 46", "phoenix importer NEW",
                                             "split_shipment importer SPLITTER"}));
}

}  // namespace
}  // namespace aduana::warn
