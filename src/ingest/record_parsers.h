// Native-format record parsers: each reads one record's columns, in contract order, through a FieldCursor,
// then applies the checks that span several fields. On failure the cursor holds the field and the reason.
#pragma once

#include "core/outcome.h"
#include "core/party.h"
#include "core/trade.h"
#include "core/transit.h"
#include "ingest/field_cursor.h"

namespace aduana {

void ReadRecord(FieldCursor& c, Company* out);
void ReadRecord(FieldCursor& c, TransportDocument* out);
void ReadRecord(FieldCursor& c, Declaration* out);
void ReadRecord(FieldCursor& c, GoodsItem* out);
void ReadRecord(FieldCursor& c, InspectionOutcome* out);
void ReadRecord(FieldCursor& c, AuditOutcome* out);
void ReadRecord(FieldCursor& c, Route* out);
void ReadRecord(FieldCursor& c, StopZone* out);
void ReadRecord(FieldCursor& c, Transit* out);
void ReadRecord(FieldCursor& c, TrackingEvent* out);

}  // namespace aduana
