// A declaration being generated: what is written (declaration, goods items, transport document) next to the
// truth behind it (true goods, origin, quantity, value) and the revenue at stake per fraud type.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "core/trade.h"
#include "generate/table.h"
#include "generate/timeline.h"
#include "generate/world.h"

namespace aduana::gen {

struct ItemTruth {
  int product = 0;           // true goods (catalogue index)
  int declared_product = 0;  // goods as declared
  int true_origin = 0;       // country indexes
  int declared_origin = 0;
  double quantity_true = 0;
  double quantity_declared = 0;
  double unit_usd_true = 0;  // true unit price, USD
  double unit_usd_declared = 0;
  double net_mass_true = 0;
  double net_mass_declared = 0;
  int64_t packages_true = 0;
  int64_t packages_declared = 0;
  bool describe_true_goods = false;  // tariff shifting: the description still names the true goods
  int fraud_type = -1;               // at most one item-level fraud per item

  double UsdTrue() const { return quantity_true * unit_usd_true; }
  double UsdDeclared() const { return quantity_declared * unit_usd_declared; }
};

enum class SmugglingKind { kNone, kCounterfeit, kCigarettes, kWeaponParts, kPrecursors, kUndeclaredGoods };
struct SmugglingTraits {
  std::string_view name;
  int fraud_type;  // kProhibited or kSmuggling
  int critical_level;
};
SmugglingTraits TraitsOf(SmugglingKind kind);

struct DeclarationDraft {
  Declaration declaration;
  std::vector<GoodsItem> items;
  std::vector<ItemTruth> truth;
  TransportDocument document;
  bool document_filed = true;  // false: the declaration references a document no carrier filed (or none)
  int importer = -1;
  int supplier = -1;
  EpochDay day = 0;
  std::array<double, kFraudTypes> loss{};  // revenue at stake (duty + VAT) per fraud type
  SmugglingKind smuggling = SmugglingKind::kNone;
  std::vector<TruthRow> truth_rows;
  bool de_minimis = false;
  bool duty_suspended = false;     // inward processing (procedure 5100)
  double gross_factor = 1.1;       // gross mass / net mass (packaging)
  std::string mismatch_kind;       // planted manifest mismatch variant, "" none
  std::string mismatch_mechanism;  // manifest_mismatch or colluding_broker
  double split_target = 0;         // split member: customs value as a share of the de minimis

  bool Fraudulent() const {
    for (double l : loss) {
      if (l > 0) return true;
    }
    return smuggling != SmugglingKind::kNone;
  }
};

// Builds declarations one at a time, in lodgement order.
class DeclarationBuilder {
 public:
  DeclarationBuilder(const World& world, uint64_t seed);
  void Build(const DeclarationPlan& plan, DeclarationDraft* draft);

 private:
  std::string NextDeclarationId(UnixMillis lodged_at);
  void ChooseRouting(DeclarationDraft& d, bool small_parcel, bool by_sea);
  void AddItems(DeclarationDraft& d, bool antidumping_shipment, bool laundering);
  ItemTruth MakeItem(int product, int origin, bool small_parcel, double price_factor);
  double MfnRate(int product, int origin) const;
  double DeclaredDutyRate(const DeclarationDraft& d, const ItemTruth& item, std::string* preference);
  double TrueDutyRate(const DeclarationDraft& d, const ItemTruth& item, double declared_rate,
                      bool preference_claimed) const;
  void ComputeValues(DeclarationDraft& d);
  void WriteItems(DeclarationDraft& d, double national_per_declared_usd);

  // Planting (fraud_planting.cc).
  void PlantImporterFraud(DeclarationDraft& d);
  void PlantBrokerFraud(DeclarationDraft& d);
  void ChooseManifestMismatch(DeclarationDraft& d, std::string mechanism);
  void ApplyMismatchToItems(DeclarationDraft& d);
  void ApplyMismatchToDocument(DeclarationDraft& d);
  void PlantSmuggling(DeclarationDraft& d);
  void AddTruth(DeclarationDraft& d, std::string mechanism, std::string detail);

  // Market-level mechanisms (market.cc).
  void AddWaveItems(DeclarationDraft& d);
  void PlantPriceCollapse(DeclarationDraft& d);

  // Transport documents (documents.cc).
  void BuildDocument(DeclarationDraft& d);
  void AddHonestNoise(DeclarationDraft& d);
  std::string DocumentId(const Carrier& carrier, int mode, int origin);

  const World& world_;
  Rng rng_;
  uint64_t seed_;
  int id_year_ = 0;
  int64_t id_counter_ = 0;
  int64_t document_counter_ = 0;
  std::vector<std::vector<int>> carriers_by_mode_;
};

double TaxAtStake(double customs_value, double duty_rate);  // duty + VAT on (value + duty)

}  // namespace aduana::gen
