"""The image as people run it, without a container engine: the Dockerfile's own install
script (docker/install.sh, without the dev extra) into a fresh virtual environment, then
compose.yaml's `db upgrade` and the Dockerfile's CMD from it, in production settings, on an
SQLite file; /healthz, /readyz and /docs answer.

It tests the install, not the database, so it runs in the suite's SQLite run only."""

import json
import os
import shlex
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import yaml

from tests.databases import once_per_suite
from tests.serving import free_port, wait_until_up

ROOT = Path(__file__).resolve().parents[1]
INSTALL_SECONDS = 600

pytestmark = once_per_suite  # it tests the install, not the database


def instructions(stage: int) -> list[tuple[str, str]]:
    """(instruction, arguments) of one stage of the Dockerfile (0: the first)."""
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8").replace("\\\n", " ")
    stages: list[list[tuple[str, str]]] = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        instruction, _, arguments = line.strip().partition(" ")
        if instruction.upper() == "FROM":
            stages.append([])
        stages[-1].append((instruction.upper(), arguments.strip()))
    return stages[stage]


def copy(arguments: str, workdir: Path, inside: Callable[[str], Path]) -> None:
    """COPY's sources from the repository to its target (`dir/`: into it)."""
    *sources, target = shlex.split(arguments)
    destination = inside(target) if target.startswith("/") else workdir / target
    for source in sources:
        into = destination / Path(source).name if target.endswith("/") else destination
        if (ROOT / source).is_dir():
            shutil.copytree(ROOT / source, into)
        else:
            into.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / source, into)


def test_the_images_install_and_start_commands_serve(tmp_path: Path) -> None:
    root = tmp_path / "image"  # stands for the image's file system: /venv, /src, /app

    def inside(path: str) -> Path:
        return root / path.lstrip("/")

    # Build stage: its COPY lines, then its RUN (exec form), paths taken into `root`.
    build = instructions(0)
    workdir = inside(dict(build)["WORKDIR"])
    for instruction, arguments in build:
        if instruction == "COPY":
            copy(arguments, workdir, inside)
    [run] = [json.loads(arguments) for instruction, arguments in build if instruction == "RUN"]
    program, *paths = run
    assert program == "install-mypage-api"  # docker/install.sh, copied there
    environment = {key: value for key, value in os.environ.items() if not key.startswith("MYPAGE_")}
    # The interpreter of the suite stands for the base image's; .pyc files are not written
    # (the image has them; writing them doubles the time here).
    environment.update(PYTHON=sys.executable, PIP_NO_COMPILE="1")
    started = time.monotonic()
    subprocess.run(
        [
            "/bin/sh",
            str(inside("/usr/local/bin/install-mypage-api")),
            *map(str, map(inside, paths)),
        ],
        env=environment,
        check=True,
        capture_output=True,
        timeout=INSTALL_SECONDS,
    )
    print(f"install: {time.monotonic() - started:.0f} s")  # shown with -s
    venv = inside(paths[0])
    assert not (venv / "bin" / "pytest").exists()  # no dev extra

    # Final stage: COPY (not --from), WORKDIR, ENV; then the commands.
    final = instructions(1)
    app = inside(dict(final)["WORKDIR"])
    app.mkdir(parents=True)
    for instruction, arguments in final:
        if instruction == "COPY" and not arguments.startswith("--from"):
            copy(arguments, app, inside)
        if instruction == "ENV":
            for pair in shlex.split(arguments):
                key, _, value = pair.partition("=")
                value = value.replace("$PATH", environment["PATH"])
                environment[key] = ":".join(
                    str(inside(part)) if part.startswith(("/venv", "/app")) else part
                    for part in value.split(":")
                )
    assert environment["MYPAGE_ENV"] == "production"
    environment.update(
        MYPAGE_JWT_KEYS=json.dumps({"2026-11": "k" * 48}),
        MYPAGE_PUBLIC_BASE_URL="https://mypage.example.jp",
        MYPAGE_DATABASE_URL=f"sqlite+aiosqlite:///{app / 'data' / 'mypage.sqlite3'}",
        MYPAGE_MAIL_WORKER_IN_PROCESS="false",
    )
    environment.pop("PYTHON")

    services = yaml.safe_load((ROOT / "compose.yaml").read_text())["services"]
    upgraded = subprocess.run(
        services["migrate"]["command"],
        cwd=app,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert upgraded.returncode == 0, upgraded.stderr
    assert shutil.which("mypage-api", path=environment["PATH"]) == str(venv / "bin/mypage-api")

    [cmd] = [json.loads(arguments) for instruction, arguments in final if instruction == "CMD"]
    # The image's own start (docker run), then compose's API (--workers 2 --no-migrate).
    for command in (cmd, services["api"]["command"]):
        port = free_port()
        log = tmp_path / "serve.log"
        with log.open("wb") as output:
            server = subprocess.Popen(
                [*command, "--host", "127.0.0.1", "--port", str(port)],  # the last ones win
                cwd=app,
                env=environment,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        base_url = f"http://127.0.0.1:{port}"
        try:
            wait_until_up(base_url, server, log)
            assert httpx.get(f"{base_url}/readyz", timeout=5).json()["status"] == "ready"
            docs = httpx.get(f"{base_url}/docs", timeout=5)
            assert docs.status_code == 200
            assert "swagger" in docs.text.lower()
        finally:
            server.terminate()
            server.wait(timeout=20)
