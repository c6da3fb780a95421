#!/usr/bin/env bash
# scripts/load-test.sh miss: the cache-miss path under concurrency. 1,000,000 valid personal
# tokens are stored on MariaDB/MySQL (generated here with their HMAC under the node's pepper and
# bulk-loaded with LOAD DATA LOCAL INFILE, not one HTTP call each); then wrk sends
# GET /api/auth/verify over $CONNECTIONS connections, every request with a token this node has
# never seen (each wrk thread walks its own slice, nothing repeats), on the default settings
# (the 5 s per-node cache on: a miss is a miss because the token is new). Per round: req/s, p50,
# p99, non-2xx, server CPU µs per request (utime+stime of the java process from /proc/<pid>/stat,
# before and after) and database SELECTs per request (SHOW GLOBAL STATUS Com_select; the server
# is shared, so this counts anything else running on it too). The load average is printed with
# the figures: the machine may be shared.
#
# Database: DATASOURCES_DEFAULT_URL/USERNAME/PASSWORD if set (it must be an empty or scratch
# database: the script adds a million rows), else a scratch database on 127.0.0.1:3306 (root)
# dropped at the end. Knobs: TOKENS (1000000), CONNECTIONS (32), THREADS (2), DURATION (15s),
# ROUNDS (4), WARMUP (30s, on tokens of its own), PORT (18080).
set -euo pipefail
cd "$(dirname "$0")/.."

TOKENS=${TOKENS:-1000000}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
DURATION=${DURATION:-15s}
ROUNDS=${ROUNDS:-4}
WARMUP=${WARMUP:-30s}
PORT=${PORT:-18080}
BASE="http://127.0.0.1:$PORT"
WORK=$(mktemp -d)
SERVER_PID=""
SCRATCH_DB=""
cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null || true
  [ -n "$SCRATCH_DB" ] && mysql -uroot -h127.0.0.1 -e "DROP DATABASE IF EXISTS $SCRATCH_DB" || true
  rm -rf "$WORK"
}
trap cleanup EXIT

command -v wrk >/dev/null || { echo "installing wrk (Debian package)"; apt-get install -y -qq wrk >/dev/null; }
[ -f modules/app/target/latchkey.jar ] || ./mvnw -q -B clean package -DskipTests

if [ -z "${DATASOURCES_DEFAULT_URL:-}" ]; then
  SCRATCH_DB="latchkey_load_$$"
  mysql -uroot -h127.0.0.1 -e "CREATE DATABASE $SCRATCH_DB"
  export DATASOURCES_DEFAULT_URL="jdbc:mysql://127.0.0.1:3306/$SCRATCH_DB"
  export DATASOURCES_DEFAULT_USERNAME=root DATASOURCES_DEFAULT_PASSWORD=""
fi
python3 - "$DATASOURCES_DEFAULT_URL" <<'PY' >"$WORK/db.env"
import sys, urllib.parse
u = urllib.parse.urlparse(sys.argv[1].replace("jdbc:", "", 1))
print(f"DB_HOST={u.hostname or '127.0.0.1'} DB_PORT={u.port or 3306} DB_NAME={u.path.lstrip('/')}")
PY
# shellcheck disable=SC1091
. "$WORK/db.env"
sql() {
  mysql --local-infile=1 -h"$DB_HOST" -P"$DB_PORT" -u"${DATASOURCES_DEFAULT_USERNAME:-root}" \
    ${DATASOURCES_DEFAULT_PASSWORD:+-p"$DATASOURCES_DEFAULT_PASSWORD"} "$DB_NAME" "$@"
}

export LATCHKEY_RATE_LIMITS_ENABLED=false MICRONAUT_SERVER_PORT=$PORT LATCHKEY_DATA_DIR="$WORK/data"
export LATCHKEY_JWT_SECRET=${LATCHKEY_JWT_SECRET:-load-test-jwt-secret-0123456789abcdef0123}
export LATCHKEY_TOKENS_PEPPER=${LATCHKEY_TOKENS_PEPPER:-load-test-token-pepper-0123456789abcdef}
java -Xms512m -Xmx1g ${LATCHKEY_JAVA_OPTS:-} -jar modules/app/target/latchkey.jar >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 240); do
  curl -sf "$BASE/health" >/dev/null 2>&1 && break
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server.log"; exit 1; }
  sleep 0.25
done

json() { python3 -c "import sys,json; print(json.load(sys.stdin)$1)"; }
EMAIL="miss-$$@example.com"; PASSWORD="miss test password 123"
USER_ID=$(curl -sf -XPOST "$BASE/api/signup" -H 'Content-Type: application/json' \
  -d "{\"email\":\"$EMAIL\",\"firstName\":\"Miss\",\"lastName\":\"Test\",\"password\":\"$PASSWORD\"}" | json '["id"]')
