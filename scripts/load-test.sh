#!/usr/bin/env bash
# Measures what a token costs a request, against the real jar on this machine.
#
#   scripts/load-test.sh [basic|rotate|seed|startup|soak|miss]
#
#   basic   (default) one PAT and one session; each round runs every endpoint once, in turn:
#           GET /api/version (public), GET /api/auth/verify, GET /api/auth/forward,
#           POST /oauth/introspect (cached PAT), GET of a project with the PAT and with the
#           session. The ruler is the server's CPU time per request: utime+stime of the server
#           process from /proc/<pid>/stat before and after each wrk run, divided by the requests
#           wrk completed. $ROUNDS rounds (default 5), the median per endpoint, with throughput
#           and p50/p99 beside it, and each endpoint's CPU ratio to /api/version in the same
#           round (median). Also prints the start-up wall time and CPU seconds to a healthy
#           /health. Runs on the embedded default, or on DATASOURCES_DEFAULT_URL if set.
#   rotate  10,000 distinct tokens, with the per-node cache switched off
#           (LATCHKEY_TOKENS_CACHE_TTL=0s): every request is a database look-up (token by hash,
#           user, memberships). Needs MySQL/MariaDB.
#   seed    inserts 1,000,000 token rows first, then runs rotate: the look-up stays flat because
#           it is one unique-index probe on token_hash. Needs MySQL/MariaDB.
#   startup start-up to a healthy /health, wall time and server CPU, plain `java -jar` and
#           bin/latchkey-server (AppCDS): scripts/startup.sh.
#   soak    mixed traffic (verify, introspect, list, create+revoke) through nginx against two
#           nodes on MariaDB for SOAK_DURATION seconds (default 600): scripts/soak.sh.
#   miss    the cache-miss path under concurrency: 1,000,000 valid tokens bulk-loaded into MySQL/
#           MariaDB, 32 connections each sending tokens the node has never seen, default caches;
#           req/s, p50/p99, server CPU µs and SELECTs per request: scripts/miss.sh.
#
# MySQL/MariaDB: DATASOURCES_DEFAULT_URL/USERNAME/PASSWORD if set; otherwise the script creates a
# scratch database on the local MariaDB (127.0.0.1:3306, root) and drops it at the end.
# Knobs: DURATION (15s; basic 8s), CONNECTIONS (32), THREADS (2), ROUNDS (3; basic 5), PORT (18080),
# ENDPOINTS (basic: a comma-separated subset of version,verify,forward,introspect,project-pat,
# project-session; version is always measured, the ratios need it).
# The machine's load average is printed beside every figure: other work on the cores shows there.
# All traffic goes to 127.0.0.1 only, and every wrk run is bounded by DURATION.
set -euo pipefail
cd "$(dirname "$0")/.."

MODE=${1:-basic}
[ "$MODE" = basic ] && DURATION=${DURATION:-8s} && ROUNDS=${ROUNDS:-5}
DURATION=${DURATION:-15s}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
ROUNDS=${ROUNDS:-3}
PORT=${PORT:-18080}
BASE="http://127.0.0.1:$PORT"
WORK=$(mktemp -d)
# shellcheck source=scripts/lib/common.sh
. scripts/lib/common.sh
trap lk_cleanup EXIT
trap 'lk_failed $LINENO' ERR

case "$MODE" in
  basic|rotate|seed) ;;
  startup) rm -rf "$WORK"; exec scripts/startup.sh ;;
  soak) rm -rf "$WORK"; exec scripts/soak.sh ;;
  miss) rm -rf "$WORK"; exec scripts/miss.sh ;;
  *) echo "usage: $0 [basic|rotate|seed|startup|soak|miss]" >&2; exit 2 ;;
esac

lk_tools
if [ "$MODE" != basic ]; then
  lk_mysql
  # every request is a database look-up
  export LATCHKEY_TOKENS_CACHE_TTL=0s
elif [ -n "${DATASOURCES_DEFAULT_URL:-}" ]; then
  lk_secrets
fi
lk_start_server
CLK_TCK=$(getconf CLK_TCK)
server_ticks() { lk_server_ticks; }
loadavg() { cut -d' ' -f1 /proc/loadavg; }

echo "setting up a user, a workspace, a project and a token ..."
lk_tenant load
TOKEN=$(lk_curl -XPOST "$BASE/api/user/personal-access-tokens" -H "Authorization: Bearer $JWT" \
  -H 'Content-Type: application/json' -d '{"name":"load","scopes":["pipelines:run","projects:read"]}' | lk_json '["token"]')
VERIFY="/api/auth/verify?permission=pipelines:run&project=$PROJECT"
code=$(lk_status "$VERIFY" "$TOKEN")
[ "$code" = 204 ] || { echo "verify answered $code, expected 204" >&2; exit 1; }

