from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from mypage_api.models import ActivityKind
from mypage_api.rules.registration import InactiveReason, RegistrationStatus

REGISTRATION_EXAMPLE: dict[str, Any] = {
    "status": "active",
    "inactive_reason": None,
    "registered_on": "2026-11-05",
    "valid_until": "2027-01-31",
    "inactive_since": None,
    "can_reactivate_until": None,
}


class RegistrationRead(BaseModel):
    """The registration as it stands today (R3: derived on every read)."""

    model_config = ConfigDict(json_schema_extra={"examples": [REGISTRATION_EXAMPLE]})

    status: RegistrationStatus
    inactive_reason: InactiveReason | None
    registered_on: date
    valid_until: date = Field(description="The last valid day (JST).")
    inactive_since: date | None
    can_reactivate_until: date | None = Field(
        description="The last day the seeker may switch back to active from My Page (R4); "
        "null while active."
    )


class StatusChange(BaseModel):
    """The seeker switching the registration (求職状態) to active or inactive (R4)."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"status": "inactive"}]})

    status: RegistrationStatus


class ActivityCreate(BaseModel):
    """An activity staff record for a seeker at their office (職業相談, 職業紹介 or 就職)."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"kind": "counselling"}]})

    kind: ActivityKind


class ActivityRecorded(BaseModel):
    """A recorded activity, and the registration after it (R2 may have extended it)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "kind": "counselling",
                    "occurred_on": "2027-01-12",
                    "extended": True,
                    "registration": REGISTRATION_EXAMPLE | {"valid_until": "2027-02-28"},
                }
            ]
        }
    )

    kind: ActivityKind
    occurred_on: date
    extended: bool = Field(description="Whether the activity moved the validity (R2).")
    registration: RegistrationRead
