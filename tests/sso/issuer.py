"""A stand-in OpenID Provider on a loopback port, for the ID tokens a certified provider
never issues: signed with another key, ``alg: none``, a wrong ``iss`` or ``aud``, expired,
a wrong ``nonce``.

It serves discovery, a JWK set and a token endpoint over real HTTP (``http.server`` in a
thread). ``authorize(url)`` plays the provider's part of the authorization request (it
keeps the client's PKCE challenge and nonce and answers a code, as the redirect would);
the token endpoint checks the client's credentials, the code (once), the redirect URI
and the PKCE verifier as a provider does, then answers the ID token that ``mint(nonce)``
makes, whatever the test wants it to be. ``hold(path)`` keeps a request to a path
waiting until the test lets it go."""

import base64
import hashlib
import json
import secrets
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, unquote_plus, urlsplit

import pytest
from joserfc import jwt
from joserfc.jwk import ECKey, RSAKey

CLIENT_ID = "mypage-api"
CLIENT_SECRET = "s3cret-s3cret-s3cret"
HOLD_SECONDS = 10


def rsa_key(kid: str) -> RSAKey:
    return RSAKey.generate_key(2048, parameters={"kid": kid})


def id_token_claims(
    issuer: str, *, now: datetime, nonce: str, client_id: str = CLIENT_ID, **changes: Any
) -> dict[str, Any]:
    """The claims of a valid ID token issued at ``now``; ``changes`` replace some (a value
    of None leaves the claim out)."""
    base = {
        "iss": issuer,
        "sub": "myna-subject-0001",
        "aud": client_id,
        "iat": int(now.timestamp()) - 5,
        "exp": int(now.timestamp()) + 300,
        "nonce": nonce,
    }
    base.update(changes)
    return {name: value for name, value in base.items() if value is not None}


def signed(key: RSAKey | ECKey, payload: dict[str, Any], alg: str = "RS256") -> str:
    return jwt.encode({"alg": alg, "kid": key.kid}, payload, key, algorithms=[alg])


def unsigned(payload: dict[str, Any], kid: str) -> str:
    """An ``alg: none`` token (no signature), as joserfc refuses to make one."""

    def part(value: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")

    return f"{part({'alg': 'none', 'kid': kid})}.{part(payload)}."


@dataclass
class Grant:
    """An authorization the provider granted: what the code is bound to."""

    challenge: str
    nonce: str
    redirect_uri: str
    used: bool = False


@dataclass
class Gate:
    """A request held at the issuer: ``reached`` once it arrived, answered after
    ``release``."""

    reached: threading.Event = field(default_factory=threading.Event)
    released: threading.Event = field(default_factory=threading.Event)

    def release(self) -> None:
        self.released.set()


class Issuer:
    """Discovery, a JWK set (its reads counted) and a token endpoint on a loopback port."""

    def __init__(self, client_id: str = CLIENT_ID, client_secret: str = CLIENT_SECRET) -> None:
        self.client_id = client_id
        self.client_secret = client_secret
        self.public_keys: list[dict[str, Any]] = []
        self.jwks_reads = 0
        self.grants: dict[str, Grant] = {}
        self.token_requests = 0
        # The ID token the token endpoint answers for a grant's nonce.
        self.mint: Callable[[str], str] | None = None
        self.gates: dict[str, Gate] = {}
        issuer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                issuer.wait_at(self.path)
                if self.path == "/.well-known/openid-configuration":
                    self.answer(200, issuer.discovery())
                elif self.path == "/jwks":
                    issuer.jwks_reads += 1
                    self.answer(200, {"keys": issuer.public_keys})
                else:
                    self.send_error(404)

            def do_POST(self) -> None:
                issuer.wait_at(self.path)
                if self.path != "/token":
                    self.send_error(404)
                    return
                length = int(self.headers.get("Content-Length", "0"))
                form = dict(parse_qsl(self.rfile.read(length).decode()))
                self.answer(*issuer.token(self.headers.get("Authorization", ""), form))

            def answer(self, status: int, body: dict[str, Any]) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def discovery(self) -> dict[str, Any]:
        return {
            "issuer": self.url,
            "authorization_endpoint": f"{self.url}/auth",
            "token_endpoint": f"{self.url}/token",
            "jwks_uri": f"{self.url}/jwks",
            # `none` advertised too: the client must refuse it all the same.
            "id_token_signing_alg_values_supported": ["RS256", "ES256", "none"],
        }

    def publish(self, *keys: RSAKey | ECKey) -> None:
        self.public_keys = [key.as_dict(private=False) for key in keys]

    def authorize(self, authorization_url: str) -> dict[str, str]:
        """The provider's part of an authorization request (the person signed in and
        consented): what it sends to the redirect URI, ``code`` and ``state``."""
        query = dict(parse_qsl(urlsplit(authorization_url).query))
        assert query["client_id"] == self.client_id
        assert query["response_type"] == "code"
        assert query["code_challenge_method"] == "S256"
        code = secrets.token_urlsafe(16)
        self.grants[code] = Grant(query["code_challenge"], query["nonce"], query["redirect_uri"])
        return {"code": code, "state": query["state"]}

    def token(self, authorization: str, form: dict[str, str]) -> tuple[int, dict[str, Any]]:
        """The token endpoint: client_secret_basic, the code once, PKCE S256."""
        self.token_requests += 1
        scheme, _, encoded = authorization.partition(" ")
        client_id, _, secret = base64.b64decode(encoded or "Og==").decode().partition(":")
        if scheme != "Basic" or (unquote_plus(client_id), unquote_plus(secret)) != (
            self.client_id,
            self.client_secret,
        ):
            return 401, {"error": "invalid_client"}
        grant = self.grants.get(form.get("code", ""))
        verifier = form.get("code_verifier", "")
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
        if (
            form.get("grant_type") != "authorization_code"
            or grant is None
            or grant.used
            or form.get("redirect_uri") != grant.redirect_uri
            or challenge.decode().rstrip("=") != grant.challenge
        ):
            return 400, {"error": "invalid_grant"}
        grant.used = True
        assert self.mint is not None, "set issuer.mint to the ID token to answer"
        return 200, {
            "access_token": secrets.token_urlsafe(16),
            "token_type": "Bearer",
            "expires_in": 60,
            "id_token": self.mint(grant.nonce),
        }

    def hold(self, path: str) -> Gate:
        """Keep the next requests to ``path`` waiting until the gate is released."""
        gate = self.gates[path] = Gate()
        return gate

    def wait_at(self, path: str) -> None:
        gate = self.gates.get(path)
        if gate is not None:
            gate.reached.set()
            gate.released.wait(HOLD_SECONDS)

    def close(self) -> None:
        for gate in self.gates.values():
            gate.release()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def issuer() -> Iterator[Issuer]:
    """A stand-in issuer on a free local port, for one test."""
    issuer = Issuer()
    yield issuer
    issuer.close()
