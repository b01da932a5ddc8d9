// Routes of oversight after release (alerts, audit plans, audit cases), added to the API's server by HttpApi.
#pragma once

#include <httplib.h>

#include <vector>

#include "server/http_api.h"
#include "server/http_reply.h"
#include "server/oversight_service.h"

namespace aduana::server {

std::vector<RouteSpec> OversightRoutes();
void AddOversightRoutes(httplib::Server& server, OversightService& oversight, const RouteMaker& route);

}  // namespace aduana::server
