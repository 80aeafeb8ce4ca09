# Sourced by bench/loopback.sh and bench/compare.sh (with $here set to this folder): checks for
# wrk, pins servers to CPU 0 and wrk to CPU 1 when there are two, makes $tmp, stops every pid in
# $pids on exit, and builds the bare net/http server to $tmp/baseline.
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install -y wrk)"; exit 2; }
pin_srv=(); pin_wrk=()
if command -v taskset >/dev/null && [ "$(nproc)" -ge 2 ]; then pin_srv=(taskset -c 0); pin_wrk=(taskset -c 1); fi
tmp=$(mktemp -d); pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done; rm -rf "$tmp"; }
trap cleanup EXIT
(cd "$here/baseline" && go build -o "$tmp/baseline" .) || exit 1
