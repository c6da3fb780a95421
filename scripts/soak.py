#!/usr/bin/env python3
"""Mixed traffic for scripts/load-test.sh soak: verify, introspect, list, create+revoke.

usage: soak.py BASE_URL SECONDS PID [PID...]   (the PIDs are the nodes, for their RSS)
Prints per operation: count, errors, p50/p99 in ms; each node's RSS at start and end, and once a
minute each node's RSS with the machine's load average (the machine may be shared with other work).
"""
import http.client, json, random, sys, threading, time, urllib.parse, uuid

base, seconds, pids = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
host = urllib.parse.urlparse(base)
PASSWORD = "soak test password 123"


def request(method, path, bearer=None, body=None, form=None):
    conn = http.client.HTTPConnection(host.hostname, host.port, timeout=10)
    headers = {}
    if bearer:
        headers["Authorization"] = "Bearer " + bearer
    data = None
    if body is not None:
        headers["Content-Type"] = "application/json"
        data = json.dumps(body)
    if form is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        data = urllib.parse.urlencode(form)
    try:
        conn.request(method, path, data, headers)
        r = conn.getresponse()
        raw = r.read()
        return r.status, (json.loads(raw) if raw and raw[:1] in b"{[" else None)
    finally:
        conn.close()


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


email = f"soak-{uuid.uuid4()}@example.com"
request("POST", "/api/signup", body={"email": email, "firstName": "So", "lastName": "Ak", "password": PASSWORD})
session = {"jwt": None}


def login():
    session["jwt"] = request("POST", "/login", body={"username": email, "password": PASSWORD})[1]["access_token"]


login()
token = request("POST", "/api/user/personal-access-tokens", bearer=session["jwt"],
                body={"name": "soak", "scopes": ["user:read"]})[1]["token"]


def verify():
    status = request("GET", "/api/auth/verify", bearer=token)[0]
    return None if status in (200, 204) else f"HTTP {status}"


def introspect():
    status, body = request("POST", "/oauth/introspect", bearer=token, form={"token": token})
    return None if status == 200 and body.get("active") is True else f"HTTP {status}"


def list_tokens():
    status = request("GET", "/api/user/personal-access-tokens?limit=20", bearer=session["jwt"])[0]
    return None if status == 200 else f"HTTP {status}"


def create_revoke():
    status, body = request("POST", "/api/user/personal-access-tokens", bearer=session["jwt"],
                           body={"name": "soak churn", "scopes": ["user:read"]})
    if status not in (200, 201):
        return f"create HTTP {status}"
    status = request("DELETE", f"/api/user/personal-access-tokens/{body['id']}", bearer=session["jwt"])[0]
    return None if status == 204 else f"revoke HTTP {status}"


MIX = [(verify, 55), (introspect, 15), (list_tokens, 15), (create_revoke, 15)]
OPS = [op for op, weight in MIX for _ in range(weight)]
stats = {op.__name__: {"ms": [], "errors": 0, "why": {}} for op, _ in MIX}
lock = threading.Lock()
deadline = time.time() + seconds


def worker():
    while time.time() < deadline:
        op = random.choice(OPS)
        t0 = time.perf_counter()
        try:
            failure = op()
        except Exception as e:
            failure = type(e).__name__
        ms = (time.perf_counter() - t0) * 1000
        with lock:
            st = stats[op.__name__]
            st["ms"].append(ms)
            if failure:
                st["errors"] += 1
                st["why"][failure] = st["why"].get(failure, 0) + 1


def loadavg():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


rss_start = {pid: rss_kb(pid) for pid in pids}
load_start = loadavg()
samples = []
started = time.time()
next_sample = started + 60
threads = [threading.Thread(target=worker) for _ in range(8)]
for t in threads:
    t.start()
next_login = time.time() + 240  # the confirmation window for creating tokens is 5 minutes
while any(t.is_alive() for t in threads):
    time.sleep(1)
    if time.time() > next_sample:
        samples.append((round(time.time() - started), {pid: rss_kb(pid) for pid in pids}, loadavg()))
        print(f"[soak] {samples[-1][0]} s: RSS " + ", ".join(f"{v // 1024} MB" for v in samples[-1][1].values())
              + f"; load average {samples[-1][2]}", flush=True)
        next_sample += 60
    if time.time() > next_login:
        login()
        next_login = time.time() + 240
rss_end = {pid: rss_kb(pid) for pid in pids}
load_end = loadavg()

print(f"\nsoak: {seconds} s, 8 client threads, through {base}")
print(f"{'operation':<14} {'requests':>9} {'errors':>7} {'p50_ms':>8} {'p99_ms':>8}")
total = errors = 0
for name, s in stats.items():
    ms = sorted(s["ms"])
    if not ms:
        continue
    total += len(ms)
    errors += s["errors"]
    print(f"{name:<14} {len(ms):>9} {s['errors']:>7} {ms[len(ms) // 2]:>8.1f} {ms[min(len(ms) - 1, int(len(ms) * 0.99))]:>8.1f}"
          + (f"   errors: {s['why']}" if s["why"] else ""))
print(f"total {total} operations, {errors} errors")
for pid in pids:
    print(f"node pid {pid}: RSS {rss_start[pid] // 1024} MB at start, {rss_end[pid] // 1024} MB at end; per minute: "
          + " ".join(str(rss[pid] // 1024) for _, rss, _ in samples))
print(f"load average (1, 5, 15 min): {load_start} at start, {load_end} at end; per minute: "
      + " | ".join(load for _, _, load in samples))
sys.exit(1 if errors else 0)
