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


REPLY_EXAMPLE = "ご連絡ありがとうございます。面接は12月3日（木）の午後を希望いたします。"


class Folder(StrEnum):
    """A folder of the seeker's messages: inbox (received), sent, or favorites (お気に入り)."""

    inbox = "inbox"  # received
    sent = "sent"
    favorites = "favorites"


class Direction(StrEnum):
    """Whether the viewer received or sent the message."""

    received = "received"
    sent = "sent"


class MessageCreate(BaseModel):
    """A message in a conversation with an employer or a partner."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"body": REPLY_EXAMPLE}]}, extra="forbid"
    )

    body: str = Body


class PartnerMessageCreate(BaseModel):
    """A partner's outreach message (求職情報提供) to a seeker who opted in (R17)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "seeker_ref": "q3Jx9VbN2kLm8TzR4wYpAg",
                    "subject": "新宿区の介護求人のご案内",
                    "body": "ご希望に合う介護職の求人がございます。詳しくはご返信ください。",
                }
            ]
        },
        extra="forbid",
    )

    seeker_ref: str = Field(
        min_length=1,
        max_length=32,
        description="A `seeker_ref` from the list of shared profiles (`/v1/partner/seekers`).",
    )
    subject: str = Field(min_length=1, max_length=SUBJECT_MAX)
    body: str = Body


class NoticeCreate(BaseModel):
    """A Hello Work notice to one seeker of the office, or to all of them."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "seeker_number": "13010-00012345",
                    "subject": "職業相談のご案内",
                    "body": "12月の職業相談は予約制です。ご希望の日時をお知らせください。",
                }
            ]
        },
        extra="forbid",
    )

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
    """The result of sending a Hello Work notice (お知らせ)."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"recipients": 1, "sent_at": "2026-11-20T00:30:00Z"}]}
    )

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

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": 41,
                    "kind": "application",
                    "subject": "介護職員（正社員）への応募について",
                    "application_id": 1024,
                    "request_id": None,
                    "active_at": "2026-11-21T02:15:00Z",
                    "unread": 1,
                    "can_send": True,
                    "refusal": None,
                    "closes_at": None,
                    "counterpart_name": "社会福祉法人ひまわり会",
                    "partner_id": None,
                    "employer_id": 5,
                }
            ]
        }
    )

    counterpart_name: str = Field(examples=["株式会社ひまわり介護"])
    partner_id: int | None = Field(description="To block the partner.")
    employer_id: int | None = Field(description="To block the employer.")


class CounterpartThread(ThreadBase):
    """A conversation as the employer or partner sees it."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": 57,
                    "kind": "partner",
                    "subject": "新宿区の介護求人のご案内",
                    "application_id": None,
                    "request_id": None,
                    "active_at": "2026-11-21T04:40:00Z",
                    "unread": 1,
                    "can_send": True,
                    "refusal": None,
                    "closes_at": None,
                    "seeker_ref": "q3Jx9VbN2kLm8TzR4wYpAg",
                }
            ]
        }
    )

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

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": 301,
                    "thread_id": 41,
                    "direction": "received",
                    "sender_name": "社会福祉法人ひまわり会",
                    "subject": None,
                    "body": "ご応募ありがとうございます。面接の日程をご相談させてください。",
                    "sent_at": "2026-11-21T02:15:00Z",
                    "expires_at": "2027-11-21T02:15:00Z",
                    "thread_kind": "application",
                    "sender": "employer",
                    "read": False,
                    "favorite": False,
                }
            ]
        }
    )

    thread_kind: ThreadKind
    sender: Sender
    read: bool
    favorite: bool


class CounterpartMessage(MessageBase):
    """A message as the employer or partner sees it."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": 318,
                    "thread_id": 57,
                    "direction": "sent",
                    "sender_name": "株式会社キャリアサポート東京",
                    "subject": "新宿区の介護求人のご案内",
                    "body": "ご希望に合う介護職の求人がございます。詳しくはご返信ください。",
                    "sent_at": "2026-11-21T04:40:00Z",
                    "expires_at": "2027-11-21T04:40:00Z",
                }
            ]
        }
    )
