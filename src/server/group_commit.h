// Group commit: concurrent writers hand their work to one writer thread, which runs everything waiting in one
// transaction (each job in its own savepoint, so one failing job does not undo the others) and commits once.
// Write() returns when the transaction holding its job has committed, so with an fsync-on-commit store a
// successful Write is on disk, and one fsync serves every request of the batch.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <semaphore>
#include <thread>

#include "absl/status/status.h"
#include "store/store.h"

namespace aduana::server {

class GroupCommitWriter {
 public:
  using Job = std::function<absl::Status(Store&)>;

  // Owns `store` (its own connection, used by the writer thread only). At most `max_batch` jobs per commit.
  explicit GroupCommitWriter(std::unique_ptr<Store> store, size_t max_batch = 512);
  ~GroupCommitWriter();  // finishes the jobs already handed in, then stops
  GroupCommitWriter(const GroupCommitWriter&) = delete;
  GroupCommitWriter& operator=(const GroupCommitWriter&) = delete;

  // Runs `job` in the next transaction; its status, or the commit's error if the commit fails.
  absl::Status Write(Job job);

  struct Stats {
    int64_t commits = 0;
    int64_t jobs = 0;
  };
  Stats stats() const;

 private:
  struct Pending {
    Job job;
    absl::Status result;
    std::binary_semaphore done{0};  // released by the writer thread once `result` is set: wakes this job's caller only
  };
  void Run();
  void CommitBatch(std::deque<std::shared_ptr<Pending>>& batch);

  std::unique_ptr<Store> store_;
  const size_t max_batch_;
  mutable std::mutex mutex_;
  std::condition_variable work_;
  std::deque<std::shared_ptr<Pending>> queue_;
  bool stopping_ = false;
  Stats stats_;
  std::thread thread_;
};

}  // namespace aduana::server
