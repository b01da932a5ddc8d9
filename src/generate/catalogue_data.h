// Raw tables of the goods catalogue (catalogue_data.cc): headings, subheadings, anti-dumping duties.
#pragma once

#include <string_view>
#include <vector>

namespace aduana::gen {

struct HeadingRow {
  std::string_view heading;   // 4 digits
  std::string_view manifest;  // manifest wording
  std::string_view unit;      // UN/ECE Rec. 20
  double kg_per_unit;
  double usd_per_unit;
  double kg_per_package;
  double shipment_usd;  // typical item value
  double popularity;
};

struct SubheadingRow {
  std::string_view hs6;
  std::string_view description;
  double duty_rate;     // percent
  double price_factor;  // relative to the heading's unit price
};

struct AntidumpingRow {
  std::string_view hs6;
  double rate;  // extra percent on origin CN
};

const std::vector<HeadingRow>& HeadingRows();
const std::vector<SubheadingRow>& SubheadingRows();
const std::vector<AntidumpingRow>& AntidumpingRows();

}  // namespace aduana::gen
