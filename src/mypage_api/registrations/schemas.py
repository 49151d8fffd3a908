from datetime import date

from pydantic import BaseModel, Field

from mypage_api.models import ActivityKind
from mypage_api.rules.registration import InactiveReason, RegistrationStatus


class RegistrationRead(BaseModel):
    """The registration as it stands today (R3: derived on every read)."""

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
    status: RegistrationStatus


class ActivityCreate(BaseModel):
    kind: ActivityKind


class ActivityRecorded(BaseModel):
    kind: ActivityKind
    occurred_on: date
    extended: bool = Field(description="Whether the activity moved the validity (R2).")
    registration: RegistrationRead
