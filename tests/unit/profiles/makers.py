"""Small helpers that build profile JSON as a client would send it."""

from datetime import date
from typing import Any

TODAY = date(2026, 11, 25)


def make_basic(**fields: Any) -> dict[str, Any]:
    basic: dict[str, Any] = {
        "name": "山田 太郎",
        "name_kana": "ヤマダ　タロウ",
        "birth_date": "1990-04-01",
        "postal_code": "102-0072",
        "address": "東京都千代田区飯田橋3-1-1",
        "phone": "090-1234-5678",
        "school": {"kind": "other", "attendance": "full_time", "state": "graduated"},
    }
    basic.update(fields)
    return {key: value for key, value in basic.items() if value is not ...}


def make_profile(**sections: Any) -> dict[str, Any]:
    """A complete profile with every section filled; ``section=...`` leaves one out."""
    profile: dict[str, Any] = {
        "basic": make_basic(),
        "sharing": {"employers": "public", "partners": "opted_in"},
        "desired_work": {
            "occupations": [{"name": "一般事務", "classification_code": "251-01"}],
            "employment_types": ["regular", "non_regular"],
            "working_hours": {"start": "09:00", "end": "18:00"},
            "days_per_week": 5,
            "days_off": ["saturday", "sunday", "public_holidays"],
        },
        "desired_conditions": {
            "locations": [{"prefecture_code": "13", "municipality_code": "13101"}],
            "wage": {"amount": 220_000, "unit": "monthly"},
            "max_commute_minutes": 60,
            "car_commute": False,
            "relocation_possible": False,
        },
        "education": {
            "schools": [
                {
                    "name": "千代田大学",
                    "department": "経済学部",
                    "status": "graduated",
                    "year_month": "2013-03",
                }
            ],
            "qualifications": [{"name": "普通自動車第一種運転免許", "acquired": "2010-08"}],
        },
        "career": {
            "entries": [
                {
                    "employer_name": "株式会社飯田橋商事",
                    "start_month": "2013-04",
                    "end_month": "2026-09",
                    "job_content": "営業事務。\n受発注と請求書の作成。",
                    "employment_type": "regular",
                    "leaving_reason": "personal",
                }
            ]
        },
        "disability": {},
        "self_pr": {"text": "正確で速い事務処理が得意です。"},
    }
    profile.update(sections)
    return {key: value for key, value in profile.items() if value is not ...}
