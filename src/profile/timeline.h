// Point-in-time replay: feeds declarations in lodgement order through a ProfileBook so that whatever assesses a
// declaration lodged at t sees exactly what was known before t. A declaration's outcome is applied at the
// moment it was recorded (inspected_at), and declarations lodged at the same instant do not see each other.
#pragma once

#include <functional>
#include <map>
#include <vector>

#include "absl/status/status.h"
#include "profile/declaration_keys.h"
#include "profile/profile_book.h"
#include "store/store.h"

namespace aduana::profile {

class Timeline {
 public:
  explicit Timeline(ProfileBook* book) : book_(book) {}

  // Called with the book as it stood just before the declaration's lodgement.
  using Assess = std::function<void(const DeclarationRecord& record, const DeclarationKeys& keys)>;

  // `record` must not be lodged before the previous one. When `learn_outcome`, its outcome (if any) enters the
  // profiles at its recording time; otherwise only the declaration itself is counted (scoring new ones).
  absl::Status Add(const DeclarationRecord& record, bool learn_outcome, const Assess& assess);
  // Applies everything still queued (declarations of the last instant, outcomes not yet due).
  void Finish();

 private:
  struct Queued {
    DeclarationKeys keys;
    std::optional<InspectionOutcome> outcome;
  };
  void ObserveQueuedDeclarations();
  void ApplyOutcomesBefore(UnixMillis t);

  ProfileBook* book_;
  UnixMillis now_ = std::numeric_limits<UnixMillis>::min();
  std::vector<Queued> same_instant_;                        // lodged at now_, not yet observed
  std::multimap<UnixMillis, Queued> pending_outcomes_;      // by recording time
};

// Loads `store`'s company registry and audits into `book`, then replays the declarations lodged before `until`
// through it, outcomes learnt, calling `assess` for each as Timeline::Add does. `book` ends holding all of it.
absl::Status ReplayHistory(Store& store, UnixMillis until, ProfileBook* book, const Timeline::Assess& assess);

}  // namespace aduana::profile
