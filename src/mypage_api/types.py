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
RowId = Annotated[int, Path(ge=1, le=2**31 - 1)]
