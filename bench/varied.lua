-- wrk script: POST the chat $ref request with a different body every time:
-- the topic and the tenant id change, everything else is bench/request.json,
-- so no memo can answer and the body is validated on every request.
-- The template is split once, so that building a request costs wrk little:
-- the server, not wrk, must be what the run measures.
local f = assert(io.open(os.getenv("BENCH_BODY") or "request.json", "rb"))
local template = f:read("*a")
f:close()

-- split cuts s around the first value of "key":"…", returning what comes before the value and after it.
local function split(s, key)
  local i, j = s:find('"' .. key .. '":"[^"]*"')
  assert(i, "request.json has no " .. key)
  local head = s:sub(1, i - 1) .. '"' .. key .. '":"'
  return head, s:sub(j)
end
local a, rest, b, c, order
if template:find('"topic"') < template:find('"tenantId"') then
  a, rest = split(template, "topic"); b, c = split(rest, "tenantId")
  order = "topic"
else
  a, rest = split(template, "tenantId"); b, c = split(rest, "topic")
  order = "tenantId"
end

local counter = 0
request = function()
  counter = counter + 1
  local topic = "Weekly sync " .. counter
  local tenant = string.format("b33cbe9f-8ebe-4f2a-912b-%012x", counter)
  local body
  if order == "topic" then body = a .. topic .. b .. tenant .. c else body = a .. tenant .. b .. topic .. c end
  return wrk.format("POST", nil, {["Authorization"] = "Bearer test", ["Content-Type"] = "application/json"}, body)
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT rps=%.1f p50_us=%d p99_us=%d requests=%d errors=%d status_errors=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50), latency:percentile(99),
    summary.requests, e.connect + e.read + e.write + e.timeout, e.status))
end
