"""Home in one response and a fixed, small number of statements, whatever the data size."""

from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from mypage_api import problems
from mypage_api.applications.referrals import open_offer_conditions
from mypage_api.applications.service import finished_condition
from mypage_api.direct_requests.service import home_requests
from mypage_api.errors import ProblemError
from mypage_api.home.schemas import (
    Applying,
    ApplyingJob,
    Home,
    ReferralOfferSummary,
    Requests,
    RequestSummary,
    SavedSearchSummary,
)
from mypage_api.messages.service import unread_count
from mypage_api.models import (
    Application,
    Job,
    Office,
    ReferralOffer,
    RegistrantType,
    Registration,
    SavedSearch,
    Seeker,
)
from mypage_api.profiles.schemas import Sharing
from mypage_api.registrations.service import view
from mypage_api.seekers.schemas import OfficeRef

QR_CODE_URL = "/v1/me/qr-code?format=svg"
RECEPTION_SLIP_URL = "/v1/me/reception-slip"


async def home(
    session: AsyncSession, seeker: Seeker, *, today: date, now: datetime, window_days: int
) -> Home:
    row = (
        await session.execute(
            select(Registration, Office.name)
            .join(Office, Office.office_code == seeker.office_code)
            .where(Registration.seeker_id == seeker.account_id)
        )
    ).one_or_none()
    if row is None:  # pragma: no cover - created with the seeker
        raise ProblemError(problems.SEEKER_NOT_FOUND)
    registration, office_name = row
    saved = (
        await session.execute(
            select(SavedSearch.id, SavedSearch.name)
            .where(SavedSearch.seeker_id == seeker.account_id)
            .order_by(SavedSearch.id)
        )
    ).all()
    hellowork_user = seeker.registrant_type is RegistrantType.hellowork_user
    applying = await _applying(session, seeker, today)
    offer = await _latest_offer(session, seeker, today) if hellowork_user else None
    request_rows, request_total = await home_requests(session, seeker)
    return Home(
        office=OfficeRef(code=seeker.office_code, name=office_name),
        seeker_number=seeker.seeker_number,
        registrant_type=seeker.registrant_type.value,
        registration=view(registration, today, window_days),
        unread_messages=await unread_count(session, seeker.account_id, now),
        disclosure=Sharing.model_validate(seeker.profile.get("sharing", {})),
        applying=applying,
        qr_code_url=QR_CODE_URL,
        reception_slip_url=RECEPTION_SLIP_URL if hellowork_user else None,
        latest_referral_offer=offer,
        requests=Requests(
            items=[
                RequestSummary(
                    id=row.id,
                    job_number=row.job_number,
                    occupation=row.occupation_name,
                    employer_name=row.name,
                    received_at=row.created_at,
                )
                for row in request_rows
            ],
            total=request_total,
        ),
        saved_searches=[SavedSearchSummary(id=id_, name=name) for id_, name in saved],
    )


async def _applying(session: AsyncSession, seeker: Seeker, today: date) -> Applying:
    """The two newest applications still applying (R8), and how many there are: one
    statement (a window count beside the two rows)."""
    rows = (
        await session.execute(
            select(
                Application.id,
                Job.job_number,
                Job.occupation_name,
                Application.applied_at,
                func.count().over().label("total"),
            )
            .join(Job, Job.id == Application.job_id)
            .where(Application.seeker_id == seeker.account_id, ~finished_condition(today))
            .order_by(Application.id.desc())
            .limit(2)
        )
    ).all()
    return Applying(
        items=[
            ApplyingJob(
                application_id=row.id,
                job_number=row.job_number,
                occupation=row.occupation_name,
                applied_at=row.applied_at,
            )
            for row in rows
        ],
        total=rows[0].total if rows else 0,
    )


async def _latest_offer(
    session: AsyncSession, seeker: Seeker, today: date
) -> ReferralOfferSummary | None:
    row = (
        await session.execute(
            select(ReferralOffer.id, Job.job_number, Job.occupation_name, ReferralOffer.apply_by)
            .join(Job, Job.id == ReferralOffer.job_id)
            .where(*open_offer_conditions(seeker, today))
            .order_by(ReferralOffer.id.desc())
            .limit(1)
        )
    ).one_or_none()
    if row is None:
        return None
    return ReferralOfferSummary(
        id=row.id, job_number=row.job_number, occupation=row.occupation_name, apply_by=row.apply_by
    )
