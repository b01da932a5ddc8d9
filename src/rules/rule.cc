// Channel names and the canonical text form of a rule (FormatRule), the inverse of the parser.
#include "rules/rule.h"

#include <array>
#include <charconv>
#include <cmath>

namespace aduana::rules {
namespace {

constexpr std::array<std::string_view, 4> kChannelNames = {"green", "yellow", "red", "blue"};

std::string FormatAction(const RuleAction& action) {
  if (action.kind == RuleAction::Kind::kForceChannel) {
    return "channel " + std::string(ChannelName(action.channel));
  }
  bool negative = std::signbit(action.score_delta);
  return std::string("score ") + (negative ? "- " : "+ ") + FormatNumber(std::fabs(action.score_delta));
}

}  // namespace

std::string_view ChannelName(Channel channel) { return kChannelNames[static_cast<size_t>(channel)]; }

std::optional<Channel> ChannelFromName(std::string_view name) {
  for (size_t i = 0; i < kChannelNames.size(); ++i) {
    if (kChannelNames[i] == name) return static_cast<Channel>(i);
  }
  return std::nullopt;
}

bool Rule::SameAs(const Rule& other) const {
  return id == other.id && version == other.version && author == other.author &&
         justification == other.justification && instructions == other.instructions &&
         valid_from == other.valid_from && valid_to == other.valid_to && offices == other.offices &&
         condition_text == other.condition_text && action == other.action;
}

std::string QuoteText(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

std::string FormatNumber(double value) {
  std::array<char, 64> buffer;
  auto [end, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  if (ec != std::errc()) return "0";  // cannot happen: 64 bytes hold any double
  return std::string(buffer.data(), end);
}

std::string FormatRule(const Rule& rule) {
  std::string out = "rule " + rule.id + " version " + std::to_string(rule.version) + "\n";
  out += "  author " + QuoteText(rule.author) + "\n";
  out += "  justification " + QuoteText(rule.justification) + "\n";
  if (rule.valid_from || rule.valid_to) {
    out += "  valid ";
    if (rule.valid_from) out += FormatDate(*rule.valid_from) + " ";
    out += "..";
    if (rule.valid_to) out.append(" ").append(FormatDate(*rule.valid_to));
    out += "\n";
  }
  if (!rule.offices.empty()) {
    out += "  offices ";
    for (size_t i = 0; i < rule.offices.size(); ++i) {
      if (i > 0) out += ", ";
      out += QuoteText(rule.offices[i]);
    }
    out += "\n";
  }
  out += "  when " + rule.condition_text + "\n";
  out += "  then " + FormatAction(rule.action) + "\n";
  out += "  instructions " + QuoteText(rule.instructions) + "\n";
  out += "end\n";
  return out;
}

}  // namespace aduana::rules
