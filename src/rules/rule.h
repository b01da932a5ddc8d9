// An analyst rule (selectivity criterion): its metadata, its validity window and target offices, and the action
// taken when its condition matches. The condition itself is kept as canonical source text here; its compiled
// form lives in the RuleSet (rule_set.h). The language is described in docs/rules.md.
#pragma once

#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.h"

namespace aduana::rules {

// Control channels: green (release), yellow (documentary check), red (physical inspection), blue (post-clearance).
enum class Channel { kGreen, kYellow, kRed, kBlue };

std::string_view ChannelName(Channel channel);                 // "green", "yellow", "red", "blue"
std::optional<Channel> ChannelFromName(std::string_view name);  // inverse of ChannelName; nullopt if unknown

struct RuleAction {
  enum class Kind { kForceChannel, kAddScore };
  Kind kind = Kind::kAddScore;
  Channel channel = Channel::kGreen;  // for kForceChannel
  double score_delta = 0;             // for kAddScore; may be negative

  friend bool operator==(const RuleAction&, const RuleAction&) = default;
};

struct Rule {
  std::string id;  // letters, digits, '-', '_', '.'; unique in a rule set
  int version = 1;
  std::string author;
  std::string justification;
  std::string instructions;
  std::optional<EpochDay> valid_from;  // inclusive; absent = no lower bound
  std::optional<EpochDay> valid_to;    // inclusive; absent = no upper bound
  std::vector<std::string> offices;    // empty = every office
  std::string condition_text;          // the `when` expression in canonical form (comments and layout dropped)
  RuleAction action;
  int source_line = 0;  // line of the `rule` keyword in the source it was parsed from (not part of equality)

  // Metadata equality, ignoring source_line.
  bool SameAs(const Rule& other) const;
};

// The canonical source text of one rule, ending with "end\n"; a file of several rules is their concatenation.
// Parsing the result gives back an equal Rule (SameAs) for any Rule produced by the parser.
std::string FormatRule(const Rule& rule);

// Canonical spellings shared by the parser and the formatter.
std::string QuoteText(std::string_view text);  // "..." with \" and \\ escapes
std::string FormatNumber(double value);        // shortest text that reads back to the same double

}  // namespace aduana::rules
