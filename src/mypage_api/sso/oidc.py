"""The service as an OpenID Connect client of a sign-on provider (R23).

Discovery and the provider's key set are read from its issuer over HTTP (httpx) and kept
in the process; an ID token signed with a key id the kept set lacks makes the set be read
again once (the provider rotated its keys). ID tokens are checked by joserfc: the
signature with the provider's keys only, the algorithms the provider advertises (never
``none``), ``iss``, ``aud``, ``azp``, ``exp`` and ``iat`` against the service's clock, and
the flow's ``nonce``. Nothing here logs a code, a token, a verifier or a state.
"""

import asyncio
import base64
import hashlib
import logging
import re
import secrets
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import quote_plus, urlencode

import httpx
from joserfc import jws, jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

from mypage_api import problems
from mypage_api.config import Settings, SsoProvider
from mypage_api.errors import ProblemError
from mypage_api.outages import RETRY_AFTER_SECONDS

logger = logging.getLogger(__name__)

# Signature algorithms accepted when the provider advertises them (never ``none``, never a
# shared-secret HMAC: the client secret is not a key the provider signs with here).
SUPPORTED_ALGORITHMS = ("RS256", "PS256", "ES256")
# Clock skew allowed between the provider and the service, in seconds.
LEEWAY_SECONDS = 30
# Discovery is read again after this long (keys are read again when a kid is unknown).
METADATA_SECONDS = 3600
# An OAuth error code as RFC 6749 allows it (printable ASCII, no quote or backslash);
# anything else the provider or the client sends is reported as ``invalid_response``.
_ERROR_CODE = re.compile(r"[\x20\x21\x23-\x5b\x5d-\x7e]{1,100}")


def error_code(value: object) -> str:
    return value if isinstance(value, str) and _ERROR_CODE.fullmatch(value) else "invalid_response"


def new_secret() -> str:
    """A 256-bit random, URL-safe string (state, nonce, PKCE code verifier)."""
    return secrets.token_urlsafe(32)


def code_challenge(verifier: str) -> str:
    """PKCE S256 (RFC 7636 §4.2)."""
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")


def unavailable() -> ProblemError:
    return ProblemError(
        problems.SSO_PROVIDER_UNAVAILABLE, headers={"Retry-After": str(RETRY_AFTER_SECONDS)}
    )


def invalid_id_token() -> ProblemError:
    return ProblemError(problems.SSO_ID_TOKEN_INVALID)


@dataclass(frozen=True)
class Metadata:
    """What the service needs of the provider's discovery document."""

    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    algorithms: tuple[str, ...]


