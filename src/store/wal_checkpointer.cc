#include "store/wal_checkpointer.h"

#include <sqlite3.h>

#include "core/status_macros.h"
#include "store/sqlite_db.h"

namespace aduana {

absl::StatusOr<std::unique_ptr<WalCheckpointer>> WalCheckpointer::Start(const std::string& path,
                                                                        std::chrono::milliseconds interval) {
  auto db = std::make_unique<sqlite::Database>();
  ADUANA_RETURN_IF_ERROR(db->Open(path));
  // The database file is fsynced after each checkpoint, so the log it replaces may be reused safely.
  ADUANA_RETURN_IF_ERROR(db->Exec("PRAGMA synchronous=NORMAL"));
  return std::unique_ptr<WalCheckpointer>(new WalCheckpointer(std::move(db), interval));
}

WalCheckpointer::WalCheckpointer(std::unique_ptr<sqlite::Database> db, std::chrono::milliseconds interval)
    : db_(std::move(db)), interval_(interval), thread_([this] { Run(); }) {}

WalCheckpointer::~WalCheckpointer() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

WalCheckpointer::Stats WalCheckpointer::stats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

void WalCheckpointer::Run() {
  std::unique_lock lock(mutex_);
  bool last = false;
  while (!last) {  // a stop still gets its checkpoint, even one that came before this thread first ran
    wake_.wait_for(lock, interval_, [&] { return stopping_; });
    last = stopping_;
    lock.unlock();
    Checkpoint();
    lock.lock();
  }
}

void WalCheckpointer::Checkpoint() {
  int log_frames = 0;
  int copied_frames = 0;
  int rc = sqlite3_wal_checkpoint_v2(db_->handle(), nullptr, SQLITE_CHECKPOINT_PASSIVE, &log_frames, &copied_frames);
  std::lock_guard lock(mutex_);
  ++stats_.checkpoints;
  // SQLITE_BUSY: the writer's own automatic checkpoint was running; nothing is lost, the next round copies the
  // rest. Only a checkpoint that ran reports its frames (the others report -1).
  if (rc == SQLITE_BUSY) return;
  if (rc != SQLITE_OK) {
    ++stats_.failures;
    stats_.last_error = sqlite3_errmsg(db_->handle());
    return;
  }
  stats_.log_frames = log_frames;
  stats_.backfilled = copied_frames;
}

}  // namespace aduana
