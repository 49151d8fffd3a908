"""The clients a partner or a front end generates from openapi/openapi.json, built with
the tools pinned in clients/ (``make test`` installs them) and walked against a real
``mypage-api serve`` with the demo set."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.serving import Served, serve

REPO = Path(__file__).resolve().parents[2]
CONTRACT = REPO / "openapi" / "openapi.json"
CLIENTS = REPO / "clients"
NODE_BIN = CLIENTS / "node_modules" / ".bin"
GENERATOR_BIN = CLIENTS / ".venv" / "bin"

# Generated jobs beside the demo people, so that a search finds postings to apply to.
DEMO_JOBS = ("--jobs", "300", "--seed", "7")

SEEKER = "demo-seeker@example.jp"
SECOND_SEEKER = "demo-online@example.jp"
EMPLOYER = "demo-employer@example.jp"


def tool(folder: Path, name: str) -> Path:
    """A pinned tool of clients/; missing, the test says how to install it."""
    path = folder / name
    if not path.exists():
        pytest.fail(f"{path} is missing: run `make clients/node_modules clients/.venv/.installed`")
    return path


@pytest.fixture(scope="session")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """A server with the demo set and generated jobs, shared by the walks of every client
    (each walk holds whatever another may have added before it)."""
    with serve(tmp_path_factory.mktemp("served"), *DEMO_JOBS) as served:
        yield served
