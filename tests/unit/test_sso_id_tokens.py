"""The checks of a sign-on provider's ID token (R23), on real tokens signed with real keys,
against discovery and a key set served over HTTP by a small local issuer
(tests/sso/issuer.py; tests/sso/test_id_token_refusals.py sends the same tokens through
the callback)."""

from datetime import UTC, datetime
from typing import Any

import pytest
from joserfc import jwt
from joserfc.jwk import ECKey, OctKey
from pydantic import SecretStr, ValidationError

from mypage_api import problems
from mypage_api.config import Environment, Settings, SsoProvider
from mypage_api.errors import ProblemError
from mypage_api.sso.oidc import OidcClient
from tests.sso.issuer import (
    CLIENT_ID,
    CLIENT_SECRET,
    Issuer,
    id_token_claims,
    rsa_key,
    signed,
    unsigned,
)

NOW = datetime(2026, 11, 25, 1, 0, tzinfo=UTC)
NONCE = "n-0S6_WzA2Mj"


def client_of(issuer: Issuer) -> OidcClient:
    config = SsoProvider(
        issuer=issuer.url,
        client_id=CLIENT_ID,
        client_secret=SecretStr(CLIENT_SECRET),
        redirect_uri="http://127.0.0.1:5173/sso/callback",
    )
    return OidcClient("mynaportal", config, timeout=2)


def claims(issuer: Issuer, **changes: Any) -> dict[str, Any]:
    return id_token_claims(issuer.url, now=NOW, **{"nonce": NONCE, **changes})


async def verify(issuer: Issuer, token: str, *, nonce: str = NONCE) -> str:
    return await client_of(issuer).verify_id_token(token, nonce=nonce, now=NOW)


async def refused(issuer: Issuer, token: str, *, nonce: str = NONCE) -> None:
    with pytest.raises(ProblemError) as caught:
        await verify(issuer, token, nonce=nonce)
    assert caught.value.problem is problems.SSO_ID_TOKEN_INVALID


async def test_a_token_signed_with_the_providers_key_names_its_subject(issuer: Issuer) -> None:
    key = rsa_key("k1")
    issuer.publish(key)
    assert await verify(issuer, signed(key, claims(issuer))) == "myna-subject-0001"


async def test_an_es256_key_is_accepted_when_advertised(issuer: Issuer) -> None:
    key = ECKey.generate_key("P-256", parameters={"kid": "ec1"})
    issuer.publish(key)
    assert await verify(issuer, signed(key, claims(issuer), "ES256")) == "myna-subject-0001"


async def test_a_token_signed_with_another_key_is_refused(issuer: Issuer) -> None:
    issuer.publish(rsa_key("k1"))
    await refused(issuer, signed(rsa_key("k1"), claims(issuer)))  # same kid, other key


async def test_alg_none_is_refused(issuer: Issuer) -> None:
    issuer.publish(rsa_key("k1"))
    await refused(issuer, unsigned(claims(issuer), "k1"))


async def test_a_token_signed_with_the_client_secret_is_refused(issuer: Issuer) -> None:
    issuer.publish(rsa_key("k1"))
    secret = OctKey.import_key("s3cret-s3cret-s3cret-s3cret-s3cret!")
    token = jwt.encode({"alg": "HS256"}, claims(issuer), secret, algorithms=["HS256"])
    await refused(issuer, token)


@pytest.mark.parametrize(
    "changes",
    [
        {"iss": "https://evil.example"},
        {"aud": "another-client"},
        {"aud": [CLIENT_ID, "another-client"]},  # several audiences and no azp
        {"azp": "another-client"},
        {"exp": int(NOW.timestamp()) - 60},
        {"iat": int(NOW.timestamp()) + 600},
        {"nonce": "another-nonce"},
        {"nonce": None},
        {"sub": None},
    ],
    ids=["iss", "aud", "audiences", "azp", "expired", "future", "nonce", "no-nonce", "no-sub"],
)
async def test_wrong_claims_are_refused(issuer: Issuer, changes: dict[str, Any]) -> None:
    key = rsa_key("k1")
    issuer.publish(key)
    await refused(issuer, signed(key, claims(issuer, **changes)))


async def test_a_few_seconds_of_clock_skew_are_allowed(issuer: Issuer) -> None:
    key = rsa_key("k1")
    issuer.publish(key)
    skewed = claims(issuer, iat=int(NOW.timestamp()) + 10, exp=int(NOW.timestamp()) - 10)
    assert await verify(issuer, signed(key, skewed)) == "myna-subject-0001"
    assert await verify(issuer, signed(key, claims(issuer, aud=[CLIENT_ID]))) == (
        "myna-subject-0001"
    )


async def test_an_unknown_kid_reads_the_key_set_again_once(issuer: Issuer) -> None:
    old, new = rsa_key("2026-10"), rsa_key("2026-11")
    issuer.publish(old)
    client = client_of(issuer)
    assert await client.verify_id_token(signed(old, claims(issuer)), nonce=NONCE, now=NOW)
    assert issuer.jwks_reads == 1
    issuer.publish(new, old)  # the provider rotated
    assert await client.verify_id_token(signed(new, claims(issuer)), nonce=NONCE, now=NOW)
    assert issuer.jwks_reads == 2
    assert await client.verify_id_token(signed(old, claims(issuer)), nonce=NONCE, now=NOW)
    assert issuer.jwks_reads == 2  # kept
    with pytest.raises(ProblemError):  # a kid still unknown after one more read
        await client.verify_id_token(signed(rsa_key("x"), claims(issuer)), nonce=NONCE, now=NOW)
    assert issuer.jwks_reads == 3


async def test_an_issuer_that_does_not_answer_is_unavailable(issuer: Issuer) -> None:
    client = client_of(issuer)
    issuer.close()
    with pytest.raises(ProblemError) as caught:
        await client.verify_id_token("a.b.c", nonce=NONCE, now=NOW)
    assert caught.value.problem is problems.SSO_PROVIDER_UNAVAILABLE
    assert caught.value.headers["Retry-After"]


@pytest.mark.parametrize(
    ("issuer", "accepted"),
    [
        ("https://auth.myna.example", True),
        ("http://127.0.0.1:4000", True),
        ("http://localhost:4000", True),
        ("http://auth.myna.example", False),
    ],
)
def test_production_wants_an_https_issuer(issuer: str, accepted: bool) -> None:
    provider = {
        "issuer": issuer,
        "client_id": CLIENT_ID,
        "client_secret": "s3cret",
        "redirect_uri": "https://mypage.example/sso/callback",
    }

    def production() -> Settings:
        return Settings(
            env=Environment.production,
            jwt_keys={"k": SecretStr("x" * 32)},
            public_base_url="https://mypage.example",
            sso_providers={"mynaportal": provider},  # type: ignore[dict-item]
        )

    if accepted:
        assert production().sso_providers["mynaportal"].issuer == issuer
    else:
        with pytest.raises(ValidationError, match="issuer must be https"):
            production()
