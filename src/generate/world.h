// Everything fixed before declarations are generated: options, tariff, parties, exchange rates, market mechanisms.
#pragma once

#include "generate/catalogue.h"
#include "generate/generator.h"
#include "generate/geography.h"
#include "generate/market.h"
#include "generate/parties.h"

namespace aduana::gen {

struct World {
  GeneratorOptions options;
  Catalogue catalogue;
  Parties parties;
  ExchangeRates rates;
  MarketPlan market;
};

// Fraud types of the contract, as indexes of DeclarationDraft::loss.
enum FraudType { kUndervaluation, kMisclassification, kOrigin, kQuantity, kProhibited, kSmuggling, kFraudTypes };
std::string_view FraudTypeName(int type);

}  // namespace aduana::gen
