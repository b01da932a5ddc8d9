// Results of controls: inspections at the border and post-clearance audits. These are the labels that models
// learn from; a label exists only where somebody looked.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/time.h"

namespace aduana {

bool IsChannel(std::string_view channel);      // red, yellow, green, blue
bool IsFraudType(std::string_view fraud_type);  // undervaluation, misclassification, origin, ...

struct InspectionOutcome {
  std::string declaration_id;
  std::string channel;
  UnixMillis inspected_at = 0;
  bool non_compliant = false;
  std::vector<std::string> fraud_types;
  int critical_level = 0;  // 0 none, 1 critical, 2 threatens public safety
  double additional_revenue = 0;
  bool seizure = false;
};

struct AuditOutcome {
  std::string audit_id;
  std::string company_id;
  EpochDay period_from = 0;
  EpochDay period_to = 0;
  EpochDay closed_on = 0;
  bool non_compliant = false;
  double amount_assessed = 0;
  std::string findings;
};

}  // namespace aduana
