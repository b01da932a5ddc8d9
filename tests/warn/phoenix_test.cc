// Phoenix links on hand-made registries, with the cases that must not alert.
#include "warn/phoenix.h"

#include <gtest/gtest.h>

#include "rules/parser.h"

namespace aduana::warn {
namespace {

constexpr EpochDay kHistoryStart = 20089;  // 2025-01-01
constexpr EpochDay kRegistered = 20250;    // 2025-06-11
constexpr EpochDay kFirstDeclared = kRegistered + 10;
const std::string kBusinessCentre = "Av. Constitución 2050, Oficina 301, Col. Centro, Monterrey";

UnixMillis FirstDeclaredAt() { return static_cast<UnixMillis>(kFirstDeclared) * kMillisPerDay + 3'600'000; }

Company MakeCompany(const std::string& id, std::vector<std::string> directors, const std::string& address,
                    EpochDay registered = kHistoryStart - 3000) {
  Company c;
  c.company_id = id;
  c.registered_on = registered;
  c.directors = std::move(directors);
  c.address = address;
  c.compliance_rating = "B";
  c.tax_debt = 0;
  return c;
}

class PhoenixTest : public ::testing::Test {
 protected:
  std::optional<Alert> Check(const std::string& id) const {
    return links_->Check(id, FirstDeclaredAt(), {"D-" + id + "-1", "D-" + id + "-2"});
  }
  void Build() { links_.emplace(PhoenixConfig{}, registry_, kHistoryStart); }

