"""Job search under load: ``GET /v1/jobs`` over real HTTP beside the same SQL run directly.

    .venv/bin/python bench/search.py --sizes 10000,100000,1000000 --keep
    .venv/bin/python bench/search.py --sizes 10000,100000,1000000 --reuse   # measure again

For each size, a PostgreSQL database of its own (template0, UTF-8, C.UTF-8) is migrated
with ``mypage-api db upgrade`` and filled with ``mypage-api demo-data --jobs SIZE``
(timed), then VACUUM ANALYZEd. ``--reuse`` takes a kept database that holds SIZE jobs
(migrated to the newest revision first, so new indexes are built). Then, for each query of
the mix and for the mix itself (the queries in turn), at a fixed concurrency and for a
fixed time each:

- **API**: ``mypage-api serve --workers W`` (uvicorn on uvloop and httptools, the service's
  own pool and logging, MYPAGE_FIXED_NOW at the demo's today), loaded by ``wrk`` (a C load
  generator: ``apt-get install wrk``) with CONCURRENCY connections; rps, p50 and p95 are
  wrk's. A Python client would measure itself: one httpx client tops out near 150 rps.
  Two servers run side by side: one as deployed, keeping search pages (``search.cache``:
  with no job changing during the run, a repeated search is answered from memory after
  its first request in each worker), and one with ``MYPAGE_SEARCH_CACHE_SIZE=0``
  (**API fresh**: every request reads the database, as a search no one made before does).
  The mix is measured once more on the first while one job (picked at random) changes
  every second: a kept page that the changed job could touch is read afresh, the others
  are checked against the change and kept (the cost of the cache's exactness). With
  ``--redis URL`` a third server, as deployed with ``MYPAGE_REDIS_URL=URL`` (pages shared
  by its workers through Redis, ``search.shared``), runs the realistic stream beside the
  first;
- **SQL**: the statements that request runs, executed directly through asyncpg, one
  connection per concurrent caller, with the service's session settings
  (``database_session_settings``). They are captured, not rewritten: one in-process call
  of the same endpoint (``httpx.ASGITransport``) with a ``before_cursor_execute`` listener
  on its engine records every statement and its parameters;
- **scan**: the plain scan the search must agree with (R21): the statements captured the
  same way with the free-word index condition left out (only the exact substring test
  remains), run with index use switched off on the connection (``enable_indexscan``,
  ``enable_bitmapscan``, ``enable_indexonlyscan``). The first run of each query checks
  that the page and the count equal those of the scan.

It prints a table per size, the ratios API ÷ SQL (throughput) and indexed ÷ scan (p50
latency), and the growth of p95 from the smallest size to the largest. It is a script,
not a test: figures depend on the machine (the client, the server and PostgreSQL share it).
"""

import argparse
import asyncio
import itertools
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import ExitStack, asynccontextmanager, suppress
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from unittest.mock import patch
from urllib.parse import urlencode

import asyncpg  # type: ignore[import-untyped]
import httpx
from redis.asyncio import Redis
from sqlalchemy import event, make_url

from mypage_api.app import create_app
from mypage_api.config import Environment, Settings
from mypage_api.db import Database, create_engine
from mypage_api.search import sql as search_sql

FIXED_NOW = "2026-11-25T10:00:00+09:00"
SEED = 1
PROJECT = Path(__file__).resolve().parents[1]

Params = dict[str, str | list[str]]

QUERIES: list[tuple[str, Params]] = [
    ("word 4: 介護職員", {"q": "介護職員"}),
    ("word 2: 介護", {"q": "介護"}),
    ("word 2: 看護", {"q": "看護"}),
    ("no match: 宇宙飛行士", {"q": "宇宙飛行士"}),
    ("prefecture 13", {"prefecture": "13"}),
    ("prefecture 47, deadline, 50", {"prefecture": "47", "sort": "deadline", "limit": "50"}),
    (
        "事務 + 13,14 + full time ≥200k",
        {
            "q": "事務",
            "prefecture": ["13", "14"],
            "working_style": "full_time",
            "wage_unit": "monthly",
            "min_wage": "200000",
        },
    ),
    ("調理 OR 調理補助 -パート, 30", {"q": "調理 OR 調理補助 -パート", "limit": "30"}),
]

MIX = "mix (the queries in turn)"

SCAN_SETTINGS = (
    "SET enable_indexscan = off",
    "SET enable_bitmapscan = off",
    "SET enable_indexonlyscan = off",
)


@dataclass
class Measure:
    requests: int
    seconds: float
    latencies: list[float] = field(repr=False)

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, p: int) -> float:
        if len(self.latencies) < 2:
            return self.latencies[0] * 1000 if self.latencies else float("nan")
        return statistics.quantiles(self.latencies, n=100, method="inclusive")[p - 1] * 1000

    def summary(self) -> dict[str, float]:
        return {
            "requests": self.requests,
            "rps": round(self.rps, 1),
            "p50_ms": round(self.percentile(50), 2),
            "p95_ms": round(self.percentile(95), 2),
        }


