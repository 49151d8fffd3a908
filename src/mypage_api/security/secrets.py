"""Opaque random tokens (refresh, activation, reset, sign-up, client secrets), kept as SHA-256.

These tokens carry 256 bits of randomness, so a fast hash is enough to store them: nobody
can guess one from its hash, unlike a password.
"""

import hashlib
import hmac
import secrets


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def same_hash(token: str, stored_hash: str) -> bool:
    return hmac.compare_digest(token_hash(token), stored_hash)


def keyed_hash(value: str) -> str:
    """A stable, non-reversible key for a personal value (e.g. an e-mail in a throttle key)."""
    return hashlib.sha256(b"mypage-api:" + value.encode()).hexdigest()[:40]
