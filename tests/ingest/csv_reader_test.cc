#include "ingest/csv_reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace aduana {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// A record copied out of the reader (its views die at the next call to Next()).
struct Row {
  int64_t line = 0;
  std::vector<std::string> fields;
  std::string raw;
  int64_t raw_size = 0;
  std::string error;

  bool operator==(const Row&) const = default;
};

Row Copy(const CsvRecord& record) {
  Row row{record.line, {}, std::string(record.raw), record.raw_size, record.error};
  for (std::string_view f : record.fields) row.fields.emplace_back(f);
  return row;
}

std::vector<Row> ReadAll(CsvReader& reader) {
  std::vector<Row> rows;
  CsvRecord record;
  while (reader.Next(&record)) rows.push_back(Copy(record));
  return rows;
}

std::vector<Row> ReadBuffer(std::string_view data, CsvLimits limits = {}) {
  CsvReader reader(limits);
  reader.OpenBuffer(data);
  return ReadAll(reader);
}

// A file in a temp dir of its own, removed with the object.
class TempFile {
 public:
  explicit TempFile(std::string_view content) {
    const auto* test = testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() /
           ("aduana_csv_reader_" + std::string(test->name()) + "_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    path_ = (dir_ / "input.csv").string();
    std::ofstream out(path_, std::ios::binary);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
  }
  ~TempFile() {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  const std::string& path() const { return path_; }

 private:
  fs::path dir_;
  std::string path_;
};

TEST(CsvReader, SplitsPlainFields) {
  auto rows = ReadBuffer("a,b,c\n1,,3\n");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_THAT(rows[0].fields, ElementsAre("a", "b", "c"));
  EXPECT_THAT(rows[1].fields, ElementsAre("1", "", "3"));
  EXPECT_EQ(rows[1].line, 2);
  EXPECT_EQ(rows[1].error, "");
}

TEST(CsvReader, QuotedFieldsHoldCommasLineBreaksAndEscapedQuotes) {
  auto rows = ReadBuffer("id,text\n1,\"a, b\"\n2,\"line one\nline two\"\n3,\"say \"\"hi\"\"\"\n4,\"\"\n");
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_THAT(rows[1].fields, ElementsAre("1", "a, b"));
  EXPECT_THAT(rows[2].fields, ElementsAre("2", "line one\nline two"));
  EXPECT_THAT(rows[3].fields, ElementsAre("3", "say \"hi\""));
  EXPECT_THAT(rows[4].fields, ElementsAre("4", ""));
  for (const Row& row : rows) EXPECT_EQ(row.error, "") << row.raw;
}

TEST(CsvReader, CrlfLineEndsAreNotPartOfTheData) {
  auto rows = ReadBuffer("a,b\r\n1,\"x\"\r\n\"multi\r\nline\",2\r\n");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_THAT(rows[0].fields, ElementsAre("a", "b"));
  EXPECT_THAT(rows[1].fields, ElementsAre("1", "x"));
  EXPECT_THAT(rows[2].fields, ElementsAre("multi\r\nline", "2"));  // a line break inside quotes is data
  EXPECT_EQ(rows[2].line, 3);
  EXPECT_EQ(rows[1].raw, "1,\"x\"");
  EXPECT_EQ(rows[1].raw_size, 7);  // with its CRLF
  for (const Row& row : rows) EXPECT_EQ(row.error, "") << row.raw;
}

TEST(CsvReader, SkipsALeadingByteOrderMarkOnly) {
  auto rows = ReadBuffer("\xEF\xBB\xBF" "id,name\n\xEF\xBB\xBFx,y\n");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_THAT(rows[0].fields, ElementsAre("id", "name"));
  EXPECT_EQ(rows[0].raw, "id,name");
  EXPECT_EQ(rows[0].raw_size, 8);  // the mark belongs to no record
  EXPECT_EQ(rows[0].line, 1);
  EXPECT_THAT(rows[1].fields, ElementsAre("\xEF\xBB\xBFx", "y"));  // later in the file it is data
}

TEST(CsvReader, NumbersLinesWhereRecordsStart) {
  auto rows = ReadBuffer("h\n\"a\nb\nc\"\n\nd\n\"e\r\nf\"\ng");
  ASSERT_EQ(rows.size(), 6u);
  EXPECT_EQ(rows[0].line, 1);
  EXPECT_EQ(rows[1].line, 2);  // spans lines 2-4
  EXPECT_EQ(rows[2].line, 5);  // a blank line: one empty field
  EXPECT_THAT(rows[2].fields, ElementsAre(""));
  EXPECT_EQ(rows[3].line, 6);
  EXPECT_EQ(rows[4].line, 7);  // spans lines 7-8
  EXPECT_EQ(rows[5].line, 9);
  EXPECT_THAT(rows[5].fields, ElementsAre("g"));
}

TEST(CsvReader, ResynchronisesAtTheLineEndAfterAMalformedRecord) {
  auto rows = ReadBuffer("a,b\nx,say \"hi\" there\n1,2\n\"closed\" then text,3\n4,5\n");
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_THAT(rows[1].error, HasSubstr("quote inside an unquoted field"));
  EXPECT_EQ(rows[1].raw, "x,say \"hi\" there");
  EXPECT_EQ(rows[1].line, 2);
  EXPECT_EQ(rows[2].error, "");
  EXPECT_THAT(rows[2].fields, ElementsAre("1", "2"));
  EXPECT_THAT(rows[3].error, HasSubstr("text after a closing quote"));
  EXPECT_EQ(rows[3].line, 4);
  EXPECT_EQ(rows[4].error, "");
  EXPECT_THAT(rows[4].fields, ElementsAre("4", "5"));
  EXPECT_EQ(rows[4].line, 5);
}

TEST(CsvReader, ReportsAnUnterminatedQuoteAtTheEnd) {
  auto rows = ReadBuffer("a,b\n1,2\n3,\"never closed\n4,5\n");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[1].error, "");
  EXPECT_THAT(rows[2].error, HasSubstr("unterminated quoted field"));
  EXPECT_EQ(rows[2].line, 3);
  EXPECT_EQ(rows[2].raw, "3,\"never closed\n4,5");
}

TEST(CsvReader, ReportsANulByte) {
  auto rows = ReadBuffer(std::string("a,b\n1,x\0y\n2,z\n", 14));
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_THAT(rows[1].error, HasSubstr("NUL byte"));
  EXPECT_EQ(rows[1].raw, std::string("1,x\0y", 5));
  EXPECT_EQ(rows[2].error, "");
}

TEST(CsvReader, MarksAFieldLongerThanTheLimit) {
  CsvLimits limits{.max_field_bytes = 8, .max_fields = 16, .max_raw_kept = 1024};
  auto rows = ReadBuffer("12345678,x\n123456789,x\n\"quoted 10\",x\nok,x\n", limits);
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0].error, "");  // exactly the limit
  EXPECT_THAT(rows[1].error, HasSubstr("field longer than 8 bytes"));
  EXPECT_THAT(rows[2].error, HasSubstr("field longer than 8 bytes"));
  EXPECT_LE(rows[1].fields[0].size(), 8u);  // the reader keeps no more than the limit
  EXPECT_EQ(rows[1].raw, "123456789,x");
  EXPECT_EQ(rows[3].error, "");
  EXPECT_THAT(rows[3].fields, ElementsAre("ok", "x"));
}

