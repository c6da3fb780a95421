# Sourced by scripts/load-test.sh and scripts/miss.sh: the preparation both make before they
# measure (a scratch MySQL/MariaDB database, the packaged jar started and healthy, a user with a
# workspace and a project, personal tokens bulk-loaded), written once. The caller sets WORK (a
# temporary folder), PORT and BASE, and calls lk_cleanup from its EXIT trap.
SERVER_PID=""
SCRATCH_DB=""

lk_cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null || true
  [ -n "$SCRATCH_DB" ] && mysql -uroot -h127.0.0.1 -e "DROP DATABASE IF EXISTS $SCRATCH_DB" || true
  rm -rf "$WORK"
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
    mysql -uroot -h127.0.0.1 -e "CREATE DATABASE $SCRATCH_DB"
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
  mysql --local-infile=1 -h"$DB_HOST" -P"$DB_PORT" -u"${DATASOURCES_DEFAULT_USERNAME:-root}" \
    ${DATASOURCES_DEFAULT_PASSWORD:+-p"$DATASOURCES_DEFAULT_PASSWORD"} "$DB_NAME" "$@"
}

# starts the jar (rate limits off, -Xms512m -Xmx1g plus LATCHKEY_JAVA_OPTS) and waits for /health;
# prints the wall time and the server's CPU seconds it took
lk_start_server() {
  local started
  export LATCHKEY_RATE_LIMITS_ENABLED=false MICRONAUT_SERVER_PORT=$PORT LATCHKEY_DATA_DIR="$WORK/data"
  started=$(date +%s%N)
  # shellcheck disable=SC2086
  java -Xms512m -Xmx1g ${LATCHKEY_JAVA_OPTS:-} -jar "${LATCHKEY_JAR:-modules/app/target/latchkey.jar}" >"$WORK/server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 1800); do
    curl -sf "$BASE/health" >/dev/null 2>&1 && {
      echo "server up in $(( ($(date +%s%N) - started) / 1000000 )) ms, $(python3 -c "print(f'{$(lk_server_ticks)/$(getconf CLK_TCK):.1f}')") s of server CPU (load average $(cut -d' ' -f1 /proc/loadavg); database: ${DATASOURCES_DEFAULT_URL:-embedded H2})"
      return 0
    }
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server.log"; exit 1; }
    sleep 0.1
  done
  echo "no healthy /health within 180 s" >&2
  exit 1
}

# utime + stime of the server process, in clock ticks
lk_server_ticks() { awk '{print $14 + $15}' "/proc/$SERVER_PID/stat"; }

lk_json() { python3 -c "import sys,json; print(json.load(sys.stdin)$1)"; }

# a user (EMAIL, PASSWORD, USER_ID, session JWT), workspace SLUG and its project PROJECT
lk_tenant() {
  SLUG="$1-$$"; EMAIL="$1-$$@example.com"; PASSWORD="$1 test password 123"
  USER_ID=$(curl -sf -XPOST "$BASE/api/signup" -H 'Content-Type: application/json' \
    -d "{\"email\":\"$EMAIL\",\"firstName\":\"Load\",\"lastName\":\"Test\",\"password\":\"$PASSWORD\"}" | lk_json '["id"]')
  JWT=$(curl -sf -XPOST "$BASE/login" -H 'Content-Type: application/json' \
    -d "{\"username\":\"$EMAIL\",\"password\":\"$PASSWORD\"}" | lk_json '["access_token"]')
  curl -sf -XPOST "$BASE/api/workspaces" -H "Authorization: Bearer $JWT" -H 'Content-Type: application/json' \
    -d "{\"slug\":\"$SLUG\",\"name\":\"Load\"}" >/dev/null
  PROJECT=$(curl -sf -XPOST "$BASE/api/workspaces/$SLUG/projects" -H "Authorization: Bearer $JWT" \
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
