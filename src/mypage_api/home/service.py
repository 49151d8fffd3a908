"""Home in one response and a fixed, small number of statements, whatever the data size."""

from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from mypage_api import problems
from mypage_api.errors import ProblemError
from mypage_api.home.schemas import Applying, Home, Requests, SavedSearchSummary
from mypage_api.models import Office, RegistrantType, Registration, SavedSearch, Seeker
from mypage_api.profiles.schemas import Sharing
from mypage_api.registrations.service import view
from mypage_api.seekers.schemas import OfficeRef

QR_CODE_URL = "/v1/me/qr-code?format=svg"
RECEPTION_SLIP_URL = "/v1/me/reception-slip"


async def home(session: AsyncSession, seeker: Seeker, *, today: date, window_days: int) -> Home:
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
    return Home(
        office=OfficeRef(code=seeker.office_code, name=office_name),
        seeker_number=seeker.seeker_number,
        registrant_type=seeker.registrant_type.value,
        registration=view(registration, today, window_days),
        unread_messages=0,
        disclosure=Sharing.model_validate(seeker.profile.get("sharing", {})),
        applying=Applying(items=[], total=0),
        qr_code_url=QR_CODE_URL,
        reception_slip_url=RECEPTION_SLIP_URL if hellowork_user else None,
        latest_referral_offer=None,
        requests=Requests(items=[], total=0),
        saved_searches=[SavedSearchSummary(id=id_, name=name) for id_, name in saved],
    )
