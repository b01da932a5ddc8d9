// The bench rule set: rules in the shapes analysts write, built from the codes of real declarations so that
// they select some of them as they would in service. Shared by bench_score and bench_engine.
#pragma once

#include <string>
#include <vector>

#include "store/store.h"

namespace aduana::model {

// A rule file of `count` rules in the shapes analysts write (HS and origin with a price test, named importers,
// value bands for young companies, manifest discrepancies on sensitive goods, repeat offenders at some offices),
// built from the codes of `records` so that rules select some of them as they would in service.
inline std::string MakeRules(const std::vector<DeclarationRecord>& records, size_t count) {
  std::string text;
  auto code = [&](size_t k, auto field) { return field(records[(k * 7919) % records.size()]); };
  for (size_t k = 0; k < count; ++k) {
    const DeclarationRecord& r = records[(k * 104729) % records.size()];
    const GoodsItem& item = r.items.empty() ? GoodsItem{} : r.items[k % r.items.size()];
    std::string hs4 = item.hs_code.size() >= 4 ? item.hs_code.substr(0, 4) : "8471";
    std::string origin = item.country_of_origin.empty() ? "CN" : item.country_of_origin;
    std::string when, then = "score + 0.1";
    switch (k % 5) {
      case 0: when = "item.hs_code hs \"" + hs4 + "\" and item.origin in [\"" + origin + "\"] and item.unit_value_ratio < 0.6"; break;
      case 1:
        when = "declaration.importer in [\"" + r.declaration.importer_id + "\", \"" +
               code(k, [](const DeclarationRecord& d) { return d.declaration.importer_id; }) + "\"]";
        then = "channel yellow";
        break;
      case 2: when = "declaration.customs_value between " + std::to_string(1000 * (k % 17)) + " and " + std::to_string(1000 * (k % 17) + 25000) + " and company.age_days < " + std::to_string(90 + k % 300); break;
      case 3: when = "has_discrepancy(\"gross_mass_mismatch\") and item.hs_code hs \"" + hs4.substr(0, 2) + "\""; break;
      case 4:
        when = "importer.hit_rate > 0." + std::to_string(2 + k % 6) + " and declaration.office in [\"" + r.declaration.customs_office + "\"]";
        then = "channel red";
        break;
    }
    text += "rule BENCH-" + std::to_string(k) + " version 1\n  author \"bench\"\n  justification \"bench\"\n  when " + when +
            "\n  then " + then + "\n  instructions \"check\"\nend\n";
  }
  return text;
}

}  // namespace aduana::model
