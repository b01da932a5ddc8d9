#include "core/csv_writer.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace aduana {
namespace {

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(CsvWriter, QuotesOnlyWhatNeedsQuoting) {
  std::string path = (std::filesystem::temp_directory_path() / "aduana_csv_writer_test.csv").string();
  CsvWriter w;
  ASSERT_TRUE(CsvWriter::Open(path, &w).ok());
  w.Row({"a", "b,c", "say \"hi\""});
  w.Field("line\nbreak");
  w.Field(int64_t{-42});
  w.Field(3.14159, 2);
  w.EmptyField();
  w.EndRow();
  ASSERT_TRUE(w.Close().ok());
  EXPECT_EQ(ReadAll(path), "a,\"b,c\",\"say \"\"hi\"\"\"\n\"line\nbreak\",-42,3.14,\n");
  std::filesystem::remove(path);
}

TEST(CsvWriter, ReportsAnUnwritablePath) {
  CsvWriter w;
  EXPECT_FALSE(CsvWriter::Open("/nonexistent-dir/x.csv", &w).ok());
}

}  // namespace
}  // namespace aduana
