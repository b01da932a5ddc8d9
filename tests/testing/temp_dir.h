// A fresh temporary directory per test, removed at the end: tests stay hermetic and can run in parallel.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <unistd.h>

#include <string>

namespace aduana::testing {

class TempDir {
 public:
  TempDir() {
    const ::testing::TestInfo* info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string name = std::string(info->test_suite_name()) + "." + info->name();
    for (char& c : name) {
      if (c == '/') c = '_';
    }
    path_ = std::filesystem::temp_directory_path() / ("aduana_test_" + name + "_" + std::to_string(::getpid()));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::string File(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

// A file in the source tree. Built with filesystem::path: GCC 12 -O3 reports a false -Warray-bounds on
// "macro" + std::string concatenation for some lengths of the checkout path.
inline std::string SourcePath(const std::string& relative) {
  return (std::filesystem::path(ADUANA_SOURCE_DIR) / relative).string();
}

}  // namespace aduana::testing
