"""``mypage-api serve`` as its users meet it: a real server process on a loopback port,
with its in-process worker and the demo set, on a fresh database of the suite's backend
(SQLite unless told otherwise)."""

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.databases import fresh_database

COMMAND = [sys.executable, "-c", "from mypage_api.cli import main; main()"]
START_SECONDS = 60


@dataclass(frozen=True)
class Served:
    base_url: str
    data_dir: Path
    database_url: str
    log: Path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def server_environment(data_dir: Path, database_url: str, **extra: str) -> dict[str, str]:
    environment = {key: value for key, value in os.environ.items() if not key.startswith("MYPAGE_")}
    environment.update(
        MYPAGE_ENV="development",
        MYPAGE_DATA_DIR=str(data_dir),
        MYPAGE_DATABASE_URL=database_url,
        **extra,
    )
    return environment


def wait_until_up(base_url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"serve exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            if httpx.get(f"{base_url}/healthz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)  # waiting for a process to start, not for time to pass in a rule
    pytest.fail(f"serve did not answer within {START_SECONDS} s:\n{log.read_text()[-3000:]}")


@contextmanager
def serve(tmp_path: Path, *demo_options: str, **environment_extra: str) -> Iterator[Served]:
    """Load the demo set (``demo-data`` with ``demo_options``, e.g. ``--jobs 300``) into a
    fresh database, start ``serve`` on a free port and stop it afterwards."""
    data_dir = tmp_path / "data"
    with fresh_database(tmp_path) as database_url:
        environment = server_environment(data_dir, database_url, **environment_extra)
        subprocess.run(
            [*COMMAND, "demo-data", *demo_options], env=environment, check=True, capture_output=True
        )
        port = free_port()
        log = tmp_path / "serve.log"
        with log.open("wb") as output:
            process = subprocess.Popen(
                [*COMMAND, "serve", "--port", str(port)],
                env=environment,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        base_url = f"http://127.0.0.1:{port}"
        try:
            wait_until_up(base_url, process, log)
            yield Served(base_url, data_dir, database_url, log)
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
