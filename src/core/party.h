// Companies of the registry (importers, brokers, carriers) with their credit and compliance data.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/time.h"

namespace aduana {

struct Company {
  std::string company_id;  // tax identification number
  std::string name;
  std::optional<EpochDay> registered_on;  // unknown for parties known only by id (KCS)
  std::optional<EpochDay> closed_on;
  std::string sector;
  std::string region;
  std::string address;
  std::string country;
  std::string aeo_status = "none";
  std::string compliance_rating;
  std::optional<int> credit_score;
  std::optional<double> tax_debt;
  std::vector<std::string> directors;
};

}  // namespace aduana
