#!/usr/bin/env python
"""Per-request cost of the hot pages over HTTP: gunicorn on a bench database, under load.

    .venv/bin/python bench/customers.py --customers 1000000        # fill once (bench/README.md)
    .venv/bin/python bench/http_load.py                            # 8 connections, 20 s per page
    .venv/bin/python bench/http_load.py --seconds 5 --pages inbox,badge-director

Runs collectstatic into a temporary STATIC_ROOT, starts gunicorn (archive_mgmt.wsgi, sync
workers, production settings: DEBUG off, secure cookies, HSTS, behind one trusted proxy that
says https), signs in through the login form (CSRF token, argon2 password check) as
bench_staff, bench_gm and bench_director, then for each page keeps --connections clients busy
for --seconds (each sends its next request as soon as the last answer arrived) and prints
requests per second, p50/p95 latency, the gunicorn workers' CPU per request (utime + stime from
/proc/<pid>/stat before and after the page) and, when PostgreSQL runs on this machine, the CPU
of the database's client backends per request. Standard library only, plus psycopg2 (already a
dependency) to find the PostgreSQL backends.
"""

import argparse
import http.client
import importlib.util
import math
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import unicodedata
from pathlib import Path
from urllib.parse import unquote, urlencode, urlparse

BASE_DIR = Path(__file__).resolve().parent.parent
TICKS = os.sysconf("SC_CLK_TCK")
HOST = "127.0.0.1"


def _bench_customers():
    """bench/customers.py as a module (the name `customers` is the app's): its defaults, search
    terms and the bench users' password."""
    spec = importlib.util.spec_from_file_location("bench_customers",
                                                  Path(__file__).with_name("customers.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


FILL = _bench_customers()

# key: (label, user, path, headers, what the answer must contain). {detail} is a customer of
# bench_staff's list.
PAGES = {
    "list": ("customer list", "bench_staff", "/customers/", {}, 'id="customers"'),
    "search": (f"name search {FILL.NAME_TERM}", "bench_staff",
               f"/customers/?{urlencode({'q': FILL.NAME_TERM})}", {}, 'id="customers"'),
    "detail": ("customer detail", "bench_staff", "{detail}", {}, 'id="archive-state"'),
    "gm-list": ("customer list", "bench_gm", "/customers/", {}, 'id="customers"'),
    "gm-search": (f"name search {FILL.SHORT_TERM} (2 chars)", "bench_gm",
                  f"/customers/?{urlencode({'q': FILL.SHORT_TERM})}", {}, 'id="customers"'),
    "inbox": ("approval inbox", "bench_director", "/approvals/", {}, 'id="inbox"'),
    "home": ("home", "bench_staff", "/", {}, 'id="home-roles"'),
    "badge": ("badge /approvals/badge/", "bench_staff", "/approvals/badge/",
              {"HX-Request": "true"}, 'id="nav-badge-'),
    "badge-director": ("badge /approvals/badge/", "bench_director", "/approvals/badge/",
                       {"HX-Request": "true"}, 'id="nav-badge-'),
}


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=FILL.DEFAULT_URL,
                        help="a database filled by bench/customers.py (default: %(default)s)")
    parser.add_argument("--seconds", type=float, default=20, help="load per page")
    parser.add_argument("--connections", type=int, default=8, help="concurrent clients")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--pages", default=",".join(PAGES),
                        help=f"comma-separated subset of: {', '.join(PAGES)}")
    args = parser.parse_args()
    args.pages = [key.strip() for key in args.pages.split(",") if key.strip()]
    unknown = [key for key in args.pages if key not in PAGES]
    if unknown or not args.pages:
        parser.error(f"unknown page(s) {', '.join(unknown) or '(none)'}; "
                     f"choose from {', '.join(PAGES)}")
    if args.seconds <= 0 or args.connections < 1 or args.workers < 1:
        parser.error("need --seconds > 0, --connections >= 1, --workers >= 1")
    if urlparse(args.database_url).scheme not in ("postgres", "postgresql", "pgsql", "psql"):
        parser.error("the bench database is PostgreSQL (a bench/customers.py fill)")
    return args


