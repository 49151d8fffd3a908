"""SQLAlchemy models, one module per aggregate; importing this package registers them all."""

from mypage_api.models.account import (
    Account,
    AccountStatus,
    AccountToken,
    LoginThrottle,
    RefreshToken,
    Role,
    TokenPurpose,
)
from mypage_api.models.activity import AccessAction, AccessLogEntry, Activity, ActivityKind
from mypage_api.models.application import (
    Application,
    ApplicationDocument,
    ReferralOffer,
    SelectionResult,
)
from mypage_api.models.base import Base
from mypage_api.models.direct_request import Block, DirectRequest, SeekerRef
from mypage_api.models.document import Document, DocumentKind
from mypage_api.models.job import Job, WorkingStyle
from mypage_api.models.mail import MailBudget, MailStatus, OutboxMail
from mypage_api.models.message import Message, PartnerSendingDay, Sender, Thread, ThreadKind
from mypage_api.models.office import Office, OfficeJurisdiction
from mypage_api.models.organisation import Employer, PartnerClient, StaffMember
from mypage_api.models.saved import Favorite, SavedSearch
from mypage_api.models.seeker import RegistrantType, Registration, Seeker
from mypage_api.models.sequence import NumberKind, NumberSequence
from mypage_api.models.signup import Signup
from mypage_api.models.sso import SsoFlow, SsoLink, SsoPurpose

__all__ = [
    "AccessAction",
    "AccessLogEntry",
    "Account",
    "AccountStatus",
    "AccountToken",
    "Activity",
    "ActivityKind",
    "Application",
    "ApplicationDocument",
    "Base",
    "Block",
    "DirectRequest",
    "Document",
    "DocumentKind",
    "Employer",
    "Favorite",
    "Job",
    "LoginThrottle",
    "MailBudget",
    "MailStatus",
    "Message",
    "NumberKind",
    "NumberSequence",
    "Office",
    "OfficeJurisdiction",
    "OutboxMail",
    "PartnerClient",
    "PartnerSendingDay",
    "ReferralOffer",
    "RefreshToken",
    "RegistrantType",
    "Registration",
    "Role",
    "SavedSearch",
    "Seeker",
    "SeekerRef",
    "SelectionResult",
    "Sender",
    "Signup",
    "SsoFlow",
    "SsoLink",
    "SsoPurpose",
    "StaffMember",
    "Thread",
    "ThreadKind",
    "TokenPurpose",
    "WorkingStyle",
]
