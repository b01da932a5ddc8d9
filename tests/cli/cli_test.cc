// The command line as a user runs it: the binary, its exit codes and what it prints.
#include <gtest/gtest.h>

#include <filesystem>
#include <iterator>
#include <map>
#include <sstream>
#include <vector>

#include "../testing/run_command.h"
#include "../testing/temp_dir.h"

namespace aduana {
namespace {

using testing::Aduana;
using testing::RunCommand;
using testing::SourcePath;

TEST(Cli, HelpListsTheSubcommands) {
  auto result = RunCommand(Aduana() + " --help");
  EXPECT_EQ(result.exit_code, 0);
  for (const char* command : {"generate", "ingest", "stats"}) {
    EXPECT_NE(result.output.find(command), std::string::npos) << command;
  }
}

TEST(Cli, UnknownFormatIsAUsageError) {
  testing::TempDir dir;
  auto result = RunCommand(Aduana() + " ingest --db " + dir.File("s.db") + " --format xml x.csv");
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.output.find("--format"), std::string::npos);
}

TEST(Cli, StoreThatCannotBeOpenedIsReported) {
  auto result = RunCommand(Aduana() + " ingest --db /nonexistent-dir/s.db " + SourcePath("tests/data/base"));
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.output.find("cannot open store"), std::string::npos);
}

// The public KCS dataset loads whole, and stats shows each file's fraud rate.
TEST(Cli, IngestsTheKcsDatasetAndShowsFraudRatePerFile) {
  testing::TempDir dir;
  std::string data = SourcePath("../shared/data/kcs-import-declarations/");
  ASSERT_TRUE(std::filesystem::exists(data + "train.csv")) << "shared KCS data missing at " << data;
  std::string db = dir.File("kcs.db");
  auto ingest = RunCommand(Aduana() + " ingest --db " + db + " --format kcs " + data + "train.csv " + data +
                           "valid.csv");
  ASSERT_EQ(ingest.exit_code, 0) << ingest.output;
  EXPECT_NE(ingest.output.find("45519 accepted, 0 unchanged, 0 rejected"), std::string::npos) << ingest.output;

  // Re-running changes nothing; 45,519 keys must not collide in the duplicate detection either.
  auto again = RunCommand(Aduana() + " ingest --db " + db + " --format kcs " + data + "train.csv " + data +
                          "valid.csv");
  ASSERT_EQ(again.exit_code, 0) << again.output;
  EXPECT_NE(again.output.find("0 accepted, 45519 unchanged, 0 rejected"), std::string::npos) << again.output;

  auto stats = RunCommand(Aduana() + " stats --db " + db);
  ASSERT_EQ(stats.exit_code, 0) << stats.output;
  // "  train.csv   37385 declarations,   37385 inspected,   8114 non-compliant: 21.70%"
  std::istringstream lines(stats.output);
  std::map<std::string, std::vector<std::string>> words_of_file;
  for (std::string line; std::getline(lines, line);) {
    std::istringstream words(line);
    std::vector<std::string> w{std::istream_iterator<std::string>(words), {}};
    if (w.size() == 8 && w[2] == "declarations," && w[6] == "non-compliant:") words_of_file[w[0]] = w;
  }
  ASSERT_EQ(words_of_file.count("train.csv"), 1u) << stats.output;
  ASSERT_EQ(words_of_file.count("valid.csv"), 1u) << stats.output;
  EXPECT_EQ(words_of_file["train.csv"][1], "37385");
  EXPECT_EQ(words_of_file["train.csv"][3], "37385");
  EXPECT_EQ(words_of_file["valid.csv"][1], "8134");
  for (const char* file : {"train.csv", "valid.csv"}) {
    double rate = std::stod(words_of_file[file][7]);
    EXPECT_GT(rate, 15.0) << file;  // the dataset's README: about 21% of rows are fraud
    EXPECT_LT(rate, 30.0) << file;
  }
}

}  // namespace
}  // namespace aduana
