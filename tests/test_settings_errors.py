"""Bad settings as an operator meets them: each command of the real ``mypage-api`` refuses
to start with one line on stderr naming the setting, and exit status 2 (no traceback)."""

import os
import subprocess
from pathlib import Path

import pytest
from dotenv import dotenv_values

from tests.databases import once_per_suite
from tests.serving import COMMAND

pytestmark = once_per_suite

ROOT = Path(__file__).resolve().parents[1]
KEYS = '{"2026-11":"' + "k" * 48 + '"}'
PRODUCTION = {
    "MYPAGE_ENV": "production",
    "MYPAGE_JWT_KEYS": KEYS,
    "MYPAGE_PUBLIC_BASE_URL": "https://mypage.example.jp",
}
COMMANDS = [
    ["serve"],
    ["serve", "--workers", "2"],
    ["worker"],
    ["db", "upgrade"],
    ["demo-data"],
]


def run(arguments: list[str], data_dir: Path, **settings: str) -> subprocess.CompletedProcess[str]:
    environment = {key: value for key, value in os.environ.items() if not key.startswith("MYPAGE_")}
    environment.update(MYPAGE_DATA_DIR=str(data_dir), **settings)
    return subprocess.run(
        [*COMMAND, *arguments],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def assert_refused(result: subprocess.CompletedProcess[str], *names: str) -> str:
    lines = result.stderr.splitlines()
    assert result.returncode == 2, result.stderr
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("mypage-api: ")
    for name in names:
        assert name in lines[0]
    assert "Traceback" not in result.stderr + result.stdout
    return lines[0]


@pytest.mark.parametrize("arguments", COMMANDS, ids=" ".join)
def test_production_without_signing_keys_is_one_line(arguments: list[str], tmp_path: Path) -> None:
    result = run(arguments, tmp_path / "data", MYPAGE_ENV="production")
    line = assert_refused(result, "MYPAGE_JWT_KEYS")
    assert line == "mypage-api: MYPAGE_JWT_KEYS must be set in production"
    assert result.stdout == ""  # refused before serve prints where the docs are
    assert not (tmp_path / "data" / "mypage.sqlite3").exists()  # nothing was migrated


@pytest.mark.parametrize(
    ("settings", "names"),
    [
        pytest.param(
            {"MYPAGE_FIXED_NOW": "2026-11-25T09:00:00+09:00"}, ["MYPAGE_FIXED_NOW"], id="clock"
        ),
        pytest.param(
            {"MYPAGE_JWT_KEYS": '{"2026-11": "short"}'}, ["MYPAGE_JWT_KEYS"], id="short key"
        ),
        pytest.param({"MYPAGE_JWT_KEYS": '{"2026-11": '}, ["MYPAGE_JWT_KEYS", "JSON"], id="json"),
        pytest.param({"MYPAGE_JWT_ACTIVE_KID": "2027-05"}, ["MYPAGE_JWT_ACTIVE_KID"], id="kid"),
        pytest.param(
            {"MYPAGE_PUBLIC_BASE_URL": "http://mypage.example.jp"},
            ["MYPAGE_PUBLIC_BASE_URL", "https://"],
            id="plain http links",
        ),
        pytest.param(
            {"MYPAGE_SMTP_PORT": "submission", "MYPAGE_ENV": "prod"},
            ["MYPAGE_SMTP_PORT", "MYPAGE_ENV"],
            id="types",
        ),
        pytest.param(
            {"MYPAGE_DATABASE_SESSION_SETTINGS": "[1]"},
            ["MYPAGE_DATABASE_SESSION_SETTINGS"],
            id="json shape",
        ),
    ],
)
def test_a_bad_production_setting_is_one_line(
    settings: dict[str, str], names: list[str], tmp_path: Path
) -> None:
    arguments = ["serve", "--workers", "2"]  # checked before uvicorn starts its processes
    assert_refused(run(arguments, tmp_path / "data", **{**PRODUCTION, **settings}), *names)


def test_a_secret_is_never_echoed(tmp_path: Path) -> None:
    secret = "not-32-bytes-but-secret"
    result = run(["db", "upgrade"], tmp_path / "data", MYPAGE_JWT_KEYS=f'{{"a": "{secret}"}}')
    assert_refused(result, "MYPAGE_JWT_KEYS")
    assert secret not in result.stderr


def test_the_env_example_is_refused_until_its_placeholders_are_replaced(tmp_path: Path) -> None:
    example = {
        key: value
        for key, value in dotenv_values(ROOT / ".env.example").items()
        if key.startswith("MYPAGE_") and value is not None
    }
    assert "REPLACE-ME" in example["MYPAGE_JWT_KEYS"]
    result = run(["db", "upgrade"], tmp_path / "data", MYPAGE_ENV="production", **example)
    assert_refused(result, "MYPAGE_JWT_KEYS")
    replaced = {**example, "MYPAGE_JWT_KEYS": KEYS}
    result = run(["db", "upgrade"], tmp_path / "data", MYPAGE_ENV="production", **replaced)
    assert_refused(result, "MYPAGE_PUBLIC_BASE_URL")
    replaced["MYPAGE_PUBLIC_BASE_URL"] = "https://mypage.example.jp"
    result = run(["db", "upgrade"], tmp_path / "data", MYPAGE_ENV="production", **replaced)
    assert result.returncode == 0, result.stderr
    assert "database is up to date" in result.stdout


def test_a_data_folder_that_cannot_be_made_is_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    assert_refused(run(["db", "upgrade"], blocker / "data"), "MYPAGE_DATA_DIR")