class OidcClient:
    """One provider, as this service's confidential client (``client_secret_basic``)."""

    def __init__(self, name: str, config: SsoProvider, *, timeout: float) -> None:
        self.name = name
        self.config = config
        self.timeout = timeout
        self._metadata: Metadata | None = None
        self._metadata_read_at = 0.0
        self._keys: KeySet | None = None
        self._lock = asyncio.Lock()

    async def _request(self, method: str, url: str, what: str, **kwargs: Any) -> httpx.Response:
        try:
            async with httpx.AsyncClient(timeout=self.timeout) as http:
                return await http.request(method, url, **kwargs)
        except httpx.HTTPError as exc:  # connection refused, timeout, protocol error
            logger.warning("sso provider %s: %s failed (%s)", self.name, what, type(exc).__name__)
            raise unavailable() from None

    async def _json(self, url: str, what: str) -> dict[str, Any]:
        response = await self._request("GET", url, what)
        try:
            body = response.json() if response.status_code == 200 else None
        except ValueError:
            body = None
        if not isinstance(body, dict):
            logger.warning("sso provider %s: %s answered %d", self.name, what, response.status_code)
            raise unavailable()
        return body

    async def metadata(self) -> Metadata:
        async with self._lock:
            if self._metadata and time.monotonic() - self._metadata_read_at < METADATA_SECONDS:
                return self._metadata
            issuer = self.config.issuer.rstrip("/")
            body = await self._json(f"{issuer}/.well-known/openid-configuration", "discovery")
            try:
                metadata = Metadata(
                    issuer=str(body["issuer"]),
                    authorization_endpoint=str(body["authorization_endpoint"]),
                    token_endpoint=str(body["token_endpoint"]),
                    jwks_uri=str(body["jwks_uri"]),
                    algorithms=tuple(
                        algorithm
                        for algorithm in body.get("id_token_signing_alg_values_supported", [])
                        if algorithm in SUPPORTED_ALGORITHMS
                    ),
                )
            except KeyError:
                metadata = None
            # OpenID Connect Discovery §4.3: the document must name the issuer asked for.
            if metadata is None or metadata.issuer != self.config.issuer:
                logger.warning("sso provider %s: discovery document not usable", self.name)
                raise unavailable()
            self._metadata, self._metadata_read_at = metadata, time.monotonic()
            return metadata

    async def key_set(self, *, refresh: bool = False) -> KeySet:
        metadata = await self.metadata()
        async with self._lock:
            if self._keys is None or refresh:
                body = await self._json(metadata.jwks_uri, "jwks")
                try:
                    self._keys = KeySet.import_key_set(body)  # type: ignore[arg-type]
                except (JoseError, KeyError, TypeError, ValueError):
                    logger.warning("sso provider %s: key set not usable", self.name)
                    raise unavailable() from None
            return self._keys

    async def authorization_url(self, *, state: str, nonce: str, verifier: str) -> str:
        metadata = await self.metadata()
        query = urlencode(
            {
                "response_type": "code",
                "client_id": self.config.client_id,
                "redirect_uri": self.config.redirect_uri,
                "scope": self.config.scopes,
                "state": state,
                "nonce": nonce,
                "code_challenge": code_challenge(verifier),
                "code_challenge_method": "S256",
            }
        )
        separator = "&" if "?" in metadata.authorization_endpoint else "?"
        return f"{metadata.authorization_endpoint}{separator}{query}"

    async def exchange(self, code: str, verifier: str) -> str:
        """The ID token the token endpoint answers for ``code``; its refusal as
        ``sso-code-refused`` with the provider's ``error``."""
        metadata = await self.metadata()
        # RFC 6749 §2.3.1: id and secret are form-encoded before Basic encoding.
        auth = httpx.BasicAuth(
            quote_plus(self.config.client_id),
            quote_plus(self.config.client_secret.get_secret_value()),
        )
        response = await self._request(
            "POST",
            metadata.token_endpoint,
            "token request",
            auth=auth,
            data={
                "grant_type": "authorization_code",
                "code": code,
                "redirect_uri": self.config.redirect_uri,
                "code_verifier": verifier,
            },
            headers={"Accept": "application/json"},
        )
        try:
            body = response.json()
        except ValueError:
            body = None
        if response.status_code >= 500 or not isinstance(body, dict):
            logger.warning(
                "sso provider %s: token request answered %d", self.name, response.status_code
            )
            raise unavailable()
        if response.status_code != 200:
            code_ = error_code(body.get("error"))
            logger.info("sso provider %s: code refused (%s)", self.name, code_)
            raise ProblemError(problems.SSO_CODE_REFUSED, extensions={"error": code_})
        id_token = body.get("id_token")
        if not isinstance(id_token, str):
            raise invalid_id_token()
        return id_token

    async def verify_id_token(self, id_token: str, *, nonce: str, now: datetime) -> str:
        """The subject of a valid ID token; ``sso-id-token-invalid`` otherwise."""
        metadata = await self.metadata()
        try:
            header = jws.extract_compact(id_token.encode("ascii")).protected
        except (JoseError, ValueError, UnicodeError):
            raise invalid_id_token() from None
        keys = await self.key_set()
        kid = header.get("kid")
        if kid is not None and all(key.kid != kid for key in keys):
            keys = await self.key_set(refresh=True)  # the provider rotated its keys
        claims = _checked_claims(
            id_token, keys, metadata, client_id=self.config.client_id, nonce=nonce, now=now
        )
        return str(claims["sub"])


def _checked_claims(
    id_token: str,
    keys: KeySet,
    metadata: Metadata,
    *,
    client_id: str,
    nonce: str,
    now: datetime,
) -> Mapping[str, Any]:
    """OpenID Connect Core §3.1.3.7, through joserfc."""
    registry = jwt.JWTClaimsRegistry(
        now=int(now.timestamp()),
        leeway=LEEWAY_SECONDS,
        iss={"essential": True, "value": metadata.issuer},
        sub={"essential": True},
        aud={"essential": True, "value": client_id},
        exp={"essential": True},
        iat={"essential": True},
        nonce={"essential": True, "value": nonce},
        azp={"value": client_id},  # checked when present
    )
    if not metadata.algorithms:  # the provider advertises none this service accepts
        raise invalid_id_token()
    try:
        token = jwt.decode(id_token, keys, algorithms=list(metadata.algorithms))
        registry.validate(token.claims)
    except (JoseError, ValueError, TypeError):
        raise invalid_id_token() from None
    audience = token.claims["aud"]
    if isinstance(audience, list) and len(audience) > 1 and "azp" not in token.claims:
        raise invalid_id_token()  # several audiences: azp must name this client
    return token.claims


class Providers:
    """The configured providers' clients, kept for the process (their discovery and keys)."""

    def __init__(self, settings: Settings) -> None:
        self._clients = {
            name: OidcClient(name, config, timeout=settings.sso_http_timeout_seconds)
            for name, config in settings.sso_providers.items()
        }

    def get(self, name: str) -> OidcClient:
        client = self._clients.get(name)
        if client is None:
            raise ProblemError(problems.SSO_PROVIDER_UNKNOWN)
        return client

    def display_name(self, name: str) -> str:
        """The provider's name as people know it (its setting's name when one is left)."""
        client = self._clients.get(name)
        return client.config.name or name if client is not None else name
