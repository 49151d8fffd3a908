"""Dependencies shared by routers (the clock; roles join later)."""

from typing import Annotated

from fastapi import Depends, Request

from mypage_api.clock import Clock


def get_clock(request: Request) -> Clock:
    clock: Clock = request.app.state.clock
    return clock


ClockDep = Annotated[Clock, Depends(get_clock)]
