from pathlib import Path

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from mypage_api.offices.service import import_offices, read_offices_csv
from tests.api.test_problems import assert_problem

DEMO_CSV = Path(__file__).parents[2] / "src" / "mypage_api" / "demo" / "offices.csv"


@pytest.fixture(autouse=True)
async def demo_offices(connection: AsyncConnection) -> None:
    async with AsyncSession(bind=connection, join_transaction_mode="create_savepoint") as session:
        await import_offices(session, read_offices_csv(DEMO_CSV))
        await session.commit()


async def test_offices_are_listed_by_office_code(client: httpx.AsyncClient) -> None:
    response = await client.get("/v1/offices")
    assert response.status_code == 200
    codes = [office["office_code"] for office in response.json()["items"]]
    assert codes == sorted(codes)
    assert len(codes) == 13
    assert response.json()["next_cursor"] is None


async def test_cursor_pages_walk_every_office_once(client: httpx.AsyncClient) -> None:
    seen: list[str] = []
    cursor = None
    while True:
        params: dict[str, str | int] = {"limit": 5}
        if cursor:
            params["cursor"] = cursor
        page = (await client.get("/v1/offices", params=params)).json()
        assert len(page["items"]) <= 5
        seen += [office["office_code"] for office in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == 13
    assert seen == sorted(set(seen))


async def test_offices_by_prefecture(client: httpx.AsyncClient) -> None:
    response = await client.get("/v1/offices", params={"prefecture_code": "13"})
    names = [office["name"] for office in response.json()["items"]]
    assert "ハローワーク飯田橋" in names
    assert all(office["prefecture_code"] == "13" for office in response.json()["items"])
    assert len(names) == 7


async def test_one_office_with_its_municipalities(client: httpx.AsyncClient) -> None:
    response = await client.get("/v1/offices/13010")
    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "ハローワーク飯田橋"
    assert body["municipality_codes"] == ["13101", "13102", "13105"]


async def test_an_unknown_office_is_a_problem(client: httpx.AsyncClient) -> None:
    assert_problem(await client.get("/v1/offices/99999"), 404, "office-not-found")


async def test_a_malformed_office_code_is_a_validation_problem(client: httpx.AsyncClient) -> None:
    assert_problem(await client.get("/v1/offices/1301"), 422, "validation-failed")


@pytest.mark.parametrize("cursor", ["%%%", "bm90IGpzb24", "WzEsMl0", "WyIxMzAxMCIsMV0", "W3RydWVd"])
async def test_a_forged_cursor_is_a_problem(client: httpx.AsyncClient, cursor: str) -> None:
    response = await client.get("/v1/offices", params={"cursor": cursor})
    body = assert_problem(response, 422, "invalid-cursor")
    assert body["errors"] == [
        {
            "location": "query",
            "field": "cursor",
            "message": "前の応答の next_cursor をそのまま指定してください。",
            "code": "invalid_cursor",
        }
    ]


async def test_importing_again_moves_a_municipality_to_its_new_office(
    client: httpx.AsyncClient, connection: AsyncConnection, tmp_path: Path
) -> None:
    csv = tmp_path / "offices.csv"
    csv.write_text(
        "office_code,name,prefecture_code,postal_code,address,phone,municipality_codes\n"
        "13020,ハローワーク上野,13,110-8609,東京都台東区,03-3847-8609,13106 13118 13105\n",
        encoding="utf-8",
    )
    async with AsyncSession(bind=connection, join_transaction_mode="create_savepoint") as session:
        assert await import_offices(session, read_offices_csv(csv)) == 1
        await session.commit()
    ueno = (await client.get("/v1/offices/13020")).json()
    iidabashi = (await client.get("/v1/offices/13010")).json()
    assert ueno["municipality_codes"] == ["13105", "13106", "13118"]
    assert iidabashi["municipality_codes"] == ["13101", "13102"]


def test_a_bad_csv_row_names_its_line(tmp_path: Path) -> None:
    csv = tmp_path / "offices.csv"
    csv.write_text(
        "office_code,name,prefecture_code,postal_code,address,phone,municipality_codes\n"
        "13010,ハローワーク飯田橋,13,112-8577,東京都文京区後楽1-9-20,03-3812-8609,13101\n"
        "1302,ハローワーク上野,13,110-8609,東京都台東区,03-3847-8609,13106\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match=r"offices\.csv:3"):
        list(read_offices_csv(csv))
