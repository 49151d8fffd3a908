from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, model_validator

from mypage_api.models import Sender, ThreadKind

BODY_MAX = 2000
SUBJECT_MAX = 100

Body = Field(
    min_length=1,
    max_length=BODY_MAX,
    description="Plain text (at most 2,000 characters); shown as text, never as HTML.",
)


class Folder(StrEnum):
    inbox = "inbox"  # received
    sent = "sent"
    favorites = "favorites"


class Direction(StrEnum):
    received = "received"
    sent = "sent"


class MessageCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    body: str = Body


class PartnerMessageCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    seeker_ref: str = Field(min_length=1, max_length=32)
    subject: str = Field(min_length=1, max_length=SUBJECT_MAX)
    body: str = Body


class NoticeCreate(BaseModel):
    """A Hello Work notice to one seeker of the office, or to all of them."""

    model_config = ConfigDict(extra="forbid")

    seeker_number: str | None = Field(
        default=None, pattern=r"^\d{5}-\d{8}$", description="One seeker of the staff's office."
    )
    everyone: bool = Field(default=False, description="All seekers of the staff's office.")
    subject: str = Field(min_length=1, max_length=SUBJECT_MAX)
    body: str = Body

    @model_validator(mode="after")
    def _one_recipient_choice(self) -> "NoticeCreate":
        if (self.seeker_number is None) == (not self.everyone):
            raise ValueError("give either seeker_number or everyone: true")
        return self


class NoticeSent(BaseModel):
    recipients: int = Field(description="How many seekers received the notice.")
    sent_at: datetime


class ThreadBase(BaseModel):
    """What both sides see of a conversation."""

    id: int
    kind: ThreadKind = Field(
        description="application, request (direct request), partner, or notice (receive-only)."
    )
    subject: str
    application_id: int | None
    request_id: int | None
    active_at: datetime = Field(description="The last message, else when the thread began.")
    unread: int
    can_send: bool
    refusal: str | None = Field(
        description="Why no message can be sent now: the problem type's slug, e.g. "
        "messaging-closed, notice-receive-only, no-employer-mypage, sender-blocked, blocked."
    )
    closes_at: datetime | None = Field(description="R9: when messaging ends, once known.")


class ThreadRead(ThreadBase):
    """A conversation as the seeker sees it."""

    counterpart_name: str = Field(examples=["株式会社ひまわり介護"])
    partner_id: int | None = Field(description="To block the partner.")
    employer_id: int | None = Field(description="To block the employer.")


class CounterpartThread(ThreadBase):
    """A conversation as the employer or partner sees it."""

    seeker_ref: str | None = Field(description="For partners: their reference of the seeker.")


class MessageBase(BaseModel):
    """What both sides see of a message."""

    id: int
    thread_id: int
    direction: Direction
    sender_name: str | None = Field(description="None for the seeker's own messages.")
    subject: str | None
    body: str = Field(description="Plain text.")
    sent_at: datetime
    expires_at: datetime = Field(description="Erased then: one year after it was sent (R17).")


class MessageRead(MessageBase):
    """A message as the seeker sees it."""

    thread_kind: ThreadKind
    sender: Sender
    read: bool
    favorite: bool


class CounterpartMessage(MessageBase):
    """A message as the employer or partner sees it."""