JWT=$(curl -sf -XPOST "$BASE/login" -H 'Content-Type: application/json' \
  -d "{\"username\":\"$EMAIL\",\"password\":\"$PASSWORD\"}" | json '["access_token"]')
curl -sf -XPOST "$BASE/api/workspaces" -H "Authorization: Bearer $JWT" -H 'Content-Type: application/json' \
  -d "{\"slug\":\"miss-$$\",\"name\":\"Miss\"}" >/dev/null
PROJECT=$(curl -sf -XPOST "$BASE/api/workspaces/miss-$$/projects" -H "Authorization: Bearer $JWT" \
  -H 'Content-Type: application/json' -d '{"key":"web","name":"Web"}' | json '["id"]')
VERIFY="/api/auth/verify?permission=pipelines:run&project=$PROJECT"

echo "generating $TOKENS tokens and their rows ..."
t0=$(date +%s)
python3 - "$LATCHKEY_TOKENS_PEPPER" "$USER_ID" "$TOKENS" "$THREADS" "$ROUNDS" "$WORK" <<'PY'
import hashlib, hmac, os, sys, uuid, zlib
pepper, user, n, threads, rounds, work = sys.argv[1].encode(), sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
def b62(v, width):
    out = []
    for _ in range(width):
        v, r = divmod(v, 62)
        out.append(ALPHABET[r])
    return "".join(reversed(out))
# slices: 0 = warm-up, 1..rounds = measured rounds; each slice split per wrk thread
slices = rounds + 1
files = {(s, t): open(f"{work}/tokens-{s}-{t}.txt", "w") for s in range(slices) for t in range(threads)}
with open(f"{work}/rows.tsv", "w") as rows:
    for i in range(n):
        body = "lkp_" + b62(int.from_bytes(os.urandom(32), "big"), 43)
        token = body + b62(zlib.crc32(body.encode()), 6)
        digest = hmac.new(pepper, token.encode(), hashlib.sha256).hexdigest()
        files[(i % slices, (i // slices) % threads)].write(token + "\n")
        rows.write(f"{uuid.uuid4()}\t{user}\tmiss {i}\t{digest}\t{token[-4:]}\tpipelines:run\n")
for f in files.values():
    f.close()
PY
echo "generated in $(( $(date +%s) - t0 )) s; loading ..."
t0=$(date +%s)
# generated rows are unique by construction (random 256-bit secrets) and reference the one user,
# so the session skips the per-row unique and foreign-key checks; the indexes are still built
sql -e "SET unique_checks = 0; SET foreign_key_checks = 0; LOAD DATA LOCAL INFILE '$WORK/rows.tsv' INTO TABLE personal_tokens
    (id, user_id, name, token_hash, hint, scopes)
    SET created_at = UTC_TIMESTAMP(), updated_at = UTC_TIMESTAMP(), issued_at = UTC_TIMESTAMP()"
echo "loaded in $(( $(date +%s) - t0 )) s; rows: $(sql -N -e 'SELECT COUNT(*) FROM personal_tokens')"
code=$(curl -s -o /dev/null -w '%{http_code}' "$BASE$VERIFY" -H "Authorization: Bearer $(head -1 "$WORK/tokens-0-0.txt")")
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
cpu_ticks() { awk '{print $14 + $15}' "/proc/$SERVER_PID/stat"; }
selects() { sql -N -e "SHOW GLOBAL STATUS LIKE 'Com_select'" | awk '{print $2}'; }
run() {
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$1" "$BASE" 2>&1 | python3 -c '
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
printf '\n%-6s %9s %8s %8s %8s %7s %10s %10s  %s\n' round requests req/s p50_ms p99_ms non2xx cpu_us/req select/req "load average"
for r in $(seq 1 "$ROUNDS"); do
  script=$(lua "$r")
  c0=$(cpu_ticks); s0=$(selects)
  read -r total rps p50 p99 bad errs < <(run "$script")
  c1=$(cpu_ticks); s1=$(selects)
  python3 -c "
total, hz = $total, $hz
print('%-6s %9d %8s %8s %8s %7s %10.0f %10.2f  %s' % ($r, total, '$rps', '$p50', '$p99', '$bad',
      ($c1 - $c0) * 1e6 / hz / total, ($s1 - $s0) / total, open('/proc/loadavg').read().split()[0:3]))"
  [ "$errs" = none ] || echo "       socket errors: $errs"
done
echo "(mode miss: $TOKENS stored tokens, every request a token never seen by this node, $CONNECTIONS connections, $THREADS wrk threads, rounds of $DURATION; $(nproc) cores shared with wrk and the database)"
