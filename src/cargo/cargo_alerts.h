// Cargo alerts join the early-warning alerts in the store (one table, one workflow: new -> acknowledged ->
// resolved | dismissed): detector "cargo.<kind>", subject the transit, the declaration attached.
#pragma once

#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "cargo/transit_monitor.h"
#include "store/store.h"

namespace aduana::cargo {

inline constexpr std::string_view kDetectorPrefix = "cargo.";

AlertRecord ToAlertRecord(const CargoAlert& alert);

// Stores `alerts` in the caller's transaction; returns how many were new (a replay finds the same again).
absl::StatusOr<int64_t> StoreCargoAlerts(Store& store, const std::vector<CargoAlert>& alerts);

}  // namespace aduana::cargo
