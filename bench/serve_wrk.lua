-- wrk script for bench/serve_wrk.sh: four submissions of new declarations (durable writes) for each read of a
-- decision made before. A thread's connections share this state, so a read asks for a declaration submitted 201
-- requests earlier (long answered), not the latest one (maybe still in flight on another connection). Bodies come from a file of JSON declarations, one per line; each
-- submission gets a unique id ("W<thread>-<n>-" + the original id).
--   wrk ... -s bench/serve_wrk.lua URL -- BODIES.jsonl TOKEN
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

local bodies, token, headers
local counter, submitted = 0, {}

function init(args)
  bodies = {}
  for line in io.lines(args[1]) do bodies[#bodies + 1] = line end
  token = args[2]
  headers = { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }
end

function request()
  counter = counter + 1
  if counter % 5 == 0 and counter > 250 then
    return wrk.format("GET", "/v1/declarations/" .. submitted[(counter - 201) % 256], headers)
  end
  local body = bodies[(counter % #bodies) + 1]
  local original = string.match(body, '"declaration_id":"([^"]+)"')
  local id = "W" .. tid .. "-" .. counter .. "-" .. original
  body = string.gsub(body, '"declaration_id":"[^"]+"', '"declaration_id":"' .. id .. '"', 1)
  submitted[counter % 256] = id
  return wrk.format("POST", "/v1/declarations", headers, body)
end
