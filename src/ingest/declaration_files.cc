#include "ingest/declaration_files.h"

#include <map>

#include "absl/container/flat_hash_map.h"
#include "ingest/csv_reader.h"
#include "ingest/discrepancies.h"

namespace aduana {
namespace {

struct Collected {
  std::vector<DeclarationRecord> records;
  absl::flat_hash_map<std::string, size_t> index;  // declaration id -> records position
  std::vector<std::pair<RejectedRow, GoodsItem>> items;
  std::vector<std::pair<RejectedRow, InspectionOutcome>> outcomes;
  std::map<std::string, TransportDocument> documents;
};

void Take(ParsedRow& row, const std::string& path, Collected* c, std::vector<RejectedRow>* rejected) {
  RejectedRow where{path, row.line, "", ""};
  auto add_declaration = [&](Declaration d) -> DeclarationRecord* {
    if (c->index.contains(d.declaration_id)) {
      rejected->push_back({path, row.line, "declaration_id", "duplicate: declaration " + d.declaration_id +
                                                                 " appears more than once"});
      return nullptr;
    }
    c->index[d.declaration_id] = c->records.size();
    c->records.push_back({std::move(d), {}, {}, {}, std::nullopt});
    return &c->records.back();
  };
  if (auto* kcs = std::get_if<KcsRow>(&row.record)) {
    if (DeclarationRecord* r = add_declaration(kcs->declaration)) {
      r->items.push_back(kcs->item);
      r->outcome = kcs->outcome;
    }
  } else if (auto* d = std::get_if<Declaration>(&row.record)) {
    add_declaration(*d);
  } else if (auto* item = std::get_if<GoodsItem>(&row.record)) {
    c->items.emplace_back(where, *item);
  } else if (auto* outcome = std::get_if<InspectionOutcome>(&row.record)) {
    c->outcomes.emplace_back(where, *outcome);
  } else if (auto* doc = std::get_if<TransportDocument>(&row.record)) {
    c->documents[doc->transport_document_id] = *doc;
  }
  // Other kinds (companies, transits, ...) are not part of a declaration's assessment input.
}

absl::Status ReadFile(const std::string& path, InputFormat format, Collected* c, std::vector<RejectedRow>* rejected) {
  CsvReader reader;
  if (absl::Status s = reader.Open(path); !s.ok()) return s;
  CsvRecord record;
  if (!reader.Next(&record)) {
    return reader.status().ok() ? absl::InvalidArgumentError(path + ": empty file, expected a header line")
                                : reader.status();
  }
  RowParser parser(record, format);
  if (!parser.header_status().ok()) {
    return absl::InvalidArgumentError(path + ":1: " + std::string(parser.header_status().message()));
  }
  ParsedRow row;
  while (reader.Next(&record)) {
    row = ParsedRow{};
    parser.Parse(record, &row);
    if (!row.reason.empty()) {
      rejected->push_back({path, row.line, row.field, row.reason});
      continue;
    }
    Take(row, path, c, rejected);
  }
  return reader.status();
}

}  // namespace

absl::StatusOr<DeclarationFiles> ReadDeclarationFiles(const std::vector<std::string>& paths, InputFormat format,
                                                      const DocumentLookup& find_document) {
  Collected c;
  DeclarationFiles out;
  for (const std::string& path : paths) {
    if (absl::Status s = ReadFile(path, format, &c, &out.rejected); !s.ok()) return s;
  }
  // Items and outcomes join their declaration, whichever file it came from.
  auto attach = [&](auto& rows, auto&& place) {
    for (auto& [where, row] : rows) {
      auto it = c.index.find(row.declaration_id);
      if (it == c.index.end()) {
        out.rejected.push_back({where.file, where.line, "declaration_id",
                                "unknown reference: declaration " + row.declaration_id + " is not in the files"});
        continue;
      }
      place(c.records[it->second], std::move(row));
    }
  };
  attach(c.items, [](DeclarationRecord& r, GoodsItem&& item) { r.items.push_back(std::move(item)); });
  attach(c.outcomes, [](DeclarationRecord& r, InspectionOutcome&& o) { r.outcome = std::move(o); });
  for (DeclarationRecord& r : c.records) {
    DeclarationBundle bundle{r.declaration, r.items, std::nullopt};
    const std::string& doc_id = r.declaration.transport_document_id;
    if (!doc_id.empty()) {
      auto doc = c.documents.find(doc_id);
      if (doc != c.documents.end()) {
        bundle.transport_document = doc->second;
      } else if (find_document) {
        bundle.transport_document = find_document(doc_id);
      }
      if (bundle.transport_document) r.carrier_id = bundle.transport_document->carrier_id;
    }
    for (const Discrepancy& d : FindDiscrepancies(bundle)) r.discrepancy_kinds.push_back(d.kind);
  }
  out.records = std::move(c.records);
  return out;
}

}  // namespace aduana
