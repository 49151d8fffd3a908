"""Dependencies shared by routers: the clock and the settings of the running app."""

from typing import Annotated

from fastapi import Depends, Request

from mypage_api.clock import Clock
from mypage_api.config import Settings


def get_clock(request: Request) -> Clock:
    clock: Clock = request.app.state.clock
    return clock


ClockDep = Annotated[Clock, Depends(get_clock)]


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


SettingsDep = Annotated[Settings, Depends(get_settings)]
