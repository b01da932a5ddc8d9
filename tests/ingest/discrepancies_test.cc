#include "ingest/discrepancies.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace aduana {
namespace {

DeclarationBundle ConsistentBundle() {
  DeclarationBundle b;
  Declaration& d = b.declaration;
  d.declaration_id = "D1";
  d.importer_id = "IMP";
  d.supplier_country = "CN";
  d.country_of_export = "CN";
  d.transport_document_id = "BL1";
  d.incoterm = "FOB";
  d.exchange_rate = 20;
  d.invoice_amount = 900;
  d.freight = 90;
  d.insurance = 10;
  d.customs_value = 20000;
  d.gross_mass_kg = 1000;
  d.packages = 10;
  GoodsItem item;
  item.declaration_id = "D1";
  item.item_number = 1;
  item.hs_code = "8517620000";
  item.country_of_origin = "CN";
  item.net_mass_kg = 950;
  item.customs_value = 20000;
  b.items.push_back(item);
  TransportDocument doc;
  doc.transport_document_id = "BL1";
  doc.consignee_id = "IMP";
  doc.hs_code = "8517";
  doc.packages = 10;
  doc.gross_mass_kg = 1020;
  b.transport_document = doc;
  return b;
}

std::vector<std::string> Kinds(const DeclarationBundle& b) {
  std::vector<std::string> kinds;
  for (const Discrepancy& d : FindDiscrepancies(b)) kinds.push_back(d.kind);
  std::sort(kinds.begin(), kinds.end());
  return kinds;
}

TEST(Discrepancies, NoneWhenDocumentsAgree) { EXPECT_TRUE(Kinds(ConsistentBundle()).empty()); }

TEST(Discrepancies, FlagsEachMismatch) {
  auto b = ConsistentBundle();
  b.transport_document->gross_mass_kg = 1200;
  EXPECT_EQ(Kinds(b), std::vector<std::string>{"gross_mass_mismatch"});
  b = ConsistentBundle();
  b.transport_document->packages = 11;
  EXPECT_EQ(Kinds(b), std::vector<std::string>{"packages_mismatch"});
  b = ConsistentBundle();
  b.transport_document->consignee_id = "OTHER";
  EXPECT_EQ(Kinds(b), std::vector<std::string>{"consignee_mismatch"});
  b = ConsistentBundle();
  b.transport_document->hs_code = "6109";
  EXPECT_EQ(Kinds(b), std::vector<std::string>{"goods_description_mismatch"});
  b = ConsistentBundle();
  b.transport_document.reset();
  EXPECT_EQ(Kinds(b), std::vector<std::string>{"transport_document_missing"});
  b = ConsistentBundle();
  b.declaration.customs_value = 15000;
  b.items[0].customs_value = 15000;
  EXPECT_EQ(Kinds(b), std::vector<std::string>{"value_build_mismatch"});
  b = ConsistentBundle();
  b.items[0].customs_value = 19000;
  EXPECT_EQ(Kinds(b), std::vector<std::string>{"items_value_mismatch"});
  b = ConsistentBundle();
  b.items[0].net_mass_kg = 1001;
  EXPECT_EQ(Kinds(b), std::vector<std::string>{"items_mass_exceeds_gross"});
  b = ConsistentBundle();
  b.items[0].country_of_origin = "VN";
  EXPECT_EQ(Kinds(b), std::vector<std::string>{"origin_vs_supplier_country"});
}

TEST(Discrepancies, ToleratesSmallDifferences) {
  auto b = ConsistentBundle();
  b.transport_document->gross_mass_kg = 1040;  // 3.8% apart: within 5%
  b.declaration.customs_value = 20300;         // 1.5% from the built value: within 2%
  b.items[0].customs_value = 20200;            // 0.5% from the header: within 1%
  EXPECT_TRUE(Kinds(b).empty());
}

}  // namespace
}  // namespace aduana
