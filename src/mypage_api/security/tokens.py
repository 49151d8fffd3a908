"""Access tokens: short-lived JWTs (PyJWT), HS256 only, with ``kid`` for key rotation."""

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

import jwt

ALGORITHM = "HS256"
ISSUER = "mypage-api"
AUDIENCE = "mypage-api"
LEEWAY = timedelta(seconds=5)


class InvalidToken(Exception):
    pass


@dataclass(frozen=True)
class AccessClaims:
    subject: str  # account id, or "partner:<id>"
    role: str
    version: int


@dataclass(frozen=True)
class KeyRing:
    """Signing keys by id; new tokens use ``active``, any listed key verifies."""

    keys: dict[str, bytes]
    active: str

    def __post_init__(self) -> None:
        if self.active not in self.keys:
            raise ValueError("the active key id is not in the key ring")
        if any(len(key) < 32 for key in self.keys.values()):
            raise ValueError("signing keys must be at least 32 bytes")


def issue(ring: KeyRing, claims: AccessClaims, *, now: datetime, lifetime: timedelta) -> str:
    payload = {
        "iss": ISSUER,
        "aud": AUDIENCE,
        "sub": claims.subject,
        "role": claims.role,
        "ver": claims.version,
        "iat": int(now.timestamp()),
        "nbf": int(now.timestamp()),
        "exp": int((now + lifetime).timestamp()),
        "jti": uuid.uuid4().hex,
    }
    return jwt.encode(
        payload, ring.keys[ring.active], algorithm=ALGORITHM, headers={"kid": ring.active}
    )


def verify(ring: KeyRing, token: str, *, now: datetime) -> AccessClaims:
    """Claims of a valid token; raises InvalidToken for anything else."""
    try:
        header = jwt.get_unverified_header(token)
        key = ring.keys.get(str(header.get("kid")))
        if key is None or header.get("alg") != ALGORITHM:
            raise InvalidToken("unknown key or algorithm")
        payload = jwt.decode(
            token,
            key,
            algorithms=[ALGORITHM],
            audience=AUDIENCE,
            issuer=ISSUER,
            leeway=LEEWAY,
            # PyJWT would compare exp/nbf with the system clock; they are checked below
            # against the server's clock instead (which tests and demos may fix).
            options={
                "require": ["exp", "nbf", "iat", "sub", "aud", "iss"],
                "verify_exp": False,
                "verify_nbf": False,
                "verify_iat": False,
            },
        )
    except jwt.PyJWTError as exc:
        raise InvalidToken(str(exc)) from None
    moment, leeway = now.timestamp(), LEEWAY.total_seconds()
    if not isinstance(payload["exp"], int) or not isinstance(payload["nbf"], int):
        raise InvalidToken("exp and nbf must be integers")
    if moment >= payload["exp"] + leeway or moment < payload["nbf"] - leeway:
        raise InvalidToken("expired or not yet valid")
    role, version = payload.get("role"), payload.get("ver")
    if not isinstance(role, str) or not isinstance(version, int):
        raise InvalidToken("missing role or version")
    return AccessClaims(subject=str(payload["sub"]), role=role, version=version)
