"""Job search through ``mypage-api serve`` as people use it (R21): many distinct searches
of many shapes (free words, prefectures, employment types, wage floors, both orders),
each walked to its end through ``next_cursor``, on a server that builds each statement
once per shape and keeps pages. The oracle is the AND of the search: a combined search
finds exactly the jobs its word finds that also pass its filters, read from the
summaries of every job; the count is exact within the cap (lowered to 100 here, so that
broad searches take the other plan) and a lower bound past it; and asked again, in
another order, every search answers the same."""

import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.serving import Served, serve

CAP = 100
WORDS = ["介護", "看護", "事務", "調理", "営業", "販売", "エンジニア", "介護職員", "介"]
WAGE_FLOORS = [("monthly", 200_000), ("monthly", 250_000), ("hourly", 1_100)]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    folder: Path = tmp_path_factory.mktemp("search-stream")
    with serve(folder, "--jobs", "1500", "--seed", "5", MYPAGE_SEARCH_COUNT_CAP=str(CAP)) as s:
        yield s


def walked(
    client: httpx.Client, params: dict[str, Any]
) -> tuple[list[dict[str, Any]], set[tuple[int, bool]]]:
    """Every item of a search, page after page, and each page's (total, total_exact)."""
    items: list[dict[str, Any]] = []
    counts: set[tuple[int, bool]] = set()
    cursor = None
    while True:
        page_params = {**params, "limit": 50, **({"cursor": cursor} if cursor else {})}
        response = client.get("/v1/jobs", params=page_params)
        assert response.status_code == 200, response.text
        page = response.json()
        items += page["items"]
        counts.add((page["total"], page["total_exact"]))
        cursor = page["next_cursor"]
        if cursor is None:
            return items, counts


def passes(job: dict[str, Any], params: dict[str, Any]) -> bool:
    """Whether a job's summary passes a search's filters (its free words aside)."""
    if "prefecture" in params and job["prefecture_code"] != params["prefecture"]:
        return False
    if "employment_type" in params and job["employment_type"] != params["employment_type"]:
        return False
    if "min_wage" in params:
        wage = job["wage"]
        return bool(wage["unit"] == params["wage_unit"] and wage["max"] >= params["min_wage"])
    return True


def in_order(items: list[dict[str, Any]], sort: str) -> bool:
    """Whether the days of the sort order run the right way (ties go by a hidden id)."""
    if sort == "deadline":
        days = [job["referral_deadline"] for job in items]
        return days == sorted(days)
    days = [job["accepted_on"] for job in items]
    return days == sorted(days, reverse=True)


def test_many_distinct_searches_find_exactly_their_matches(served: Served) -> None:
    rng = random.Random(20261129)  # noqa: S311 (test data)
    with httpx.Client(base_url=served.base_url, timeout=30) as client:
        every, _ = walked(client, {})
        assert len(every) > CAP
        by_number = {job["job_number"]: job for job in every}
        prefectures = sorted({job["prefecture_code"] for job in every})
        by_word = {
            word: {job["job_number"] for job in walked(client, {"q": word})[0]} for word in WORDS
        }
        assert any(len(found) > CAP for found in by_word.values())  # both plans are walked

        searches: list[dict[str, Any]] = []
        while len(searches) < 60:
            params: dict[str, Any] = {
                "q": rng.choice(WORDS),
                "sort": rng.choice(["accepted", "deadline"]),
            }
            if rng.random() < 0.7:
                params["prefecture"] = rng.choice(prefectures)
            if rng.random() < 0.5:
                params["employment_type"] = rng.choice(["regular", "part_time"])
            if rng.random() < 0.4:
                params["wage_unit"], params["min_wage"] = rng.choice(WAGE_FLOORS)
            if params not in searches:
                searches.append(params)

        answers = {}
        for params in searches:
            items, counts = walked(client, params)
            numbers = [job["job_number"] for job in items]
            expected = {n for n in by_word[params["q"]] if passes(by_number[n], params)}
            assert len(numbers) == len(set(numbers)), params
            assert set(numbers) == expected, params
            assert in_order(items, params["sort"]), params
            assert counts == ({(len(expected), True)} if len(expected) <= CAP else {(CAP, False)})
            answers[repr(params)] = numbers

        rng.shuffle(searches)
        for params in searches:  # kept pages and kept statements, in another order
            assert [job["job_number"] for job in walked(client, params)[0]] == answers[repr(params)]
