"""The service under faults, black-box, with real parts on loopback only.

    .venv/bin/python bench/faults.py                      # every scenario, a 10-minute soak
    .venv/bin/python bench/faults.py restart idempotency  # some of them
    .venv/bin/python bench/faults.py soak --soak-seconds 60

Each scenario runs ``mypage-api serve`` (and ``mypage-api worker``) in processes of their
own, as deployed, against a PostgreSQL cluster of the bench's own (``initdb`` and
``pg_ctl`` in a temporary folder, on a free port; the machine's shared cluster is never
touched), and prints what it saw:

- **restart**: ``serve --workers 2`` under steady mixed load (a seeker's home, searches,
  job pages, ``/readyz``, and an employer posting jobs that the seeker applies to with an
  ``Idempotency-Key``, retried like a client would until answered), while the database
  is stopped for 3 s and started again, twice. It counts every answer by status, the 5xx
  other than 503 (goal 0), requests that got no answer at all, the seconds from the
  database's start to each endpoint's first 200, and checks that every application
  answered 201 is there afterwards (none lost) and none twice.
- **worker-kill**: 300 mails queued through the API; ``mypage-api worker`` sends them to
  a local SMTP server (aiosmtpd, 20 ms per message) and is killed with SIGKILL twice in
  the middle of sending, then started again. Every queued mail must arrive (at least
  once: the one in flight when the worker died may arrive twice, with the same
  Message-ID).
- **idempotency**: 50 concurrent identical applications with one ``Idempotency-Key``,
  then 50 with 50 different keys, for one job each, on PostgreSQL (two server processes)
  and on the embedded SQLite default: exactly one application each time.
- **pre-ping**: what the protection costs in speed: a job page and ``/readyz`` under wrk
  (8 connections) with ``MYPAGE_DATABASE_POOL_PRE_PING`` off and on, twice each in turn.
- **soak**: mixed traffic of all four roles (seeker, employer, staff, partner) at a fixed
  rate for ``--soak-seconds`` (600); every answer must be a success, and the server's
  memory (RSS of its processes) is reported at the start and the end.

It is a script, not a test: its figures depend on the machine.
"""

import argparse
import asyncio
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

import asyncpg  # type: ignore[import-untyped]
import httpx
from aiosmtpd.controller import Controller

from mypage_api.demo.data import DEMO_PASSWORD as PASSWORD