@dataclass
class QueryResult:
    name: str
    total: int
    same_as_scan: bool
    plan: str
    api: dict[str, float]  # pages kept (as deployed)
    api_fresh: dict[str, float]  # every request read from the database
    sql: dict[str, float]
    scan: dict[str, float] | None


@dataclass
class SizeResult:
    size: int
    load_seconds: float
    table_size: str
    healthz: dict[str, float]  # the HTTP stack alone: no database
    queries: list[QueryResult]
    workers: int = 2
    concurrency: int = 8
    # the mix on the server keeping pages while one job changes every CHANGE_EVERY seconds
    mix_changing: dict[str, float] | None = None
    # the realistic stream: as deployed, fresh, and while jobs change
    stream: dict[str, dict[str, float]] | None = None


CHANGE_EVERY = 1.0  # seconds between job changes in bench_mix_changing
WARM_UP = 3.0  # seconds of load on a server before it is measured


@dataclass(frozen=True)
class Ports:
    kept: int  # the server as deployed: search pages kept
    fresh: int  # MYPAGE_SEARCH_CACHE_SIZE=0
    shared: int | None = None  # as deployed with MYPAGE_REDIS_URL (--redis)


Statement = tuple[str, tuple[Any, ...]]


async def run_for(
    duration: float, concurrency: int, one: Callable[[int], Awaitable[None]]
) -> Measure:
    """``concurrency`` callers, each calling ``one`` back to back until ``duration`` ends."""
    latencies: list[float] = []
    deadline = time.perf_counter() + duration

    async def caller(index: int) -> None:
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            await one(index)
            latencies.append(time.perf_counter() - started)

    started = time.perf_counter()
    await asyncio.gather(*(caller(index) for index in range(concurrency)))
    return Measure(len(latencies), time.perf_counter() - started, latencies)


# Databases and processes ----------------------------------------------------------------------


def database_url(server: str, name: str, driver: str) -> str:
    return make_url(server).set(drivername=driver, database=name).render_as_string(False)


async def admin(server: str, statement: str) -> None:
    connection = await asyncpg.connect(database_url(server, "postgres", "postgresql"))
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


async def holds_jobs(url: str, size: int) -> bool:
    """Whether the database exists and holds ``size`` generated jobs (for --reuse): as many
    jobs or more, since the demo world that ``demo-data`` loads first has its own."""
    try:
        connection = await asyncpg.connect(url)
    except asyncpg.InvalidCatalogNameError:
        return False
    try:
        return bool(await connection.fetchval("SELECT count(*) >= $1 FROM jobs", size))
    except asyncpg.UndefinedTableError:
        return False
    finally:
        await connection.close()


def environment(url: str, data_dir: Path) -> dict[str, str]:
    return {
        **os.environ,
        "MYPAGE_DATABASE_URL": url,
        "MYPAGE_ENV": "development",
        "MYPAGE_DATA_DIR": str(data_dir),
        "MYPAGE_FIXED_NOW": FIXED_NOW,
        "MYPAGE_MAIL_WORKER_IN_PROCESS": "false",
    }


def mypage_api(arguments: Sequence[str], env: dict[str, str]) -> str:
    command = [sys.executable, "-c", "from mypage_api.cli import main; main()", *arguments]
    done = subprocess.run(  # noqa: S603 (our own command)
        command, env=env, cwd=PROJECT, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"mypage-api {' '.join(arguments)} failed:\n{done.stderr}")
    return done.stdout


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def session_settings() -> dict[str, str]:
    """The PostgreSQL settings the service opens its connections with."""
    return dict(Settings().database_session_settings)


async def start_server(
    env: dict[str, str], port: int, workers: int, log: Path
) -> asyncio.subprocess.Process:
    """``mypage-api serve`` as deployed: its uvicorn options, pool and request log (to a
    file in the run's temporary folder, as a service's log would go)."""
    command = "from mypage_api.cli import main; main()"
    with log.open("ab") as output:
        server = await asyncio.create_subprocess_exec(
            sys.executable,
            "-c",
            command,
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(workers),
            env=env,
            cwd=PROJECT,
            stdout=output,
            stderr=output,
            start_new_session=True,
        )
    async with httpx.AsyncClient() as client:
        for _ in range(600):
            try:
                if (await client.get(f"http://127.0.0.1:{port}/healthz")).status_code == 200:
                    await asyncio.sleep(1.0 if workers > 1 else 0)  # the other workers
                    return server
            except httpx.TransportError:
                pass
            if server.returncode is not None:
                break
            await asyncio.sleep(0.1)
    server.terminate()
    text = await asyncio.to_thread(log.read_text, encoding="utf-8", errors="replace")
    tail = text.splitlines()[-20:]
    raise RuntimeError("the API server did not start:\n" + "\n".join(tail))


