// The clearance workflow of one declaration as an explicit state machine:
//
//   lodged -> assessed -> released                (green)
//                      -> documentary_check       (yellow) -+
//                      -> physical_inspection     (red)    -+-> result_recorded -> released | detained
//                      -> released_for_audit      (blue: released, queued for post-clearance audit)
//
// An officer may re-route a declaration that awaits its control (documentary_check or physical_inspection, or
// one just released on green or blue before the goods left) to another channel, with a justification. Any other
// move is refused with a message that says what the declaration's state allows.
#pragma once

#include <optional>
#include <string_view>

#include "absl/status/statusor.h"
#include "rules/rule.h"

namespace aduana::select {

enum class ClearanceState {
  kLodged,
  kAssessed,
  kReleased,
  kDocumentaryCheck,
  kPhysicalInspection,
  kReleasedForAudit,
  kResultRecorded,
  kDetained,
};

enum class ClearanceEvent {
  kAssess,        // the engine has scored it
  kRoute,         // sent to the channel of the decision
  kReroute,       // an officer changes the channel (justification required by the caller)
  kRecordResult,  // the control's result
  kRelease,       // after a result: the goods go
  kDetain,        // after a result: the goods are held
};

std::string_view ClearanceStateName(ClearanceState state);  // "lodged", "documentary_check", ...
std::optional<ClearanceState> ClearanceStateFromName(std::string_view name);
std::string_view ClearanceEventName(ClearanceEvent event);  // "assess", "route", ...

// The state a channel sends an assessed declaration to.
ClearanceState StateForChannel(rules::Channel channel);

// The state after `event` (`channel` for kRoute and kReroute), or FailedPrecondition saying why not.
absl::StatusOr<ClearanceState> Transition(ClearanceState from, ClearanceEvent event,
                                          rules::Channel channel = rules::Channel::kGreen);

}  // namespace aduana::select
