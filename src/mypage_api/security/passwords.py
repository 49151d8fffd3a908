"""Passwords: argon2id through passlib's API (the maintained ``libpass`` distribution).

Parameters are at least OWASP's (m=19 MiB, t=2, p=1). Hashing runs in worker threads,
at most a few at a time, so sign-ins neither block the event loop nor exhaust memory.
"""

from dataclasses import dataclass

import anyio
from passlib.context import CryptContext

MIN_LENGTH = 10
MAX_LENGTH = 128

_context = CryptContext(
    schemes=["argon2"],
    argon2__type="ID",
    argon2__memory_cost=19 * 1024,
    argon2__time_cost=2,
    argon2__parallelism=1,
)
_limiter = anyio.CapacityLimiter(2)

# Checked against when an account does not exist, so a miss costs the same time as a hit.
_DUMMY_HASH = _context.hash("not a password of anyone")

# The most common passwords and the obvious ones for this service; compared lower-cased.
DENY_LIST = frozenset(
    {
        "password",
        "password1",
        "password123",
        "passw0rd",
        "12345678",
        "123456789",
        "1234567890",
        "0123456789",
        "1111111111",
        "0000000000",
        "qwertyuiop",
        "qwerty1234",
        "1q2w3e4r5t",
        "abcdefghij",
        "abc1234567",
        "iloveyou12",
        "letmein123",
        "welcome123",
        "hellowork",
        "hellowork1",
        "hellowork123",
        "mypage1234",
        "mypassword",
    }
)


class PasswordPolicyError(ValueError):
    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def check_policy(password: str, *, email: str | None = None) -> None:
    """Refuse short, overlong, common and address-like passwords (raises PasswordPolicyError)."""
    if len(password) < MIN_LENGTH:
        raise PasswordPolicyError("too_short")
    if len(password) > MAX_LENGTH:
        raise PasswordPolicyError("too_long")
    lowered = password.lower()
    if lowered in DENY_LIST or len(set(password)) <= 2:
        raise PasswordPolicyError("too_common")
    if email and lowered in {email.lower(), email.split("@")[0].lower()}:
        raise PasswordPolicyError("like_email")


async def hash_password(password: str) -> str:
    return await anyio.to_thread.run_sync(_context.hash, password, limiter=_limiter)


@dataclass(frozen=True)
class Verification:
    ok: bool
    new_hash: str | None  # set when the stored hash used older parameters


async def verify_password(password: str, stored_hash: str | None) -> Verification:
    """Check a password; a missing hash still costs one verification."""

    def verify() -> Verification:
        if stored_hash is None:
            _context.verify(password, _DUMMY_HASH)
            return Verification(False, None)
        ok, new_hash = _context.verify_and_update(password, stored_hash)
        return Verification(bool(ok), new_hash if ok else None)

    return await anyio.to_thread.run_sync(verify, limiter=_limiter)
