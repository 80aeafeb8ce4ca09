#!/usr/bin/env bash
# Two graphmock builds against bare net/http over loopback, in one run: bare, A and B in turn,
# ROUNDS short rounds each, so machine drift hits all three alike. Prints each one's ratio to bare
# and B's to A. Use it to measure a change: build the binary before and after, then
#   bench/compare.sh OLD_BINARY NEW_BINARY 'serve -log-level warn -scenarios examples/graph-metadata.yaml'
# Env: DUR [2] seconds per round, ROUNDS [10], CONNS [32], LUA [post.lua], URL_PATH [/v1.0/users],
#      BENCH_BODY [user.json], BASE_STATUS [201], BASE_RESPONSE [user-created.json] (as make loopback's
#      bodyType lines). Servers on CPU 0, wrk on CPU 1, as bench/loopback.sh. Needs wrk and taskset.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
[ $# -ge 3 ] || { sed -n 2,9p "$0"; exit 2; }
a=$1 b=$2 args=$3
DUR=${DUR:-2} ROUNDS=${ROUNDS:-10} CONNS=${CONNS:-32} LUA=${LUA:-$here/post.lua} URL_PATH=${URL_PATH:-/v1.0/users}
BASE_STATUS=${BASE_STATUS:-201} BASE_RESPONSE=${BASE_RESPONSE:-$here/user-created.json}
export BENCH_BODY=${BENCH_BODY:-$here/user.json}
# shellcheck source=setup.sh
source "$here/setup.sh"
"${pin_srv[@]}" "$tmp/baseline" -addr 127.0.0.1:18080 -status "$BASE_STATUS" -response "$BASE_RESPONSE" & pids+=($!)
read -r -a gm_args <<<"$args"
"${pin_srv[@]}" "$a" "${gm_args[@]}" -addr 127.0.0.1:18081 >/dev/null 2>&1 & pids+=($!)
"${pin_srv[@]}" "$b" "${gm_args[@]}" -addr 127.0.0.1:18082 >/dev/null 2>&1 & pids+=($!)
for port in 18080 18081 18082; do
  for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.1; done
  "${pin_wrk[@]}" wrk -t1 -c"$CONNS" -d1s -s "$LUA" "http://127.0.0.1:$port$URL_PATH" >/dev/null # warm up
done
for r in $(seq 1 "$ROUNDS"); do
  for port in 18080 18081 18082; do
    "${pin_wrk[@]}" wrk -t1 -c"$CONNS" -d"${DUR}s" -s "$LUA" "http://127.0.0.1:$port$URL_PATH" | grep RESULT | sed "s/^/$port round$r /" | tee -a "$tmp/results"
  done
done
awk '{for(i=1;i<=NF;i++) if($i ~ /^rps=/){split($i,v,"="); s[$1]+=v[2]}}
     END {printf "A/bare %.3f  B/bare %.3f  B/A %.3f (rounds alternated)\n", s[18081]/s[18080], s[18082]/s[18080], s[18082]/s[18081]}' "$tmp/results"