# --- Server ---------------------------------------------------------------------------------
def server_env(database_url: str, static_root: str) -> dict:
    """Production settings (archive_mgmt/settings.py, DEBUG off) for a local benchmark."""
    env = dict(os.environ)
    env.update({
        "DJANGO_SETTINGS_MODULE": "archive_mgmt.settings",
        "DEBUG": "False",
        "SECRET_KEY": "bench-http-" + "k" * 50,
        "ALLOWED_HOSTS": HOST,
        "DATABASE_URL": database_url,
        "STATIC_ROOT": static_root,
        # As behind the production proxy: it terminates TLS and says so in X-Forwarded-Proto.
        # No redirect to https here (there is no TLS on this port).
        "NUM_PROXIES": "1",
        "SECURE_SSL_REDIRECT": "False",
        # Keep each worker's database connection for the whole run (the default, 60 s, would
        # reconnect mid-page and lose the closed backend's CPU time).
        "CONN_MAX_AGE": "3600",
        "EMAIL_URL": "dummymail://",
        "PYTHONUNBUFFERED": "1",
    })
    env.pop("GUNICORN_CMD_ARGS", None)
    return env


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def start_gunicorn(env: dict, workers: int, log_path: Path):
    port = free_port()
    log = open(log_path, "wb")  # noqa: SIM115 - closed in stop_gunicorn
    master = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "archive_mgmt.wsgi", "--workers", str(workers),
         "--worker-class", "sync", "--bind", f"{HOST}:{port}", "--error-logfile", "-"],
        cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if master.poll() is not None:
            log.close()
            sys.exit(f"gunicorn stopped at start:\n{log_path.read_text()[-3000:]}")
        try:
            status, _headers, _body = request_once(port, "GET", "/accounts/login/", {})
            if status == 200 and len(worker_pids(master.pid)) == workers:
                return master, port, log
        except OSError:
            pass
        time.sleep(0.2)
    stop_gunicorn(master, log)
    sys.exit(f"gunicorn did not answer within 60 s:\n{log_path.read_text()[-3000:]}")


def stop_gunicorn(master, log) -> None:
    master.terminate()  # SIGTERM: graceful shutdown
    try:
        master.wait(timeout=30)
    except subprocess.TimeoutExpired:
        master.kill()
        master.wait()
    log.close()


# --- CPU time from /proc --------------------------------------------------------------------
def proc_stat(pid: int) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text[text.rindex(")") + 2:].split()  # fields from 3 (state) on; comm may hold spaces


def cpu_ms(pid: int) -> float | None:
    """utime + stime of a process in ms (fields 14 and 15 of /proc/<pid>/stat)."""
    fields = proc_stat(pid)
    return None if fields is None else (int(fields[11]) + int(fields[12])) * 1000 / TICKS


def worker_pids(master: int) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            fields = proc_stat(int(entry.name))
            if fields is not None and int(fields[1]) == master:
                pids.append(int(entry.name))
    return sorted(pids)


def cpu_of(pids) -> dict[int, float]:
    return {pid: ms for pid in pids if (ms := cpu_ms(pid)) is not None}


def cpu_delta(before: dict, after: dict) -> tuple[float, bool]:
    """CPU used between two samples, and whether the set of processes stayed the same (a
    process that ended in between took its time with it)."""
    used = sum(after[pid] - before.get(pid, 0.0) for pid in after)
    return used, set(before) == set(after)


class Postgres:
    """The bench database's client backends, when PostgreSQL runs on this machine."""

    def __init__(self, url: str):
        import psycopg2

        self.connection, self.local = None, False
        parts = urlparse(url)
        if parts.hostname not in (None, "", "127.0.0.1", "localhost", "::1"):
            return
        params = {"dbname": unquote(parts.path.lstrip("/")), "host": parts.hostname or HOST,
                  "port": parts.port or 5432, "user": unquote(parts.username or "postgres")}
        if parts.password:
            params["password"] = unquote(parts.password)
        self.connection = psycopg2.connect(**params)
        self.connection.autocommit = True
        with self.connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            own_pid = cursor.fetchone()[0]
        self.local = Path(f"/proc/{own_pid}").exists()  # not in a container or elsewhere

    def backends(self) -> list[int]:
        with self.connection.cursor() as cursor:
            cursor.execute("""
                SELECT pid FROM pg_stat_activity
                 WHERE datname = current_database() AND backend_type = 'client backend'
                   AND pid <> pg_backend_pid()""")
            return [row[0] for row in cursor.fetchall()]

    def sample(self) -> dict[int, float] | None:
        return cpu_of(self.backends()) if self.connection is not None and self.local else None

    def facts(self) -> tuple[str, int, int]:
        with self.connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            version = cursor.fetchone()[0]
            cursor.execute("SELECT count(*) FROM customers_customer")
            customers = cursor.fetchone()[0]
            cursor.execute("""
                SELECT count(*) FROM approvals_approvalstep
                 WHERE status = 'pending' AND role_id = (SELECT id FROM auth_group
                                                          WHERE name = 'sales_director')""")
            return version, customers, cursor.fetchone()[0]