PROJECT = Path(__file__).resolve().parents[1]
COMMAND = [sys.executable, "-c", "from mypage_api.cli import main; main()"]
SEEKER = "demo-seeker@example.jp"
EMPLOYER = "demo-employer@example.jp"
STAFF = "demo-staff@example.jp"
PARTNER = ("demo-partner", "demo-partner-secret-2026")
WORDS = ["介護", "看護", "事務", "調理", "運転", "営業", "製造", "保育", "清掃", "販売"]
JOB = {
    "title": "介護職員（日勤のみ）",
    "occupation_code": "055-01",
    "occupation_name": "介護職員",
    "description": "特別養護老人ホームでの入浴・食事の介助。未経験歓迎。",
    "employment_type": "regular",
    "working_style": "full_time",
    "wage_unit": "monthly",
    "wage_min": 210_000,
    "wage_max": 260_000,
    "working_hours": "9:00〜18:00（休憩60分）",
    "prefecture_code": "13",
    "municipality_code": "13101",
    "accepts_online_applications": True,
    "publishes_employer_name": True,
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


# A PostgreSQL cluster of the bench's own --------------------------------------------------
def _postgres_bin() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if found:
        return found[-1].parent
    initdb = shutil.which("initdb")
    if initdb is None:
        sys.exit("initdb not found: install PostgreSQL (apt-get install postgresql)")
    return Path(initdb).parent


class Cluster:
    """``initdb`` in a temporary folder, on a free port, trust authentication; run as the
    ``postgres`` user when the bench runs as root (PostgreSQL refuses root)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.data = folder / "data"
        self.port = free_port()
        self.bin = _postgres_bin()
        self.as_postgres = os.geteuid() == 0
        if self.as_postgres:
            shutil.chown(folder, "postgres", "postgres")
        self._run(
            "initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres",
            "-E", "UTF8", "--locale", "C.UTF-8",
        )  # fmt: skip

    def _run(self, program: str, *args: str) -> None:
        command = [str(self.bin / program), *args]
        if self.as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True)  # noqa: S603

    def start(self) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1"
        self._run(
            "pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.folder / "log"), "-w",
            "start",
        )  # fmt: skip

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+asyncpg://postgres@127.0.0.1:{self.port}/{database}"

    def dsn(self, database: str) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        async def create() -> None:
            connection = await asyncpg.connect(self.dsn("postgres"))
            try:
                await connection.execute(
                    f"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8' "
                    "LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"
                )
            finally:
                await connection.close()

        asyncio.run(create())
        return self.url(name)


@contextmanager
def cluster() -> Iterator[Cluster]:
    folder = Path(tempfile.mkdtemp(prefix="mypage-faults-"))
    folder.chmod(0o755)
    own = Cluster(folder)
    own.start()
    try:
        yield own
    finally:
        with suppress(subprocess.CalledProcessError):
            own.stop()
        shutil.rmtree(folder, ignore_errors=True)


# The service's processes ------------------------------------------------------------------
def environment(data_dir: Path, database_url: str | None, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MYPAGE_")}
    env.update(
        MYPAGE_ENV="development",
        MYPAGE_DATA_DIR=str(data_dir),
        MYPAGE_MAIL_WORKER_IN_PROCESS="false",
        MYPAGE_MAIL_PER_CLIENT="1000000",  # the bench is one client asking for many mails
        **extra,
    )
    if database_url:
        env["MYPAGE_DATABASE_URL"] = database_url
    return env


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    base_url: str
    log: Path

    def rss_kib(self) -> int:
        """Resident memory of the server and its worker processes."""
        return sum(_rss(pid) for pid in [self.process.pid, *_children(self.process.pid)])

    def stop(self) -> None:
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def _children(pid: int) -> list[int]:
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        with suppress(OSError):
            lines = dict(
                line.split(":\t", 1) for line in status.read_text().splitlines() if ":\t" in line
            )
            if lines.get("PPid", "").strip() == str(pid):
                found.append(int(status.parent.name))
    return found


def _rss(pid: int) -> int:
    with suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def prepare(env: dict[str, str], jobs: int = 200) -> None:
    subprocess.run(  # noqa: S603
        [*COMMAND, "demo-data", "--jobs", str(jobs)], env=env, check=True, capture_output=True
    )


def serve(env: dict[str, str], folder: Path, workers: int = 2) -> Server:
    port = free_port()
    log = folder / f"serve-{port}.log"
    with log.open("wb") as output:
        process = subprocess.Popen(  # noqa: S603
            [*COMMAND, "serve", "--port", str(port), "--workers", str(workers)],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    server = Server(process, f"http://127.0.0.1:{port}", log)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with suppress(httpx.TransportError):
            if httpx.get(f"{server.base_url}/readyz", timeout=1).status_code == 200:
                return server
        time.sleep(0.2)
    server.stop()
    sys.exit(f"serve did not start:\n{log.read_text()[-3000:]}")


# Callers ----------------------------------------------------------------------------------
async def sign_in(client: httpx.AsyncClient, email: str) -> dict[str, str]:
    response = await client.post(
        "/v1/auth/token", data={"grant_type": "password", "username": email, "password": PASSWORD}
    )
    response.raise_for_status()
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


async def partner_headers(client: httpx.AsyncClient) -> dict[str, str]:
    client_id, secret = PARTNER
    response = await client.post(
        "/v1/auth/token",
        data={"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret},
    )
    response.raise_for_status()
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


async def until_answered(
    call: Callable[[], Awaitable[httpx.Response]], deadline: float
) -> httpx.Response | None:
    """A client's retry: again after a 503 or no answer, until ``deadline``."""
    while time.monotonic() < deadline:
        try:
            response = await call()
        except httpx.TransportError:
            await asyncio.sleep(0.2)
            continue
        if response.status_code != 503:
            return response
        await asyncio.sleep(float(response.headers.get("retry-after", "1")) / 4)
    return None


@dataclass
class Tally:
    """Answers by endpoint: statuses, no answers, and when each came."""

    statuses: dict[str, Counter[str]] = field(default_factory=dict)
    times: dict[str, list[tuple[float, str]]] = field(default_factory=dict)

    def note(self, endpoint: str, outcome: str) -> None:
        self.statuses.setdefault(endpoint, Counter())[outcome] += 1
        self.times.setdefault(endpoint, []).append((time.monotonic(), outcome))

    async def call(
        self, endpoint: str, request: Callable[[], Awaitable[httpx.Response]]
    ) -> httpx.Response | None:
        try:
            response = await request()
        except httpx.TransportError as exc:
            self.note(endpoint, f"no answer ({type(exc).__name__})")
            return None
        self.note(endpoint, str(response.status_code))
        return response

    def server_errors(self) -> int:
        return sum(
            count
            for counter in self.statuses.values()
            for outcome, count in counter.items()
            if outcome.startswith("5") and outcome != "503"
        )

    def unanswered(self) -> int:
        return sum(
            count
            for counter in self.statuses.values()
            for outcome, count in counter.items()
            if outcome.startswith("no answer")
        )

    def first_ok_after(self, endpoint: str, moment: float) -> float | None:
        for at, outcome in self.times.get(endpoint, []):
            if at >= moment and outcome.startswith("2"):
                return at - moment
        return None

    def print(self) -> None:
        for endpoint, counter in sorted(self.statuses.items()):
            outcomes = ", ".join(f"{outcome}: {n}" for outcome, n in sorted(counter.items()))
            print(f"  {endpoint:<14} {outcomes}")


async def job_numbers(client: httpx.AsyncClient) -> list[str]:
    response = await client.get("/v1/jobs", params={"limit": 50})
    response.raise_for_status()
    return [item["job_number"] for item in response.json()["items"]]


# restart ----------------------------------------------------------------------------------
async def _steady_load(
    base_url: str, tally: Tally, stop: asyncio.Event, applied: list[int], answered: list[str]
) -> None:
    async with httpx.AsyncClient(base_url=base_url, timeout=30) as client:
        seeker = await sign_in(client, SEEKER)
        employer = await sign_in(client, EMPLOYER)
        jobs = await job_numbers(client)

        async def loop(endpoint: str, request: Callable[[], Awaitable[httpx.Response]]) -> None:
            while not stop.is_set():
                await tally.call(endpoint, request)
                await asyncio.sleep(0.01)

        async def writer() -> None:
            """Post a job, apply to it; each step retried (the same key) until answered."""
            while not stop.is_set():
                deadline = time.monotonic() + 60
                posted = await until_answered(
                    lambda: client.post("/v1/employer/jobs", json=JOB, headers=employer), deadline
                )
                if posted is None or posted.status_code != 201:
                    answered.append(f"post {posted.status_code if posted else 'none'}")
                    continue
                number = posted.json()["job_number"]
                key = uuid.uuid4().hex
                body = {"job_number": number, "motivation": "御社の理念に共感しました。"}
                applied_response = await until_answered(
                    lambda body=body, key=key: client.post(  # type: ignore[misc]
                        "/v1/me/applications",
                        json=body,
                        headers={**seeker, "Idempotency-Key": key},
                    ),
                    deadline,
                )
                status = applied_response.status_code if applied_response else "none"
                answered.append(f"apply {status}")
                if applied_response is not None and applied_response.status_code == 201:
                    applied.append(applied_response.json()["id"])

        await asyncio.gather(
            loop("home", lambda: client.get("/v1/me/home", headers=seeker)),
            loop("search", lambda: client.get("/v1/jobs", params={"q": random.choice(WORDS)})),
            loop("job page", lambda: client.get(f"/v1/jobs/{random.choice(jobs)}")),
            loop("readyz", lambda: client.get("/readyz")),
            writer(),
        )


async def _applications_there(base_url: str, applied: list[int]) -> tuple[int, int]:
    """(missing, listed): applications answered 201 that the seeker cannot read now, and
    how many the seeker's lists hold."""
    async with httpx.AsyncClient(base_url=base_url, timeout=30) as client:
        seeker = await sign_in(client, SEEKER)
        missing = 0
        for application_id in applied:
            response = await client.get(f"/v1/me/applications/{application_id}", headers=seeker)
            missing += response.status_code != 200
        listed = 0
        cursor = None
        while True:
            params: dict[str, str | int] = {"list": "applying", "limit": 100}
            if cursor:
                params["cursor"] = cursor
            page = (await client.get("/v1/me/applications", params=params, headers=seeker)).json()
            listed += len(page["items"])
            cursor = page.get("next_cursor")
            if not cursor:
                return missing, listed


def restart(folder: Path) -> bool:
    print("\n== restart: the database stopped for 3 s and started again, twice ==")
    with cluster() as own:
        env = environment(folder / "restart", own.create_database("faults_restart"))
        prepare(env)
        server = serve(env, folder)
        tally = Tally()
        applied: list[int] = []
        answered: list[str] = []
        started_at: list[float] = []

        async def run() -> None:
            stop = asyncio.Event()
            load = asyncio.create_task(
                _steady_load(server.base_url, tally, stop, applied, answered)
            )
            await asyncio.sleep(5)
            for _ in range(2):
                await asyncio.to_thread(own.stop)
                await asyncio.sleep(3)
                await asyncio.to_thread(own.start)
                started_at.append(time.monotonic())
                await asyncio.sleep(6)
            stop.set()
            await load

        try:
            asyncio.run(run())
            missing, listed = asyncio.run(_applications_there(server.base_url, applied))
        finally:
            server.stop()
    tally.print()
    print(f"  writes         {dict(Counter(answered))}")
    unexpected = Counter(
        line.split(" unexpected ", 1)[1]
        for line in server.log.read_text().splitlines()
        if " unexpected " in line
    )
    if unexpected:
        print(f"  the server's log of 500s: {dict(unexpected)}")
    recovery = [
        max((tally.first_ok_after(e, moment) or float("inf")) for e in tally.statuses)
        for moment in started_at
    ]
    print(f"  5xx other than 503: {tally.server_errors()} (goal 0)")
    print(f"  requests with no answer: {tally.unanswered()}")
    print("  seconds from the database's start to every endpoint's next 200: "
          + ", ".join(f"{seconds:.2f}" for seconds in recovery))  # fmt: skip
    print(f"  applications answered 201: {len(applied)}; missing afterwards: {missing}; "
          f"listed: {listed} (goal: as many as answered)")  # fmt: skip
    return (
        tally.server_errors() == 0
        and tally.unanswered() == 0
        and missing == 0
        and listed == len(applied)
    )


# worker-kill ------------------------------------------------------------------------------
class Inbox:
    """An SMTP server's handler that keeps the Message-IDs it receives, slowly."""

    def __init__(self) -> None:
        self.received: list[str] = []

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
        await asyncio.sleep(0.02)
        content: bytes = envelope.original_content or b""  # type: ignore[attr-defined]
        for line in content.split(b"\r\n"):
            if line.lower().startswith(b"message-id:"):
                self.received.append(line.split(b":", 1)[1].strip().decode())
                break
        return "250 OK"


def worker_kill(folder: Path, mails: int = 300) -> bool:
    print(f"\n== worker-kill: {mails} mails, the worker killed with SIGKILL twice while sending ==")
    inbox = Inbox()
    smtp_port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    try:
        with cluster() as own:
            database = "faults_mail"
            env = environment(
                folder / "mail",
                own.create_database(database),
                MYPAGE_MAIL_BACKEND="smtp",
                MYPAGE_SMTP_HOST="127.0.0.1",
                MYPAGE_SMTP_PORT=str(smtp_port),
                MYPAGE_MAIL_LEASE_SECONDS="3",
                MYPAGE_MAIL_POLL_SECONDS="0.2",
            )
            prepare(env, jobs=0)
            server = serve(env, folder, workers=1)
            try:
                with httpx.Client(base_url=server.base_url, timeout=30) as client:
                    for n in range(mails):
                        response = client.post("/v1/signups", json={"email": f"m{n}@example.jp"})
                        assert response.status_code == 202, response.text
            finally:
                server.stop()
            queued = asyncio.run(_message_ids(own.dsn(database)))
            started = time.monotonic()
            kills = 0
            for kill_at in (mails // 6, mails // 2, None):
                worker = subprocess.Popen(  # noqa: S603
                    [*COMMAND, "worker"],
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
                deadline = time.monotonic() + 120
                while time.monotonic() < deadline:
                    if kill_at is not None and len(inbox.received) >= kill_at:
                        worker.send_signal(signal.SIGKILL)
                        worker.wait()
                        kills += 1
                        break
                    if kill_at is None and set(queued) <= set(inbox.received):
                        break
                    time.sleep(0.01)
                if kill_at is None:
                    worker.send_signal(signal.SIGINT)
                    worker.wait(timeout=30)
            seconds = time.monotonic() - started
    finally:
        controller.stop()
    missing = set(queued) - set(inbox.received)
    duplicates = len(inbox.received) - len(set(inbox.received))
    print(f"  queued {len(queued)}, worker killed {kills} times, received {len(inbox.received)} "
          f"({len(set(inbox.received))} distinct) in {seconds:.1f} s")  # fmt: skip
    print(f"  missing: {len(missing)} (goal 0); sent twice (same Message-ID): {duplicates}")
    return not missing and kills == 2


async def _message_ids(dsn: str) -> list[str]:
    connection = await asyncpg.connect(dsn)
    try:
        rows = await connection.fetch("SELECT message_id FROM outbox_mails")
        return [row["message_id"] for row in rows]
    finally:
        await connection.close()


# idempotency ------------------------------------------------------------------------------
async def _fifty(base_url: str) -> tuple[Counter[int], int, Counter[int], int]:
    async with httpx.AsyncClient(
        base_url=base_url, timeout=60, limits=httpx.Limits(max_connections=50)
    ) as client:
        seeker = await sign_in(client, SEEKER)
        employer = await sign_in(client, EMPLOYER)

        async def job() -> str:
            posted = await client.post("/v1/employer/jobs", json=JOB, headers=employer)
            posted.raise_for_status()
            return str(posted.json()["job_number"])

        async def apply(number: str, key: str) -> httpx.Response:
            return await client.post(
                "/v1/me/applications",
                json={"job_number": number, "motivation": "御社の理念に共感しました。"},
                headers={**seeker, "Idempotency-Key": key},
            )

        async def applications_to(number: str) -> int:
            listed = await client.get(
                "/v1/me/applications", params={"list": "applying", "limit": 100}, headers=seeker
            )
            return sum(item["job_number"] == number for item in listed.json()["items"])

        same_job, other_job = await job(), await job()
        same = await asyncio.gather(*(apply(same_job, "one-key") for _ in range(50)))
        different = await asyncio.gather(*(apply(other_job, f"key-{n}") for n in range(50)))
        return (
            Counter(r.status_code for r in same),
            await applications_to(same_job),
            Counter(r.status_code for r in different),
            await applications_to(other_job),
        )


def idempotency(folder: Path) -> bool:
    print("\n== idempotency: 50 concurrent applications, one key; 50 with different keys ==")
    ok = True
    with cluster() as own:
        for name, database_url in (
            ("PostgreSQL, 2 processes", own.create_database("faults_idem")),
            ("SQLite, 1 process", None),
        ):
            env = environment(folder / f"idem-{bool(database_url)}", database_url)
            prepare(env, jobs=0)
            server = serve(env, folder, workers=2 if database_url else 1)
            try:
                same, same_count, different, different_count = asyncio.run(_fifty(server.base_url))
            finally:
                server.stop()
            print(
                f"  {name}: one key: answers {dict(same)}, applications {same_count}; "
                f"50 keys: answers {dict(different)}, applications {different_count}"
            )
            ok = ok and same_count == 1 and different_count == 1
            ok = ok and not any(status >= 500 for status in [*same, *different])
    return ok


# soak -------------------------------------------------------------------------------------
async def _soak_traffic(
    server: Server, seconds: float, rate: float, tally: Tally, rss: list[int]
) -> None:
    base_url = server.base_url
    async with httpx.AsyncClient(base_url=base_url, timeout=30) as client:
        headers = {
            "seeker": await sign_in(client, SEEKER),
            "employer": await sign_in(client, EMPLOYER),
            "staff": await sign_in(client, STAFF),
            "partner": await partner_headers(client),
        }
        jobs = await job_numbers(client)
        me = (await client.get("/v1/me", headers=headers["seeker"])).json()
        seeker_number = me["seeker_number"]
        signed_in_at = time.monotonic()

        def get(path: str, role: str | None = None, **params: str) -> Awaitable[httpx.Response]:
            return client.get(path, params=params, headers=headers[role] if role else {})

        def calls() -> list[tuple[str, Callable[[], Awaitable[httpx.Response]]]]:
            return [
                ("seeker home", lambda: get("/v1/me/home", "seeker")),
                ("search", lambda: get("/v1/jobs", q=random.choice(WORDS))),
                ("job page", lambda: get(f"/v1/jobs/{random.choice(jobs)}")),
                ("seeker apps", lambda: get("/v1/me/applications", "seeker")),
                ("employer jobs", lambda: get("/v1/employer/jobs", "employer")),
                ("staff seeker", lambda: get(f"/v1/staff/seekers/{seeker_number}", "staff")),
                ("partner", lambda: get("/v1/partner/seekers", "partner")),
                (
                    "employer post",
                    lambda: client.post("/v1/employer/jobs", json=JOB, headers=headers["employer"]),
                ),
            ]

        started = time.monotonic()
        pending: set[asyncio.Task[object]] = set()
        sent = 0
        while time.monotonic() - started < seconds:
            if time.monotonic() - signed_in_at > 10 * 60:  # access tokens last 15 minutes
                headers["seeker"] = await sign_in(client, SEEKER)
                headers["employer"] = await sign_in(client, EMPLOYER)
                headers["staff"] = await sign_in(client, STAFF)
                headers["partner"] = await partner_headers(client)
                signed_in_at = time.monotonic()
            if time.monotonic() - started >= len(rss) * seconds / 10:
                rss.append(server.rss_kib())  # ten samples over the run
            endpoint, request = random.choice(calls())
            task = asyncio.create_task(tally.call(endpoint, request))
            pending.add(task)
            task.add_done_callback(pending.discard)
            sent += 1
            await asyncio.sleep(max(0.0, started + sent / rate - time.monotonic()))
        await asyncio.gather(*pending)


def soak(folder: Path, seconds: float, rate: float) -> bool:
    print(f"\n== soak: all four roles at {rate:.0f} requests/s for {seconds:.0f} s ==")
    with cluster() as own:
        env = environment(folder / "soak", own.create_database("faults_soak"))
        prepare(env)
        server = serve(env, folder)
        tally = Tally()
        rss: list[int] = []
        try:
            asyncio.run(_soak_traffic(server, seconds, rate, tally, rss))
            rss.append(server.rss_kib())
        finally:
            server.stop()
    tally.print()
    total = sum(sum(counter.values()) for counter in tally.statuses.values())
    errors = sum(
        count
        for counter in tally.statuses.values()
        for outcome, count in counter.items()
        if not outcome.startswith("2")
    )
    print(f"  {total} requests, {errors} not answered with a success (goal 0)")
    print(
        f"  server RSS (MiB), every {seconds / 10:.0f} s: "
        + " ".join(f"{kib / 1024:.0f}" for kib in rss)
        + f" ({(rss[-1] - rss[0]) / 1024:+.1f} MiB; second half {(rss[-1] - rss[5]) / 1024:+.1f})"
    )
    return errors == 0


# pre-ping ---------------------------------------------------------------------------------
def _wrk(url: str, seconds: int = 10, connections: int = 8) -> tuple[float, str, str]:
    """(requests per second, p50, p99) as wrk measured them."""
    output = subprocess.run(  # noqa: S603
        ["wrk", "--latency", f"-c{connections}", "-t2", f"-d{seconds}s", url],  # noqa: S607
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    lines = output.splitlines()
    rps = next(float(line.split()[1]) for line in lines if line.startswith("Requests/sec"))
    percentile = {line.split()[0]: line.split()[1] for line in lines if "%" in line}
    return rps, percentile.get("50%", "?"), percentile.get("99%", "?")


def pre_ping(folder: Path) -> bool:
    print("\n== pre-ping: what testing each pooled connection before use costs (wrk, c8) ==")
    if shutil.which("wrk") is None:
        print("  skipped: wrk is not installed (apt-get install wrk)")
        return True
    with cluster() as own:
        database_url = own.create_database("faults_ping")
        prepare(environment(folder / "ping", database_url))
        for ping in ("false", "true", "false", "true"):
            env = environment(folder / "ping", database_url, MYPAGE_DATABASE_POOL_PRE_PING=ping)
            server = serve(env, folder)
            try:
                number = asyncio.run(_one_job(server.base_url))
                _wrk(f"{server.base_url}/v1/jobs/{number}", seconds=3)  # warm-up
                rps, p50, p99 = _wrk(f"{server.base_url}/v1/jobs/{number}")
                health, _, _ = _wrk(f"{server.base_url}/readyz")
            finally:
                server.stop()
            print(f"  pre-ping {ping:<5}  job page {rps:7.0f} rps, p50 {p50}, p99 {p99};"
                  f"  /readyz {health:7.0f} rps")  # fmt: skip
    return True


async def _one_job(base_url: str) -> str:
    async with httpx.AsyncClient(base_url=base_url) as client:
        return (await job_numbers(client))[0]


SCENARIOS = ("restart", "worker-kill", "idempotency", "soak", "pre-ping")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("scenarios", nargs="*", help=f"some of {', '.join(SCENARIOS)} (all)")
    parser.add_argument("--soak-seconds", type=float, default=600)
    parser.add_argument("--soak-rate", type=float, default=40, help="requests per second")
    arguments = parser.parse_args()
    unknown = set(arguments.scenarios) - set(SCENARIOS)
    if unknown:
        parser.error(f"unknown scenarios: {', '.join(sorted(unknown))}")
    folder = Path(tempfile.mkdtemp(prefix="mypage-faults-run-"))
    random.seed(1)
    results = {}
    try:
        for scenario in arguments.scenarios or SCENARIOS:
            if scenario == "restart":
                results[scenario] = restart(folder)
            elif scenario == "worker-kill":
                results[scenario] = worker_kill(folder)
            elif scenario == "idempotency":
                results[scenario] = idempotency(folder)
            elif scenario == "pre-ping":
                results[scenario] = pre_ping(folder)
            else:
                results[scenario] = soak(folder, arguments.soak_seconds, arguments.soak_rate)
    finally:
        if all(results.values()):
            shutil.rmtree(folder, ignore_errors=True)
        else:
            print(f"\nthe run's folder (server logs) is kept: {folder}")
    print("\n" + ", ".join(f"{name}: {'ok' if ok else 'FAILED'}" for name, ok in results.items()))
    sys.exit(0 if all(results.values()) else 1)


if __name__ == "__main__":
    main()
