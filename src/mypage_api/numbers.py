"""Seeker and job numbers: the office code, a hyphen and 8 digits (``13010-01234567``).

Each office counts on its own; a number is taken with one atomic upsert, so concurrent
requests never get the same one, and numbers are never reused.
"""

from sqlalchemy.ext.asyncio import AsyncSession

from mypage_api.db import insert_for
from mypage_api.models import NumberKind, NumberSequence

MAX_SERIAL = 99_999_999


class NumbersExhausted(RuntimeError):
    pass


def format_number(office_code: str, serial: int) -> str:
    return f"{office_code}-{serial:08d}"


async def next_number(session: AsyncSession, office_code: str, kind: NumberKind) -> str:
    values = {"office_code": office_code, "kind": kind, "last_value": 1}
    statement = (
        insert_for(session, NumberSequence)
        .values(values)
        .on_conflict_do_update(
            index_elements=["office_code", "kind"],
            set_={"last_value": NumberSequence.last_value + 1},
        )
        .returning(NumberSequence.last_value)
    )
    serial = (await session.execute(statement)).scalar_one()
    if serial > MAX_SERIAL:
        raise NumbersExhausted(f"office {office_code} has used every {kind} number")
    return format_number(office_code, serial)
