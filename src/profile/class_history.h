// The append-only history of entity risk-class changes in the store: what lets an administration tell a trader
// when and why its rating changed. Changes found by replaying the store's history are appended after the latest
// one already recorded, so a change recorded under earlier thresholds is never rewritten.
#pragma once

#include <cstdint>

#include "absl/status/statusor.h"
#include "profile/profile_book.h"
#include "store/store.h"

namespace aduana::profile {

RiskClassChange ToStored(const ClassChange& change);

// Replays the whole history under `config` and appends the class changes later than the latest stored one.
// Returns how many were appended.
absl::StatusOr<int64_t> RecordClassChanges(Store& store, const ProfileConfig& config);

}  // namespace aduana::profile
