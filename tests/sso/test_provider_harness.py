"""The test OpenID Provider and its harness, checked on their own: discovery, a sign-in
through the login and consent pages, the code exchange with PKCE, refusals, key rotation
and an outage. The API's single sign-on tests stand on these."""

import base64
import hashlib
import secrets
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

import httpx
import jwt
import pytest

from tests.sso_provider import OidcProvider, running_provider

REDIRECT_URI = "http://testserver/v1/sso/callback"


@pytest.fixture(scope="module")
def provider() -> Iterator[OidcProvider]:
    with running_provider(REDIRECT_URI) as provider:
        yield provider


def discovery(provider: OidcProvider) -> dict[str, Any]:
    response = httpx.get(f"{provider.issuer}/.well-known/openid-configuration")
    assert response.status_code == 200
    document: dict[str, Any] = response.json()
    return document


def authorization(provider: OidcProvider) -> tuple[str, str, str, str]:
    """An authorization URL built as a relying party would; with its state, nonce and
    PKCE verifier."""
    state, nonce = secrets.token_urlsafe(16), secrets.token_urlsafe(16)
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
    query = {
        "client_id": provider.client_id,
        "redirect_uri": provider.redirect_uri,
        "response_type": "code",
        "scope": "openid",
        "state": state,
        "nonce": nonce,
        "code_challenge": challenge.rstrip(b"=").decode(),
        "code_challenge_method": "S256",
    }
    url = f"{discovery(provider)['authorization_endpoint']}?{urlencode(query)}"
    return url, state, nonce, verifier


def exchange(provider: OidcProvider, code: str, verifier: str | None) -> httpx.Response:
    form = {"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT_URI}
    if verifier is not None:
        form["code_verifier"] = verifier
    return httpx.post(
        discovery(provider)["token_endpoint"],
        data=form,
        auth=(provider.client_id, provider.client_secret),
    )


def signed_in(provider: OidcProvider, subject: str) -> tuple[dict[str, Any], str]:
    """Sign in as ``subject``; the verified id_token's payload and its ``kid``."""
    url, state, nonce, verifier = authorization(provider)
    answer = provider.sign_in(url, subject)
    assert answer["state"] == state
    assert answer["iss"] == provider.issuer
    response = exchange(provider, answer["code"], verifier)
    assert response.status_code == 200, response.text
    id_token = response.json()["id_token"]
    kid = jwt.get_unverified_header(id_token)["kid"]
    jwks = httpx.get(discovery(provider)["jwks_uri"]).json()
    key = next(jwk for jwk in jwks["keys"] if jwk["kid"] == kid)
    payload: dict[str, Any] = jwt.decode(
        id_token,
        jwt.PyJWK(key).key,
        algorithms=["RS256"],
        audience=provider.client_id,
        issuer=provider.issuer,
    )
    assert payload["nonce"] == nonce
    return payload, kid


def test_discovery_names_the_endpoints_and_s256(provider: OidcProvider) -> None:
    document = discovery(provider)

    assert document["issuer"] == provider.issuer
    assert provider.issuer.startswith("http://127.0.0.1:")
    for endpoint in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
        assert document[endpoint].startswith(provider.issuer + "/")
    assert document["code_challenge_methods_supported"] == ["S256"]
    assert document["id_token_signing_alg_values_supported"] == ["RS256"]


def test_a_sign_in_gives_a_code_for_an_id_token_of_the_subject(provider: OidcProvider) -> None:
    payload, kid = signed_in(provider, "subject-0001")

    assert payload["sub"] == "subject-0001"
    assert payload["aud"] == provider.client_id
    assert kid == provider.signing_jwks()["keys"][0]["kid"]


def test_a_code_is_exchanged_once(provider: OidcProvider) -> None:
    url, _, _, verifier = authorization(provider)
    code = provider.sign_in(url, "subject-0002")["code"]

    assert exchange(provider, code, verifier).status_code == 200
    again = exchange(provider, code, verifier)
    assert again.status_code == 400
    assert again.json()["error"] == "invalid_grant"


def test_the_client_secret_may_come_in_the_form(provider: OidcProvider) -> None:
    url, _, _, verifier = authorization(provider)
    code = provider.sign_in(url, "subject-0003")["code"]
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": REDIRECT_URI,
        "code_verifier": verifier,
        "client_id": provider.client_id,
        "client_secret": provider.client_secret,
    }

    response = httpx.post(discovery(provider)["token_endpoint"], data=form)

    assert response.status_code == 200, response.text
    assert "id_token" in response.json()


def test_a_wrong_client_secret_is_refused(provider: OidcProvider) -> None:
    url, _, _, verifier = authorization(provider)
    code = provider.sign_in(url, "subject-0004")["code"]
    form = {"grant_type": "authorization_code", "code": code, "code_verifier": verifier}

    response = httpx.post(
        discovery(provider)["token_endpoint"],
        data={**form, "redirect_uri": REDIRECT_URI},
        auth=(provider.client_id, "not-the-secret"),
    )

    assert response.status_code == 401
    assert response.json()["error"] == "invalid_client"


def test_pkce_is_required(provider: OidcProvider) -> None:
    url, *_ = authorization(provider)
    code = provider.sign_in(url, "subject-0005")["code"]

    missing = exchange(provider, code, None)
    assert missing.status_code == 400
    assert missing.json()["error"] == "invalid_grant", missing.json()

    without_challenge = url.split("&code_challenge=")[0]
    answer = provider.sign_in(without_challenge, "subject-0005")
    assert answer["error"] == "invalid_request"
    assert "PKCE" in answer["error_description"]


def test_refusing_consent_answers_access_denied(provider: OidcProvider) -> None:
    url, state, _, _ = authorization(provider)

    answer = provider.sign_in(url, "subject-0006", consent=False)

    assert answer["error"] == "access_denied"
    assert answer["state"] == state
    assert "code" not in answer


def test_a_rotation_signs_with_a_new_key(provider: OidcProvider) -> None:
    before = httpx.get(discovery(provider)["jwks_uri"]).json()["keys"][0]["kid"]

    provider.rotate_keys()

    keys = httpx.get(discovery(provider)["jwks_uri"]).json()["keys"]
    assert keys[0]["kid"] != before
    assert [key["kid"] for key in keys] == [keys[0]["kid"], before]
    assert "d" not in keys[0]  # only the public halves are published
    _, kid = signed_in(provider, "subject-0007")
    assert kid == keys[0]["kid"]


def test_a_wrong_key_is_not_the_providers(provider: OidcProvider) -> None:
    wrong = provider.wrong_key_jwks()["keys"][0]

    published = httpx.get(discovery(provider)["jwks_uri"]).json()["keys"]
    assert wrong["kid"] not in {key["kid"] for key in published}
    assert wrong["n"] not in {key["n"] for key in published}
    assert {"d", "p", "q"} <= wrong.keys()


def test_a_stopped_provider_refuses_connections_until_started(provider: OidcProvider) -> None:
    provider.stop()
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{provider.issuer}/.well-known/openid-configuration")

    provider.start()

    assert discovery(provider)["issuer"] == provider.issuer
    payload, _ = signed_in(provider, "subject-0008")
    assert payload["sub"] == "subject-0008"
