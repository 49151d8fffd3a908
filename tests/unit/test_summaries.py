"""One definition of a job summary: the values it reads and the fields it shows."""

from datetime import date
from typing import Any

from mypage_api.jobs.queries import SUMMARY_COLUMNS
from mypage_api.jobs.schemas import SUMMARY_KEYS, JobSummary, summary_fields


def values(**overrides: Any) -> dict[str, Any]:
    return {
        "job_number": "13010-00000001",
        "title": "介護職員（日勤のみ）",
        "occupation_code": "055-01",
        "occupation_name": "介護職員",
        "employment_type": "regular",
        "working_style": "full_time",
        "wage_unit": "monthly",
        "wage_min": 220000,
        "wage_max": 280000,
        "prefecture_code": "13",
        "municipality_code": "13101",
        "publishes_employer_name": True,
        "accepts_online_applications": True,
        "accepted_on": date(2026, 11, 25),
        "referral_deadline": date(2027, 1, 31),
        "valid_until": date(2027, 1, 31),
        "employer_name": "株式会社ひまわり介護",
    } | overrides


def test_the_fields_are_those_of_a_summary() -> None:
    assert set(summary_fields(values())) == set(JobSummary.model_fields)
    summary = JobSummary(**summary_fields(values()))
    assert (summary.occupation.code, summary.occupation.name) == ("055-01", "介護職員")
    assert (summary.wage.unit, summary.wage.min, summary.wage.max) == ("monthly", 220000, 280000)
    assert summary.employer_name == "株式会社ひまわり介護"


def test_the_employer_is_named_only_when_the_job_publishes_it() -> None:
    assert summary_fields(values(publishes_employer_name=False))["employer_name"] is None


def test_queries_select_what_a_summary_reads_and_the_id() -> None:
    assert [column.key for column in SUMMARY_COLUMNS] == [
        "id",
        *SUMMARY_KEYS,
        "employer_name",
    ]
