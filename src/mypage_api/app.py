"""The application factory."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI

from mypage_api import __version__
from mypage_api.applications.router import employer_router as employer_applications_router
from mypage_api.applications.router import seeker_router as applications_router
from mypage_api.applications.router import staff_router as staff_referrals_router
from mypage_api.auth.router import router as auth_router
from mypage_api.clock import Clock, clock_from
from mypage_api.config import Settings
from mypage_api.db import Database, engine_from
from mypage_api.direct_requests.router import employer_router as employer_requests_router
from mypage_api.direct_requests.router import seeker_router as requests_router
from mypage_api.documents.router import router as documents_router
from mypage_api.errors import install_problem_handlers
from mypage_api.home.router import router as home_router
from mypage_api.http_guards import RequestBounds, ResponseHeaders
from mypage_api.jobs.router import employer_router as employer_jobs_router
from mypage_api.jobs.router import public_router as jobs_router
from mypage_api.messages.router import employer_router as employer_messages_router
from mypage_api.messages.router import partner_router
from mypage_api.messages.router import seeker_router as messages_router
from mypage_api.messages.router import staff_router as staff_notices_router
from mypage_api.metrics import router as metrics_router
from mypage_api.offices.router import router as offices_router
from mypage_api.openapi import TAGS, problem_aware_openapi
from mypage_api.registrations.router import router as registrations_router
from mypage_api.request_ids import RequestIdMiddleware
from mypage_api.request_log import RequestLogMiddleware
from mypage_api.saved.router import router as saved_router
from mypage_api.search.router import router as search_router
from mypage_api.search.shared import search_cache_from
from mypage_api.security.keys import key_ring_from
from mypage_api.seekers.router import router as seekers_router
from mypage_api.signups.router import router as signups_router
from mypage_api.sso.router import router as sso_router
from mypage_api.staff.router import router as staff_router
from mypage_api.system.docs import router as docs_router
from mypage_api.system.router import router as system_router
from mypage_api.worker import in_process_worker

DESCRIPTION = """\
The API of the job-seeker My Page (求職者マイページ) of the Hello Work Internet Service.

Errors are RFC 9457 `application/problem+json` with a stable `type` per failure; `detail`
follows `Accept-Language` (Japanese by default, English on request). Lists are paged with
cursors. Dates are days of the Asia/Tokyo calendar; instants are ISO 8601 in UTC.
"""


def create_app(
    settings: Settings | None = None,
    *,
    clock: Clock | None = None,
    database: Database | None = None,
) -> FastAPI:
    settings = settings or Settings()
    database = database or Database(engine_from(settings))

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[dict[str, Any]]:
        async with in_process_worker(database, app.state.clock, settings):
            yield {}
        await app.state.search_cache.close()
        await database.dispose()

    app = FastAPI(
        title="mypage-api",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url=None,  # served from the package's own assets (system/docs.py)
        redoc_url=None,
        openapi_tags=TAGS,
    )
    app.state.settings = settings
    app.state.clock = clock or clock_from(settings)
    app.state.database = database
    app.state.key_ring = key_ring_from(settings)
    app.state.search_cache = search_cache_from(settings)

    # Outermost last: the request id is set first, the log sees every answer, the headers
    # go on every answer, and the bounds refuse before the app reads anything.
    app.add_middleware(RequestBounds, settings=settings)
    app.add_middleware(ResponseHeaders)
    app.add_middleware(RequestLogMiddleware)
    app.add_middleware(RequestIdMiddleware)
    install_problem_handlers(app)
    # Routes are tried in the order included: the public search and job page, most of the
    # traffic, first.
    app.include_router(search_router)
    app.include_router(jobs_router)
    app.include_router(system_router)
    if settings.metrics_enabled:
        app.include_router(metrics_router)
    app.include_router(docs_router)
    app.include_router(auth_router)
    app.include_router(sso_router)
    app.include_router(signups_router)
    app.include_router(home_router)
    app.include_router(seekers_router)
    app.include_router(registrations_router)
    app.include_router(saved_router)
    app.include_router(documents_router)
    app.include_router(applications_router)
    app.include_router(staff_referrals_router)
    app.include_router(employer_applications_router)
    app.include_router(requests_router)
    app.include_router(employer_requests_router)
    app.include_router(staff_router)
    app.include_router(messages_router)
    app.include_router(employer_messages_router)
    app.include_router(partner_router)
    app.include_router(staff_notices_router)
    app.include_router(employer_jobs_router)
    app.include_router(offices_router)
    problem_aware_openapi(app)
    return app
