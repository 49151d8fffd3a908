"""Dependencies shared by routers: the clock and the settings of the running app.

Coroutines, so that FastAPI calls them on the event loop (a plain function would be sent
to a worker thread on every request)."""

from typing import Annotated

from fastapi import Depends, Request

from mypage_api.clock import Clock
from mypage_api.config import Settings


async def get_clock(request: Request) -> Clock:
    clock: Clock = request.app.state.clock
    return clock


ClockDep = Annotated[Clock, Depends(get_clock)]


async def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


SettingsDep = Annotated[Settings, Depends(get_settings)]


async def get_client_address(request: Request) -> str:
    """The client's IP address (behind a proxy: as uvicorn's --proxy-headers set it)."""
    return request.client.host if request.client else "unknown"


ClientAddressDep = Annotated[str, Depends(get_client_address)]
