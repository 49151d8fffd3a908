"""The seeker's registered profile (R22) and sharing choices on My Page."""

from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from mypage_api import problems
from mypage_api.errors import ProblemError
from mypage_api.models import Seeker
from mypage_api.profiles.schemas import Profile, ProfileDraft, Sharing, apply_patch
from mypage_api.profiles.validation import check_profile
from mypage_api.seekers.schemas import ProfileRead
from mypage_api.seekers.service import submitted_profile

# Fields changed only at the counter, with proof of identity.
COUNTER_ONLY = (("basic", "birth_date"),)


def stored_profile(seeker: Seeker) -> Profile:
    return Profile.model_validate(seeker.profile)


def read(seeker: Seeker, *, today: date) -> ProfileRead:
    profile = stored_profile(seeker)
    return ProfileRead(profile=profile, check=check_profile(profile, today=today))


async def patch(
    session: AsyncSession, seeker: Seeker, changes: ProfileDraft, *, today: date
) -> ProfileRead:
    """JSON Merge Patch of the profile; the result must pass the same checks as sign-up."""
    current = stored_profile(seeker)
    merged = apply_patch(current, changes)
    before, after = current.model_dump(mode="json"), merged.model_dump(mode="json")
    for section, field in COUNTER_ONLY:
        if before[section].get(field) != after[section].get(field):
            raise ProblemError(
                problems.CHANGE_AT_COUNTER, extensions={"field": f"{section}.{field}"}
            )
    profile, _area = submitted_profile(merged, today=today)
    seeker.profile = profile.model_dump(mode="json")
    await session.flush()
    return ProfileRead(profile=profile, check=check_profile(profile, today=today))


async def set_sharing(session: AsyncSession, seeker: Seeker, sharing: Sharing) -> Sharing:
    """求職公開 (to employers) and 求職情報提供 (to partners)."""
    seeker.profile = {**seeker.profile, "sharing": sharing.model_dump(mode="json")}
    await session.flush()
    return sharing