if [ "$MODE" = seed ]; then
  echo "seeding 1,000,000 token rows ..."
  t0=$(date +%s)
  lk_sql -e "INSERT INTO personal_tokens (id, user_id, name, note, token_hash, hint, scopes, workspace_id,
      ip_restrictions, created_at, updated_at, expires_at, last_used_at, last_used_ip, revoked_at)
    SELECT UUID(), '$USER_ID', CONCAT('seed ', seq), NULL, SHA2(CONCAT('seed-', seq), 256), 'seed',
      'projects:read', NULL, NULL, NOW(), NOW(), NULL, NULL, NULL, NULL FROM seq_1_to_1000000"
  echo "seeded in $(( $(date +%s) - t0 )) s; rows: $(lk_sql -N -e 'SELECT COUNT(*) FROM personal_tokens')"
fi

if [ "$MODE" != basic ]; then
  lk_mint 10000 1 1
  mv "$WORK/tokens-0-0.txt" "$WORK/tokens.txt"
  code=$(lk_status "$VERIFY" "$(head -1 "$WORK/tokens.txt")")
  [ "$code" = 204 ] || { echo "a minted token answered $code, expected 204" >&2; exit 1; }
fi

cat >"$WORK/rotate.lua" <<LUA
local tokens = {}
for line in io.lines("$WORK/tokens.txt") do tokens[#tokens + 1] = line end
local i = math.random(#tokens)
request = function()
  i = (i % #tokens) + 1
  return wrk.format("GET", "$VERIFY", {["Authorization"] = "Bearer " .. tokens[i]})
end
LUA

# wrk --latency prints "50%  1.23ms" lines; normalize to milliseconds. Prints:
#   req/s p50_ms p99_ms non2xx requests server_cpu_us_per_request load_average
run() {
  local before after
  before=$(server_ticks)
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$@" >"$WORK/wrk.out" 2>&1 </dev/null
  after=$(server_ticks)
  python3 - "$before" "$after" "$CLK_TCK" "$(loadavg)" "$WORK/wrk.out" <<'PY'
import re, sys
before, after, tck, load = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
text = open(sys.argv[5]).read()
def ms(v):
    n, unit = float(re.match(r"([\d.]+)", v).group(1)), re.sub(r"[\d.]", "", v)
    return n * {"us": 0.001, "ms": 1, "s": 1000}[unit]
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
requests = int(re.search(r"(\d+) requests in", text).group(1))
p = {k: ms(v) for k, v in re.findall(r"^\s+(50|99)%\s+(\S+)", text, re.M)}
non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
bad = non2xx.group(1) if non2xx else 0
cpu_us = (after - before) * 1e6 / tck / max(requests, 1)
print("%.0f %.3f %.3f %s %d %.1f %s" % (rps, p["50"], p["99"], bad, requests, cpu_us, load))
PY
}

cat >"$WORK/introspect.lua" <<LUA
wrk.method = "POST"
wrk.body = "token=$TOKEN"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Authorization"] = "Bearer $TOKEN"
LUA

# endpoint label | wrk arguments (basic mode), those ENDPOINTS names (all by default)
endpoints() {
  all_endpoints | while IFS='|' read -r key rest; do
    case ",version,${ENDPOINTS:-$key}," in *",$key,"*) echo "$key|$rest" ;; esac
  done
}
all_endpoints() {
  echo "version|GET /api/version (public)|$BASE/api/version"
  echo "verify|GET /api/auth/verify (cached PAT)|-H|Authorization: Bearer $TOKEN|$BASE$VERIFY"
  echo "forward|GET /api/auth/forward (cached PAT)|-H|Authorization: Bearer $TOKEN|-H|X-Forwarded-Method: GET|-H|X-Forwarded-Uri: /api/web/builds|$BASE/api/auth/forward?workspace=$SLUG"
  echo "introspect|POST /oauth/introspect (cached PAT)|-s|$WORK/introspect.lua|$BASE/oauth/introspect"
  echo "project-pat|GET project (PAT)|-H|Authorization: Bearer $TOKEN|$BASE/api/workspaces/$SLUG/projects/$PROJECT"
  echo "project-session|GET project (session)|-H|Authorization: Bearer $JWT|$BASE/api/workspaces/$SLUG/projects/$PROJECT"
}

if [ "$MODE" = basic ]; then
  # a rule for the forward-auth endpoint: a GET under /api/<project>/ needs pipelines:run there
  lk_curl -XPOST "$BASE/api/workspaces/$SLUG/access-rules" -H "Authorization: Bearer $JWT" \
    -H "X-Confirm-Password: $PASSWORD" -H 'Content-Type: application/json' \
    -d '{"methods":["GET"],"host":null,"path":"/api/{project}/**","permission":"pipelines:run"}' >/dev/null
  echo "warming up (two passes, so that the JIT has compiled every endpoint's path) ..."
  for _ in 1 2; do
    while IFS='|' read -r key label args; do
      IFS='|' read -r -a argv <<<"$args"
      DURATION=5s run "${argv[@]}" >/dev/null
    done < <(endpoints)
  done
  # every endpoint must answer 2xx before it is measured
  while IFS='|' read -r key label args; do
    IFS='|' read -r -a argv <<<"$args"
    read -r _ _ _ bad _ _ _ < <(DURATION=1s run "${argv[@]}")
    [ "$bad" = 0 ] || { echo "$label answered non-2xx ($bad responses)" >&2; exit 1; }
  done < <(endpoints)

  printf '\n%-6s %-38s %9s %9s %9s %7s %10s %6s\n' round endpoint req/s p50_ms p99_ms non2xx cpu_us/req load
  : >"$WORK/rounds.txt"
  for r in $(seq 1 "$ROUNDS"); do
    while IFS='|' read -r key label args; do
      IFS='|' read -r -a argv <<<"$args"
      read -r rps p50 p99 bad requests cpu load < <(run "${argv[@]}")
      printf '%-6s %-38s %9s %9s %9s %7s %10s %6s\n' "$r" "$label" "$rps" "$p50" "$p99" "$bad" "$cpu" "$load"
      echo "$r|$key|$label|$rps|$p50|$p99|$bad|$cpu|$load" >>"$WORK/rounds.txt"
    done < <(endpoints)
  done
  python3 - "$WORK/rounds.txt" "$ROUNDS" "$DURATION" "$CONNECTIONS" <<'PY'
import statistics, sys
rows = [l.rstrip("\n").split("|") for l in open(sys.argv[1])]
by = {}
for r, key, label, rps, p50, p99, bad, cpu, load in rows:
    by.setdefault(key, {"label": label, "rounds": {}})["rounds"][r] = dict(
        rps=float(rps), p50=float(p50), p99=float(p99), cpu=float(cpu), load=float(load))
med = statistics.median
base = by["version"]["rounds"]
print(f"\nmedian of {sys.argv[2]} alternating rounds of {sys.argv[3]}, {sys.argv[4]} connections; "
      "ratio = CPU of /api/version / CPU of the endpoint, in the same round (1.00 = as cheap as version)\n")
print("| endpoint | server CPU µs/request | ratio to /api/version | req/s | p50 ms | p99 ms | load average |")
print("|---|---|---|---|---|---|---|")
for key, e in by.items():
    rs = e["rounds"]
    ratios = [base[r]["cpu"] / rs[r]["cpu"] for r in rs]
    print("| %s | %.1f | %.2f | %.0f | %.2f | %.1f | %.1f |" % (
        e["label"], med(v["cpu"] for v in rs.values()), med(ratios), med(v["rps"] for v in rs.values()),
        med(v["p50"] for v in rs.values()), med(v["p99"] for v in rs.values()), med(v["load"] for v in rs.values())))
if "project-pat" in by and "project-session" in by:
    pat, ses = by["project-pat"]["rounds"], by["project-session"]["rounds"]
    print("\nGET project, PAT / session CPU: %.2f (median of the per-round ratios)" % med(pat[r]["cpu"] / ses[r]["cpu"] for r in pat))
PY
  exit 0
fi

echo "warming up ..."
DURATION=5s run "$BASE/api/version" >/dev/null
DURATION=5s run -s "$WORK/rotate.lua" "$BASE" >/dev/null

writes_before=""
[ -n "${DATASOURCES_DEFAULT_URL:-}" ] && writes_before=$(lk_sql -N -e "SHOW GLOBAL STATUS LIKE 'Com_update'" | awk '{print $2}')

printf '\n%-6s %-36s %9s %9s %9s %7s %10s %6s\n' round endpoint req/s p50_ms p99_ms non2xx cpu_us/req load
pub_total=0; auth_total=0
for r in $(seq 1 "$ROUNDS"); do
  read -r rps p50 p99 bad _ cpu load < <(run "$BASE/api/version")
  printf '%-6s %-36s %9s %9s %9s %7s %10s %6s\n' "$r" "GET /api/version (public)" "$rps" "$p50" "$p99" "$bad" "$cpu" "$load"
  pub_total=$((pub_total + rps))
  read -r rps p50 p99 bad _ cpu load < <(run -s "$WORK/rotate.lua" "$BASE")
  printf '%-6s %-36s %9s %9s %9s %7s %10s %6s\n' "$r" "GET /api/auth/verify (10k, no cache)" "$rps" "$p50" "$p99" "$bad" "$cpu" "$load"
  auth_total=$((auth_total + rps))
done
if [ -n "$writes_before" ]; then
  writes_after=$(lk_sql -N -e "SHOW GLOBAL STATUS LIKE 'Com_update'" | awk '{print $2}')
  echo "UPDATE statements on the server during the measured rounds: $((writes_after - writes_before)) (last-use is flushed once per latchkey.tokens.last-used-flush, not per request)"
fi
python3 -c "print(f'\nauthenticated/public throughput ratio: {$auth_total/$pub_total:.2f}  (mode $MODE, {$ROUNDS} rounds of $DURATION, $CONNECTIONS connections)')"
