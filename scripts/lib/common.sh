# Sourced by scripts/load-test.sh and scripts/miss.sh: the preparation both make before they
# measure (a scratch MySQL/MariaDB database, the packaged jar started and healthy, a user with a
# workspace and a project, personal tokens bulk-loaded), written once. The caller sets WORK (a
# temporary folder), PORT and BASE, and calls lk_cleanup from its EXIT trap.
SERVER_PID=""
SCRATCH_DB=""
# every call to the node and the database is bounded: a call gets LK_CALL_TIMEOUT seconds, and a
# set-up call answered 503 (the node's pool could not hand out a connection within its 1.5 s
# connection-timeout, which happens on a machine with a load average of 30) or not answered at all
# is tried again up to LK_CALL_RETRIES times, 2 s apart; a 4xx or any other error fails at once
LK_CALL_TIMEOUT=${LK_CALL_TIMEOUT:-30}
LK_CALL_RETRIES=${LK_CALL_RETRIES:-5}
LK_STOP_TIMEOUT=${LK_STOP_TIMEOUT:-300}

# stops the node (SIGTERM: it flushes its pending last uses first) and waits at most
# LK_STOP_TIMEOUT seconds for it, saying how long the stop took, then drops the scratch database
lk_cleanup() {
  local t0
  if [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null; then
    t0=$(date +%s)
    while kill -0 "$SERVER_PID" 2>/dev/null && [ $(( $(date +%s) - t0 )) -lt "$LK_STOP_TIMEOUT" ]; do sleep 1; done
    if kill -0 "$SERVER_PID" 2>/dev/null; then
      echo "the node did not stop within ${LK_STOP_TIMEOUT} s (flushing last uses?); killed" >&2
      kill -9 "$SERVER_PID" 2>/dev/null || true
    else
      echo "node stopped in $(( $(date +%s) - t0 )) s ($(grep -o 'flushing [0-9]* pending last uses' "$WORK/server.log" | tail -1 || true))"
    fi
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  [ -n "$SCRATCH_DB" ] && mysql --connect-timeout=10 -uroot -h127.0.0.1 -e "DROP DATABASE IF EXISTS $SCRATCH_DB" || true
  rm -rf "$WORK"
}

# where a step failed, and the end of the node's log
lk_failed() {
  echo "failed at line $1; the server log ends:" >&2
  tail -20 "$WORK/server.log" >&2 2>/dev/null || true
}

# curl to the node, bounded, with the retries above; -f: an HTTP error fails the caller
lk_curl() {
  curl -sS -f --max-time "$LK_CALL_TIMEOUT" --retry "$LK_CALL_RETRIES" --retry-delay 2 --retry-connrefused "$@"
}

lk_tools() {
  command -v wrk >/dev/null || { echo "installing wrk (Debian package)"; apt-get install -y -qq wrk >/dev/null; }
  [ -n "${LATCHKEY_JAR:-}" ] || [ -f modules/app/target/latchkey.jar ] || ./mvnw -q -B clean package -DskipTests
}

# DATASOURCES_DEFAULT_URL/USERNAME/PASSWORD if set, else a scratch database on 127.0.0.1:3306 (root),
# dropped by lk_cleanup; a shared database gets the fixed secrets every node of it needs
lk_mysql() {
  if [ -z "${DATASOURCES_DEFAULT_URL:-}" ]; then
    SCRATCH_DB="latchkey_load_$$"
    mysql --connect-timeout=10 -uroot -h127.0.0.1 -e "CREATE DATABASE $SCRATCH_DB"
    export DATASOURCES_DEFAULT_URL="jdbc:mysql://127.0.0.1:3306/$SCRATCH_DB"
    export DATASOURCES_DEFAULT_USERNAME=root DATASOURCES_DEFAULT_PASSWORD=""
  fi
  lk_secrets
}

lk_secrets() {
  export LATCHKEY_JWT_SECRET=${LATCHKEY_JWT_SECRET:-load-test-jwt-secret-0123456789abcdef0123}
  export LATCHKEY_TOKENS_PEPPER=${LATCHKEY_TOKENS_PEPPER:-load-test-token-pepper-0123456789abcdef}
}

# the mysql client on the database of DATASOURCES_DEFAULT_URL
lk_sql() {
  python3 - "$DATASOURCES_DEFAULT_URL" <<'PY' >"$WORK/db.env"
import sys, urllib.parse
u = urllib.parse.urlparse(sys.argv[1].replace("jdbc:", "", 1))
print(f"DB_HOST={u.hostname or '127.0.0.1'} DB_PORT={u.port or 3306} DB_NAME={u.path.lstrip('/')}")
PY
  # shellcheck disable=SC1091
  . "$WORK/db.env"
  mysql --connect-timeout=10 --local-infile=1 -h"$DB_HOST" -P"$DB_PORT" -u"${DATASOURCES_DEFAULT_USERNAME:-root}" \
    ${DATASOURCES_DEFAULT_PASSWORD:+-p"$DATASOURCES_DEFAULT_PASSWORD"} "$DB_NAME" "$@"
}

# starts the jar (rate limits off, -Xms512m -Xmx1g plus LATCHKEY_JAVA_OPTS) and waits at most
# LK_START_TIMEOUT seconds (300) for /health; prints the wall time and the server's CPU seconds it took
lk_start_server() {
  local started deadline
  export LATCHKEY_RATE_LIMITS_ENABLED=false MICRONAUT_SERVER_PORT=$PORT LATCHKEY_DATA_DIR="$WORK/data"
  started=$(date +%s%N)
  deadline=$(( $(date +%s) + ${LK_START_TIMEOUT:-300} ))
  # shellcheck disable=SC2086
  java -Xms512m -Xmx1g ${LATCHKEY_JAVA_OPTS:-} -jar "${LATCHKEY_JAR:-modules/app/target/latchkey.jar}" >"$WORK/server.log" 2>&1 &
  SERVER_PID=$!
  while [ "$(date +%s)" -lt "$deadline" ]; do
    curl -sf --max-time 5 "$BASE/health" >/dev/null 2>&1 && {
      echo "server up in $(( ($(date +%s%N) - started) / 1000000 )) ms, $(python3 -c "print(f'{$(lk_server_ticks)/$(getconf CLK_TCK):.1f}')") s of server CPU (load average $(cut -d' ' -f1 /proc/loadavg); database: ${DATASOURCES_DEFAULT_URL:-embedded H2})"
      return 0
    }
    kill -0 "$SERVER_PID" 2>/dev/null || { echo "the node exited before /health answered:" >&2; tail -40 "$WORK/server.log" >&2; exit 1; }
    sleep 0.2
  done
  echo "no healthy /health within ${LK_START_TIMEOUT:-300} s (load average $(cut -d' ' -f1 /proc/loadavg))" >&2
  exit 1
}

# lk_status PATH TOKEN: the HTTP status of a GET of PATH with the bearer TOKEN; a 503 or no answer
# (000) is tried again like lk_curl's set-up calls, and the last status is printed whatever it is
lk_status() {
  local code
  for _ in $(seq 0 "$LK_CALL_RETRIES"); do
    code=$(curl -s -o /dev/null --max-time "$LK_CALL_TIMEOUT" -w '%{http_code}' "$BASE$1" -H "Authorization: Bearer $2" || true)
    case "$code" in 503|000) sleep 2 ;; *) break ;; esac
  done
  echo "$code"
}

