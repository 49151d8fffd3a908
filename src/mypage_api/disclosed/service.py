"""Seekers who share their profile with employers (求職公開, R16) or partners (求職情報提供,
R17), as those see them: anonymised, under a reference that means something only to the
one who looks."""

import secrets
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.ext.asyncio import AsyncSession

from mypage_api import problems
from mypage_api.disclosed.schemas import DisclosedSeeker, SeekerFilters
from mypage_api.errors import ProblemError
from mypage_api.models import (
    Account,
    AccountStatus,
    Block,
    Employer,
    PartnerClient,
    Registration,
    Seeker,
    SeekerRef,
)
from mypage_api.pagination import Page, by_id, page_of
from mypage_api.profiles.postal import lookup
from mypage_api.profiles.schemas import Disclosure, PartnerSharing
from mypage_api.rules.age import age_on


@dataclass(frozen=True)
class Viewer:
    """An employer or a partner looking at seekers: exactly one of the two ids is set."""

    employer_id: int | None = None
    partner_id: int | None = None

    @classmethod
    def of(cls, who: Employer | PartnerClient) -> "Viewer":
        if isinstance(who, Employer):
            return cls(employer_id=who.account_id)
        return cls(partner_id=who.id)

    def shares(self) -> ColumnElement[bool]:
        """The seeker's sharing choice that lets this viewer see them."""
        sharing = Seeker.profile["sharing"]
        choice: ColumnElement[bool] = (
            sharing["employers"].as_string() == Disclosure.public.value
            if self.employer_id is not None
            else sharing["partners"].as_string() == PartnerSharing.opted_in.value
        )
        return choice

    def block(self) -> ColumnElement[bool]:
        """A block of this viewer (by any seeker)."""
        if self.employer_id is not None:
            return Block.employer_id == self.employer_id
        return Block.partner_id == self.partner_id

    def ref(self) -> ColumnElement[bool]:
        """This viewer's seeker references."""
        if self.employer_id is not None:
            return SeekerRef.employer_id == self.employer_id
        return SeekerRef.partner_id == self.partner_id


def sharing_with(viewer: Viewer, today: date) -> list[ColumnElement[bool]]:
    """Seekers sharing with the viewer: their choice, an active registration, an account in
    use, not withdrawn (joins Registration and Account)."""
    return [
        viewer.shares(),
        Seeker.withdrawn_at.is_(None),
        Registration.ended_on.is_(None),
        Registration.valid_until >= today,
        Account.status == AccountStatus.active,
    ]


def reachable(viewer: Viewer, today: date) -> list[ColumnElement[bool]]:
    """Seekers the viewer may see and contact: sharing with them and not blocking them."""
    return [
        *sharing_with(viewer, today),
        Seeker.account_id.not_in(select(Block.seeker_id).where(viewer.block())),
    ]


def anonymised(ref: str, profile: dict[str, Any], today: date) -> DisclosedSeeker:
    basic = profile.get("basic", {})
    area = lookup(basic.get("postal_code", "")) if basic.get("postal_code") else None
    birth = basic.get("birth_date")
    age = age_on(date.fromisoformat(birth), today) if birth else 0
    career = profile.get("career", {}).get("entries", [])
    years = 0
    for entry in career:
        start, end = entry.get("start_month"), entry.get("end_month") or today.isoformat()[:7]
        if start:
            years += max(0, (int(end[:4]) - int(start[:4])))
    return DisclosedSeeker(
        seeker_ref=ref,
        age_band=f"{age // 10 * 10}代",
        prefecture_code=area.prefecture_code if area else None,
        municipality_code=area.municipality_code if area else None,
        desired_occupations=[
            o.get("name", "") for o in profile.get("desired_work", {}).get("occupations", [])
        ],
        employment_types=list(profile.get("desired_work", {}).get("employment_types", [])),
        qualifications=[
            q.get("name", "") for q in profile.get("education", {}).get("qualifications", [])
        ],
        years_of_experience=years,
        self_pr=profile.get("self_pr", {}).get("text"),
    )


