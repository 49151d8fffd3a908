"""Field types shared by the API's schemas."""

import re
from datetime import date
from typing import Annotated, Any

from fastapi import Path
from pydantic import BeforeValidator

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _iso_date_text(value: Any) -> Any:
    """Dates come as YYYY-MM-DD only (pydantic would also read numbers as Unix times)."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not _ISO_DATE.match(value):
        raise ValueError("a date is written YYYY-MM-DD")
    return value


IsoDate = Annotated[date, BeforeValidator(_iso_date_text)]


# A row id in a path: a positive 32-bit integer (larger numbers are a 422, not a 500).
ROW_ID_MAX = 2**31 - 1


def _row_id(description: str) -> Any:
    return Path(ge=1, le=ROW_ID_MAX, description=description)


# Row ids in paths, each described for the contract.
ApplicationId = Annotated[int, _row_id("The application's `id`.")]
DocumentId = Annotated[int, _row_id("The document's `id`.")]
OfferId = Annotated[int, _row_id("The online referral offer's `id`.")]
RequestId = Annotated[int, _row_id("The direct request's `id` (直接リクエスト).")]
EmployerId = Annotated[int, _row_id("The employer's `employer_id`.")]
PartnerId = Annotated[int, _row_id("The partner's `partner_id`.")]
ThreadId = Annotated[int, _row_id("The conversation's `id`.")]
MessageId = Annotated[int, _row_id("The message's `id`.")]
SavedSearchId = Annotated[int, _row_id("The saved search's `id`.")]
