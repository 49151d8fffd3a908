"""The words of work that jobs offer and seekers want: employment types and wage units.

A job's posting (R20, R21) and a seeker's desired conditions (R22) use the same ones; the
models, the schemas and the search all take them from here."""

from enum import StrEnum


class EmploymentType(StrEnum):
    """Employment type (雇用形態): 正社員, 正社員以外, パート, 派遣 or 請負."""

    regular = "regular"  # 正社員
    non_regular = "non_regular"  # 正社員以外 (契約社員・嘱託など)
    part_time = "part_time"  # パート
    dispatch = "dispatch"  # 派遣
    contract_work = "contract_work"  # 請負


class WageUnit(StrEnum):
    """The unit of a wage: monthly (月額), daily (日額) or hourly (時間額)."""

    monthly = "monthly"  # 月額
    daily = "daily"  # 日額
    hourly = "hourly"  # 時間額
