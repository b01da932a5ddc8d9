// Routes of what the browser UI reads (insight_service.h): the dashboard, the model registry and pages of
// decisions, added to the API's server by HttpApi. docs/api/openapi.yaml describes them.
#pragma once

#include <httplib.h>

#include <vector>

#include "server/http_api.h"
#include "server/http_reply.h"
#include "server/insight_service.h"

namespace aduana::server {

std::vector<RouteSpec> InsightRoutes();
void AddInsightRoutes(httplib::Server& server, InsightService& insight, const RouteMaker& route);

// {"name", "role", "permissions": [...]} of a principal (GET /v1/me).
nlohmann::json PrincipalJson(const Principal& who);

}  // namespace aduana::server
