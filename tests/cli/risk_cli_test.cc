// train, score, evaluate and models as a user runs them, on a small generated history.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "../testing/run_command.h"
#include "../testing/temp_dir.h"
#include "nlohmann/json.hpp"

namespace aduana {
namespace {

using testing::Aduana;
using testing::RunCommand;
using testing::SourcePath;

std::vector<std::vector<std::string>> ReadCsv(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::vector<std::string>> rows;
  std::string line;
  while (std::getline(in, line)) {
    std::vector<std::string> fields;
    std::string field;
    bool quoted = false;
    for (char c : line) {
      if (c == '"') {
        quoted = !quoted;
      } else if (c == ',' && !quoted) {
        fields.push_back(field);
        field.clear();
      } else {
        field += c;
      }
    }
    fields.push_back(field);
    rows.push_back(fields);
  }
  return rows;
}

// One generated history shared by the tests of this file: 2025 in a store, trained up to September.
class RiskCli : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::filesystem::path(std::filesystem::temp_directory_path() /
                                     ("aduana_test_RiskCli_" + std::to_string(::getpid())));
    std::filesystem::remove_all(*dir_);
    std::filesystem::create_directories(*dir_);
    auto gen = RunCommand(Aduana() + " generate --out " + File("data") +
                          " --declarations 8000 --seed 5 --start 2025-01-01 --days 365");
    ASSERT_EQ(gen.exit_code, 0) << gen.output;
    auto ingest = RunCommand(Aduana() + " ingest --db " + Db() + " " + File("data"));
    ASSERT_EQ(ingest.exit_code, 0) << ingest.output;
  }
  static void TearDownTestSuite() {
    std::filesystem::remove_all(*dir_);
    delete dir_;
  }
  static std::string File(const std::string& name) { return (*dir_ / name).string(); }
  static std::string Db() { return File("store.db"); }
  static std::string Train(const std::string& extra = "") {
    auto train = RunCommand(Aduana() + " train --db " + Db() + " --until 2025-09-30 --rounds 30 " + extra);
    EXPECT_EQ(train.exit_code, 0) << train.output;
    return train.output;
  }
  static std::filesystem::path* dir_;
};
std::filesystem::path* RiskCli::dir_ = nullptr;

TEST_F(RiskCli, TrainRegistersAndActivatesANewVersion) {
  std::string first = Train();
  EXPECT_NE(first.find("is now active"), std::string::npos) << first;
  EXPECT_NE(first.find("validation on the latest"), std::string::npos) << first;
  Train("--label critical");
  auto models = RunCommand(Aduana() + " models --db " + Db());
  ASSERT_EQ(models.exit_code, 0) << models.output;
  // Two versions or more, exactly one active, the last one trained.
  std::istringstream lines(models.output);
  std::string line, last;
  int active = 0, versions = 0;
  std::getline(lines, line);  // header
  while (std::getline(lines, line)) {
    ++versions;
    if (line.find(" yes ") != std::string::npos) ++active;
    last = line;
  }
  EXPECT_GE(versions, 2);
  EXPECT_EQ(active, 1);
  EXPECT_NE(last.find(" yes "), std::string::npos) << models.output;
  EXPECT_NE(last.find("critical"), std::string::npos) << models.output;
}

