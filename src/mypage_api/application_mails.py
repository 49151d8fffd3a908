"""Status-change mails to the seeker about an application (result registered, cancelled,
job closed): one place below the features, so that jobs (a job closes) and applications
(a result, a cancellation) queue them alike."""

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from mypage_api.config import Settings
from mypage_api.mail import templates
from mypage_api.mail.outbox import enqueue
from mypage_api.mail.templates import ApplicationEnded, ApplicationEvent
from mypage_api.models import Account, Application, Job


async def notify(
    session: AsyncSession,
    application: Application,
    job: Job,
    event: ApplicationEvent,
    *,
    settings: Settings,
    now: datetime,
) -> None:
    account = await session.get(Account, application.seeker_id)
    if account is None or account.email is None:
        return
    subject, body = templates.application_status(
        base_url=settings.public_base_url, event=event, title=job.title, job_number=job.job_number
    )
    enqueue(
        session,
        to=account.email,
        kind=templates.MailKind.application_status,
        subject=subject,
        body=body,
        now=now,
    )


async def notify_job_closed(
    session: AsyncSession, job: Job, *, settings: Settings, now: datetime
) -> None:
    """Every seeker still waiting on the job hears it closed."""
    waiting = await session.scalars(
        select(Application).where(
            Application.job_id == job.id,
            Application.cancelled_at.is_(None),
            Application.result.is_(None),
        )
    )
    for application in waiting:
        await notify(
            session, application, job, ApplicationEnded.job_closed, settings=settings, now=now
        )
