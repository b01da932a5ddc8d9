// RuleSet: compiles a rule file, indexes its rules by their guards, and evaluates them on declarations.
#include "rules/rule_set.h"

#include <algorithm>
#include <climits>
#include <limits>

#include "core/status_macros.h"
#include "rules/compiler.h"
#include "rules/parser.h"
#include "rules/strings.h"

namespace aduana::rules {
namespace {

absl::Status TooShort(std::string_view what, size_t has, size_t needs) {
  return absl::InvalidArgumentError(
      Cat("rule record has ", has, " ", what, " but the field catalog needs ", needs));
}

}  // namespace

absl::StatusOr<RuleSet> RuleSet::Compile(std::string_view source_text, std::string_view source_name,
                                         const FieldCatalog& catalog) {
  ADUANA_ASSIGN_OR_RETURN(std::vector<ParsedRule> parsed, ParseRules(source_text, source_name));
  RuleSet set;
  std::vector<std::optional<Guard>> guards;
  for (ParsedRule& rule : parsed) {
    guards.push_back(FindGuard(*rule.condition, rule.rule.offices, catalog));
    set.targeted_.push_back(rule.rule.offices.empty() ? 0 : 1);
    ADUANA_ASSIGN_OR_RETURN(Program program,
                            CompileCondition(*rule.condition, rule.condition_pos, catalog, source_name));
    set.programs_.push_back(std::move(program));
    set.valid_from_.push_back(rule.rule.valid_from ? *rule.rule.valid_from : std::numeric_limits<int64_t>::min());
    set.valid_to_.push_back(rule.rule.valid_to ? *rule.rule.valid_to : std::numeric_limits<int64_t>::max());
    set.rules_.push_back(std::move(rule.rule));
  }
  set.layout_.item_number_stride = static_cast<size_t>(catalog.NumberSlots(Scope::kItem));
  set.layout_.item_text_stride = static_cast<size_t>(catalog.TextSlots(Scope::kItem));
  set.declaration_numbers_ = static_cast<size_t>(catalog.NumberSlots(Scope::kDeclaration));
  set.declaration_texts_ = static_cast<size_t>(catalog.TextSlots(Scope::kDeclaration));
  set.index_.emplace(guards);
  return set;
}

bool RuleSet::TargetsOffice(int rule_index, std::string_view office) const {
  if (!targeted_[rule_index]) return true;
  const std::vector<std::string>& offices = rules_[rule_index].offices;
  return std::find(offices.begin(), offices.end(), office) != offices.end();
}

absl::Status RuleSet::CheckRecord(const RuleRecord& record) const {
  if (record.numbers.size() < declaration_numbers_) {
    return TooShort("declaration numbers", record.numbers.size(), declaration_numbers_);
  }
  if (record.texts.size() < declaration_texts_) {
    return TooShort("declaration texts", record.texts.size(), declaration_texts_);
  }
  if (record.item_count > static_cast<size_t>(INT_MAX)) {
    return absl::InvalidArgumentError(Cat("rule record has ", record.item_count, " goods items"));
  }
  size_t numbers_stride = layout_.item_number_stride;
  if (numbers_stride > 0 && record.item_numbers.size() / numbers_stride < record.item_count) {
    return TooShort("item numbers", record.item_numbers.size(), record.item_count * numbers_stride);
  }
  size_t texts_stride = layout_.item_text_stride;
  if (texts_stride > 0 && record.item_texts.size() / texts_stride < record.item_count) {
    return TooShort("item texts", record.item_texts.size(), record.item_count * texts_stride);
  }
  return absl::OkStatus();
}

bool RuleSet::Matches(int rule_index, const RuleRecord& record, int* item_index, StackValue* stack) const {
  const Program& program = programs_[rule_index];
  if (!program.item_scope) return Execute(program, record, 0, layout_, stack);
  for (size_t item = 0; item < record.item_count; ++item) {
    if (Execute(program, record, item, layout_, stack)) {
      *item_index = static_cast<int>(item);
      return true;
    }
  }
  return false;
}

absl::Status RuleSet::Evaluate(const RuleRecord& record, std::vector<Hit>* hits, RuleIndex::Scratch* scratch) const {
  ADUANA_RETURN_IF_ERROR(CheckRecord(record));
  const int64_t day = DayOf(record.lodged_at);
  StackValue stack[kMaxStack];
  index_->ForEachCandidate(record, layout_, scratch, [&](int rule_index) {
    if (day < valid_from_[rule_index] || day > valid_to_[rule_index]) return;
    if (!TargetsOffice(rule_index, record.customs_office)) return;
    int item_index = -1;
    if (Matches(rule_index, record, &item_index, stack)) hits->push_back(Hit{rule_index, item_index});
  });
  return absl::OkStatus();
}

}  // namespace aduana::rules
