#!/usr/bin/env bash
# Start-up of the packaged jar on the embedded default (H2 under a scratch data folder, Liquibase
# check included): wall time from launch to the first healthy GET /health, and the server
# process's CPU seconds (utime + stime from /proc/<pid>/stat) at that moment, split by thread: the
# main thread, the JIT compiler threads, the GC threads, the rest (Netty, pools, schedulers).
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
# and the load average beside them. Extra JVM options: LATCHKEY_JAVA_OPTS. Another jar: LATCHKEY_JAR. Port: PORT (18090).
# A variant may name its own jar after a colon, to compare two builds in one alternating run:
#   scripts/startup.sh bin:/tmp/before.jar bin      (before and after, same machine, same minutes)
# NICE=-20 (root only) starts the server at the highest CPU priority: on a machine shared with other
# work, the wall time then approaches that of a machine of its own (the CPU seconds do not change).
set -euo pipefail
cd "$(dirname "$0")/.."
STARTS=${STARTS:-5}
PORT=${PORT:-18090}
JAR=${LATCHKEY_JAR:-modules/app/target/latchkey.jar}
WORK=$(mktemp -d)
PID=""
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
[ -f "$JAR" ] || ./mvnw -q -B clean package -DskipTests
[ $# -gt 0 ] || set -- liquibase default bin
HZ=$(getconf CLK_TCK)

# one start of variant $1 on data folder $2: prints "wall_ms cpu_s load1"
start_once() {
  local t0 t1 ticks JAR=$JAR
  # "variant:jar" runs that jar; its data folder and archive are its own (the variant's name)
  [[ "$1" == *:* ]] && JAR=${1#*:}
  t0=$(date +%s%N)
  case "${1%%:*}" in
    default) LATCHKEY_DATA_DIR=$2 MICRONAUT_SERVER_PORT=$PORT nice -n "${NICE:-0}" java ${LATCHKEY_JAVA_OPTS:-} -jar "$JAR" >"$2.log" 2>&1 & ;;
    liquibase) LIQUIBASE_DATASOURCES_DEFAULT_ENABLED=true LATCHKEY_DATA_DIR=$2 MICRONAUT_SERVER_PORT=$PORT nice -n "${NICE:-0}" java ${LATCHKEY_JAVA_OPTS:-} -jar "$JAR" >"$2.log" 2>&1 & ;;
    bin) LATCHKEY_JAR=$JAR LATCHKEY_DATA_DIR=$2 MICRONAUT_SERVER_PORT=$PORT LATCHKEY_CDS_DIR=$2.cds nice -n "${NICE:-0}" bin/latchkey-server >"$2.log" 2>&1 & ;;
    *) echo "unknown variant $1" >&2; exit 2 ;;
  esac
  PID=$!
  until curl -sf -o /dev/null "http://127.0.0.1:$PORT/health"; do
    kill -0 "$PID" 2>/dev/null || { cat "$2.log" >&2; exit 1; }
    sleep 0.02
  done
  t1=$(date +%s%N)
  # nice and bin/latchkey-server exec java, so $PID is the JVM in both variants; the process's CPU
  # and each thread's, grouped: the main thread, the JIT compilers, the GC, the rest
  cpu=$(python3 - "$PID" "$HZ" <<'PY'
import glob, sys
def ticks(stat):
    f = open(stat).read().rsplit(")", 1)[1].split()
    return int(f[11]) + int(f[12])
pid, hz = sys.argv[1], int(sys.argv[2])
total = ticks(f"/proc/{pid}/stat")
group = {"main": 0, "jit": 0, "gc": 0, "other": 0}
for t in glob.glob(f"/proc/{pid}/task/*"):
    try:
        name, n = open(t + "/comm").read().strip(), ticks(t + "/stat")
    except OSError:
        continue
    g = "main" if name == "java" else "jit" if "CompilerThre" in name else \
        "gc" if name.startswith(("GC Thread", "G1 ")) else "other"
    group[g] += n
print(f"{total / hz:.2f} " + " ".join(f"{group[g] / hz:.2f}" for g in ("main", "jit", "gc", "other")))
PY
)
  kill "$PID"; wait "$PID" 2>/dev/null || true; PID=""
  # wall_ms cpu_s load1 main_s jit_s gc_s other_s
  set -- $cpu
  echo "$(( (t1 - t0) / 1000000 )) $1 $(cut -d' ' -f1 /proc/loadavg) $2 $3 $4 $5"
}

dir() { printf '%s/%s' "$WORK" "$(printf '%s' "$1" | tr -c 'A-Za-z0-9_\n-' '_')"; }
for v in "$@"; do
  mkdir -p "$(dir "$v")"
  echo "$v: first start (empty data folder, schema created): $(start_once "$v" "$(dir "$v")/data")"
done
for i in $(seq 1 "$STARTS"); do
  for v in "$@"; do
    r=$(start_once "$v" "$(dir "$v")/data")
    echo "$v restart $i: $r"
    echo "$r" >>"$(dir "$v").results"
  done
done
echo
printf '%-9s %16s %14s   %-32s %s\n' variant "wall ms (median)" "CPU s (median)" "of which main / JIT / GC / other" "load average (1 min) during the restarts"
for v in "$@"; do
  python3 - "$v" "$(dir "$v").results" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[2])]
med = lambda i: statistics.median(float(r[i]) for r in rows)
parts = " / ".join(f"{med(i):.2f}" for i in (3, 4, 5, 6))
print(f"{sys.argv[1]:<9} {med(0):>16.0f} {med(1):>14.2f}   {parts:<32} {' '.join(r[2] for r in rows)}")
PY
done