TEST_F(RiskCli, ScoreWritesOneRowPerInputDeclarationWithReasonsAndLeavesTheStoreAlone) {
  Train();
  // New declarations: another generated world's files, not in the store.
  auto gen = RunCommand(Aduana() + " generate --out " + File("new") +
                        " --declarations 300 --seed 99 --start 2026-01-01 --days 20");
  ASSERT_EQ(gen.exit_code, 0) << gen.output;
  auto before = RunCommand(Aduana() + " stats --db " + Db());
  std::string out = File("scores.csv");
  auto score = RunCommand(Aduana() + " score --db " + Db() + " " + File("new/declarations.csv") + " " +
                          File("new/goods_items.csv") + " --out " + out);
  ASSERT_EQ(score.exit_code, 0) << score.output;
  auto rows = ReadCsv(out);
  auto declarations = ReadCsv(File("new/declarations.csv"));
  ASSERT_GE(rows.size(), 2u);
  EXPECT_EQ(rows[0][0], "declaration_id");
  EXPECT_EQ(rows[0][1], "score");
  EXPECT_EQ(rows[0][4], "reason_1");
  std::set<std::string> scored;
  for (size_t i = 1; i < rows.size(); ++i) {
    scored.insert(rows[i][0]);
    double s = std::stod(rows[i][1]);
    EXPECT_GE(s, 0.0);
    EXPECT_LE(s, 1.0);
    EXPECT_FALSE(rows[i][4].empty()) << "no reason for " << rows[i][0];
  }
  // Every well-formed input declaration is scored once (the generator plants a few malformed rows).
  EXPECT_EQ(scored.size(), rows.size() - 1);
  EXPECT_LE(rows.size(), declarations.size());
  EXPECT_GE(rows.size(), declarations.size() * 9 / 10);
  EXPECT_EQ(RunCommand(Aduana() + " stats --db " + Db()).output, before.output);
}

TEST_F(RiskCli, EvaluateComparesTheModelWithBaselinesAsTextAndJson) {
  Train();
  auto text = RunCommand(Aduana() + " evaluate --db " + Db() + " --from 2025-10-01 --to 2025-12-31");
  ASSERT_EQ(text.exit_code, 0) << text.output;
  for (const char* s : {"model", "profile_baseline", "random", "AUC", "lift"}) {
    EXPECT_NE(text.output.find(s), std::string::npos) << s;
  }
  auto json = RunCommand(Aduana() + " evaluate --db " + Db() + " --from 2025-10-01 --to 2025-12-31 --json");
  ASSERT_EQ(json.exit_code, 0) << json.output;
  nlohmann::json j = nlohmann::json::parse(json.output, nullptr, false);
  ASSERT_FALSE(j.is_discarded()) << json.output;
  const auto& model = j["strategies"]["model"];
  ASSERT_EQ(model["at_rates"].size(), 4u);
  int64_t n = model["declarations"].get<int64_t>();
  const std::vector<double> rates = {0.01, 0.02, 0.05, 0.10};
  for (size_t i = 0; i < rates.size(); ++i) {
    EXPECT_EQ(model["at_rates"][i]["selected"].get<int64_t>(), static_cast<int64_t>(n * rates[i]));
  }
  // The model finds more at 5% than random selection does.
  EXPECT_GT(model["at_rates"][2]["hits"].get<int64_t>(), j["strategies"]["random"]["at_rates"][2]["hits"].get<int64_t>());
}

TEST_F(RiskCli, RulesTestCountsWhatEachRuleWouldHaveSelected) {
  std::string rules = testing::SourcePath("docs/examples/selectivity.rules");
  auto r = RunCommand(Aduana() + " rules test " + rules + " --db " + Db() + " --from 2025-01-01 --to 2025-12-31");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  for (const char* id : {"VAL-UNDERVALUED-ITEM", "DOC-MANIFEST-MISMATCH", "PTY-NEW-IMPORTER", "SPL-SPLIT-SHIPMENTS"}) {
    EXPECT_NE(r.output.find(id), std::string::npos) << id;
  }
  // The undervaluation rule selects declarations, and finds non-compliance among those inspected.
  std::istringstream lines(r.output);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.rfind("VAL-UNDERVALUED-ITEM", 0) != 0) continue;
    std::istringstream fields(line);
    std::string id;
    int version = 0;
    long selected = 0, inspected = 0, findings = 0;
    fields >> id >> version >> selected >> inspected >> findings;
    EXPECT_GT(selected, 0) << line;
    EXPECT_LE(inspected, selected) << line;
    EXPECT_GT(findings, 0) << line;
  }
}

