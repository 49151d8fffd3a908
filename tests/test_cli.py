"""The ``mypage-api`` command on a real SQLite database in a temporary data folder."""

import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mypage_api.cli import app

runner = CliRunner()


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("MYPAGE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("MYPAGE_DATABASE_URL", raising=False)
    return tmp_path / "data"


def offices_in(data_dir: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(data_dir / "mypage.sqlite3") as connection:
        return connection.execute("SELECT office_code, name FROM offices ORDER BY 1").fetchall()


def test_demo_data_creates_the_database_and_can_run_again(data_dir: Path) -> None:
    first = runner.invoke(app, ["demo-data"])
    assert first.exit_code == 0, first.output
    assert "13 offices" in first.output
    again = runner.invoke(app, ["demo-data"])
    assert again.exit_code == 0, again.output
    offices = offices_in(data_dir)
    assert len(offices) == 13
    assert ("13010", "ハローワーク飯田橋") in offices


def test_db_upgrade_creates_the_schema(data_dir: Path) -> None:
    result = runner.invoke(app, ["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert offices_in(data_dir) == []


def test_offices_import_loads_a_csv(data_dir: Path, tmp_path: Path) -> None:
    csv = tmp_path / "offices.csv"
    csv.write_text(
        "office_code,name,prefecture_code,postal_code,address,phone,municipality_codes\n"
        "26010,ハローワーク京都西陣,26,602-8258,京都府京都市上京区,075-451-8609,26102 26101\n",
        encoding="utf-8",
    )
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    result = runner.invoke(app, ["offices", "import", str(csv)])
    assert result.exit_code == 0, result.output
    assert offices_in(data_dir) == [("26010", "ハローワーク京都西陣")]


def test_offices_import_refuses_a_bad_file_and_names_the_line(
    data_dir: Path, tmp_path: Path
) -> None:
    csv = tmp_path / "offices.csv"
    csv.write_text(
        "office_code,name,prefecture_code,postal_code,address,phone,municipality_codes\n"
        "26010,ハローワーク京都西陣,99,602-8258,京都府京都市,075-451-8609,26102\n",
        encoding="utf-8",
    )
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    result = runner.invoke(app, ["offices", "import", str(csv)])
    assert result.exit_code == 1
    assert "offices.csv:2" in result.output
    assert offices_in(data_dir) == []


def test_openapi_writes_the_contract(data_dir: Path, tmp_path: Path) -> None:
    output = tmp_path / "contract.json"
    result = runner.invoke(app, ["openapi", "--output", str(output)])
    assert result.exit_code == 0, result.output
    contract = json.loads(output.read_text(encoding="utf-8"))
    assert contract["info"]["title"] == "mypage-api"
    assert "/v1/offices" in contract["paths"]
