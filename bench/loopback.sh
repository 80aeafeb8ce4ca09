#!/usr/bin/env bash
# Loopback throughput of graphmock against bare net/http, side by side in one run.
# Usage (from the project root; "make loopback" runs it on the built binary):
#   bench/loopback.sh 'COMMAND THAT STARTS GRAPHMOCK ON 127.0.0.1:18081'
# e.g. bench/loopback.sh './bin/graphmock serve -addr 127.0.0.1:18081'
# Env: DUR [10] seconds per run, RUNS [2] runs per server, CONNS [32], BASE_STATUS [204], LUA [post.lua] wrk script,
#      BASE_RESPONSE [] file the baseline answers with (match what graphmock answers),
#      URL_PATH [the chat $ref path], BENCH_BODY [request.json beside this script],
#      BASE_ARGS [] more baseline flags (-graph-headers -timeouts: the ceiling for graphmock's answer).
# Needs wrk (apt-get install -y wrk) and taskset. Servers on CPU 0, wrk on CPU 1, runs alternate
# baseline/graphmock so machine drift hits both alike. Loopback only.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
[ $# -ge 1 ] || { sed -n 2,10p "$0"; exit 2; }
gm_cmd=$1
DUR=${DUR:-10} RUNS=${RUNS:-2} CONNS=${CONNS:-32} BASE_STATUS=${BASE_STATUS:-204} BASE_RESPONSE=${BASE_RESPONSE:-}
URL_PATH=${URL_PATH:-'/beta/chats/19%3Ab8577894a63548969c5c92bb9c80c5e1%40thread.v2/installedApps/MTI1MjM0NTY3OA%3D%3D/chat/$ref'}
export BENCH_BODY=${BENCH_BODY:-$here/request.json}
# shellcheck source=setup.sh
source "$here/setup.sh"

wait_port() { for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$1/" && return 0; sleep 0.1; done; return 1; }
check() { # name port
  echo "$1: check request answered $(curl -s -o /dev/null -w '%{http_code}' -X POST "http://127.0.0.1:$2$URL_PATH" \
    -H 'Authorization: Bearer test' -H 'Content-Type: application/json' --data-binary @"$BENCH_BODY")"
  "${pin_wrk[@]}" wrk -t1 -c"$CONNS" -d2s -s "${LUA:-$here/post.lua}" "http://127.0.0.1:$2$URL_PATH" >/dev/null
}
run() { # name port round
  "${pin_wrk[@]}" wrk -t1 -c"$CONNS" -d"${DUR}s" -s "${LUA:-$here/post.lua}" "http://127.0.0.1:$2$URL_PATH" | grep RESULT | sed "s/^/$1 run$3 /" | tee -a "$tmp/results"
}

args=(-addr 127.0.0.1:18080 -status "$BASE_STATUS"); [ -n "$BASE_RESPONSE" ] && args+=(-response "$BASE_RESPONSE")
read -r -a extra <<<"${BASE_ARGS:-}"; args+=("${extra[@]}")
"${pin_srv[@]}" "$tmp/baseline" "${args[@]}" & pids+=($!); base_pid=$!
"${pin_srv[@]}" bash -c "exec $gm_cmd" & pids+=($!); gm_pid=$!
wait_port 18080 || { echo "baseline did not start"; exit 1; }
wait_port 18081 || { echo "graphmock did not answer on 127.0.0.1:18081"; exit 1; }
check baseline 18080; check graphmock 18081
for r in $(seq 1 "$RUNS"); do run baseline 18080 "$r"; run graphmock 18081 "$r"; done
echo "peak RSS: baseline $(awk '/VmHWM/ {print $2, $3}' /proc/$base_pid/status), graphmock $(awk '/VmHWM/ {print $2, $3}' /proc/$gm_pid/status)"

awk '/^baseline/ {for(i=1;i<=NF;i++) if($i ~ /^rps=/){split($i,a,"=");b+=a[2];nb++}}
     /^graphmock/ {for(i=1;i<=NF;i++) if($i ~ /^rps=/){split($i,a,"=");g+=a[2];ng++}}
     END {if(nb&&ng) printf "ratio graphmock/baseline rps = %.2f (graphmock %.0f, baseline %.0f; runs alternated)\n", (g/ng)/(b/nb), g/ng, b/nb}' "$tmp/results"
