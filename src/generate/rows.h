// The files of the data contract (docs/data-formats.md): their names, columns in contract order, and how a
// domain record becomes a row.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/contract.h"
#include "core/outcome.h"
#include "core/party.h"
#include "core/trade.h"
#include "core/transit.h"
#include "generate/table.h"

namespace aduana::gen {


std::string FileName(EntityKind kind);  // "<contract name>.csv"
std::vector<std::string_view> Columns(EntityKind kind);

void WriteCompany(Table& table, const Company& company);
void WriteTransportDocument(Table& table, const TransportDocument& document);
void WriteDeclaration(Table& table, const Declaration& declaration);
void WriteGoodsItem(Table& table, const GoodsItem& item, bool count_unit);
void WriteInspection(Table& table, const InspectionOutcome& outcome);
void WriteAudit(Table& table, const AuditOutcome& audit);
void WriteRoute(Table& table, const Route& route);
void WriteStopZone(Table& table, const StopZone& zone);
void WriteTransit(Table& table, const Transit& transit);
void WriteTrackingEvent(Table& table, const TrackingEvent& event);

}  // namespace aduana::gen