# --- HTTP clients -----------------------------------------------------------------------------
class Session:
    """One signed-in browser: its cookies and the headers the production proxy adds."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def headers(self, extra: dict | None = None) -> dict:
        headers = {"Host": f"{HOST}:{self.port}", "X-Forwarded-Proto": "https",
                   "X-Forwarded-For": HOST, "User-Agent": "bench/http_load.py",
                   "Accept-Encoding": "identity"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        headers.update(extra or {})
        return headers

    def keep_cookies(self, response_headers) -> None:
        for name, value in response_headers:
            if name.lower() == "set-cookie":
                pair = value.split(";", 1)[0]
                key, _, cookie = pair.partition("=")
                self.cookies[key.strip()] = cookie.strip()

    def login(self, username: str, password: str) -> None:
        status, headers, body = request_once(self.port, "GET", "/accounts/login/",
                                             self.headers())
        self.keep_cookies(headers)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body.decode())
        if status != 200 or token is None:
            sys.exit(f"login page: HTTP {status}, CSRF token {'found' if token else 'missing'}")
        form = urlencode({"csrfmiddlewaretoken": token.group(1), "username": username,
                          "password": password, "next": ""})
        status, headers, body = request_once(
            self.port, "POST", "/accounts/login/",
            self.headers({"Content-Type": "application/x-www-form-urlencoded",
                          "Referer": f"https://{HOST}:{self.port}/accounts/login/"}),
            form.encode())
        self.keep_cookies(headers)
        if status != 302 or "sessionid" not in self.cookies:
            sys.exit(f"Sign-in as {username} failed (HTTP {status}). Run bench/customers.py "
                     "(with --keep on a filled database) first: it gives the bench users "
                     "their password.")


def request_once(port, method, path, headers, body=None):
    connection = http.client.HTTPConnection(HOST, port, timeout=120)
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, response.getheaders(), response.read()
    finally:
        connection.close()


def run_load(port, session: Session, path, extra, connections, seconds):
    """`connections` clients, each sending its next request as soon as its last one was
    answered, until `seconds` have passed. Returns [(latency ms, status)], wall seconds."""
    headers = session.headers(extra)
    results: list[list[tuple[float, object]]] = [[] for _ in range(connections)]
    start = threading.Barrier(connections + 1)
    deadline = [0.0]

    def client(out):
        # A gunicorn sync worker closes the connection after each answer (no keep-alive);
        # HTTPConnection then opens a new one for the next request, as a browser would.
        connection = http.client.HTTPConnection(HOST, port, timeout=120)
        start.wait()
        while time.perf_counter() < deadline[0]:
            began = time.perf_counter()
            try:
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException) as exc:
                connection.close()
                status = type(exc).__name__
            out.append(((time.perf_counter() - began) * 1000, status))
        connection.close()

    threads = [threading.Thread(target=client, args=(out,), daemon=True) for out in results]
    for thread in threads:
        thread.start()
    deadline[0] = time.perf_counter() + seconds
    began = time.perf_counter()
    start.wait()
    for thread in threads:
        thread.join()
    return [item for out in results for item in out], time.perf_counter() - began


def loadavg() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)] if ordered else float("nan")


def pad(text: str, width: int) -> str:
    used = sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)
    return text + " " * max(0, width - used)


# --- Main -----------------------------------------------------------------------------------
def main():
    args = parse_args()
    started = time.perf_counter()
    print(f"bench/http_load.py — {time.strftime('%Y-%m-%d %H:%M %Z')}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}, database {urlparse(args.database_url).path[1:]}")
    postgres = Postgres(args.database_url)
    if postgres.connection is not None:
        version, customers, open_steps = postgres.facts()
        print(f"PostgreSQL {version}: {customers:,} customers, {open_steps:,} open approval "
              "steps of the sales director")
    temp = Path(tempfile.mkdtemp(prefix="bench-http-"))
    env = server_env(args.database_url, str(temp / "static"))
    master = log = None
    try:
        collect = subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput",
                                  "-v", "0"], cwd=BASE_DIR, env=env, capture_output=True,
                                 text=True)
        if collect.returncode:
            sys.exit(f"collectstatic failed:\n{collect.stderr[-3000:]}")
        print(f"collectstatic into a temporary STATIC_ROOT: "
              f"{time.perf_counter() - started:.0f} s", flush=True)
        master, port, log = start_gunicorn(env, args.workers, temp / "gunicorn.log")
        workers = worker_pids(master.pid)
        version = subprocess.run([sys.executable, "-m", "gunicorn", "--version"],
                                 capture_output=True, text=True).stdout.strip()
        print(f"{version}: {args.workers} sync workers (pids {', '.join(map(str, workers))}) "
              f"on {HOST}:{port}; {args.connections} connections, {args.seconds:g} s per page")
        print("load average before the pages: " + loadavg(), flush=True)

        sessions = {}
        for username in sorted({PAGES[key][1] for key in args.pages} | {"bench_staff"}):
            sessions[username] = Session(port)
            sessions[username].login(username, FILL.BENCH_PASSWORD)
        status, _headers, body = request_once(port, "GET", "/customers/",
                                              sessions["bench_staff"].headers())
        links = re.findall(r'<td><a href="(/customers/\d+/)">', body.decode())
        if status != 200 or not links:
            sys.exit(f"bench_staff's customer list: HTTP {status}, {len(links)} customers")
        detail = links[len(links) // 2]

        rows = []
        for key in args.pages:
            label, username, path, extra, marker = PAGES[key]
            path = path.format(detail=detail)
            session = sessions[username]
            status, _headers, body = request_once(port, "GET", path, session.headers(extra))
            if status != 200 or marker not in body.decode():
                sys.exit(f"{key}: {path} as {username} answered HTTP {status} "
                         f"{'without' if status == 200 else ''} {marker}")
            # Warm-up: both workers import and render the page (templates, translations).
            run_load(port, session, path, extra, args.connections, min(1.0, args.seconds))
            workers = worker_pids(master.pid)
            before_workers, before_pg = cpu_of(workers), postgres.sample()
            client_cpu = time.process_time()
            results, wall = run_load(port, session, path, extra, args.connections, args.seconds)
            client_cpu = (time.process_time() - client_cpu) * 1000
            after_workers, after_pg = cpu_of(worker_pids(master.pid)), postgres.sample()
            worker_ms, same_workers = cpu_delta(before_workers, after_workers)
            count = len(results)
            latencies = [ms for ms, _status in results]
            errors: dict = {}
            for _ms, status in results:
                if status != 200:
                    errors[status] = errors.get(status, 0) + 1
            pg = "-"
            if before_pg is not None:
                pg_ms, same_backends = cpu_delta(before_pg, after_pg)
                pg = f"{pg_ms / count:.1f}{'' if same_backends else '*'}" if count else "-"
            rows.append((label, username, path, count, count / wall,
                         percentile(latencies, 0.5), percentile(latencies, 0.95),
                         f"{worker_ms / count:.1f}{'' if same_workers else '*'}" if count else "-",
                         pg, client_cpu / max(count, 1), errors))
            print(f"  measured {key}: {path} as {username}, {count:,} requests", flush=True)
    finally:
        if master is not None:
            stop_gunicorn(master, log)
        if postgres.connection is not None:
            postgres.connection.close()
        shutil.rmtree(temp, ignore_errors=True)

    print(f"\n{'page':<30} {'user':<15} {'requests':>8} {'req/s':>7} {'p50 ms':>7} "
          f"{'p95 ms':>7} {'worker cpu':>10} {'pg cpu':>7} {'errors':>6}")
    print("-" * 106)
    for label, username, _path, count, rate, p50, p95, worker, pg, _client, errors in rows:
        print(f"{pad(label, 30)} {username:<15} {count:>8,} {rate:>7.1f} {p50:>7.1f} "
              f"{p95:>7.1f} {worker:>10} {pg:>7} {sum(errors.values()):>6}")
    for label, username, path, *_rest, errors in rows:
        if errors:
            detail_text = ", ".join(f"{status}×{n}" for status, n in errors.items())
            print(f"  errors of {label} ({username}, {path}): {detail_text}")
    client = statistics.mean(row[9] for row in rows)
    print(f"worker cpu, pg cpu: ms of CPU per request (utime+stime from /proc) of the gunicorn "
          f"workers and of the\n  database's client backends (parallel query workers not "
          f"counted); * = a process ended or started\n  during the page. Latency: wall time "
          f"per request under {args.connections} concurrent clients on {args.workers} "
          f"workers\n  (queueing included). The load generator ran on the same machine, "
          f"{client:.1f} ms CPU per request.")
    print(f"Load average after the pages: {loadavg()} (other processes on these "
          f"{os.cpu_count()} cores slow the latencies more than the CPU per request).")
    print(f"Done in {time.perf_counter() - started:.0f} s.")


if __name__ == "__main__":
    main()