TEST_F(RiskCli, RulesTestReportsWhereARuleFileIsWrong) {
  std::string bad = File("bad.rules");
  std::ofstream(bad) << "rule R1 version 1\n  author \"a\"\n  justification \"j\"\n"
                        "  when importer.hitrate > 0.5\n  then channel red\n  instructions \"i\"\nend\n";
  auto r = RunCommand(Aduana() + " rules test " + bad + " --db " + Db());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.output.find("bad.rules:4:8: unknown field 'importer.hitrate'"), std::string::npos) << r.output;
}

TEST_F(RiskCli, EvaluateWithRulesComparesRulesAloneAndModelWithRules) {
  Train();
  auto json = RunCommand(Aduana() + " evaluate --db " + Db() + " --from 2025-10-01 --to 2025-12-31 --json --rules " +
                         testing::SourcePath("docs/examples/selectivity.rules"));
  ASSERT_EQ(json.exit_code, 0) << json.output;
  nlohmann::json j = nlohmann::json::parse(json.output, nullptr, false);
  ASSERT_FALSE(j.is_discarded()) << json.output;
  for (const char* s : {"model", "rules", "model+rules", "profile_baseline", "random"}) {
    EXPECT_TRUE(j["strategies"].contains(s)) << s;
  }
  EXPECT_EQ(j["strategies"]["rules"]["declarations"], j["strategies"]["model"]["declarations"]);
}

TEST_F(RiskCli, RulesLoadKeepsVersionsAndRefusesAChangedTextUnderAnOldVersion) {
  std::string db = File("rules.db");
  std::filesystem::copy_file(Db(), db, std::filesystem::copy_options::overwrite_existing);
  std::string rules = SourcePath("docs/examples/selectivity.rules");
  auto first = RunCommand(Aduana() + " rules load " + rules + " --db " + db);
  ASSERT_EQ(first.exit_code, 0) << first.output;
  EXPECT_NE(first.output.find("7 rules active, 7 new versions stored"), std::string::npos) << first.output;
  std::string changed = File("changed.rules");
  {
    std::ifstream in(rules);
    std::stringstream text;
    text << in.rdbuf();
    std::string s = text.str();
    s.replace(s.find("item.unit_value_ratio < 0.5"), 27, "item.unit_value_ratio < 0.4");
    std::ofstream(changed) << s;
  }
  auto refused = RunCommand(Aduana() + " rules load " + changed + " --db " + db);
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.output.find("VAL-UNDERVALUED-ITEM version 1 is already stored with another text"),
            std::string::npos) << refused.output;
  auto list = RunCommand(Aduana() + " rules list --db " + db);
  ASSERT_EQ(list.exit_code, 0) << list.output;
  EXPECT_NE(list.output.find("VAL-UNDERVALUED-ITEM"), std::string::npos) << list.output;
}

TEST_F(RiskCli, EvaluateRejectsAnInvertedPeriod) {
  auto r = RunCommand(Aduana() + " evaluate --db " + Db() + " --from 2025-12-01 --to 2025-10-01");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.output.find("--to is before --from"), std::string::npos) << r.output;
}

TEST_F(RiskCli, ScoreReportsRowsItCannotRead) {
  Train();
  std::string bad = File("bad.csv");
  std::ofstream(bad) << "Declaration ID,Date,Office ID,Process Type,Import Type,Import Use,Payment Type,"
                        "Mode of Transport,Declarant ID,Importer ID,Seller ID,Courier ID,HS6 Code,"
                        "Country of Departure,Country of Origin,Tax Rate,Tax Type,Country of Origin Indicator,"
                        "Net Mass,Item Price,Fraud,Critical Fraud\n"
                        "1,2026-13-01,30,B,11,21,11,10,D1,I1,S1,,440890,BE,BE,0.0,FEU1,G,108.0,372254.4,0,0\n";
  auto r = RunCommand(Aduana() + " score --db " + Db() + " --format kcs " + bad + " --out " + File("o.csv"));
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("bad.csv:2: Date"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("1 rows rejected"), std::string::npos) << r.output;
}

