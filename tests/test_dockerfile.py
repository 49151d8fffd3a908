"""The Dockerfile passes hadolint (pinned in the dev extra), and compose.yaml runs the
migrations once, before an API that does not migrate itself."""

import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from tests.databases import once_per_suite

pytestmark = once_per_suite

ROOT = Path(__file__).resolve().parents[1]
HADOLINT = Path(sys.executable).parent / "hadolint"


def test_hadolint_finds_nothing_in_the_dockerfile() -> None:
    result = subprocess.run(
        [str(HADOLINT), "--no-color", "Dockerfile"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (result.returncode, result.stdout + result.stderr) == (0, "")


def compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))
    return loaded


def test_compose_migrates_once_before_the_api_and_the_worker() -> None:
    services = compose()["services"]
    assert services["migrate"]["command"] == ["mypage-api", "db", "upgrade"]
    assert services["migrate"]["depends_on"] == {"db": {"condition": "service_healthy"}}
    assert services["migrate"]["restart"] == "no"
    for name in ("api", "worker"):
        assert services[name]["depends_on"] == {
            "migrate": {"condition": "service_completed_successfully"}
        }
    api = services["api"]
    assert api["command"][:2] == ["mypage-api", "serve"]
    assert "--no-migrate" in api["command"]
    assert api["command"][api["command"].index("--workers") + 1] == "2"
    assert api["environment"]["MYPAGE_MAIL_WORKER_IN_PROCESS"] == "false"
    assert "/readyz" in " ".join(api["healthcheck"]["test"])
    assert services["worker"]["command"] == ["mypage-api", "worker"]
    assert services["db"]["image"].endswith("/postgres:15")
    for name in ("api", "worker", "migrate"):
        assert services[name]["env_file"] == ".env"
        assert services[name]["environment"]["MYPAGE_DATABASE_URL"].endswith("@db:5432/mypage")