TEST(CsvReader, MarksARecordWithTooManyFieldsAndKeepsMemoryBounded) {
  CsvLimits limits{.max_field_bytes = 64, .max_fields = 3, .max_raw_kept = 1024};
  auto rows = ReadBuffer("a,b,c\na,b,c,d\n" + std::string(500, ',') + "\nx,y\n", limits);
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0].error, "");
  EXPECT_EQ(rows[1].error, "more than 3 fields");
  EXPECT_EQ(rows[2].error, "more than 3 fields");
  EXPECT_LE(rows[2].fields.size(), 4u) << "fields past the limit are not kept";
  EXPECT_EQ(rows[2].raw_size, 501);
  EXPECT_EQ(rows[3].error, "");
  EXPECT_THAT(rows[3].fields, ElementsAre("x", "y"));
  EXPECT_EQ(rows[3].line, 4);
}

TEST(CsvReader, KeepsTheRawRecordCutAtTheLimit) {
  CsvLimits limits{.max_field_bytes = 1024, .max_fields = 16, .max_raw_kept = 10};
  auto rows = ReadBuffer("short\n\"0123456789abcdef\",x\nnext\n", limits);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].raw, "short");
  EXPECT_EQ(rows[0].raw_size, 6);
  EXPECT_EQ(rows[1].raw, "\"012345678");
  EXPECT_EQ(rows[1].raw_size, 21);
  EXPECT_THAT(rows[1].fields, ElementsAre("0123456789abcdef", "x"));  // cutting the raw copy loses no data
  EXPECT_EQ(rows[1].error, "");
  EXPECT_EQ(rows[2].raw, "next");
}

TEST(CsvReader, ReadsTheLastRecordWithoutALineEnd) {
  auto rows = ReadBuffer("a,b\n1,2");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_THAT(rows[1].fields, ElementsAre("1", "2"));
  EXPECT_EQ(rows[1].raw, "1,2");
  EXPECT_EQ(rows[1].raw_size, 3);
  EXPECT_EQ(rows[1].error, "");
  EXPECT_THAT(ReadBuffer("a,\"b\"")[0].fields, ElementsAre("a", "b"));
}