async def stop_server(server: asyncio.subprocess.Process) -> None:
    server.terminate()  # uvicorn's supervisor stops its workers
    try:
        await asyncio.wait_for(server.wait(), timeout=30)
    except TimeoutError:
        server.kill()
        await server.wait()


# Load from wrk ----------------------------------------------------------------------------

WRK_SCRIPT = r"""
local paths = {%s}
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
end
done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    'WRK {"requests": %%d, "duration_us": %%d, "p50_us": %%d, "p95_us": %%d, '
    .. '"p99_us": %%d, "status_errors": %%d, "socket_errors": %%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), errors.status,
    errors.connect + errors.read + errors.write + errors.timeout))
end
"""


def path_of(path: str, params: Params | None = None) -> str:
    return path + ("?" + urlencode(params, doseq=True) if params else "")


def lua_string(path: str) -> str:
    if not path.isascii() or '"' in path or "\\" in path:
        raise ValueError(f"not a plain URL path: {path!r}")
    return '"' + path + '"'


async def wrk(
    port: int,
    paths: list[str],
    concurrency: int,
    duration: float,
    *,
    script_text: str | None = None,
) -> dict[str, float]:
    """wrk with ``concurrency`` connections on one thread, cycling through ``paths``; or,
    with ``script_text`` (the stream), one thread per connection running that script."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(script_text or WRK_SCRIPT % ", ".join(lua_string(path) for path in paths))
    try:
        process = await asyncio.create_subprocess_exec(
            WRK,
            f"-t{concurrency if script_text else 1}",
            f"-c{concurrency}",
            f"-d{max(1, round(duration))}s",
            "--timeout",
            "60s",
            "-s",
            script.name,
            f"http://127.0.0.1:{port}",
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        out, err = await process.communicate()
    finally:
        os.unlink(script.name)
    for line in out.decode().splitlines():
        if line.startswith("WRK "):
            raw = json.loads(line[4:])
            seconds = raw["duration_us"] / 1e6
            return {
                "requests": raw["requests"],
                "rps": round(raw["requests"] / seconds, 1) if seconds else 0.0,
                "p50_ms": round(raw["p50_us"] / 1000, 2),
                "p95_ms": round(raw["p95_us"] / 1000, 2),
                "p99_ms": round(raw["p99_us"] / 1000, 2),
                "errors": raw["status_errors"] + raw["socket_errors"],
                **{key: raw[key] for key in ("kept", "checked", "read", "followed") if key in raw},
            }
    raise RuntimeError(f"wrk gave no figures: {out.decode()} {err.decode()}")


# The realistic stream ---------------------------------------------------------------------
# What people send: prefecture x a common occupation word x employment type x an optional
# wage floor, drawn from a Zipf distribution over their popularity; some follow their
# search to its second page.
STREAM_WORDS = [
    "介護",
    "看護",
    "事務",
    "調理",
    "運転",
    "営業",
    "製造",
    "保育",
    "清掃",
    "販売",
    "エンジニア",
]
STREAM_EMPLOYMENT = [None, "regular", "part_time"]
STREAM_WAGES: list[tuple[str, str] | None] = [
    None,
    ("monthly", "200000"),
    ("monthly", "250000"),
    ("hourly", "1100"),
]
STREAM_ZIPF_S = 1.1
STREAM_FOLLOW = 0.10  # share of searches followed by their second page (next_cursor)


def stream_paths() -> list[str]:
    """Every search of the stream, most popular first (a seeded order of popularity)."""
    searches = []
    for prefecture in range(1, 48):
        for word in STREAM_WORDS:
            for employment in STREAM_EMPLOYMENT:
                for wage in STREAM_WAGES:
                    params: Params = {"q": word, "prefecture": f"{prefecture:02d}"}
                    if employment:
                        params["employment_type"] = employment
                    if wage:
                        params["wage_unit"], params["min_wage"] = wage
                    searches.append(path_of("/v1/jobs", params))
    random.Random(SEED).shuffle(searches)
    return searches


STREAM_SCRIPT = r"""
-- One connection per thread (-t = -c), so a response is the answer to this thread's last
-- request: a followed search asks for its own next page.
local paths = {%(paths)s}
local cumulative = {%(cumulative)s}
local follow = %(follow)f
threads = {}
counter = 0
setup = function(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end
init = function(args)
  math.randomseed(%(seed)d + id)
  kept, checked, read, followed = 0, 0, 0, 0
  last, following, pending = nil, false, nil
end
local function draw()
  local u = math.random() * cumulative[#cumulative]
  local lo, hi = 1, #cumulative
  while lo < hi do
    local mid = math.floor((lo + hi) / 2)
    if cumulative[mid] < u then lo = mid + 1 else hi = mid end
  end
  return paths[lo]
end
request = function()
  if pending then
    local path = pending
    pending, following = nil, false
    followed = followed + 1
    return wrk.format("GET", path)
  end
  last = draw()
  following = math.random() < follow
  return wrk.format("GET", last)
end
response = function(status, headers, body)
  local how = headers["X-Search-Page"] or headers["x-search-page"]
  if how == "kept" then kept = kept + 1
  elseif how == "checked" then checked = checked + 1
  elseif how == "read" then read = read + 1 end
  if following and status == 200 then
    local cursor = string.match(body, '"next_cursor"%%s*:%%s*"([^"]+)"')
    if cursor then pending = last .. "&cursor=" .. cursor end
    following = false
  end
end
done = function(summary, latency, requests)
  local totals = {kept = 0, checked = 0, read = 0, followed = 0}
  for _, thread in ipairs(threads) do
    for key, _ in pairs(totals) do totals[key] = totals[key] + thread:get(key) end
  end
  local errors = summary.errors
  io.write(string.format(
    'WRK {"requests": %%d, "duration_us": %%d, "p50_us": %%d, "p95_us": %%d, '
    .. '"p99_us": %%d, "status_errors": %%d, "socket_errors": %%d, "kept": %%d, '
    .. '"checked": %%d, "read": %%d, "followed": %%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), errors.status,
    errors.connect + errors.read + errors.write + errors.timeout,
    totals.kept, totals.checked, totals.read, totals.followed))
end
"""


def stream_script(paths: list[str]) -> str:
    weights = [1 / rank**STREAM_ZIPF_S for rank in range(1, len(paths) + 1)]
    cumulative = list(itertools.accumulate(weights))
    return STREAM_SCRIPT % {
        "paths": ", ".join(lua_string(path) for path in paths),
        "cumulative": ", ".join(f"{value:.9g}" for value in cumulative),
        "follow": STREAM_FOLLOW,
        "seed": SEED,
    }


def hit_ratio(measure: dict[str, float]) -> float:
    """Share of searches answered from a kept page (as is, or after a check)."""
    answered = measure.get("kept", 0) + measure.get("checked", 0) + measure.get("read", 0)
    return (measure.get("kept", 0) + measure.get("checked", 0)) / answered if answered else 0.0


WRK = shutil.which("wrk") or "wrk"


# What the endpoint runs ---------------------------------------------------------------------


async def captured_statements(
    url: str, data_dir: Path, *, without_index: bool = False
) -> list[list[Statement]]:
    """Per query of the mix, the SQL statements ``GET /v1/jobs`` executes, with parameters:
    those SQLAlchemy executes (``before_cursor_execute``) and those the service hands to
    asyncpg directly (``asyncpg.Connection.fetch``).

    ``without_index``: the statements of the plain scan, captured with the search's index
    condition left out (``search.sql.index_query`` answering None), so only the exact
    substring test remains. Merely switching index scans off would not give a plain scan:
    the planner would then compute the index's keys row by row."""
    settings = Settings(
        env=Environment.development,
        database_url=url,
        data_dir=data_dir,
        fixed_now=datetime.fromisoformat(FIXED_NOW),
        mail_worker_in_process=False,
    )
    engine = create_engine(url)
    recorded: list[Statement] = []

    def record(_c: Any, _cur: Any, statement: str, parameters: Any, _ctx: Any, _many: Any) -> None:
        if " jobs" in statement:
            recorded.append((statement, tuple(parameters or ())))

    event.listen(engine.sync_engine, "before_cursor_execute", record)
    app = create_app(settings, database=Database(engine))
    captured: list[list[Statement]] = []
    patches = ExitStack()
    # The hot path hands its statements to asyncpg itself (db.fetch).
    driver_fetch = asyncpg.Connection.fetch

    async def fetch(self: asyncpg.Connection, query: str, *args: Any, **kwargs: Any) -> Any:
        if " jobs" in query:
            recorded.append((query, args))
        return await driver_fetch(self, query, *args, **kwargs)

    patches.enter_context(patch.object(asyncpg.Connection, "fetch", fetch))
    if without_index:
        if not hasattr(search_sql, "index_query"):
            raise RuntimeError("search.sql.index_query is gone: update the bench")
        patches.enter_context(
            patch.object(search_sql, "index_query", lambda _parsed, _dialect: None)
        )
    try:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
            for name, params in QUERIES:
                recorded.clear()
                response = await client.get("/v1/jobs", params=params)
                if response.status_code != 200:
                    raise RuntimeError(f"{name}: {response.status_code} {response.text}")
                captured.append(list(recorded))
    finally:
        patches.close()
        await engine.dispose()
    return captured


async def plan_of(connection: asyncpg.Connection, statement: Statement) -> str:
    """The scans of a statement's plan, briefly: ``Index Scan(ix_...)``, ``Seq Scan``."""
    rows = await connection.fetchval("EXPLAIN (FORMAT JSON) " + statement[0], *statement[1])
    plan = json.loads(rows)[0]["Plan"] if isinstance(rows, str) else rows[0]["Plan"]
    scans: list[str] = []

    def walk(node: dict[str, Any]) -> None:
        kind = node["Node Type"]
        if ("Scan" in kind and node.get("Relation Name") == "jobs") or "Index Name" in node:
            index = node.get("Index Name")
            scans.append(f"{kind}({index})" if index else kind)
        for child in node.get("Plans", []):
            walk(child)

    walk(plan)
    return ", ".join(dict.fromkeys(scans))


# One size -------------------------------------------------------------------------------------


def find_count(statements: list[Statement], rows: list[list[Any]]) -> int:
    for (sql, _args), result in zip(statements, rows, strict=True):
        if sql.lstrip().upper().startswith("SELECT COUNT("):
            return int(result[0][0])
    return len(rows[-1]) if rows else 0


async def connect_all(url: str, count: int, settings: dict[str, str]) -> list[asyncpg.Connection]:
    return [await asyncpg.connect(url, server_settings=settings) for _ in range(count)]


async def bench_size(
    server_url: str,
    size: int,
    concurrency: int,
    duration: float,
    keep: bool,
    reuse: bool,
    workers: int,
    mix_only: bool = False,
    stream_seconds: float = 0.0,
    stream_warm_up: float = 30.0,
    redis_url: str = "",
) -> SizeResult:
    name = f"mypage_bench_{size}"
    app_url = database_url(server_url, name, "postgresql+asyncpg")
    raw_url = database_url(server_url, name, "postgresql")
    reused = reuse and await holds_jobs(raw_url, size)
    if not reused:
        await admin(server_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin(
            server_url,
            f"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8' "
            "LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'",
        )
    results: list[QueryResult] = []
    with tempfile.TemporaryDirectory(prefix="mypage-bench-") as folder:
        data_dir = Path(folder)
        env = environment(app_url, data_dir)
        load_seconds = 0.0
        mypage_api(["db", "upgrade"], env)  # a reused database gets new indexes too
        if reused:
            print(f"\n== {size:,} jobs: reusing {name} ==", flush=True)
        else:
            started = time.perf_counter()
            output = mypage_api(["demo-data", "--jobs", str(size), "--seed", str(SEED)], env)
            load_seconds = time.perf_counter() - started
            print(f"\n== {size:,} jobs: loaded in {load_seconds:.1f} s ==", flush=True)
            for line in output.splitlines()[-1:]:
                print(f"   {line}")
        connection = await asyncpg.connect(raw_url)
        try:
            await connection.execute("VACUUM ANALYZE")
            table_size = await connection.fetchval(
                "SELECT pg_size_pretty(pg_total_relation_size('jobs'))"
            )
        finally:
            await connection.close()

        statements = await captured_statements(app_url, data_dir)
        scan_statements = await captured_statements(app_url, data_dir, without_index=True)
        direct = await connect_all(raw_url, concurrency, session_settings())
        scanning = await connect_all(raw_url, concurrency, session_settings())
        for connection in scanning:
            for setting in SCAN_SETTINGS:
                await connection.execute(setting)
        ports = Ports(free_port(), free_port(), free_port() if redis_url else None)
        server = await start_server(env, ports.kept, workers, data_dir / "server.log")
        fresh_env = {**env, "MYPAGE_SEARCH_CACHE_SIZE": "0"}
        fresh = await start_server(fresh_env, ports.fresh, workers, data_dir / "fresh.log")
        shared = None
        prefix = f"mypage-bench:{os.getpid()}-{time.time_ns()}:"  # pages of this run alone
        if ports.shared is not None:
            shared_env = {**env, "MYPAGE_REDIS_URL": redis_url, "MYPAGE_REDIS_KEY_PREFIX": prefix}
            shared = await start_server(shared_env, ports.shared, workers, data_dir / "redis.log")
        try:
            await wrk(ports.kept, ["/healthz"], concurrency, min(2.0, duration))  # warm up
            healthz = await wrk(ports.kept, ["/healthz"], concurrency, duration)
            measured = (
                [] if mix_only else list(zip(QUERIES, statements, scan_statements, strict=True))
            )
            for (query_name, params), query_statements, query_scan in measured:
                results.append(
                    await bench_query(
                        query_name,
                        params,
                        query_statements,
                        query_scan,
                        ports,
                        direct,
                        scanning,
                        concurrency,
                        duration,
                    )
                )
            stream = None
            if stream_seconds:
                stream = await bench_stream(
                    ports, direct[0], concurrency, stream_seconds, stream_warm_up
                )
            results.append(await bench_mix(statements, ports, direct, concurrency, duration))
            mix_changing = await bench_mix_changing(ports, direct[0], concurrency, duration)
        finally:
            await stop_server(server)
            await stop_server(fresh)
            if shared is not None:
                await stop_server(shared)
                await forget_shared(redis_url, prefix)
            for connection in direct + scanning:
                await connection.close()
    if not keep and not reuse:
        await admin(server_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    result = SizeResult(
        size,
        round(load_seconds, 1),
        str(table_size),
        healthz,
        results,
        workers,
        concurrency,
        mix_changing,
        stream,
    )
    print_size(result)
    return result


def canonical(results: list[list[Any]]) -> list[list[Any]]:
    """What the service answers from the rows: arrays (the count's matching ids) as sets,
    since their order is the plan's, not the service's."""
    return [
        [tuple(sorted(v) if isinstance(v, list) else v for v in row) for row in rows]
        for rows in results
    ]


async def run_statements(
    connection: asyncpg.Connection, statements: list[Statement]
) -> list[list[Any]]:
    return [[tuple(row) for row in await connection.fetch(sql, *args)] for sql, args in statements]


async def bench_query(
    name: str,
    params: Params,
    statements: list[Statement],
    scan_statements: list[Statement],
    ports: Ports,
    direct: list[asyncpg.Connection],
    scanning: list[asyncpg.Connection],
    concurrency: int,
    duration: float,
) -> QueryResult:
    indexed_rows = await run_statements(direct[0], statements)
    scanned_rows = await run_statements(scanning[0], scan_statements)
    plans = []
    for sql, args in statements:
        kind = "count" if sql.lstrip().upper().startswith("SELECT COUNT(") else "page"
        plans.append(f"{kind}: {await plan_of(direct[0], (sql, args))}")
    plan = "; ".join(plans)

    async def sql(index: int) -> None:
        await run_statements(direct[index], statements)

    async def scan(index: int) -> None:
        await run_statements(scanning[index], scan_statements)

    measures = {}
    for label, one in (("sql", sql), ("scan", scan)):
        measures[label] = (await run_for(duration, concurrency, one)).summary()
    api, api_fresh = await load_api(ports, [path_of("/v1/jobs", params)], concurrency, duration)
    print(f"   {name}: done" + api_errors(api, api_fresh))
    return QueryResult(
        name=name,
        total=find_count(statements, indexed_rows),
        same_as_scan=canonical(indexed_rows) == canonical(scanned_rows),
        plan=plan,
        api=api,
        api_fresh=api_fresh,
        sql=measures["sql"],
        scan=measures["scan"],
    )


async def bench_mix(
    statements: list[list[Statement]],
    ports: Ports,
    direct: list[asyncpg.Connection],
    concurrency: int,
    duration: float,
) -> QueryResult:
    """Every query of the mix in turn: each caller (or wrk connection) takes the next."""
    turn = [0] * concurrency

    async def sql(index: int) -> None:
        query = (turn[index] + index) % len(statements)
        turn[index] += 1
        await run_statements(direct[index], statements[query])

    paths = [path_of("/v1/jobs", params) for _name, params in QUERIES]
    sql_measure = (await run_for(duration, concurrency, sql)).summary()
    api, api_fresh = await load_api(ports, paths, concurrency, duration)
    print(f"   {MIX}: done" + api_errors(api, api_fresh))
    return QueryResult(MIX, 0, True, "", api, api_fresh, sql_measure, None)


async def load_api(
    ports: Ports, paths: list[str], concurrency: int, duration: float
) -> tuple[dict[str, float], dict[str, float]]:
    """wrk on both servers in turn, each warmed up first for WARM_UP seconds: long enough,
    on the server keeping pages, for each worker to have read and kept each path's page
    (at 1M jobs a fresh read of the mix's slowest query takes up to ~0.6 s)."""
    measures = []
    for port in (ports.kept, ports.fresh):
        await wrk(port, paths, concurrency, min(WARM_UP, duration))
        measures.append(await wrk(port, paths, concurrency, duration))
    return measures[0], measures[1]


@asynccontextmanager
async def jobs_changing(connection: asyncpg.Connection) -> AsyncIterator[None]:
    """Jobs change as they do in office hours: every CHANGE_EVERY seconds one job picked at
    random is touched (its ``updated_at``), which moves the search generation: each kept
    page is checked against the change, and read afresh when the job matches its search."""
    size = int(await connection.fetchval("SELECT max(id) FROM jobs"))
    pick = random.Random(SEED)  # a repeatable choice of jobs

    async def change() -> None:
        while True:
            await asyncio.sleep(CHANGE_EVERY)
            job_id = pick.randint(1, size)
            await connection.execute("UPDATE jobs SET updated_at = now() WHERE id = $1", job_id)

    changing = asyncio.create_task(change())
    try:
        yield
    finally:
        changing.cancel()
        with suppress(asyncio.CancelledError):
            await changing


async def bench_mix_changing(
    ports: Ports, connection: asyncpg.Connection, concurrency: int, duration: float
) -> dict[str, float]:
    """The mix on the server keeping pages while jobs change (``jobs_changing``)."""
    paths = [path_of("/v1/jobs", params) for _name, params in QUERIES]
    async with jobs_changing(connection):
        measure = await wrk(ports.kept, paths, concurrency, duration)
    print(f"   {MIX}, a job changing every {CHANGE_EVERY:g} s: done" + api_errors(measure))
    return measure


async def bench_stream(
    ports: Ports,
    connection: asyncpg.Connection,
    concurrency: int,
    seconds: float,
    warm_up: float,
) -> dict[str, dict[str, float]]:
    """The realistic stream on the server keeping pages (after ``warm_up`` seconds of it),
    on the fresh server, and on the first while jobs change."""
    script = stream_script(stream_paths())
    measures = {}
    await wrk(ports.kept, [], concurrency, warm_up, script_text=script)
    measures["as deployed"] = await wrk(ports.kept, [], concurrency, seconds, script_text=script)
    if ports.shared is not None:
        await wrk(ports.shared, [], concurrency, warm_up, script_text=script)
        measures["as deployed, Redis"] = await wrk(
            ports.shared, [], concurrency, seconds, script_text=script
        )
    await wrk(ports.fresh, [], concurrency, min(WARM_UP, seconds), script_text=script)
    measures["fresh"] = await wrk(ports.fresh, [], concurrency, seconds, script_text=script)
    async with jobs_changing(connection):
        measures["while jobs change"] = await wrk(
            ports.kept, [], concurrency, seconds, script_text=script
        )
        if ports.shared is not None:
            measures["while jobs change, Redis"] = await wrk(
                ports.shared, [], concurrency, seconds, script_text=script
            )
    print("   stream: done" + api_errors(*measures.values()))
    return measures


async def forget_shared(redis_url: str, prefix: str) -> None:
    """Remove the pages this run kept in Redis."""
    client = Redis.from_url(redis_url)
    try:
        keys = [key async for key in client.scan_iter(match=prefix + "*")]
        if keys:
            await client.delete(*keys)
    finally:
        await client.aclose()


def api_errors(*measures: dict[str, float]) -> str:
    errors = sum(measure.get("errors", 0) for measure in measures)
    return f" ({errors:.0f} API errors)" if errors else ""


# Reporting ------------------------------------------------------------------------------------


def print_size(result: SizeResult) -> None:
    loaded = f"loaded in {result.load_seconds} s" if result.load_seconds else "reused"
    print(
        f"\n{result.size:,} jobs (table {result.table_size}, {loaded}); "
        f"{result.workers} server workers, concurrency {result.concurrency}"
    )
    health = result.healthz
    print(f"GET /healthz (no database): {health['rps']:.0f} rps, p50 {health['p50_ms']:.1f} ms")
    if result.stream:
        print_stream(result.stream)
    header = (
        f"{'query':34} {'total':>7} {'API rps':>8} {'p50':>7} {'p95':>7} "
        f"{'fresh rps':>9} {'p50':>7} {'p95':>7} "
        f"{'SQL rps':>8} {'p50':>7} {'p95':>7} {'scan rps':>8} {'p50':>8} {'p95':>8} "
        f"{'API/SQL':>7} {'fresh/SQL':>9} {'idx/scan':>8} same"
    )
    print(header)
    print("-" * len(header))
    for query in result.queries:
        scan = query.scan or {"rps": float("nan"), "p50_ms": float("nan"), "p95_ms": float("nan")}
        fresh = query.api_fresh
        print(
            f"{query.name[:34]:34} {query.total:>7} "
            f"{query.api['rps']:>8.0f} {query.api['p50_ms']:>7.1f} {query.api['p95_ms']:>7.1f} "
            f"{fresh['rps']:>9.0f} {fresh['p50_ms']:>7.1f} {fresh['p95_ms']:>7.1f} "
            f"{query.sql['rps']:>8.0f} {query.sql['p50_ms']:>7.1f} {query.sql['p95_ms']:>7.1f} "
            f"{scan['rps']:>8.0f} {scan['p50_ms']:>8.1f} {scan['p95_ms']:>8.1f} "
            f"{api_over_sql(query.api, query):>7.2f} {api_over_sql(fresh, query):>9.2f} "
            f"{indexed_over_scan(query):>8.2f} {'yes' if query.same_as_scan else 'NO'}"
            + api_errors(query.api, fresh)
        )
    if result.mix_changing:
        changing = result.mix_changing
        print(
            f"{'mix, a job changing every ' + format(CHANGE_EVERY, 'g') + ' s':34} "
            f"{'':>7} {changing['rps']:>8.0f} {changing['p50_ms']:>7.1f} "
            f"{changing['p95_ms']:>7.1f}   (pages kept, checked against each change)"
        )
    print("plans (SQL):")
    for query in result.queries:
        if query.plan:
            print(f"   {query.name}: {query.plan}")


def print_stream(stream: dict[str, dict[str, float]]) -> None:
    searches = len(stream_paths())
    print(
        f"realistic stream: {searches:,} distinct searches, Zipf s={STREAM_ZIPF_S}, "
        f"{STREAM_FOLLOW:.0%} followed to their second page"
    )
    header = (
        f"{'stream':24} {'requests':>9} {'rps':>7} {'p50':>7} {'p95':>7} {'p99':>7} "
        f"{'kept':>6} {'2nd pages':>9}"
    )
    print(header)
    print("-" * len(header))
    for label, measure in stream.items():
        print(
            f"{label:24} {measure['requests']:>9.0f} {measure['rps']:>7.0f} "
            f"{measure['p50_ms']:>7.1f} {measure['p95_ms']:>7.1f} {measure['p99_ms']:>7.1f} "
            f"{hit_ratio(measure):>6.1%} {measure.get('followed', 0):>9.0f}" + api_errors(measure)
        )


def api_over_sql(api: dict[str, float], query: QueryResult) -> float:
    return api["rps"] / query.sql["rps"] if query.sql["rps"] else float("nan")


def indexed_over_scan(query: QueryResult) -> float:
    if query.scan is None or not query.scan["p50_ms"]:
        return float("nan")
    return query.sql["p50_ms"] / query.scan["p50_ms"]


def print_growth(results: list[SizeResult]) -> None:
    if len(results) < 2:
        return
    first, last = results[0], results[-1]
    print(f"\np95 growth from {first.size:,} to {last.size:,} jobs (×)")
    print(f"{'query':34} {'API':>7} {'fresh':>7} {'SQL':>7} {'scan':>8}")
    for small, large in zip(first.queries, last.queries, strict=True):
        scan = (
            large.scan["p95_ms"] / small.scan["p95_ms"]
            if large.scan and small.scan
            else float("nan")
        )
        print(
            f"{small.name[:34]:34} {large.api['p95_ms'] / small.api['p95_ms']:>7.1f} "
            f"{large.api_fresh['p95_ms'] / small.api_fresh['p95_ms']:>7.1f} "
            f"{large.sql['p95_ms'] / small.sql['p95_ms']:>7.1f} {scan:>8.1f}"
        )


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", default="10000,100000", help="comma-separated job counts")
    parser.add_argument(
        "--concurrency", type=int, default=8, help="connections in flight (wrk and SQL)"
    )
    parser.add_argument("--workers", type=int, default=2, help="server processes")
    parser.add_argument("--duration", type=float, default=8.0, help="seconds per measurement")
    parser.add_argument(
        "--server",
        default=os.environ.get(
            "MYPAGE_BENCH_SERVER", "postgresql://postgres@127.0.0.1:5432/postgres"
        ),
        help="a PostgreSQL server the script may create and drop databases on",
    )
    parser.add_argument("--keep", action="store_true", help="keep the databases afterwards")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="measure a kept database that already holds SIZE jobs instead of loading anew "
        "(and keep it)",
    )
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument(
        "--mix-only", action="store_true", help="measure the mix alone, not each query"
    )
    parser.add_argument(
        "--stream-seconds",
        type=float,
        default=60.0,
        help="seconds of the realistic stream per server (0: leave it out)",
    )
    parser.add_argument(
        "--stream-warm-up", type=float, default=30.0, help="seconds of stream before measuring"
    )
    parser.add_argument(
        "--redis",
        default="",
        metavar="URL",
        help="also run the stream on a server as deployed with MYPAGE_REDIS_URL=URL (search "
        "pages shared by its workers), beside the one keeping pages per process",
    )
    arguments = parser.parse_args()
    sizes = [int(size) for size in arguments.sizes.split(",")]
    if not shutil.which("wrk"):
        parser.error("wrk is needed for the API load: apt-get install wrk")
    print(
        f"GET /v1/jobs: {len(QUERIES)} queries and their mix, concurrency "
        f"{arguments.concurrency}, {arguments.workers} server workers, "
        f"{arguments.duration:g} s each; {os.cpu_count()} CPUs"
    )
    results = []
    for size in sizes:
        results.append(
            await bench_size(
                arguments.server,
                size,
                arguments.concurrency,
                arguments.duration,
                arguments.keep,
                arguments.reuse,
                arguments.workers,
                arguments.mix_only,
                arguments.stream_seconds,
                arguments.stream_warm_up,
                arguments.redis,
            )
        )
    print_growth(results)
    if arguments.json:
        arguments.json.write_text(
            json.dumps([asdict(result) for result in results], ensure_ascii=False, indent=2),
            encoding="utf-8",
        )


if __name__ == "__main__":
    asyncio.run(main())
