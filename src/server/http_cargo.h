// Routes of cargo monitoring (cargo_service.h), added to the API's server by HttpApi: tracking events in
// NDJSON batches and transits from the clearance system (integration role), approved routes (admin), and the
// transits in flight, routes and consignment timelines for officers and analysts.
#pragma once

#include <httplib.h>

#include <vector>

#include "server/cargo_service.h"
#include "server/http_api.h"
#include "server/http_reply.h"

namespace aduana::server {

std::vector<RouteSpec> CargoRoutes();
void AddCargoRoutes(httplib::Server& server, CargoService& cargo, const RouteMaker& route);

}  // namespace aduana::server
