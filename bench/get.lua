-- wrk script: GET with the headers Graph clients send (the unmatched-call
-- shape of make loopback: the path is given on the command line).
wrk.method = "GET"
wrk.headers["Authorization"] = "Bearer test"
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT rps=%.1f p50_us=%d p99_us=%d requests=%d errors=%d status_errors=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50), latency:percentile(99),
    summary.requests, e.connect + e.read + e.write + e.timeout, e.status))
end
