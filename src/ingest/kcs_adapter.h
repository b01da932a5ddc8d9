// Adapter for the public KCS import-declaration dataset (one row per goods item; docs/data-formats.md, "KCS
// format"). Each row becomes a declaration with one item, the parties as companies known only by their
// identifiers, and, where labelled, an inspection outcome.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "core/outcome.h"
#include "core/party.h"
#include "core/trade.h"
#include "ingest/csv_reader.h"

namespace aduana {

struct KcsRow {
  Declaration declaration;
  GoodsItem item;
  std::vector<Company> parties;  // importer and declarant
  std::optional<InspectionOutcome> outcome;
};

class KcsAdapter {
 public:
  // Checks the header and remembers where each KCS column is.
  absl::Status ReadHeader(const std::vector<std::string_view>& header);
  // Converts one row; on failure, `field` and `reason` say why.
  bool Convert(const CsvRecord& record, KcsRow* row, std::string* field, std::string* reason) const;

 private:
  std::vector<size_t> position_;
};

}  // namespace aduana
