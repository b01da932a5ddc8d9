// A small generated history in a store, with a trained model, and declarations of it sent again as new ones
// (their parties and transport documents are known): what the service and API tests start from.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "../testing/run_command.h"
#include "ingest/declaration_files.h"
#include "ingest/json_records.h"

namespace aduana::server::testing {

constexpr UnixMillis kNow = 1'767'225'600'000;  // 2026-01-01, after the generated history

class TestHistory {
 public:
  explicit TestHistory(const std::string& name) {
    dir_ = std::filesystem::temp_directory_path() / (name + "_" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  ~TestHistory() { std::filesystem::remove_all(dir_); }

  // Generates, ingests and trains; fills submissions(). Call with ASSERT_NO_FATAL_FAILURE.
  void Build(int new_declarations = 200) {
    using aduana::testing::Aduana;
    using aduana::testing::RunCommand;
    auto gen = RunCommand(Aduana() + " generate --out " + File("data") +
                          " --declarations 3000 --seed 21 --start 2025-07-01 --days 180 --malformed-rate 0");
    ASSERT_EQ(gen.exit_code, 0) << gen.output;
    auto ingest = RunCommand(Aduana() + " ingest --db " + Db() + " " + File("data"));
    ASSERT_EQ(ingest.exit_code, 0) << ingest.output;
    auto train = RunCommand(Aduana() + " train --db " + Db() + " --rounds 20");
    ASSERT_EQ(train.exit_code, 0) << train.output;
    auto files = ReadDeclarationFiles({File("data/declarations.csv"), File("data/goods_items.csv")},
                                      InputFormat::kNative, nullptr);
    ASSERT_TRUE(files.ok()) << files.status();
    for (size_t i = files->records.size() - static_cast<size_t>(new_declarations); i < files->records.size(); ++i) {
      DeclarationSubmission s;
      s.declaration = files->records[i].declaration;
      s.declaration.declaration_id += "-NEW";
      s.declaration.lodged_at = kNow + static_cast<UnixMillis>(i);
      s.items = files->records[i].items;
      for (GoodsItem& item : s.items) item.declaration_id = s.declaration.declaration_id;
      submissions_.push_back(std::move(s));
    }
  }

  std::string File(const std::string& name) const { return (dir_ / name).string(); }
  std::string Db() const { return File("store.db"); }
  const std::vector<DeclarationSubmission>& submissions() const { return submissions_; }

 private:
  std::filesystem::path dir_;
  std::vector<DeclarationSubmission> submissions_;
};

}  // namespace aduana::server::testing
