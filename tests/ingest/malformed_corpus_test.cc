// Runs every case of the malformed-input corpus (tests/data/malformed, see its README.md): a fresh store gets
// the valid base fixture, then the case file, and the quarantine must hold exactly the rows the case's .expect
// names, with the expected reasons and the raw rows, while the valid rows around them are stored.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "ingest/csv_reader.h"
#include "ingest/ingester.h"
#include "store/sqlite_store.h"

namespace aduana {
namespace {

namespace fs = std::filesystem;

const fs::path kCorpusDir = fs::path(ADUANA_SOURCE_DIR) / "tests" / "data" / "malformed";
const fs::path kBaseDir = fs::path(ADUANA_SOURCE_DIR) / "tests" / "data" / "base";
constexpr size_t kMinimumCases = 30;

struct ExpectedReject {
  int64_t line = 0;
  std::string entity;  // "" for "-"
  std::string field;   // "" for "-"
  std::string reason_prefix;
};

struct CorpusCase {
  std::string description;
  int64_t accepted = -1;
  std::vector<ExpectedReject> rejects;
};

// The (line, entity, field) of a quarantined row: what identifies it in a comparison.
using RowKey = std::tuple<int64_t, std::string, std::string>;

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

void WriteFile(const fs::path& path, std::string_view content) {
  std::ofstream out(path, std::ios::binary);
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
}

// ---- Cases synthesised at run time (too big for the repository) ----

std::string CompanyRow(std::string_view id, std::string_view address) {
  return std::string(id) + ",Comercial Ejemplo,2019-05-10,,46,Puebla," + std::string(address) +
         ",MX,none,B,60,0,P0100\n";
}

// 12-huge-field: an address of 1.5 MiB, past the reader's 1 MiB field limit, between two valid companies.
std::string HugeFieldCase() {
  return "company_id,name,registered_on,closed_on,sector,region,address,country,aeo_status,compliance_rating,"
         "credit_score,tax_debt,directors\n" +
         CompanyRow("IMP101", "Calle 1 Puebla") + CompanyRow("IMP102", std::string(3 << 19, 'A')) +
         CompanyRow("IMP103", "Calle 3 Puebla");
}

const std::map<std::string, std::function<std::string()>>& SynthesisedCases() {
  static const std::map<std::string, std::function<std::string()>> cases = {
      {"12-huge-field", HugeFieldCase},
  };
  return cases;
}

// ---- Reading the corpus ----

std::vector<std::string> CaseNames() {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(kCorpusDir, ec)) {
    if (entry.path().extension() == ".expect") names.push_back(entry.path().stem().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

// "goods_items.hs_code" -> {"goods_items", "hs_code"}; "-" stands for empty.
std::pair<std::string, std::string> SplitEntityField(const std::string& text) {
  size_t dot = text.find('.');
  std::string entity = text.substr(0, dot);
  std::string field = dot == std::string::npos ? "" : text.substr(dot + 1);
  return {entity == "-" ? "" : entity, field == "-" ? "" : field};
}

// Parses a .expect file; on a syntax error returns the error in `*error`.
CorpusCase ParseExpect(const std::string& text, std::string* error) {
  CorpusCase parsed;
  std::istringstream lines(text);
  std::string line;
  int number = 0;
  while (std::getline(lines, line)) {
    ++number;
    if (line.empty()) continue;
    if (line[0] == '#') {
      size_t words_start = std::min(line.find_first_not_of("# "), line.size());
      if (parsed.description.empty()) parsed.description = line.substr(words_start);
      continue;
    }
    std::istringstream words(line);
    std::string keyword;
    words >> keyword;
    if (keyword == "accepted" && (words >> parsed.accepted)) continue;
    ExpectedReject reject;
    std::string entity_field;
    if (keyword == "reject" && (words >> reject.line >> entity_field)) {
      std::tie(reject.entity, reject.field) = SplitEntityField(entity_field);
      std::getline(words >> std::ws, reject.reason_prefix);
      if (!reject.reason_prefix.empty()) {
        parsed.rejects.push_back(reject);
        continue;
      }
    }
    *error = "line " + std::to_string(number) + " is not 'accepted N' or 'reject LINE ENTITY.FIELD REASON': " + line;
    return parsed;
  }
  if (parsed.accepted < 0) *error = "no 'accepted N' line";
  if (parsed.description.empty()) *error = "no '# description' line";
  return parsed;
}

// Byte offset where each physical line starts (index 1 = line 1); a leading byte-order mark is not part of
// line 1's record.
std::vector<size_t> LineStarts(const std::string& content) {
  std::vector<size_t> starts = {0, content.starts_with("\xEF\xBB\xBF") ? size_t{3} : size_t{0}};
  for (size_t i = 0; i < content.size(); ++i) {
    if (content[i] == '\n') starts.push_back(i + 1);
  }
  return starts;
}

// ---- The test ----

class MalformedCorpusTest : public testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    temp_dir_ = fs::temp_directory_path() /
                ("aduana_malformed_" + GetParam() + "_" + std::to_string(::getpid()));
    fs::remove_all(temp_dir_);
    ASSERT_TRUE(fs::create_directories(temp_dir_));
    auto store = OpenSqliteStore((temp_dir_ / "store.db").string());
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = *std::move(store);
  }

  void TearDown() override {
    store_.reset();
    std::error_code ec;
    fs::remove_all(temp_dir_, ec);
  }

  // The case's data file: from the corpus, or synthesised into the temp dir.
  fs::path CaseFile(const std::string& name) {
    fs::path in_corpus = kCorpusDir / (name + ".csv");
    if (fs::exists(in_corpus)) return in_corpus;
    auto synthesised = SynthesisedCases().find(name);
    if (synthesised == SynthesisedCases().end()) return {};
    fs::path path = temp_dir_ / (name + ".csv");
    WriteFile(path, synthesised->second());
    return path;
  }

  IngestSummary IngestOk(const fs::path& path) {
    auto summary = Ingest(*store_, {path.string()}, IngestOptions{});
    EXPECT_TRUE(summary.ok()) << summary.status();
    return summary.ok() ? *std::move(summary) : IngestSummary{};
  }

  fs::path temp_dir_;
  std::unique_ptr<Store> store_;
};

TEST_P(MalformedCorpusTest, QuarantinesExactlyTheExpectedRowsAndKeepsTheRest) {
  const std::string name = GetParam();
  std::string syntax_error;
  CorpusCase expected = ParseExpect(ReadFile(kCorpusDir / (name + ".expect")), &syntax_error);
  ASSERT_EQ(syntax_error, "") << name << ".expect";
  fs::path case_file = CaseFile(name);
  ASSERT_FALSE(case_file.empty()) << name << ".csv is neither in the corpus nor synthesised";
  SCOPED_TRACE(name + ": " + expected.description);

  IngestSummary base = IngestOk(kBaseDir);
  ASSERT_EQ(base.rejected(), 0) << "the base fixture must be valid";
  ASSERT_GT(base.accepted(), 0);

  IngestSummary first = IngestOk(case_file);
  ASSERT_EQ(first.files.size(), 1u);
  const FileIngestSummary& file = first.files[0];
  EXPECT_EQ(file.accepted, expected.accepted) << "accepted rows";
  EXPECT_EQ(file.rejected, static_cast<int64_t>(expected.rejects.size())) << "rejected rows";

  auto quarantined = store_->ListQuarantine(first.run_id);
  ASSERT_TRUE(quarantined.ok()) << quarantined.status();
  std::vector<RowKey> expected_keys;
  for (const ExpectedReject& r : expected.rejects) expected_keys.emplace_back(r.line, r.entity, r.field);
  std::vector<RowKey> actual_keys;
  for (const QuarantinedRow& row : *quarantined) actual_keys.emplace_back(row.line, row.entity, row.field);
  std::sort(expected_keys.begin(), expected_keys.end());
  std::sort(actual_keys.begin(), actual_keys.end());
  ASSERT_EQ(actual_keys, expected_keys) << "quarantined (line, entity, field)";

  const std::string content = ReadFile(case_file);
  const std::vector<size_t> line_starts = LineStarts(content);
  const std::string file_name = fs::absolute(case_file).lexically_normal().string();
  for (const ExpectedReject& want : expected.rejects) {
    auto row = std::find_if(quarantined->begin(), quarantined->end(), [&](const QuarantinedRow& q) {
      return q.line == want.line && q.entity == want.entity && q.field == want.field;
    });
    ASSERT_NE(row, quarantined->end());
    SCOPED_TRACE("line " + std::to_string(want.line));
    EXPECT_TRUE(row->reason.starts_with(want.reason_prefix))
        << "reason '" << row->reason << "' does not start with '" << want.reason_prefix << "'";
    EXPECT_EQ(row->run_id, first.run_id);
    EXPECT_EQ(row->file, file_name);
    // The raw row is kept: the bytes of the file from the line where the record starts, up to its line end
    // (or cut at the reader's limit, with raw_size telling the full size).
    ASSERT_FALSE(row->raw.empty());
    ASSERT_LT(static_cast<size_t>(row->line), line_starts.size());
    size_t start = line_starts[static_cast<size_t>(row->line)];
    EXPECT_EQ(content.compare(start, row->raw.size(), row->raw), 0) << "raw is not the row's bytes";
    EXPECT_GE(row->raw_size, static_cast<int64_t>(row->raw.size()));
    const size_t max_raw_kept = CsvLimits{}.max_raw_kept;
    if (row->raw_size > static_cast<int64_t>(max_raw_kept)) {
      EXPECT_EQ(row->raw.size(), max_raw_kept) << "a long raw row is cut at max_raw_kept";
    } else {
      size_t after = start + row->raw.size();
      EXPECT_TRUE(after == content.size() || content[after] == '\n' || content[after] == '\r')
          << "raw stops before the row's end";
    }
  }

  // The accepted rows are stored: ingesting the file again finds every one of them unchanged, accepts nothing
  // and rejects the same rows.
  IngestSummary again = IngestOk(case_file);
  ASSERT_EQ(again.files.size(), 1u);
  EXPECT_EQ(again.files[0].accepted, 0);
  EXPECT_EQ(again.files[0].unchanged, file.accepted + file.unchanged);
  EXPECT_EQ(again.files[0].rejected, file.rejected);
}

std::string TestNameOf(const testing::TestParamInfo<std::string>& info) {
  std::string name = "case_" + info.param;
  std::replace_if(name.begin(), name.end(), [](char c) { return !std::isalnum(static_cast<unsigned char>(c)); },
                  '_');
  return name;
}

INSTANTIATE_TEST_SUITE_P(Corpus, MalformedCorpusTest, testing::ValuesIn(CaseNames()), TestNameOf);

TEST(MalformedCorpus, HasEnoughCasesEachWithDataAndExpectation) {
  std::vector<std::string> names = CaseNames();
  EXPECT_GE(names.size(), kMinimumCases) << "in " << kCorpusDir;
  for (const std::string& name : names) {
    EXPECT_TRUE(fs::exists(kCorpusDir / (name + ".csv")) || SynthesisedCases().contains(name))
        << name << ".expect has no data file";
  }
  for (const auto& entry : fs::directory_iterator(kCorpusDir)) {
    if (entry.path().extension() != ".csv") continue;
    EXPECT_TRUE(fs::exists(fs::path(entry.path()).replace_extension(".expect")))
        << entry.path() << " has no .expect";
  }
}

TEST(MalformedCorpus, SynthesisedCasesStayOutOfTheRepository) {
  for (const auto& [name, generate] : SynthesisedCases()) {
    EXPECT_FALSE(fs::exists(kCorpusDir / (name + ".csv"))) << name << " is synthesised; do not commit it";
    EXPECT_TRUE(fs::exists(kCorpusDir / (name + ".expect"))) << name;
  }
  EXPECT_GT(HugeFieldCase().size(), CsvLimits{}.max_field_bytes);
}

TEST(MalformedCorpus, ExpectParserReadsEveryForm) {
  std::string error;
  CorpusCase parsed = ParseExpect(
      "# what it shows\naccepted 3\nreject 4 companies.name invalid text: x\nreject 1 -.- wrong header\n", &error);
  EXPECT_EQ(error, "");
  EXPECT_EQ(parsed.description, "what it shows");
  EXPECT_EQ(parsed.accepted, 3);
  ASSERT_EQ(parsed.rejects.size(), 2u);
  EXPECT_EQ(parsed.rejects[0].line, 4);
  EXPECT_EQ(parsed.rejects[0].entity, "companies");
  EXPECT_EQ(parsed.rejects[0].field, "name");
  EXPECT_EQ(parsed.rejects[0].reason_prefix, "invalid text: x");
  EXPECT_EQ(parsed.rejects[1].entity, "");
  EXPECT_EQ(parsed.rejects[1].field, "");

  ParseExpect("# x\naccepted 1\nreject 3 companies.name\n", &error);
  EXPECT_NE(error, "") << "a reject line without a reason is an error";
  error.clear();
  ParseExpect("# x\n", &error);
  EXPECT_NE(error, "") << "a missing accepted line is an error";
}

}  // namespace
}  // namespace aduana
