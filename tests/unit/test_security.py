"""Pure parts of sign-in: the throttle policy, access tokens, the password policy."""

from datetime import UTC, datetime, timedelta

import jwt
import pytest

from mypage_api.auth.throttle import (
    ThrottlePolicy,
    ThrottleState,
    after_failure,
    is_locked,
    wait_seconds,
)
from mypage_api.security import tokens
from mypage_api.security.passwords import PasswordPolicyError, check_policy

NOW = datetime(2026, 11, 25, 1, 0, tzinfo=UTC)
POLICY = ThrottlePolicy(
    slowdown_after=3, lock_after=10, lock=timedelta(minutes=15), window=timedelta(minutes=15)
)


def failures(count: int, at: datetime = NOW) -> ThrottleState:
    state: ThrottleState | None = None
    for _ in range(count):
        state = after_failure(state, at, POLICY)
    assert state is not None
    return state


def test_the_first_failures_cost_nothing() -> None:
    assert wait_seconds(failures(3), NOW) == 0


def test_further_failures_double_the_wait_then_lock() -> None:
    waits = [wait_seconds(failures(n), NOW) for n in range(4, 11)]
    assert waits == [1, 2, 4, 8, 16, 32, 900]
    assert is_locked(failures(10), NOW, POLICY)
    assert not is_locked(failures(9), NOW, POLICY)


def test_a_lock_ends_on_time() -> None:
    state = failures(10)
    assert wait_seconds(state, NOW + timedelta(minutes=14, seconds=59)) == 1
    assert wait_seconds(state, NOW + timedelta(minutes=15)) == 0


def test_failures_older_than_the_window_are_forgotten_unless_locked() -> None:
    later = NOW + timedelta(minutes=15, seconds=1)
    assert after_failure(failures(3), later, POLICY).failures == 1
    assert after_failure(failures(3), NOW + timedelta(minutes=15), POLICY).failures == 4


RING = tokens.KeyRing(keys={"2026-10": b"a" * 32, "2026-11": b"b" * 32}, active="2026-11")
CLAIMS = tokens.AccessClaims(subject="42", role="seeker", version=3)


def test_a_token_round_trips_and_names_its_key() -> None:
    token = tokens.issue(RING, CLAIMS, now=NOW, lifetime=timedelta(minutes=15))
    assert jwt.get_unverified_header(token)["kid"] == "2026-11"
    assert tokens.verify(RING, token, now=NOW) == CLAIMS


def test_tokens_of_a_retired_key_still_verify_while_it_is_listed() -> None:
    old_ring = tokens.KeyRing(keys={"2026-10": b"a" * 32}, active="2026-10")
    token = tokens.issue(old_ring, CLAIMS, now=NOW, lifetime=timedelta(minutes=15))
    assert tokens.verify(RING, token, now=NOW) == CLAIMS
    dropped = tokens.KeyRing(keys={"2026-11": b"b" * 32}, active="2026-11")
    with pytest.raises(tokens.InvalidToken):
        tokens.verify(dropped, token, now=NOW)


@pytest.mark.parametrize(
    ("offset", "valid"),
    [
        (timedelta(seconds=-6), False),  # before nbf, beyond the leeway
        (timedelta(0), True),
        (timedelta(minutes=15, seconds=4), True),  # within the leeway
        (timedelta(minutes=15, seconds=5), False),
    ],
)
def test_tokens_are_valid_only_in_their_lifetime(offset: timedelta, valid: bool) -> None:
    token = tokens.issue(RING, CLAIMS, now=NOW, lifetime=timedelta(minutes=15))
    if valid:
        assert tokens.verify(RING, token, now=NOW + offset) == CLAIMS
    else:
        with pytest.raises(tokens.InvalidToken):
            tokens.verify(RING, token, now=NOW + offset)


def test_wrong_audience_or_issuer_is_refused() -> None:
    base = {"sub": "1", "role": "seeker", "ver": 0, "iat": 0, "nbf": 0}
    exp = int((NOW + timedelta(minutes=5)).timestamp())
    for claims in (
        {**base, "exp": exp, "aud": "another-api", "iss": "mypage-api"},
        {**base, "exp": exp, "aud": "mypage-api", "iss": "someone-else"},
    ):
        token = jwt.encode(claims, b"b" * 32, algorithm="HS256", headers={"kid": "2026-11"})
        with pytest.raises(tokens.InvalidToken):
            tokens.verify(RING, token, now=NOW)


def test_short_keys_are_refused() -> None:
    with pytest.raises(ValueError, match="32 bytes"):
        tokens.KeyRing(keys={"k": b"short"}, active="k")


@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("123456789", "too_short"),
        ("hellowork123", "too_common"),
        ("PASSWORD123", "too_common"),
        ("ababababababab", "too_common"),
        ("taro.yamada@example.jp", "like_email"),
        ("taro.yamada", "like_email"),
    ],
)
def test_password_policy_refusals(password: str, code: str) -> None:
    with pytest.raises(PasswordPolicyError) as refusal:
        check_policy(password, email="taro.yamada@example.jp")
    assert refusal.value.code == code


def test_a_long_uncommon_password_passes() -> None:
    check_policy("しごとさがし2026春", email="taro.yamada@example.jp")
