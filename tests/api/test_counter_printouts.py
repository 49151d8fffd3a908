"""What the seeker shows at the counter: the QR code and the reception slip (R18)."""

import io

import httpx
import pytest
from pypdf import PdfReader
from sqlalchemy.ext.asyncio import AsyncConnection

from mypage_api.clock import FixedClock
from tests.api.test_problems import assert_problem
from tests.factories import bearer, load_offices, make_staff, register_at_counter, sign_up_online
from tests.unit.printouts.images import modules_from_png, qr_from_page, read_svg, without_border
from tests.unit.printouts.qr_reader import read_qr
from tests.unit.profiles.makers import make_profile

SEEKER = "hanako.suzuki@example.jp"


@pytest.fixture
async def hellowork_user(
    client: httpx.AsyncClient, connection: AsyncConnection, clock: FixedClock
) -> tuple[str, dict[str, str]]:
    await load_offices(connection)
    staff = await make_staff(connection, clock.now())
    created = await register_at_counter(
        client, connection, await bearer(client, staff.email), SEEKER, make_profile()
    )
    return str(created["seeker_number"]), await bearer(client, SEEKER)


async def test_the_png_qr_code_reads_back_as_the_seeker_number(
    client: httpx.AsyncClient, hellowork_user: tuple[str, dict[str, str]]
) -> None:
    number, headers = hellowork_user
    response = await client.get("/v1/me/qr-code", params={"format": "png"}, headers=headers)
    assert response.status_code == 200
    assert response.headers["content-type"] == "image/png"
    assert read_qr(modules_from_png(response.content, scale=8, border=4)) == number


async def test_the_svg_qr_code_reads_back_as_the_seeker_number(
    client: httpx.AsyncClient, hellowork_user: tuple[str, dict[str, str]]
) -> None:
    number, headers = hellowork_user
    response = await client.get("/v1/me/qr-code", headers=headers)
    assert response.headers["content-type"].startswith("image/svg+xml")
    assert read_qr(without_border(read_svg(response.content).modules, 4)) == number


async def test_an_unknown_image_format_is_a_validation_problem(
    client: httpx.AsyncClient, hellowork_user: tuple[str, dict[str, str]]
) -> None:
    _, headers = hellowork_user
    response = await client.get("/v1/me/qr-code", params={"format": "gif"}, headers=headers)
    assert_problem(response, 422, "validation-failed")


async def test_the_reception_slip_as_json(
    client: httpx.AsyncClient, hellowork_user: tuple[str, dict[str, str]]
) -> None:
    number, headers = hellowork_user
    slip = (await client.get("/v1/me/reception-slip", headers=headers)).json()
    assert slip == {
        "seeker_number": number,
        "name": "山田 太郎",
        "name_kana": "ヤマダ　タロウ",
        "office_name": "ハローワーク飯田橋",
        "office_code": "13010",
        "office_phone": "03-3812-8609",
        "registered_on": "2026-11-25",
        "valid_until": "2027-01-31",
        "issued_on": "2026-11-25",
    }


async def test_the_reception_slip_as_a_pdf(
    client: httpx.AsyncClient, hellowork_user: tuple[str, dict[str, str]]
) -> None:
    number, headers = hellowork_user
    response = await client.get(
        "/v1/me/reception-slip", headers={**headers, "Accept": "application/pdf"}
    )
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    page = PdfReader(io.BytesIO(response.content)).pages[0]
    text = page.extract_text()
    assert "ハローワーク受付票" in text
    assert number in text
    assert "ハローワーク飯田橋" in text
    _, grid = qr_from_page(page)
    assert read_qr(grid) == number


async def test_an_online_registrant_has_no_reception_slip_but_has_the_qr_code(
    client: httpx.AsyncClient, connection: AsyncConnection
) -> None:
    await load_offices(connection)
    registered = await sign_up_online(client, connection, SEEKER, make_profile())
    headers = await bearer(client, SEEKER)
    assert_problem(
        await client.get("/v1/me/reception-slip", headers=headers), 403, "hellowork-users-only"
    )
    response = await client.get("/v1/me/qr-code", params={"format": "png"}, headers=headers)
    assert (
        read_qr(modules_from_png(response.content, scale=8, border=4))
        == (registered["seeker_number"])
    )
