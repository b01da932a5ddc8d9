// Every move of the clearance workflow, allowed and refused, with the refusal's message.
#include "select/workflow.h"

#include <gtest/gtest.h>

namespace aduana::select {
namespace {

using rules::Channel;
using S = ClearanceState;
using E = ClearanceEvent;

S Must(absl::StatusOr<S> s) {
  EXPECT_TRUE(s.ok()) << s.status();
  return s.ok() ? *s : S::kLodged;
}

TEST(Workflow, EachChannelFollowsItsPath) {
  S assessed = Must(Transition(S::kLodged, E::kAssess));
  EXPECT_EQ(assessed, S::kAssessed);
  EXPECT_EQ(Must(Transition(assessed, E::kRoute, Channel::kGreen)), S::kReleased);
  EXPECT_EQ(Must(Transition(assessed, E::kRoute, Channel::kBlue)), S::kReleasedForAudit);
  for (Channel control : {Channel::kYellow, Channel::kRed}) {
    S waiting = Must(Transition(assessed, E::kRoute, control));
    EXPECT_EQ(waiting, control == Channel::kRed ? S::kPhysicalInspection : S::kDocumentaryCheck);
    S recorded = Must(Transition(waiting, E::kRecordResult));
    EXPECT_EQ(Must(Transition(recorded, E::kRelease)), S::kReleased);
    EXPECT_EQ(Must(Transition(recorded, E::kDetain)), S::kDetained);
  }
}

TEST(Workflow, OfficersReRouteWhatAwaitsControlOrWasJustReleasedToAControl) {
  EXPECT_EQ(Must(Transition(S::kDocumentaryCheck, E::kReroute, Channel::kRed)), S::kPhysicalInspection);
  EXPECT_EQ(Must(Transition(S::kPhysicalInspection, E::kReroute, Channel::kGreen)), S::kReleased);
  EXPECT_EQ(Must(Transition(S::kReleased, E::kReroute, Channel::kRed)), S::kPhysicalInspection);
  EXPECT_EQ(Must(Transition(S::kReleasedForAudit, E::kReroute, Channel::kYellow)), S::kDocumentaryCheck);
  auto same = Transition(S::kPhysicalInspection, E::kReroute, Channel::kRed);
  EXPECT_EQ(same.status().message(), "cannot re-route a declaration in state 'physical_inspection': it is already on that channel");
  auto release_to_release = Transition(S::kReleased, E::kReroute, Channel::kBlue);
  EXPECT_EQ(release_to_release.status().code(), absl::StatusCode::kFailedPrecondition);
}

TEST(Workflow, RefusesIllegalMovesSayingWhatTheStateAllows) {
  struct Case {
    S from;
    E event;
    const char* message;
  };
  const Case cases[] = {
      {S::kLodged, E::kRoute, "cannot route a declaration in state 'lodged': it must be assessed first"},
      {S::kAssessed, E::kAssess, "cannot assess a declaration in state 'assessed': it must be routed to its channel"},
      {S::kReleased, E::kRecordResult,
       "cannot record a result for a declaration in state 'released': it was released; it can only be re-routed "
       "to a control"},
      {S::kPhysicalInspection, E::kRelease,
       "cannot release a declaration in state 'physical_inspection': it awaits its control result (or a re-route)"},
      {S::kResultRecorded, E::kRecordResult,
       "cannot record a result for a declaration in state 'result_recorded': its result is recorded; it must be "
       "released or detained"},
      {S::kDetained, E::kRelease, "cannot release a declaration in state 'detained': it is detained; the case is "
                                  "closed here"},
      {S::kDetained, E::kReroute, "cannot re-route a declaration in state 'detained': it is detained; the case is "
                                  "closed here"},
  };
  for (const Case& c : cases) {
    auto s = Transition(c.from, c.event, Channel::kRed);
    EXPECT_EQ(s.status().code(), absl::StatusCode::kFailedPrecondition);
    EXPECT_EQ(s.status().message(), c.message);
  }
}

TEST(Workflow, StateNamesRoundTrip) {
  for (int i = 0; i <= static_cast<int>(S::kDetained); ++i) {
    S s = static_cast<S>(i);
    EXPECT_EQ(ClearanceStateFromName(ClearanceStateName(s)), s);
  }
  EXPECT_FALSE(ClearanceStateFromName("shipped").has_value());
}

}  // namespace
}  // namespace aduana::select
