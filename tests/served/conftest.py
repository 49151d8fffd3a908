"""``mypage-api serve`` as its users meet it (see ``tests.serving``)."""

from collections.abc import Iterator

import pytest

from tests.serving import Served, serve

__all__ = ["Served", "served"]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """A server with the demo set, its mail worker polling often (so it writes often); one
    per test module."""
    with serve(tmp_path_factory.mktemp("served"), MYPAGE_MAIL_POLL_SECONDS="0.05") as served:
        yield served
