"""What the seeker shows at the counter: the QR code of the seeker number (any seeker) and
the reception slip (ハローワーク受付票, Hello Work users only)."""

from datetime import date
from enum import StrEnum

from sqlalchemy.ext.asyncio import AsyncSession

from mypage_api import problems
from mypage_api.errors import ProblemError
from mypage_api.models import Office, RegistrantType, Registration, Seeker
from mypage_api.printouts.qr import qr_png, qr_svg
from mypage_api.printouts.reception_slip import ReceptionSlip


class QrFormat(StrEnum):
    """The image format of the seeker number's QR code (2次元バーコード)."""

    png = "png"
    svg = "svg"


MEDIA_TYPES = {QrFormat.png: "image/png", QrFormat.svg: "image/svg+xml"}


def qr_code(seeker: Seeker, image_format: QrFormat) -> tuple[bytes, str]:
    render = qr_png if image_format is QrFormat.png else qr_svg
    return render(seeker.seeker_number), MEDIA_TYPES[image_format]


async def reception_slip(session: AsyncSession, seeker: Seeker, *, today: date) -> ReceptionSlip:
    if seeker.registrant_type is not RegistrantType.hellowork_user:
        raise ProblemError(problems.HELLOWORK_USERS_ONLY)
    office = await session.get(Office, seeker.office_code)
    registration = await session.get(Registration, seeker.account_id)
    if office is None or registration is None:  # pragma: no cover - one aggregate
        raise ProblemError(problems.SEEKER_NOT_FOUND)
    basic = seeker.profile.get("basic", {})
    return ReceptionSlip(
        seeker_number=seeker.seeker_number,
        name=basic.get("name", ""),
        name_kana=basic.get("name_kana", ""),
        office_name=office.name,
        office_code=office.office_code,
        office_phone=office.phone,
        registered_on=registration.registered_on,
        valid_until=registration.valid_until,
        issued_on=today,
    )
