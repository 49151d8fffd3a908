"""``serve`` as an operator runs it with ``MYPAGE_LOG_FORMAT=json``: every log line is a JSON
object with the request id, a request's mail is logged by the in-process worker under the
request's id, /metrics scrapes, and no line holds the demo seeker's personal data."""

import json
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.serving import Served, serve

SEEKER = "demo-seeker@example.jp"
PASSWORD = "demo-password-2026"
SIGNUP = "served.walk@example.jp"
NEW_PHONE = "080-1357-9086"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    with serve(
        tmp_path_factory.mktemp("observed"),
        MYPAGE_MAIL_POLL_SECONDS="0.05",
        MYPAGE_LOG_FORMAT="json",
    ) as served:
        yield served


def log_lines(served: Served) -> list[dict[str, Any]]:
    """The server's log lines (what serve prints for people, e.g. the docs URL, aside)."""
    text = served.log.read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.startswith("{")]


def test_json_logs_follow_a_request_into_the_worker_and_hold_no_personal_data(
    served: Served,
) -> None:
    with httpx.Client(base_url=served.base_url, timeout=30) as client:
        assert client.get("/healthz", headers={"X-Request-ID": "served-1"}).status_code == 200
        signed_in = client.post(
            "/v1/auth/token",
            data={"grant_type": "password", "username": SEEKER, "password": PASSWORD},
        )
        assert signed_in.status_code == 200, signed_in.text
        token = signed_in.json()["access_token"]
        me = {"Authorization": f"Bearer {token}"}
        basic = client.get("/v1/me/profile", headers=me).json()["profile"]["basic"]
        edited = client.patch("/v1/me/profile", json={"basic": {"phone": NEW_PHONE}}, headers=me)
        assert edited.status_code == 200, edited.text
        assert client.get("/v1/jobs", params={"q": "事務"}, headers=me).status_code == 200
        queued = client.post(
            "/v1/signups", json={"email": SIGNUP}, headers={"X-Request-ID": "served-mail-1"}
        )
        assert queued.status_code == 202, queued.text
        scraped = client.get("/metrics")
        assert scraped.status_code == 200
        families = {family.name for family in text_string_to_metric_families(scraped.text)}
        assert {"mypage_http_requests", "mypage_http_request_duration_seconds"} <= families

        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:  # the worker polls every 0.05 s
            mail_lines = [
                line
                for line in log_lines(served)
                if line["logger"] == "mypage_api.mail" and line["request_id"] == "served-mail-1"
            ]
            if mail_lines:
                break
            time.sleep(0.1)

    lines = log_lines(served)
    # The demo set's own mails were queued by no request.
    [sent] = mail_lines
    assert sent["message"].endswith("(email_verification) sent")
    [health] = [line for line in lines if line["request_id"] == "served-1"]
    assert (health["route"], health["method"], health["status"]) == ("/healthz", "GET", 200)
    requests = [line for line in lines if line["logger"] == "mypage_api.requests"]
    assert len(requests) >= 7
    assert all(line["request_id"] for line in requests)
    assert {"time", "level", "logger", "message", "request_id"} <= set(lines[0])
    written = served.log.read_text(encoding="utf-8").splitlines()
    logged = "\n".join(line for line in written if line.startswith("{"))
    for secret in (SEEKER, SIGNUP, PASSWORD, token, basic["name"], basic["phone"], NEW_PHONE):
        assert secret not in logged, secret
