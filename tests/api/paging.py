"""Walking a paged list as a client does: every page, with the cursor it was given."""

from collections.abc import Callable, Mapping

import httpx

from tests.api.test_problems import assert_problem

Item = dict[str, object]


async def page(
    client: httpx.AsyncClient,
    path: str,
    headers: Mapping[str, str],
    **params: object,
) -> dict[str, object]:
    """One page of a list, checked to be a page (``items`` and ``next_cursor``, nothing else)."""
    response = await client.get(path, params=params, headers=headers)
    assert response.status_code == 200, response.text
    body: dict[str, object] = response.json()
    assert set(body) == {"items", "next_cursor"}
    return body


async def items(
    client: httpx.AsyncClient, path: str, headers: Mapping[str, str], **params: object
) -> list[Item]:
    """The items of the first page."""
    listed = (await page(client, path, headers, **params))["items"]
    assert isinstance(listed, list)
    return listed


async def assert_pages(
    client: httpx.AsyncClient,
    path: str,
    headers: Mapping[str, str],
    key: Callable[[Item], object],
    expected: list[object],
    **params: object,
) -> None:
    """The list, walked page by page at several page sizes, holds ``expected`` (the keys of
    its items, in order) with no duplicates or gaps: every page but the last is full and
    has a next_cursor, the last has none. A forged cursor and a page size outside 1-100
    are 422 problems."""
    assert len(expected) >= 3, "too few items to page through"
    for limit in (1, 2, len(expected) - 1, len(expected)):
        seen: list[object] = []
        cursor: object = None
        while True:
            cursored = {} if cursor is None else {"cursor": cursor}
            body = await page(client, path, headers, **params, **cursored, limit=limit)
            listed = body["items"]
            assert isinstance(listed, list)
            seen += [key(item) for item in listed]
            cursor = body["next_cursor"]
            if cursor is None:
                break
            assert len(listed) == limit
            assert len(seen) < len(expected), f"{path}: a next_cursor after the last item"
        assert seen == expected, f"{path} with limit={limit}"
    everything = await items(client, path, headers, **params)
    assert [key(item) for item in everything] == expected
    for forged in ("garbage", "WyJ4IiwieSJd", "Wy0xLCJ4Il0"):  # ["x","y"], [-1,"x"]
        response = await client.get(path, params={**params, "cursor": forged}, headers=headers)
        assert_problem(response, 422, "invalid-cursor")
    for limit in (0, 101):
        response = await client.get(path, params={**params, "limit": limit}, headers=headers)
        assert_problem(response, 422, "validation-failed")
