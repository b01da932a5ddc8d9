#include "server/group_commit.h"

namespace aduana::server {

GroupCommitWriter::GroupCommitWriter(std::unique_ptr<Store> store, size_t max_batch)
    : store_(std::move(store)), max_batch_(max_batch == 0 ? 1 : max_batch), thread_([this] { Run(); }) {}

GroupCommitWriter::~GroupCommitWriter() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  work_.notify_all();
  thread_.join();
}

absl::Status GroupCommitWriter::Write(Job job) {
  auto pending = std::make_shared<Pending>();
  pending->job = std::move(job);
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return absl::UnavailableError("the writer is stopping");
    queue_.push_back(pending);
  }
  work_.notify_one();
  pending->done.acquire();
  return pending->result;
}

GroupCommitWriter::Stats GroupCommitWriter::stats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

void GroupCommitWriter::Run() {
  std::unique_lock lock(mutex_);
  while (true) {
    work_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping, and nothing left
    std::deque<std::shared_ptr<Pending>> batch;
    while (!queue_.empty() && batch.size() < max_batch_) {
      batch.push_back(std::move(queue_.front()));
      queue_.pop_front();
    }
    lock.unlock();
    CommitBatch(batch);
    lock.lock();
    ++stats_.commits;
    stats_.jobs += static_cast<int64_t>(batch.size());
    lock.unlock();
    for (auto& p : batch) p->done.release();  // each caller wakes alone, not every waiting thread per commit
    lock.lock();
  }
}

void GroupCommitWriter::CommitBatch(std::deque<std::shared_ptr<Pending>>& batch) {
  absl::Status begin = store_->Begin();
  if (!begin.ok()) {
    for (auto& p : batch) p->result = begin;
    return;
  }
  for (auto& p : batch) {
    absl::Status s = store_->Savepoint();
    if (s.ok()) s = p->job(*store_);
    if (s.ok()) {
      s = store_->ReleaseSavepoint();
    } else {
      (void)store_->RollbackToSavepoint();
    }
    p->result = s;
  }
  if (absl::Status commit = store_->Commit(); !commit.ok()) {
    (void)store_->Rollback();
    for (auto& p : batch) {
      if (p->result.ok()) p->result = commit;
    }
  }
}

}  // namespace aduana::server
