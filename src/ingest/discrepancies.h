// Integration checks: compares a declaration with its transport document and its own items, and lists the
// discrepancies (docs/data-formats.md), which are among the strongest risk signals.
#pragma once

#include <vector>

#include "core/trade.h"
#include "store/store.h"

namespace aduana {

struct DiscrepancyThresholds {
  double gross_mass_relative = 0.05;   // declared vs manifest gross mass
  double value_build_relative = 0.02;  // customs value vs (invoice + freight + insurance) x rate
  double items_value_relative = 0.01;  // items' values vs the declaration's
};

std::vector<Discrepancy> FindDiscrepancies(const DeclarationBundle& bundle, const DiscrepancyThresholds& t = {});

}  // namespace aduana
