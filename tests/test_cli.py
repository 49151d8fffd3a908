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


def accounts_in(data_dir: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(data_dir / "mypage.sqlite3") as connection:
        return connection.execute("SELECT role, email FROM accounts ORDER BY 2").fetchall()


def test_demo_data_creates_the_database_and_can_run_again(data_dir: Path) -> None:
    first = runner.invoke(app, ["demo-data"])
    assert first.exit_code == 0, first.output
    assert "13 offices" in first.output
    again = runner.invoke(app, ["demo-data"])
    assert again.exit_code == 0, again.output
    offices = offices_in(data_dir)
    assert len(offices) == 13
    assert ("13010", "ハローワーク飯田橋") in offices
    assert {
        ("employer", "demo-employer@example.jp"),
        ("seeker", "demo-online@example.jp"),
        ("seeker", "demo-seeker@example.jp"),
        ("staff", "demo-staff@example.jp"),
    } <= set(accounts_in(data_dir))
    # The demo seeker of the demo staff's office (飯田橋) has one welcome notice, not one
    # per run; the online registrant belongs to 渋谷 and gets none.
    with sqlite3.connect(data_dir / "mypage.sqlite3") as connection:
        notices = connection.execute(
            "SELECT accounts.email, messages.subject FROM messages"
            " JOIN accounts ON accounts.id = messages.seeker_id"
            " WHERE messages.subject = 'マイページへようこそ' ORDER BY 1"
        ).fetchall()
    assert notices == [("demo-seeker@example.jp", "マイページへようこそ")]


def test_demo_data_is_refused_in_production(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MYPAGE_ENV", "production")
    monkeypatch.setenv("MYPAGE_JWT_KEYS", '{"2026-11": "' + "k" * 40 + '"}')
    monkeypatch.setenv("MYPAGE_PUBLIC_BASE_URL", "https://mypage.example.jp")
    result = runner.invoke(app, ["demo-data"])
    assert result.exit_code == 1
    assert not (data_dir / "mypage.sqlite3").exists()


def test_accounts_are_created_from_the_command_line(data_dir: Path) -> None:
    assert runner.invoke(app, ["demo-data"]).exit_code == 0
    employer = runner.invoke(
        app,
        [
            "employers",
            "create",
            "--email",
            "jinji@kaisha.example.jp",
            "--name",
            "株式会社例",
            "--office",
            "13050",
        ],
        input="a long employer password\na long employer password\n",
    )
    assert employer.exit_code == 0, employer.output
    staff = runner.invoke(
        app,
        [
            "staff",
            "create",
            "--email",
            "shokuin2@hellowork.example.jp",
            "--name",
            "職員 二郎",
            "--office",
            "13050",
        ],
        input="a long staff password\na long staff password\n",
    )
    assert staff.exit_code == 0, staff.output
    assert ("employer", "jinji@kaisha.example.jp") in accounts_in(data_dir)
    assert ("staff", "shokuin2@hellowork.example.jp") in accounts_in(data_dir)
    again = runner.invoke(
        app,
        [
            "staff",
            "create",
            "--email",
            "shokuin2@hellowork.example.jp",
            "--name",
            "x",
            "--office",
            "13050",
        ],
        input="a long staff password\na long staff password\n",
    )
    assert again.exit_code == 1
    assert "E-mail address in use" in again.output


def test_a_partner_secret_is_printed_once_and_stored_hashed(data_dir: Path) -> None:
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    result = runner.invoke(app, ["partners", "create", "--name", "株式会社ジョブマッチ"])
    assert result.exit_code == 0, result.output
    secret = result.output.split("client_secret: ")[1].split()[0]
    with sqlite3.connect(data_dir / "mypage.sqlite3") as connection:
        stored = connection.execute("SELECT secret_hash FROM partner_clients").fetchall()
    assert len(stored) == 1
    assert secret not in stored[0][0]


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
