#include "profile/class_history.h"

#include <limits>

#include "core/status_macros.h"
#include "profile/timeline.h"

namespace aduana::profile {

RiskClassChange ToStored(const ClassChange& c) {
  return {std::string(EntityTypeName(c.type)), c.key, c.at, std::string(RiskClassName(c.from)),
          std::string(RiskClassName(c.to)), c.reason};
}

absl::StatusOr<int64_t> RecordClassChanges(Store& store, const ProfileConfig& config) {
  ADUANA_ASSIGN_OR_RETURN(std::optional<UnixMillis> latest, store.LatestClassChange());
  ProfileBook book(config);
  ADUANA_RETURN_IF_ERROR(ReplayHistory(store, std::numeric_limits<UnixMillis>::max(), &book,
                                       [](const DeclarationRecord&, const DeclarationKeys&) {}));
  std::vector<RiskClassChange> changes;
  for (const ClassChange& c : book.class_changes()) {
    if (!latest || c.at > *latest) changes.push_back(ToStored(c));
  }
  ADUANA_RETURN_IF_ERROR(store.Begin());
  absl::StatusOr<int64_t> added = store.AppendClassChanges(changes);
  if (!added.ok()) {
    (void)store.Rollback();
    return added.status();
  }
  ADUANA_RETURN_IF_ERROR(store.Commit());
  return added;
}

}  // namespace aduana::profile
