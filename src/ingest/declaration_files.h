// Reads declarations to be assessed from files, without storing them: the native contract's declaration,
// goods item and transport document files, or KCS rows. Each declaration comes with its items, its document
// discrepancies and (KCS, or a native outcome file) its known outcome. Rows that cannot be read are listed with
// file, line, field and reason, never dropped silently.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "ingest/row_parser.h"
#include "store/store.h"

namespace aduana {

struct RejectedRow {
  std::string file;
  int64_t line = 0;
  std::string field;
  std::string reason;
};

struct DeclarationFiles {
  std::vector<DeclarationRecord> records;  // in file order
  std::vector<RejectedRow> rejected;
};

// `find_document` looks up transport documents the files do not contain (e.g. in the store); may be empty.
using DocumentLookup = std::function<std::optional<TransportDocument>(const std::string& id)>;

absl::StatusOr<DeclarationFiles> ReadDeclarationFiles(const std::vector<std::string>& paths, InputFormat format,
                                                      const DocumentLookup& find_document);

}  // namespace aduana
