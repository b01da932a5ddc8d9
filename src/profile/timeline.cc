#include "profile/timeline.h"

#include <algorithm>
#include <string>

#include "core/time.h"

namespace aduana::profile {

absl::Status Timeline::Add(const DeclarationRecord& record, bool learn_outcome, const Assess& assess) {
  UnixMillis t = record.declaration.lodged_at;
  if (t < now_) {
    return absl::InvalidArgumentError("declaration " + record.declaration.declaration_id + " lodged at " +
                                      FormatTimestamp(t) + " comes after one lodged at " + FormatTimestamp(now_) +
                                      ": replay needs lodgement order");
  }
  if (t > now_) {
    ObserveQueuedDeclarations();
    ApplyOutcomesBefore(t);
    now_ = t;
  }
  const Company* importer = book_->FindCompany(record.declaration.importer_id);
  Queued& q = same_instant_.emplace_back();
  ExtractKeys(record, importer != nullptr ? std::string_view(importer->sector) : std::string_view(), &q.keys);
  assess(record, q.keys);
  if (learn_outcome && record.outcome) q.outcome = *record.outcome;
  return absl::OkStatus();
}

void Timeline::Finish() {
  ObserveQueuedDeclarations();
  ApplyOutcomesBefore(std::numeric_limits<UnixMillis>::max());
}

void Timeline::ObserveQueuedDeclarations() {
  for (Queued& q : same_instant_) {
    book_->ObserveDeclaration(q.keys, now_);
    if (q.outcome) {
      // An outcome cannot be known before the declaration it is about.
      UnixMillis at = std::max(q.outcome->inspected_at, now_);
      pending_outcomes_.emplace(at, std::move(q));
    }
  }
  same_instant_.clear();
}

void Timeline::ApplyOutcomesBefore(UnixMillis t) {
  auto end = pending_outcomes_.lower_bound(t);
  for (auto it = pending_outcomes_.begin(); it != end; ++it) {
    book_->ApplyOutcome(it->second.keys, *it->second.outcome, it->first);
  }
  pending_outcomes_.erase(pending_outcomes_.begin(), end);
}

absl::Status ReplayHistory(Store& store, UnixMillis until, ProfileBook* book, const Timeline::Assess& assess) {
  if (absl::Status s = LoadRegistry(store, book); !s.ok()) return s;
  Timeline timeline(book);
  absl::Status scanned = store.ScanDeclarations(std::numeric_limits<UnixMillis>::min(), until,
                                                [&](DeclarationRecord& r) { return timeline.Add(r, true, assess); });
  if (!scanned.ok()) return scanned;
  timeline.Finish();
  return absl::OkStatus();
}

}  // namespace aduana::profile
