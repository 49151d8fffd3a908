"""Many requests at once against ``serve`` while its mail worker sends: everyone waits
their turn for the database, nobody gets a 5xx, and signing in works afterwards."""

import asyncio
from collections import Counter

import httpx

from mypage_api.demo.data import DEMO_PASSWORD
from tests.served.conftest import Served

SEEKER = "demo-seeker@example.jp"
CLIENTS = 8
ROUNDS = 6


async def sign_in(client: httpx.AsyncClient, email: str, password: str) -> httpx.Response:
    return await client.post(
        "/v1/auth/token", data={"grant_type": "password", "username": email, "password": password}
    )


async def one_visitor(client: httpx.AsyncClient, number: int, statuses: Counter[int]) -> None:
    """What people do on a busy morning: ask for reset links, start sign-ups, sign in
    (sometimes mistyped), and read their My Page."""
    for round_number in range(ROUNDS):
        answers = [
            await client.post("/v1/auth/password-reset", json={"email": SEEKER}),
            await client.post(
                "/v1/signups", json={"email": f"visitor{number}-{round_number}@example.jp"}
            ),
        ]
        if round_number == 0:  # a few mistyped addresses; more would throttle 127.0.0.1
            answers.append(await sign_in(client, f"nobody{number}@example.jp", "wrong-password"))
        signed_in = await sign_in(client, SEEKER, DEMO_PASSWORD)
        answers.append(signed_in)
        if signed_in.status_code == 200:
            token = signed_in.json()["access_token"]
            headers = {"Authorization": f"Bearer {token}"}
            answers.append(await client.get("/v1/me/home", headers=headers))
            answers.append(await client.get("/v1/me/messages", headers=headers))
        statuses.update(answer.status_code for answer in answers)


async def test_concurrent_writers_and_the_worker_never_get_a_5xx(served: Served) -> None:
    statuses: Counter[int] = Counter()
    async with httpx.AsyncClient(base_url=served.base_url, timeout=60) as client:
        await asyncio.gather(*(one_visitor(client, n, statuses) for n in range(CLIENTS)))
        after = await sign_in(client, SEEKER, DEMO_PASSWORD)

    failures = {status: count for status, count in statuses.items() if status >= 500}
    log = served.log.read_text()[-4000:]
    assert failures == {}, f"{failures} in {dict(statuses)}; server log:\n{log}"
    assert statuses[202] == 2 * CLIENTS * ROUNDS
    assert after.status_code == 200
