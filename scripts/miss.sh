#!/usr/bin/env bash
# scripts/load-test.sh miss: the cache-miss path under concurrency. 1,000,000 valid personal
# tokens are stored on MariaDB/MySQL (generated here with their HMAC under the node's pepper and
# bulk-loaded with LOAD DATA LOCAL INFILE, not one HTTP call each); then wrk sends
# GET /api/auth/verify over $CONNECTIONS connections, every request with a token this node has
# never seen (each wrk thread walks its own slice, nothing repeats), on the default settings
# (the 5 s per-node cache on: a miss is a miss because the token is new). Per round: req/s, p50,
# p99, non-2xx, server CPU µs per request (utime+stime of the java process from /proc/<pid>/stat,
# before and after; below it, the same split by kind of thread: event loop, blocking pool, the
# scheduled last-use flush, JIT, GC) and database SELECTs and UPDATEs per request (SHOW GLOBAL
# STATUS Com_select/Com_update; the server is shared, so this counts anything else running on it
# too, and the UPDATEs are the last-use flush's). The load average is printed with the figures:
# the machine may be shared. Every call to the node and the database is bounded
# (scripts/lib/common.sh: time-outs, a few retries of a set-up call answered 503), and a failed
# step says where it failed, with the end of the node's log.
#
# Database: DATASOURCES_DEFAULT_URL/USERNAME/PASSWORD if set (it must be an empty or scratch
# database: the script adds a million rows), else a scratch database on 127.0.0.1:3306 (root)
# dropped at the end. Knobs: TOKENS (1000000), CONNECTIONS (32), THREADS (2), DURATION (15s),
# ROUNDS (4), WARMUP (60s, on tokens of its own), PORT (18080).
set -euo pipefail
cd "$(dirname "$0")/.."

TOKENS=${TOKENS:-1000000}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
DURATION=${DURATION:-15s}
ROUNDS=${ROUNDS:-4}
WARMUP=${WARMUP:-60s}
PORT=${PORT:-18080}
BASE="http://127.0.0.1:$PORT"
WORK=$(mktemp -d)
# shellcheck source=scripts/lib/common.sh
. scripts/lib/common.sh
trap lk_cleanup EXIT
trap 'lk_failed $LINENO' ERR

lk_tools
lk_mysql
lk_start_server
lk_tenant miss
VERIFY="/api/auth/verify?permission=pipelines:run&project=$PROJECT"
# slices: 0 = warm-up, 1..ROUNDS = measured rounds; each slice split per wrk thread
lk_mint "$TOKENS" $((ROUNDS + 1)) "$THREADS"
code=$(lk_status "$VERIFY" "$(head -1 "$WORK/tokens-0-0.txt")")
[ "$code" = 204 ] || { echo "a stored token answered $code, expected 204" >&2; exit 1; }

# each wrk thread reads its own file of the slice and never repeats a token
lua() {
  cat >"$WORK/slice-$1.lua" <<LUA
local counter = 0
function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
end
function init(args)
  tokens = {}
  for line in io.lines("$WORK/tokens-$1-" .. id .. ".txt") do tokens[#tokens + 1] = line end
  i = 0
end
function request()
  i = i + 1
  if i > #tokens then error("slice exhausted: more requests than tokens") end
  return wrk.format("GET", "$VERIFY", {["Authorization"] = "Bearer " .. tokens[i]})
end
LUA
  echo "$WORK/slice-$1.lua"
}
statements() { lk_sql -N -e "SHOW GLOBAL STATUS WHERE Variable_name IN ('Com_select', 'Com_update')" | sort | awk '{printf "%s ", $2} END {print ""}'; }
run() {
  timeout 900 wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$1" "$BASE" 2>&1 </dev/null | python3 -c '
import re, sys
text = sys.stdin.read()
def ms(v):
    n, unit = float(re.match(r"([\d.]+)", v).group(1)), re.sub(r"[\d.]", "", v)
    return n * {"us": 0.001, "ms": 1, "s": 1000}[unit]
total = int(re.search(r"(\d+) requests in", text).group(1))
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
p = {k: ms(v) for k, v in re.findall(r"^\s+(50|99)%\s+(\S+)", text, re.M)}
non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
errors = re.search(r"Socket errors: (.*)", text)
print("%d %.0f %.2f %.2f %s %s" % (total, rps, p["50"], p["99"], non2xx.group(1) if non2xx else 0,
      "none" if not errors else errors.group(1).replace(" ", "")))'
}

echo "warming up (slice 0, ${WARMUP}) ..."
DURATION=$WARMUP run "$(lua 0)" >/dev/null
hz=$(getconf CLK_TCK)
printf '\n%-6s %9s %8s %8s %8s %7s %10s %10s %10s  %s\n' round requests req/s p50_ms p99_ms non2xx cpu_us/req select/req update/req "load average"
for r in $(seq 1 "$ROUNDS"); do
  script=$(lua "$r")
  read -r s0 u0 < <(statements)
  lk_thread_ticks >"$WORK/threads-0"
  read -r total rps p50 p99 bad errs < <(run "$script")
  lk_thread_ticks >"$WORK/threads-1"
  read -r s1 u1 < <(statements)
  c0=$(awk '$1 == "process" {print $3}' "$WORK/threads-0"); c1=$(awk '$1 == "process" {print $3}' "$WORK/threads-1")
  python3 -c "
total, hz = $total, $hz
print('%-6s %9d %8s %8s %8s %7s %10.0f %10.2f %10.2f  %s' % ($r, total, '$rps', '$p50', '$p99', '$bad',
      ($c1 - $c0) * 1e6 / hz / total, ($s1 - $s0) / total, ($u1 - $u0) / total,
      ' / '.join(open('/proc/loadavg').read().split()[0:3])))"
  lk_thread_cpu "$WORK/threads-0" "$WORK/threads-1" "$total"
  [ "$errs" = none ] || echo "       socket errors: $errs"
done
echo "(mode miss: $TOKENS stored tokens, every request a token never seen by this node, $CONNECTIONS connections, $THREADS wrk threads, rounds of $DURATION; $(nproc) cores shared with wrk and the database)"
