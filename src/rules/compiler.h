// Compiler of rule conditions: resolves field names against the catalog, checks types and emits the postfix
// program (program.h) that the evaluator runs. Errors use the source format of the parser:
// "<source>:<line>:<column>: <what is wrong>".
#pragma once

#include <string_view>

#include "absl/status/statusor.h"
#include "rules/ast.h"
#include "rules/field_catalog.h"
#include "rules/program.h"

namespace aduana::rules {

// `condition_pos` is where the condition starts (for "the 'when' condition must be true or false").
absl::StatusOr<Program> CompileCondition(const Node& condition, SourcePos condition_pos, const FieldCatalog& catalog,
                                         std::string_view source_name);

}  // namespace aduana::rules