// The figures of one rule's row in the output of `rules test`, `rules stats` or `rules list`, after `skip` words.
std::vector<double> RuleRow(const std::string& output, const std::string& rule_id, int skip) {
  std::istringstream lines(output);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.rfind(rule_id + " ", 0) != 0) continue;
    std::istringstream fields(line);
    std::string word;
    for (int i = 0; i < skip; ++i) fields >> word;
    std::vector<double> numbers;
    double x = 0;
    while (fields >> x) numbers.push_back(x);
    return numbers;
  }
  return {};
}

TEST_F(RiskCli, RuleStatisticsAreStoredForTheActiveRulesAndListed) {
  std::string db = File("stats.db");
  std::filesystem::copy_file(Db(), db, std::filesystem::copy_options::overwrite_existing);
  std::string rules = SourcePath("docs/examples/selectivity.rules");
  auto none = RunCommand(Aduana() + " rules stats --db " + db);
  EXPECT_EQ(none.exit_code, 1);
  EXPECT_NE(none.output.find("no rule is active"), std::string::npos) << none.output;
  ASSERT_EQ(RunCommand(Aduana() + " rules load " + rules + " --db " + db).exit_code, 0);
  auto stats = RunCommand(Aduana() + " rules stats --db " + db);
  ASSERT_EQ(stats.exit_code, 0) << stats.output;
  auto test = RunCommand(Aduana() + " rules test " + rules + " --db " + db);
  ASSERT_EQ(test.exit_code, 0) << test.output;
  auto list = RunCommand(Aduana() + " rules list --db " + db);
  ASSERT_EQ(list.exit_code, 0) << list.output;
  // The stored statistics are those of a dry run of the same rules over the same history.
  std::vector<double> from_stats = RuleRow(stats.output, "VAL-UNDERVALUED-ITEM", 2);  // id, version
  ASSERT_GE(from_stats.size(), 3u) << stats.output;
  EXPECT_GT(from_stats[0], 0);                                                        // selected
  EXPECT_EQ(from_stats, RuleRow(test.output, "VAL-UNDERVALUED-ITEM", 2));
  // rules list: id, version, active, loaded at, author, then the figures.
  std::vector<double> listed = RuleRow(list.output, "VAL-UNDERVALUED-ITEM", 5);
  ASSERT_GE(listed.size(), 3u) << list.output;
  EXPECT_EQ(listed[0], from_stats[0]);
  EXPECT_EQ(listed[1], from_stats[1]);
  EXPECT_EQ(listed[2], from_stats[2]);
}

TEST_F(RiskCli, ClassChangesAreRecordedOnceAndExplained) {
  std::string db = File("classes.db");
  std::filesystem::copy_file(Db(), db, std::filesystem::copy_options::overwrite_existing);
  auto first = RunCommand(Aduana() + " classes update --db " + db);
  ASSERT_EQ(first.exit_code, 0) << first.output;
  long recorded = std::stol(first.output);
  EXPECT_GT(recorded, 0) << first.output;
  auto again = RunCommand(Aduana() + " classes update --db " + db);
  ASSERT_EQ(again.exit_code, 0) << again.output;
  EXPECT_EQ(std::stol(again.output), 0) << "nothing new happened: nothing is appended";

  auto high = RunCommand(Aduana() + " classes list --db " + db + " --type importer --class high");
  ASSERT_EQ(high.exit_code, 0) << high.output;
  std::istringstream lines(high.output);
  std::string header, importer;
  std::getline(lines, header);
  lines >> importer;
  ASSERT_FALSE(importer.empty()) << "some importer of the generated history is rated high: " << high.output;
  auto show = RunCommand(Aduana() + " classes show --db " + db + " --entity importer:" + importer);
  ASSERT_EQ(show.exit_code, 0) << show.output;
  EXPECT_NE(show.output.find("importer " + importer + ": high risk"), std::string::npos) << show.output;
  EXPECT_NE(show.output.find("-> high  "), std::string::npos) << show.output;
  EXPECT_NE(show.output.find("non-compliant in"), std::string::npos) << show.output;

  auto bad = RunCommand(Aduana() + " classes show --db " + db + " --entity IMP1");
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.output.find("expected TYPE:KEY"), std::string::npos) << bad.output;
}

}  // namespace
}  // namespace aduana