  std::vector<Company> registry_;
  std::optional<PhoenixLinks> links_;
};

TEST_F(PhoenixTest, ANewCompanySharingADirectorWithOneThatJustClosedAlertsHigh) {
  Company old_one = MakeCompany("OLD", {"P1", "P2"}, "Calle Hidalgo 12, Col. Centro, León");
  old_one.closed_on = kRegistered - 30;
  old_one.compliance_rating = "E";
  old_one.tax_debt = 6'000'000;
  registry_ = {old_one, MakeCompany("NEW", {"P2", "P9"}, "Av. Juárez 400, Col. Moderna, León", kRegistered)};
  Build();
  std::optional<Alert> a = Check("NEW");
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(a->detector, "phoenix");
  EXPECT_EQ(a->subject_kind, "importer");
  EXPECT_EQ(a->subject, "NEW");
  EXPECT_EQ(a->week, WeekOf(FirstDeclaredAt()));
  EXPECT_EQ(a->severity, Severity::kHigh);
  EXPECT_EQ(a->declarations, (std::vector<std::string>{"D-NEW-1", "D-NEW-2"}));
  EXPECT_NE(a->evidence.find("shares director P2 with OLD (closed 2025-05-12, 30 days before this company "
                             "registered; rating E; tax debt 6000000)"),
            std::string::npos)
      << a->evidence;
  auto parsed = rules::ParseRules(a->suggested_rule, "suggested");
  ASSERT_TRUE(parsed.ok()) << parsed.status() << "\n" << a->suggested_rule;
  EXPECT_FALSE(Check("OLD").has_value()) << "the old company is not starting";
}

TEST_F(PhoenixTest, AnOpenCompanyCountsWithTwoRiskSignsThroughAnAddressOrRecentFindings) {
  Company debtor = MakeCompany("DEBTOR", {"P1"}, "Calle Morelos 77, Col. Roma, Puebla");
  debtor.compliance_rating = "D";
  debtor.tax_debt = 2'500'000;
  Company inspected = MakeCompany("INSPECTED", {"P5"}, "Periférico Sur 9, Col. Granjas, Puebla");
  inspected.compliance_rating = "E";
  registry_ = {debtor, inspected, MakeCompany("NEW1", {"P3"}, "calle  MORELOS 77, col roma, PUEBLA", kRegistered),
               MakeCompany("NEW2", {"P5"}, "Av. Reforma 1, Col. Centro, Puebla", kRegistered)};
  Build();
  links_->AddFinding("INSPECTED", kFirstDeclared - 100);
  std::optional<Alert> by_address = Check("NEW1");
  ASSERT_TRUE(by_address.has_value()) << "the same address, written differently";
  EXPECT_EQ(by_address->severity, Severity::kMedium);
  EXPECT_NE(by_address->evidence.find("shares the address with DEBTOR (rating D; tax debt 2500000)"),
            std::string::npos)
      << by_address->evidence;
  std::optional<Alert> by_findings = Check("NEW2");
  ASSERT_TRUE(by_findings.has_value());
  EXPECT_NE(by_findings->evidence.find("rating E; 1 non-compliant findings in the 365 days before"),
            std::string::npos)
      << by_findings->evidence;
}

TEST_F(PhoenixTest, StaysQuietOnWeakOrStaleLinksAndOnCompaniesThatAreNotStarting) {
  Company rated_d = MakeCompany("RATED-D", {"P1"}, "Calle Hidalgo 1, Col. Centro, Toluca");
  rated_d.compliance_rating = "D";  // one sign only
  Company long_closed = MakeCompany("LONG-CLOSED", {"P2"}, "Calle Hidalgo 2, Col. Centro, Toluca");
  long_closed.closed_on = kRegistered - 400;
  Company younger = MakeCompany("YOUNGER", {"P4"}, "Calle Hidalgo 4, Col. Centro, Toluca", kRegistered + 5);
  younger.closed_on = kRegistered + 8;
  younger.compliance_rating = "E";
  Company later_finding = MakeCompany("LATER", {"P6"}, "Calle Hidalgo 6, Col. Centro, Toluca");
  later_finding.compliance_rating = "E";
  registry_ = {rated_d, long_closed, younger, later_finding,
               MakeCompany("N-RATED", {"P1"}, "Av. Uno 1, Toluca", kRegistered),
               MakeCompany("N-STALE", {"P2"}, "Av. Uno 2, Toluca", kRegistered),
               MakeCompany("N-OLDER", {"P4"}, "Av. Uno 4, Toluca", kRegistered),
               MakeCompany("N-LATER", {"P6"}, "Av. Uno 6, Toluca", kRegistered),
               // Registered before the history: it may have imported before, it is not known to be starting.
               MakeCompany("N-BEFORE", {"P8"}, "Av. Uno 7, Toluca", kHistoryStart - 10)};
  Company closer = MakeCompany("CLOSER", {"P8"}, "Av. Dos 1, Toluca", kHistoryStart - 2000);
  closer.closed_on = kHistoryStart - 30;
  registry_.push_back(closer);
  // A business centre: five companies, all of them high-risk, and a new one.
  for (int i = 0; i < 5; ++i) {
    Company shell = MakeCompany("SHELL" + std::to_string(i), {"S" + std::to_string(i)}, kBusinessCentre);
    shell.compliance_rating = "E";
    shell.tax_debt = 9'000'000;
    shell.closed_on = kRegistered - 10;
    registry_.push_back(shell);
  }
  registry_.push_back(MakeCompany("N-CENTRE", {"P10"}, kBusinessCentre, kRegistered));
  Build();
  links_->AddFinding("LATER", kFirstDeclared + 3);  // after the first declaration: not known then
  for (const char* id : {"N-RATED", "N-STALE", "N-OLDER", "N-LATER", "N-BEFORE", "N-CENTRE"}) {
    std::optional<Alert> a = Check(id);
    EXPECT_FALSE(a.has_value()) << id << ": " << a->evidence;
  }
  EXPECT_FALSE(links_->Check("UNKNOWN", FirstDeclaredAt(), {}).has_value());
}

TEST_F(PhoenixTest, ACompanyRegisteredLongBeforeItStartsImportingIsNotAPhoenix) {
  Company closer = MakeCompany("CLOSER", {"P1"}, "Av. Dos 1, Toluca", kHistoryStart - 4000);
  closer.closed_on = kFirstDeclared - 500;
  registry_ = {closer, MakeCompany("SLOW", {"P1"}, "Av. Uno 1, Toluca", kFirstDeclared - 400),
               MakeCompany("QUICK", {"P1"}, "Av. Uno 2, Toluca", kFirstDeclared - 360)};
  links_.emplace(PhoenixConfig{}, registry_, kHistoryStart - 1000);
  EXPECT_FALSE(Check("SLOW").has_value()) << "400 days between registration and the first declaration";
  EXPECT_TRUE(Check("QUICK").has_value()) << "360 days; the closure 140 days before its registration";
}

}  // namespace
}  // namespace aduana::warn
