#!/usr/bin/env bash
# The deploy/compose.yaml topology without containers: MariaDB + two nodes (the packaged jar) +
# nginx in front, all on loopback (docs/deployment.md).
#
#   scripts/cluster.sh [smoke|serve]
#
#   smoke  (default) starts everything, signs up through nginx, mints a token, uses it through
#          nginx, kills one node with SIGKILL, uses it again (the other node answers), restarts the
#          killed node, then stops everything and drops the scratch database.
#   serve  starts everything and keeps it up for $DURATION seconds (default 300), then stops.
#
# Knobs: LB_PORT (18090), NODE_A_PORT (18091), NODE_B_PORT (18092), DURATION (300).
# Database: DATASOURCES_DEFAULT_URL/USERNAME/PASSWORD if set, else a scratch database on the local
# MariaDB (127.0.0.1:3306, root) that is dropped at the end. Builds the jar if it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

MODE=${1:-smoke}
LB_PORT=${LB_PORT:-18090}
NODE_A_PORT=${NODE_A_PORT:-18091}
NODE_B_PORT=${NODE_B_PORT:-18092}
DURATION=${DURATION:-300}
JAR=modules/app/target/latchkey.jar
WORK=$(mktemp -d)
chmod 755 "$WORK"
PIDS=()
SCRATCH_DB=""
NGINX_PID=""

cleanup() {
  [ -n "$NGINX_PID" ] && kill "$NGINX_PID" 2>/dev/null || true
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  [ -n "$SCRATCH_DB" ] && mysql -uroot -h127.0.0.1 -e "DROP DATABASE IF EXISTS $SCRATCH_DB" || true
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 143' TERM INT

case "$MODE" in smoke|serve) ;; *) echo "usage: $0 [smoke|serve]" >&2; exit 2 ;; esac
command -v nginx >/dev/null || { echo "nginx is not installed (apt-get install nginx)" >&2; exit 2; }
[ -f "$JAR" ] || ./mvnw -B -q -pl modules/app -am clean package -DskipTests

if [ -z "${DATASOURCES_DEFAULT_URL:-}" ]; then
  mysqladmin ping >/dev/null 2>&1 || { echo "MariaDB is not running on 127.0.0.1:3306" >&2; exit 2; }
  SCRATCH_DB="latchkey_cluster_sh_$$"
  mysql -uroot -h127.0.0.1 -e "CREATE DATABASE $SCRATCH_DB"
  export DATASOURCES_DEFAULT_URL="jdbc:mysql://127.0.0.1:3306/$SCRATCH_DB"
  export DATASOURCES_DEFAULT_USERNAME=root DATASOURCES_DEFAULT_PASSWORD=""
fi
# the same secrets on every node; generated for this run
export LATCHKEY_JWT_SECRET=${LATCHKEY_JWT_SECRET:-$(head -c 48 /dev/urandom | base64 | tr -d '/+=\n')}
export LATCHKEY_TOKENS_PEPPER=${LATCHKEY_TOKENS_PEPPER:-$(head -c 48 /dev/urandom | base64 | tr -d '/+=\n')}
export LATCHKEY_HTTP_TRUSTED_PROXIES=127.0.0.1/32

start_node() { # name port
  mkdir -p "$WORK/$1"
  MICRONAUT_SERVER_PORT=$2 LATCHKEY_DATA_DIR="$WORK/$1" java -Xmx512m -jar "$JAR" >"$WORK/$1.log" 2>&1 &
  PIDS+=($!)
  eval "PID_$1=$!"
  echo "[cluster] node $1 pid $!"
}
wait_healthy() { # port name
  local deadline=$((SECONDS + 120))
  until curl -fsS "http://127.0.0.1:$1/health" >/dev/null 2>&1; do
    (( SECONDS < deadline )) || { echo "node on $1 did not become healthy" >&2; tail -20 "$WORK/$2.log" >&2; exit 1; }
    sleep 0.5
  done
}

echo "[cluster] starting two nodes on $NODE_A_PORT and $NODE_B_PORT"
# one after the other: the first applies the schema (Liquibase), the second finds it done
start_node a "$NODE_A_PORT"
wait_healthy "$NODE_A_PORT" a
start_node b "$NODE_B_PORT"
wait_healthy "$NODE_B_PORT" b

sed -e "s/server node-a:8080/server 127.0.0.1:$NODE_A_PORT/" -e "s/server node-b:8080/server 127.0.0.1:$NODE_B_PORT/" \
    -e "s/listen 80;/listen 127.0.0.1:$LB_PORT;/" deploy/nginx/latchkey.conf > "$WORK/upstream.conf"
cat > "$WORK/nginx.conf" <<CONF
worker_processes 1;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log warn;
events { worker_connections 512; }
http {
    access_log off;
    client_body_temp_path $WORK/client_temp;
    proxy_temp_path $WORK/proxy_temp;
    fastcgi_temp_path $WORK/fastcgi_temp;
    uwsgi_temp_path $WORK/uwsgi_temp;
    scgi_temp_path $WORK/scgi_temp;
    include $WORK/upstream.conf;
}
CONF
nginx -p "$WORK" -c "$WORK/nginx.conf" -g 'daemon off;' &
NGINX_PID=$!
sleep 0.5
LB="http://127.0.0.1:$LB_PORT"
curl -fsS "$LB/health" >/dev/null
echo "[cluster] nginx on $LB in front of both nodes"

if [ "$MODE" = serve ]; then
  echo "[cluster] serving for $DURATION s (Ctrl-C stops earlier)"
  sleep "$DURATION" &
  wait $!
  exit 0
fi

json() { python3 -c "import json,sys; print(json.load(sys.stdin)['$1'])"; }
EMAIL="cluster-$$@example.com"
curl -fsS -o /dev/null -H 'Content-Type: application/json' \
  -d "{\"email\":\"$EMAIL\",\"firstName\":\"Clu\",\"lastName\":\"Ster\",\"password\":\"cluster smoke password\"}" "$LB/api/signup"
JWT=$(curl -fsS -H 'Content-Type: application/json' \
  -d "{\"username\":\"$EMAIL\",\"password\":\"cluster smoke password\"}" "$LB/login" | json access_token)
TOKEN=$(curl -fsS -H 'Content-Type: application/json' -H "Authorization: Bearer $JWT" \
  -d '{"name":"cluster smoke","scopes":["user:read"]}' "$LB/api/user/personal-access-tokens" | json token)
use() { curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "$LB/api/user"; }
codes=""; for _ in 1 2 3 4; do codes="$codes $(use)"; done
echo "[cluster] token uses through nginx, both nodes up:$codes"
kill -9 "$PID_a"; wait "$PID_a" 2>/dev/null || true
codes=""; for _ in 1 2 3 4; do codes="$codes $(use)"; done
echo "[cluster] token uses through nginx, node a killed:$codes"
[[ "$codes" == " 200 200 200 200" ]] || { echo "[cluster] FAILED: the surviving node did not answer every use" >&2; exit 1; }
start_node a "$NODE_A_PORT"
wait_healthy "$NODE_A_PORT" a
direct=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$NODE_A_PORT/api/user")
echo "[cluster] node a restarted and serves the token: $direct"
[ "$direct" = 200 ] || exit 1
echo "[cluster] smoke passed"
