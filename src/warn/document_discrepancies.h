// Document discrepancies of one importer: its declarations keep disagreeing with the carrier's documents (gross
// mass, packages, consignee or goods description against the manifest or bill of lading; no transport document
// at all). Honest declarations differ from their documents now and then (about 3 in 100 in generated trade: a
// rounding, a typing error); an importer whose goods are not what the manifest says differs again and again.
//
// Each declaration with such a discrepancy tests the importer's latest `window` declarations: k of them with one,
// against the binomial tail at the rate over all declarations seen so far. It alerts when k reaches `min_hits` and
// the tail probability is at most `family_alpha` over the number of importers that declared in the previous week
// (the importers tested, about; false alarms a week). The importer's own past rate is deliberately not the
// baseline: an importer whose goods never match the manifest would then never stand out; one that keeps
// differing alerts again after `quiet_days`. Nothing is tested before `warmup_declarations` declarations have
// given the overall rate. Declarations in lodging order.
#pragma once

#include <deque>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "warn/detectors.h"

namespace aduana::warn {

struct DocumentDiscrepancyConfig {
  std::vector<std::string> kinds = {"gross_mass_mismatch", "packages_mismatch", "consignee_mismatch",
                                    "goods_description_mismatch", "transport_document_missing"};
  int window = 30;
  int min_hits = 4;
  int64_t warmup_declarations = 500;
  double family_alpha = 0.01;
  int quiet_days = 90;
};

// One declaration as the detector sees it.
struct DocumentedDeclaration {
  std::string declaration_id;
  std::string importer_id;
  UnixMillis lodged_at = 0;
  std::vector<std::string> discrepancy_kinds;  // every kind recorded for it
};

class DocumentDiscrepancies {
 public:
  explicit DocumentDiscrepancies(DocumentDiscrepancyConfig config = {});

  // Takes the next declaration; appends the alert it completes, if any, to `alerts`.
  void Observe(const DocumentedDeclaration& d, std::vector<Alert>* alerts);

 private:
  struct Seen {
    std::string declaration_id;
    std::vector<std::string> kinds;  // of config_.kinds
  };
  struct History {
    int64_t declarations = 0;  // before the window
    std::deque<Seen> window;
    UnixMillis last_alert = 0;
    bool alerted = false;
  };

  void NoteWeek(const DocumentedDeclaration& d);
  void Check(const DocumentedDeclaration& d, History& h, std::vector<Alert>* alerts);
  Alert MakeAlert(const DocumentedDeclaration& d, const History& h, int64_t hits, double rate, double tail) const;

  DocumentDiscrepancyConfig config_;
  absl::flat_hash_set<std::string> kinds_;
  absl::flat_hash_map<std::string, History> importers_;
  int64_t declarations_ = 0;  // every declaration seen
  int64_t with_discrepancy_ = 0;
  Week week_ = 0;  // of the latest declaration
  absl::flat_hash_set<std::string> importers_this_week_;
  size_t importers_last_week_ = 0;
};

}  // namespace aduana::warn
