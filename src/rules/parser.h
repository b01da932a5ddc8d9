// Parser of rule files (docs/rules.md): rule metadata, clauses and the `when` expression, into Rule metadata plus
// a condition tree. It checks syntax only; fields and types are checked by the compiler against a catalog.
// It stops at the first error, returned as InvalidArgumentError("<source>:<line>:<column>: <what is wrong>").
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "rules/ast.h"
#include "rules/rule.h"

namespace aduana::rules {

inline constexpr size_t kMaxSourceBytes = 4 << 20;  // 4 MiB per rule file
inline constexpr size_t kMaxRulesPerFile = 10'000;
inline constexpr size_t kMaxRuleIdBytes = 64;

struct ParsedRule {
  Rule rule;                        // metadata; rule.condition_text is FormatExpression(*condition)
  std::unique_ptr<Node> condition;  // never null
  SourcePos condition_pos;          // first token of the condition
};

// Parses every rule of a file; a file with no rule (empty, or only comments) gives an empty vector.
absl::StatusOr<std::vector<ParsedRule>> ParseRules(std::string_view text, std::string_view source_name);

// The error format of the rules language, shared by the lexer, parser and compiler.
absl::Status SourceError(std::string_view source_name, SourcePos pos, std::string_view message);

}  // namespace aduana::rules
