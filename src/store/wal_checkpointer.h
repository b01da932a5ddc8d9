// WalCheckpointer: copies a store's write-ahead log into its database file on a thread and connection of its
// own, so that commits rarely wait for that copy. SQLite's automatic checkpoint runs in the commit that takes
// the log past 64 MB and copies all of it there (tens of milliseconds under load: the service's p99). With this
// thread copying the log every few tens of milliseconds (the service: 50), that commit finds most of it copied. The
// automatic checkpoint stays on in the writer: SQLite starts the log again from its beginning only when a
// write begins with the whole log copied, and a checkpoint right after the writer's own commit is what
// guarantees that while the writer is busy (a RESTART checkpoint from here waited seconds for the write lock).
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace aduana {
namespace sqlite {
class Database;
}

class WalCheckpointer {
 public:
  // Opens its own connection to the store at `path` and checkpoints every `interval`. Checkpoints are PASSIVE:
  // they copy what no reader still needs and never block the writer or readers.
  static absl::StatusOr<std::unique_ptr<WalCheckpointer>> Start(const std::string& path,
                                                                std::chrono::milliseconds interval);
  ~WalCheckpointer();  // stops after one last checkpoint
  WalCheckpointer(const WalCheckpointer&) = delete;
  WalCheckpointer& operator=(const WalCheckpointer&) = delete;

  struct Stats {
    int64_t checkpoints = 0;      // checkpoints run
    int64_t failures = 0;         // checkpoints that returned an error (the next one tries again)
    int64_t log_frames = 0;       // pages in the log at the last checkpoint that ran
    int64_t backfilled = 0;       // of those, pages in the database file after it
    std::string last_error;
  };
  Stats stats() const;

 private:
  WalCheckpointer(std::unique_ptr<sqlite::Database> db, std::chrono::milliseconds interval);
  void Run();
  void Checkpoint();

  std::unique_ptr<sqlite::Database> db_;
  const std::chrono::milliseconds interval_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  Stats stats_;
  std::thread thread_;
};

}  // namespace aduana
