-- wrk script: POST the chat $ref request with a different body every time:
-- the topic and the tenant id change, everything else is bench/request.json,
-- so no memo can answer and the body is validated on every request.
local f = assert(io.open(os.getenv("BENCH_BODY") or "request.json", "rb"))
local template = f:read("*a")
f:close()
local counter = 0
request = function()
  counter = counter + 1
  local body = template
    :gsub('"topic":"[^"]*"', string.format('"topic":"Weekly sync %d"', counter))
    :gsub('"tenantId":"[^"]*"', string.format('"tenantId":"b33cbe9f-8ebe-4f2a-912b-%012x"', counter))
  return wrk.format("POST", nil, {["Authorization"] = "Bearer test", ["Content-Type"] = "application/json"}, body)
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT rps=%.1f p50_us=%d p99_us=%d requests=%d errors=%d status_errors=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50), latency:percentile(99),
    summary.requests, e.connect + e.read + e.write + e.timeout, e.status))
end