TEST(CsvReader, EmptyInputHasNoRecords) {
  EXPECT_THAT(ReadBuffer(""), IsEmpty());
  TempFile empty("");
  CsvReader reader;
  ASSERT_TRUE(reader.Open(empty.path()).ok());
  CsvRecord record;
  EXPECT_FALSE(reader.Next(&record));
  EXPECT_FALSE(reader.Next(&record)) << "end of input stays the end";
  EXPECT_TRUE(reader.status().ok());
  EXPECT_EQ(reader.file_size(), 0);
}

TEST(CsvReader, OpenReportsMissingFilesAndDirectories) {
  CsvReader missing;
  EXPECT_EQ(missing.Open("/nonexistent-dir/none.csv").code(), absl::StatusCode::kNotFound);
  CsvReader directory;
  EXPECT_FALSE(directory.Open(fs::temp_directory_path().string()).ok());
}

TEST(CsvReader, ReadsAFileAndCountsItsBytes) {
  const std::string content = "\xEF\xBB\xBF" "id,name\r\n1,\"a\nb\"\r\n2,c";
  TempFile file(content);
  CsvReader reader;
  ASSERT_TRUE(reader.Open(file.path()).ok());
  EXPECT_EQ(reader.file_size(), static_cast<int64_t>(content.size()));
  std::vector<Row> rows = ReadAll(reader);
  EXPECT_TRUE(reader.status().ok());
  EXPECT_EQ(reader.bytes_read(), static_cast<int64_t>(content.size()));
  EXPECT_EQ(rows, ReadBuffer(content));
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_THAT(rows[1].fields, ElementsAre("1", "a\nb"));
  EXPECT_EQ(rows[2].line, 4);
}

// Builds a file of more than 2 MiB whose records straddle the reader's 1 MiB chunks in the awkward places: an
// escaped quote split by the first boundary, and a CRLF split by the second.
std::string ChunkStraddlingContent() {
  constexpr size_t kChunk = 1 << 20;
  std::string content = "id,text\n";
  int id = 0;
  auto add_row = [&](const std::string& text) { content += std::to_string(++id) + "," + text + "\r\n"; };
  while (content.size() < kChunk - 40) add_row("plain text " + std::to_string(id));
  // A quoted field whose escaped quote "" has its first quote as the last byte of the first chunk.
  content += std::to_string(++id) + ",\"";
  content.append(kChunk - 1 - content.size(), 'q');
  content += "\"\"ab\ncd\"\r\n";
  while (content.size() < 2 * kChunk - 100) add_row("more text " + std::to_string(id));
  // A row whose CR is the last byte of the second chunk and whose LF is the first of the third.
  std::string last = std::to_string(++id) + ",";
  last.append(2 * kChunk - 1 - content.size() - last.size(), 'z');
  content += last + "\r\n";
  add_row("after the boundary");
  return content;
}

TEST(CsvReader, ReadsAcrossChunkBoundariesLikeFromMemory) {
  const std::string content = ChunkStraddlingContent();
  ASSERT_GT(content.size(), size_t{2} << 20);
  ASSERT_EQ(content.substr((size_t{1} << 20) - 1, 2), "\"\"");
  ASSERT_EQ(content.substr((size_t{2} << 20) - 1, 2), "\r\n");
  TempFile file(content);
  CsvReader reader;
  ASSERT_TRUE(reader.Open(file.path()).ok());
  std::vector<Row> from_file = ReadAll(reader);
  ASSERT_TRUE(reader.status().ok());
  EXPECT_EQ(reader.bytes_read(), static_cast<int64_t>(content.size()));

  std::vector<Row> from_memory = ReadBuffer(content);
  ASSERT_EQ(from_file.size(), from_memory.size());
  for (size_t i = 0; i < from_file.size(); ++i) ASSERT_EQ(from_file[i], from_memory[i]) << "record " << i;

  int64_t line = 1;
  for (const Row& row : from_file) {
    EXPECT_EQ(row.error, "") << "line " << row.line;
    ASSERT_EQ(row.fields.size(), 2u) << "line " << row.line;
    EXPECT_EQ(row.line, line);
    line += static_cast<int64_t>(std::count(row.fields[1].begin(), row.fields[1].end(), '\n')) + 1;
  }
  auto straddling = std::find_if(from_file.begin(), from_file.end(),
                                 [](const Row& r) { return r.fields[1].ends_with("\"ab\ncd"); });
  ASSERT_NE(straddling, from_file.end());
  EXPECT_EQ(straddling->fields[1].find_first_not_of('q'), straddling->fields[1].size() - 6);
  EXPECT_EQ(from_file.back().fields[1], "after the boundary");
  EXPECT_EQ(from_file[from_file.size() - 2].fields[1].back(), 'z') << "the CR before the boundary is no data";
}

}  // namespace
}  // namespace aduana
