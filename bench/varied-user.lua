-- wrk script: POST the create-user body (bench/user.json, Microsoft's
-- example) with a different displayName every time, so that no memo can
-- answer and the body is checked against Graph's metadata on every
-- request. The body is split once, so that building a request costs wrk
-- little.
local f = assert(io.open(os.getenv("BENCH_BODY") or "user.json", "rb"))
local template = f:read("*a")
f:close()
local i, j = template:find('"displayName":"[^"]*"')
assert(i, "the body has no displayName")
local head, tail = template:sub(1, i - 1) .. '"displayName":"Adele Vance ', template:sub(j)

local counter = 0
request = function()
  counter = counter + 1
  return wrk.format("POST", nil, {["Authorization"] = "Bearer test", ["Content-Type"] = "application/json"}, head .. counter .. tail)
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT rps=%.1f p50_us=%d p99_us=%d requests=%d errors=%d status_errors=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50), latency:percentile(99),
    summary.requests, e.connect + e.read + e.write + e.timeout, e.status))
end