# utime + stime of the server process, in clock ticks
lk_server_ticks() { awk '{print $14 + $15}' "/proc/$SERVER_PID/stat"; }

lk_json() { python3 -c "import sys,json; print(json.load(sys.stdin)$1)"; }

# a user (EMAIL, PASSWORD, USER_ID, session JWT), workspace SLUG and its project PROJECT
lk_tenant() {
  SLUG="$1-$$"; EMAIL="$1-$$@example.com"; PASSWORD="$1 test password 123"
  USER_ID=$(lk_curl -XPOST "$BASE/api/signup" -H 'Content-Type: application/json' \
    -d "{\"email\":\"$EMAIL\",\"firstName\":\"Load\",\"lastName\":\"Test\",\"password\":\"$PASSWORD\"}" | lk_json '["id"]')
  JWT=$(lk_curl -XPOST "$BASE/login" -H 'Content-Type: application/json' \
    -d "{\"username\":\"$EMAIL\",\"password\":\"$PASSWORD\"}" | lk_json '["access_token"]')
  lk_curl -XPOST "$BASE/api/workspaces" -H "Authorization: Bearer $JWT" -H 'Content-Type: application/json' \
    -d "{\"slug\":\"$SLUG\",\"name\":\"Load\"}" >/dev/null
  PROJECT=$(lk_curl -XPOST "$BASE/api/workspaces/$SLUG/projects" -H "Authorization: Bearer $JWT" \
    -H 'Content-Type: application/json' -d '{"key":"web","name":"Web"}' | lk_json '["id"]')
}

