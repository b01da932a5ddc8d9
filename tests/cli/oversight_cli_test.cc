// alerts, pca and cases as a user runs them, on a small generated history: a scan stores alerts once, an
// alert is moved with a reason, a plan is stored and exported, and a case goes from the plan to its closing,
// with the steps out of order refused.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "../server/test_history.h"
#include "../testing/run_command.h"
#include "nlohmann/json.hpp"
#include "store/sqlite_store.h"

namespace aduana {
namespace {

using testing::Aduana;
using testing::RunCommand;

class OversightCli : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_NO_FATAL_FAILURE(history_.Build(1)); }
  testing::CommandResult Run(const std::string& args) {
    return RunCommand(Aduana() + " " + args + " --db " + history_.Db());
  }
  server::testing::TestHistory history_{"aduana_oversight_cli"};
};

TEST_F(OversightCli, AScanStoresAlertsOnceAndAnAlertIsMovedWithAReason) {
  auto scan = Run("alerts scan --from 2025-08-01 --to 2025-12-27");
  ASSERT_EQ(scan.exit_code, 0) << scan.output;
  auto again = Run("alerts scan --from 2025-08-01 --to 2025-12-27");
  ASSERT_EQ(again.exit_code, 0) << again.output;
  EXPECT_NE(again.output.find(" 0 new"), std::string::npos) << again.output;
  // An alert of its own, so the workflow is tested whatever this small history raises.
  {
    auto store = OpenSqliteStore(history_.Db());
    ASSERT_TRUE(store.ok());
    AlertRecord planted;
    planted.detector = "volume_surge";
    planted.subject_kind = "hs6_origin";
    planted.subject = "610910|BD";
    planted.week = *ParseDate("2025-06-02");
    planted.severity = "high";
    ASSERT_TRUE((*store)->PutAlert(&planted).ok());
  }
  auto list = Run("alerts list --status new --subject '610910|BD'");
  ASSERT_EQ(list.exit_code, 0);
  ASSERT_FALSE(list.output.empty());
  std::string id;
  std::istringstream(list.output) >> id;  // the first column
  auto refused = Run("alerts move --alert " + id + " --to dismissed --by ian");
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_NE(refused.output.find("note"), std::string::npos) << refused.output;
  auto moved = Run("alerts move --alert " + id + " --to dismissed --by ian --note 'seasonal peak'");
  ASSERT_EQ(moved.exit_code, 0) << moved.output;
  EXPECT_NE(moved.output.find("dismissed"), std::string::npos);
  EXPECT_NE(Run("alerts list --status dismissed").output.find(" " + id + "  "), std::string::npos);
}

TEST_F(OversightCli, APlanIsStoredAndExportedAndACaseIsWorkedToItsClosing) {
  const std::string csv = history_.File("plan.csv");
  const std::string json_file = history_.File("plan.json");
  auto plan = Run("pca plan --from 2025-10-01 --to 2025-12-27 --capacity 8 --random-share 0.25 --by lead --csv " +
                  csv + " --json " + json_file);
  ASSERT_EQ(plan.exit_code, 0) << plan.output;
  std::ifstream in(json_file);
  std::stringstream text;
  text << in.rdbuf();
  auto parsed = nlohmann::json::parse(text.str());
  ASSERT_EQ(parsed["candidates"].size(), 8u);
  EXPECT_EQ(parsed["created_by"], "lead");
  std::ifstream csv_in(csv);
  std::string header;
  std::getline(csv_in, header);
  EXPECT_EQ(header.rfind("rank,company_id,selection", 0), 0u);
  const std::string company = parsed["candidates"][0]["company_id"];
  const std::string plan_id = std::to_string(parsed["plan_id"].get<int64_t>());
  EXPECT_NE(Run("pca show --plan " + plan_id).output.find(company), std::string::npos);

  EXPECT_NE(Run("cases open --by lead --plan " + plan_id + " --company NOT-A-CANDIDATE").exit_code, 0);
  auto opened = Run("cases open --by lead --plan " + plan_id + " --company " + company);
  ASSERT_EQ(opened.exit_code, 0) << opened.output;
  EXPECT_NE(opened.output.find("opened"), std::string::npos);
  auto early = Run("cases close --by lead --case 1");
  EXPECT_NE(early.exit_code, 0);
  EXPECT_NE(early.output.find("cannot close"), std::string::npos) << early.output;
  ASSERT_EQ(Run("cases assign --by lead --case 1 --auditor rosa").exit_code, 0);
  EXPECT_NE(Run("cases findings --by rosa --case 1 --text x").exit_code, 0) << "compliant or not must be said";
  auto found = Run("cases findings --by rosa --case 1 --non-compliant --amount 125000 --fraud-type undervaluation "
                   "--text 'invoices below list prices'");
  ASSERT_EQ(found.exit_code, 0) << found.output;
  auto closed = Run("cases close --by lead --case 1");
  ASSERT_EQ(closed.exit_code, 0) << closed.output;
  EXPECT_NE(closed.output.find("CASE-000001"), std::string::npos) << closed.output;
  auto listed = Run("cases list --state closed");
  EXPECT_NE(listed.output.find(company), std::string::npos);
  EXPECT_NE(listed.output.find("125000.00"), std::string::npos) << listed.output;
  auto trail = Run("audit verify");
  EXPECT_EQ(trail.exit_code, 0) << trail.output;
}

}  // namespace
}  // namespace aduana
