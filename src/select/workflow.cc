#include "select/workflow.h"

#include <array>
#include <string>

namespace aduana::select {
namespace {

constexpr std::array<std::string_view, 8> kStateNames = {
    "lodged", "assessed", "released", "documentary_check", "physical_inspection", "released_for_audit",
    "result_recorded", "detained"};

bool AwaitsControl(ClearanceState s) {
  return s == ClearanceState::kDocumentaryCheck || s == ClearanceState::kPhysicalInspection;
}

absl::Status Refuse(ClearanceState from, ClearanceEvent event, std::string_view allowed) {
  std::string message = "cannot ";
  message += ClearanceEventName(event);
  message += " a declaration in state '";
  message += ClearanceStateName(from);
  message += "': ";
  message += allowed;
  return absl::FailedPreconditionError(message);
}

std::string_view Allowed(ClearanceState s) {
  switch (s) {
    case ClearanceState::kLodged: return "it must be assessed first";
    case ClearanceState::kAssessed: return "it must be routed to its channel";
    case ClearanceState::kReleased:
    case ClearanceState::kReleasedForAudit: return "it was released; it can only be re-routed to a control";
    case ClearanceState::kDocumentaryCheck:
    case ClearanceState::kPhysicalInspection: return "it awaits its control result (or a re-route)";
    case ClearanceState::kResultRecorded: return "its result is recorded; it must be released or detained";
    case ClearanceState::kDetained: return "it is detained; the case is closed here";
  }
  return "";
}

}  // namespace

std::string_view ClearanceStateName(ClearanceState state) { return kStateNames[static_cast<size_t>(state)]; }

std::optional<ClearanceState> ClearanceStateFromName(std::string_view name) {
  for (size_t i = 0; i < kStateNames.size(); ++i) {
    if (kStateNames[i] == name) return static_cast<ClearanceState>(i);
  }
  return std::nullopt;
}

std::string_view ClearanceEventName(ClearanceEvent event) {
  switch (event) {
    case ClearanceEvent::kAssess: return "assess";
    case ClearanceEvent::kRoute: return "route";
    case ClearanceEvent::kReroute: return "re-route";
    case ClearanceEvent::kRecordResult: return "record a result for";
    case ClearanceEvent::kRelease: return "release";
    case ClearanceEvent::kDetain: return "detain";
  }
  return "";
}

ClearanceState StateForChannel(rules::Channel channel) {
  switch (channel) {
    case rules::Channel::kGreen: return ClearanceState::kReleased;
    case rules::Channel::kYellow: return ClearanceState::kDocumentaryCheck;
    case rules::Channel::kRed: return ClearanceState::kPhysicalInspection;
    case rules::Channel::kBlue: return ClearanceState::kReleasedForAudit;
  }
  return ClearanceState::kReleased;
}

absl::StatusOr<ClearanceState> Transition(ClearanceState from, ClearanceEvent event, rules::Channel channel) {
  switch (event) {
    case ClearanceEvent::kAssess:
      if (from == ClearanceState::kLodged) return ClearanceState::kAssessed;
      break;
    case ClearanceEvent::kRoute:
      if (from == ClearanceState::kAssessed) return StateForChannel(channel);
      break;
    case ClearanceEvent::kReroute: {
      bool released = from == ClearanceState::kReleased || from == ClearanceState::kReleasedForAudit;
      if (!AwaitsControl(from) && !released) break;
      ClearanceState to = StateForChannel(channel);
      if (to == from) return Refuse(from, event, "it is already on that channel");
      if (released && !AwaitsControl(to)) return Refuse(from, event, Allowed(from));
      return to;
    }
    case ClearanceEvent::kRecordResult:
      if (AwaitsControl(from)) return ClearanceState::kResultRecorded;
      break;
    case ClearanceEvent::kRelease:
      if (from == ClearanceState::kResultRecorded) return ClearanceState::kReleased;
      break;
    case ClearanceEvent::kDetain:
      if (from == ClearanceState::kResultRecorded) return ClearanceState::kDetained;
      break;
  }
  return Refuse(from, event, Allowed(from));
}

}  // namespace aduana::select