# lk_mint N SLICES THREADS: N valid personal tokens of USER_ID (scope pipelines:run) with their
# HMAC under the node's pepper, bulk-loaded with LOAD DATA LOCAL INFILE (not one HTTP call each);
# the tokens are in $WORK/tokens-<slice>-<thread>.txt, token i in slice i % SLICES
lk_mint() {
  local t0
  echo "generating $1 tokens and their rows ..."
  t0=$(date +%s)
  python3 "$(dirname "${BASH_SOURCE[0]}")/mint_tokens.py" "$LATCHKEY_TOKENS_PEPPER" "$USER_ID" "$1" "$2" "$3" "$WORK"
  echo "generated in $(( $(date +%s) - t0 )) s; loading ..."
  t0=$(date +%s)
  # generated rows are unique by construction (random 256-bit secrets) and reference the one user,
  # so the session skips the per-row unique and foreign-key checks; the indexes are still built
  lk_sql -e "SET unique_checks = 0; SET foreign_key_checks = 0; LOAD DATA LOCAL INFILE '$WORK/rows.tsv' INTO TABLE personal_tokens
      (id, user_id, name, token_hash, hint, scopes)
      SET created_at = UTC_TIMESTAMP(), updated_at = UTC_TIMESTAMP(), issued_at = UTC_TIMESTAMP()"
  echo "loaded in $(( $(date +%s) - t0 )) s; rows: $(lk_sql -N -e 'SELECT COUNT(*) FROM personal_tokens')"
}

# the server's CPU ticks per thread, as "tid<TAB>name<TAB>ticks" lines (for lk_thread_cpu), and the
# whole process's, read at the same moment, as "process<TAB>-<TAB>ticks"
lk_thread_ticks() {
  python3 - "$SERVER_PID" <<'PY'
import os, sys
pid = sys.argv[1]
stat = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
print(f"process\t-\t{int(stat[11]) + int(stat[12])}")
for tid in os.listdir(f"/proc/{pid}/task"):
    try:
        stat = open(f"/proc/{pid}/task/{tid}/stat").read()
    except OSError:
        continue
    name, rest = stat[stat.index("(") + 1:stat.rindex(")")], stat[stat.rindex(")") + 2:].split()
    print(f"{tid}\t{name}\t{int(rest[11]) + int(rest[12])}")
PY
}

# lk_thread_cpu BEFORE AFTER REQUESTS: where the server's CPU went between two lk_thread_ticks files,
# in µs per request by kind of thread (a thread that ended in between is missing from "rest")
lk_thread_cpu() {
  python3 - "$1" "$2" "$3" "$(getconf CLK_TCK)" <<'PY'
import sys
def load(path):
    return {tid: (name, int(t)) for tid, name, t in (l.rstrip("\n").split("\t") for l in open(path)) if tid != "process"}
before, after, requests, hz = load(sys.argv[1]), load(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
groups = [("event loop", "eventLo"), ("blocking pool", "io-exec"), ("scheduled (last-use flush)", "schedul"),
          ("JIT", "Compiler"), ("GC", ("G1 ", "GC Thread", "VM Thread"))]
sums = {g: 0 for g, _ in groups}
total = 0
for tid, (name, t) in after.items():
    d = t - before.get(tid, (name, 0))[1]
    total += d
    for g, m in groups:
        if any(x in name for x in ((m,) if isinstance(m, str) else m)):
            sums[g] += d
            break
us = lambda ticks: ticks * 1e6 / hz / max(requests, 1)
print("       server CPU by thread, µs/request: " + ", ".join(f"{g} {us(v):.0f}" for g, v in sums.items())
      + f", rest {us(total - sum(sums.values())):.0f}")
PY
}
