"""Liveness and readiness for orchestrators and load balancers."""

from datetime import date, datetime

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from mypage_api import __version__, problems
from mypage_api.clock import today
from mypage_api.db import get_database
from mypage_api.deps import ClockDep
from mypage_api.errors import ProblemError, problem_responses
from mypage_api.outages import RETRY_AFTER_SECONDS

router = APIRouter(tags=["system"])


class Health(BaseModel):
    """Whether the service is up (liveness) or can serve requests (readiness)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "status": "ok",
                    "version": "0.1.0",
                    "now": "2026-11-20T03:00:00Z",
                    "today": "2026-11-20",
                }
            ]
        }
    )

    status: str = Field(description="`ok` (liveness) or `ready` (readiness).", examples=["ok"])
    version: str
    now: datetime = Field(description="The server's current instant (UTC).")
    today: date = Field(description="The server's current day on the Asia/Tokyo calendar.")


@router.get("/healthz", operation_id="getHealth", summary="The process is up")
async def healthz(clock: ClockDep) -> Health:
    return Health(status="ok", version=__version__, now=clock.now(), today=today(clock))


@router.get(
    "/readyz",
    operation_id="getReadiness",
    summary="The database answers",
    responses=problem_responses(problems.SERVICE_UNAVAILABLE),
)
async def readyz(request: Request, clock: ClockDep) -> Health:
    try:
        async with get_database(request).sessions() as session:
            await session.execute(text("SELECT 1"))
    except (SQLAlchemyError, OSError):
        raise ProblemError(
            problems.SERVICE_UNAVAILABLE, headers={"Retry-After": str(RETRY_AFTER_SECONDS)}
        ) from None
    return Health(status="ready", version=__version__, now=clock.now(), today=today(clock))
