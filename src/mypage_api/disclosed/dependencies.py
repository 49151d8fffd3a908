"""Who looks at seekers: an employer or a partner."""

from typing import Annotated

from fastapi import Depends

from mypage_api.auth.dependencies import CurrentEmployer, CurrentPartner
from mypage_api.disclosed.schemas import SeekerFilters
from mypage_api.disclosed.service import Viewer


async def employer_viewer(employer: CurrentEmployer) -> Viewer:
    return Viewer.of(employer)


async def partner_viewer(partner: CurrentPartner) -> Viewer:
    return Viewer.of(partner)


EmployerViewer = Annotated[Viewer, Depends(employer_viewer)]
PartnerViewer = Annotated[Viewer, Depends(partner_viewer)]


SeekerFiltersDep = Annotated[SeekerFilters, Depends()]