async def refs_for(session: AsyncSession, viewer: Viewer, seeker_ids: list[int]) -> dict[int, str]:
    """The viewer's references for the seekers, each made the first time the viewer sees
    them: one read, and one insert for those seen for the first time."""
    known = await session.execute(
        select(SeekerRef.seeker_id, SeekerRef.ref).where(
            viewer.ref(), SeekerRef.seeker_id.in_(seeker_ids)
        )
    )
    refs = {seeker_id: ref for seeker_id, ref in known}  # noqa: C416 (dict() wants pairs)
    new = [seeker_id for seeker_id in seeker_ids if seeker_id not in refs]
    for seeker_id in new:
        refs[seeker_id] = secrets.token_urlsafe(16)
        session.add(
            SeekerRef(
                ref=refs[seeker_id],
                employer_id=viewer.employer_id,
                partner_id=viewer.partner_id,
                seeker_id=seeker_id,
            )
        )
    if new:
        await session.flush()
    return refs


async def browse(
    session: AsyncSession, viewer: Viewer, filters: SeekerFilters, *, today: date
) -> Page[DisclosedSeeker]:
    """Reachable seekers, newest first; the filters read the desired conditions."""
    prefecture, occupation = filters.prefecture, filters.occupation
    experienced, cursor, limit = filters.experienced, filters.cursor, filters.limit
    statement = (
        select(Seeker.account_id, Seeker.profile)
        .join(Registration, Registration.seeker_id == Seeker.account_id)
        .join(Account, Account.id == Seeker.account_id)
        .where(*reachable(viewer, today))
    )
    # No limit in SQL: the filters read the profile, here (the loop stops at limit + 1).
    statement = by_id(statement, Seeker.account_id, cursor, None, descending=True)
    found: list[tuple[int, DisclosedSeeker]] = []
    for seeker_id, profile in (await session.execute(statement)).all():
        view = anonymised("", profile, today)
        locations = profile.get("desired_conditions", {}).get("locations", [])
        if prefecture and prefecture not in {loc.get("prefecture_code") for loc in locations} | {
            view.prefecture_code
        }:
            continue
        if occupation and not any(occupation in name for name in view.desired_occupations):
            continue
        if experienced is not None and (view.years_of_experience > 0) != experienced:
            continue
        found.append((seeker_id, view))
        if len(found) > limit:
            break
    page = page_of(found, limit, lambda item: [item[0]])
    refs = await refs_for(session, viewer, [seeker_id for seeker_id, _ in page.items])
    return Page(
        items=[
            view.model_copy(update={"seeker_ref": refs[seeker_id]})
            for seeker_id, view in page.items
        ],
        next_cursor=page.next_cursor,
    )


async def seeker_by_ref(
    session: AsyncSession, viewer: Viewer, seeker_ref: str, today: date
) -> tuple[Seeker, Account]:
    """The seeker behind the viewer's reference, while they still share with the viewer;
    a seeker blocking the viewer answers ``blocked``, anything else ``seeker-ref-not-found``."""
    row = (
        await session.execute(
            select(Seeker, Account)
            .join(SeekerRef, SeekerRef.seeker_id == Seeker.account_id)
            .join(Registration, Registration.seeker_id == Seeker.account_id)
            .join(Account, Account.id == Seeker.account_id)
            .where(SeekerRef.ref == seeker_ref, viewer.ref(), *sharing_with(viewer, today))
        )
    ).one_or_none()
    if row is None:
        raise ProblemError(problems.SEEKER_REF_NOT_FOUND)
    seeker, account = row
    if await is_blocked(session, viewer, seeker.account_id):
        raise ProblemError(problems.BLOCKED)
    return seeker, account


async def is_blocked(session: AsyncSession, viewer: Viewer, seeker_id: int) -> bool:
    blocked = await session.scalar(
        select(Block.id).where(Block.seeker_id == seeker_id, viewer.block())
    )
    return blocked is not None
