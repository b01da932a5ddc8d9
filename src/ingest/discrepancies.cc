#include "ingest/discrepancies.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace aduana {
namespace {

std::string Num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

bool RelativelyApart(double a, double b, double tolerance) {
  double scale = std::max(std::fabs(a), std::fabs(b));
  return scale > 0 && std::fabs(a - b) > tolerance * scale;
}

void CheckAgainstDocument(const Declaration& d, const std::vector<GoodsItem>& items, const TransportDocument& doc,
                          const DiscrepancyThresholds& t, std::vector<Discrepancy>* out) {
  auto add = [&](const char* kind, std::string declared, std::string observed) {
    out->push_back({d.declaration_id, kind, std::move(declared), std::move(observed)});
  };
  if (RelativelyApart(d.gross_mass_kg, doc.gross_mass_kg, t.gross_mass_relative)) {
    add("gross_mass_mismatch", Num(d.gross_mass_kg), Num(doc.gross_mass_kg));
  }
  if (d.packages != doc.packages) {
    add("packages_mismatch", std::to_string(d.packages), std::to_string(doc.packages));
  }
  if (d.importer_id != doc.consignee_id) add("consignee_mismatch", d.importer_id, doc.consignee_id);
  if (doc.hs_code.size() >= 4 && !items.empty()) {
    bool shares_heading = false;
    for (const GoodsItem& item : items) {
      if (item.hs_code.compare(0, 4, doc.hs_code, 0, 4) == 0) shares_heading = true;
    }
    if (!shares_heading) add("goods_description_mismatch", items.front().hs_code, doc.hs_code);
  }
}

void CheckValues(const Declaration& d, const std::vector<GoodsItem>& items, const DiscrepancyThresholds& t,
                 std::vector<Discrepancy>* out) {
  auto add = [&](const char* kind, std::string declared, std::string observed) {
    out->push_back({d.declaration_id, kind, std::move(declared), std::move(observed)});
  };
  if (!d.incoterm.empty() && d.exchange_rate > 0) {
    double built = (d.invoice_amount + d.freight + d.insurance) * d.exchange_rate;
    if (RelativelyApart(d.customs_value, built, t.value_build_relative)) {
      add("value_build_mismatch", Num(d.customs_value), Num(built));
    }
  }
  if (items.empty()) return;
  double items_value = 0;
  double items_mass = 0;
  for (const GoodsItem& item : items) {
    items_value += item.customs_value;
    items_mass += item.net_mass_kg;
  }
  if (RelativelyApart(d.customs_value, items_value, t.items_value_relative)) {
    add("items_value_mismatch", Num(d.customs_value), Num(items_value));
  }
  if (d.gross_mass_kg > 0 && items_mass > d.gross_mass_kg * 1.0001) {
    add("items_mass_exceeds_gross", Num(d.gross_mass_kg), Num(items_mass));
  }
  for (const GoodsItem& item : items) {
    const std::string& origin = item.country_of_origin;
    if (origin != "ZZ" && origin != d.supplier_country && origin != d.country_of_export) {
      add("origin_vs_supplier_country", origin, d.supplier_country + "/" + d.country_of_export);
      break;
    }
  }
}

}  // namespace

std::vector<Discrepancy> FindDiscrepancies(const DeclarationBundle& bundle, const DiscrepancyThresholds& t) {
  std::vector<Discrepancy> found;
  const Declaration& d = bundle.declaration;
  if (!d.transport_document_id.empty()) {
    if (bundle.transport_document) {
      CheckAgainstDocument(d, bundle.items, *bundle.transport_document, t, &found);
    } else {
      found.push_back({d.declaration_id, "transport_document_missing", d.transport_document_id, ""});
    }
  }
  CheckValues(d, bundle.items, t, &found);
  return found;
}

}  // namespace aduana
