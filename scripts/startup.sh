#!/usr/bin/env bash
# Start-up of the packaged jar on the embedded default (H2 under a scratch data folder, Liquibase
# check included): wall time from launch to the first healthy GET /health, and the server
# process's CPU seconds (utime + stime from /proc/<pid>/stat) at that moment.
#
#   scripts/startup.sh [variant ...]     variants: default (plain `java -jar`),
#                                        bin (bin/latchkey-server, the README's command: AppCDS),
#                                        liquibase (plain `java -jar` with Micronaut's own Liquibase
#                                        runner switched back on: every start parses the changelog
#                                        and checks it, as before SchemaMigration; the "before")
#
# Each variant: one first start on an empty data folder (creates the schema: not counted), then
# $STARTS (default 5) restarts on that folder (the changelog is already applied: Liquibase only
# checks), alternating between variants; the median of the restarts, with every start's figures
# and the load average beside them. Extra JVM options: LATCHKEY_JAVA_OPTS. Port: PORT (18090).
# NICE=-20 (root only) starts the server at the highest CPU priority: on a machine shared with other
# work, the wall time then approaches that of a machine of its own (the CPU seconds do not change).
set -euo pipefail
cd "$(dirname "$0")/.."
STARTS=${STARTS:-5}
PORT=${PORT:-18090}
JAR=modules/app/target/latchkey.jar
WORK=$(mktemp -d)
PID=""
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
[ -f "$JAR" ] || ./mvnw -q -B clean package -DskipTests
[ $# -gt 0 ] || set -- liquibase default bin
HZ=$(getconf CLK_TCK)

# one start of variant $1 on data folder $2: prints "wall_ms cpu_s load1"
start_once() {
  local t0 t1 ticks
  t0=$(date +%s%N)
  case "$1" in
    default) LATCHKEY_DATA_DIR=$2 MICRONAUT_SERVER_PORT=$PORT nice -n "${NICE:-0}" java ${LATCHKEY_JAVA_OPTS:-} -jar "$JAR" >"$2.log" 2>&1 & ;;
    liquibase) LIQUIBASE_DATASOURCES_DEFAULT_ENABLED=true LATCHKEY_DATA_DIR=$2 MICRONAUT_SERVER_PORT=$PORT nice -n "${NICE:-0}" java ${LATCHKEY_JAVA_OPTS:-} -jar "$JAR" >"$2.log" 2>&1 & ;;
    bin) LATCHKEY_DATA_DIR=$2 MICRONAUT_SERVER_PORT=$PORT LATCHKEY_CDS_DIR=$WORK/cds nice -n "${NICE:-0}" bin/latchkey-server >"$2.log" 2>&1 & ;;
    *) echo "unknown variant $1" >&2; exit 2 ;;
  esac
  PID=$!
  until curl -sf -o /dev/null "http://127.0.0.1:$PORT/health"; do
    kill -0 "$PID" 2>/dev/null || { cat "$2.log" >&2; exit 1; }
    sleep 0.02
  done
  t1=$(date +%s%N)
  # nice and bin/latchkey-server exec java, so $PID is the JVM in both variants
  ticks=$(awk '{print $14 + $15}' "/proc/$PID/stat")
  kill "$PID"; wait "$PID" 2>/dev/null || true; PID=""
  echo "$(( (t1 - t0) / 1000000 )) $(python3 -c "print(f'{$ticks / $HZ:.2f}')") $(cut -d' ' -f1 /proc/loadavg)"
}

for v in "$@"; do
  mkdir -p "$WORK/$v"
  echo "$v: first start (empty data folder, schema created): $(start_once "$v" "$WORK/$v/data")"
done
for i in $(seq 1 "$STARTS"); do
  for v in "$@"; do
    r=$(start_once "$v" "$WORK/$v/data")
    echo "$v restart $i: $r"
    echo "$r" >>"$WORK/$v.results"
  done
done
echo
printf '%-8s %18s %18s %s\n' variant "wall ms (median)" "CPU s (median)" "load average (1 min) during the restarts"
for v in "$@"; do
  python3 - "$v" "$WORK/$v.results" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[2])]
wall = [int(r[0]) for r in rows]; cpu = [float(r[1]) for r in rows]; load = [r[2] for r in rows]
print(f"{sys.argv[1]:<8} {statistics.median(wall):>18.0f} {statistics.median(cpu):>18.2f} {' '.join(load)}")
PY
done
