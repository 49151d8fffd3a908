"""A real OpenID Provider for the single sign-on tests (R23), and a browser's part in it.

``start_provider(redirect_uri)`` starts ``tools/oidc-provider/provider.mjs`` (npm
``oidc-provider``) on a free loopback port with one confidential client, and
``OidcProvider.sign_in(url, subject)`` walks its development login and consent pages over
HTTP as a browser would, returning what the provider sent to the redirect URI.

Signing keys are RSA (RS256) private JWK sets made by ``node provider.mjs --generate-jwks``
(Node's ``crypto``; the venv has no RSA library) and kept in files the provider reads at
start, so a restart keeps the keys and a rotation puts a new key first.

Tests call ``require_provider()`` first: without Node or ``npm ci --prefix
tools/oidc-provider`` they are skipped, or fail when ``MYPAGE_REQUIRE_SSO_PROVIDER=1``
(CI), so a broken install cannot pass as skipped tests.
"""

import atexit
import html
import json
import os
import re
import secrets
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urljoin, urlsplit

import httpx
import pytest

PROVIDER_DIR = Path(__file__).resolve().parent.parent / "tools" / "oidc-provider"
SCRIPT = PROVIDER_DIR / "provider.mjs"
START_SECONDS = 30
STOP_SECONDS = 5
MAX_STEPS = 20  # redirects and pages between the authorization URL and the redirect URI

NODE = shutil.which("node")


def _node_reason() -> str | None:
    if NODE is None:
        return "node is not installed (the SSO tests run the npm package oidc-provider)"
    if not (PROVIDER_DIR / "node_modules" / "oidc-provider" / "package.json").is_file():
        return "npm ci --prefix tools/oidc-provider has not been run"
    return None


NODE_REASON: str | None = _node_reason()


def require_provider() -> None:
    """Skip the calling test when the provider cannot run here; fail instead in CI."""
    if NODE_REASON is None:
        return
    if os.environ.get("MYPAGE_REQUIRE_SSO_PROVIDER") == "1":
        pytest.fail(f"MYPAGE_REQUIRE_SSO_PROVIDER=1 but {NODE_REASON}")
    pytest.skip(NODE_REASON)


def _generate_jwks() -> dict[str, Any]:
    """A new private JWK set holding one RS256 key with a new ``kid``."""
    assert NODE is not None, NODE_REASON
    done = subprocess.run(
        [NODE, str(SCRIPT), "--generate-jwks"],
        capture_output=True,
        check=True,
        text=True,
        timeout=START_SECONDS,
    )
    jwks: dict[str, Any] = json.loads(done.stdout)
    return jwks


@dataclass
class OidcProvider:
    issuer: str
    client_id: str
    client_secret: str
    redirect_uri: str
    port: int = 0
    workdir: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="oidc-provider-")))
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    @property
    def jwks_file(self) -> Path:
        return self.workdir / "jwks.json"

    @property
    def log(self) -> Path:
        return self.workdir / "provider.log"

    # -- the browser's part ------------------------------------------------------------

    def sign_in(
        self, authorization_url: str, subject: str, *, consent: bool = True
    ) -> dict[str, str]:
        """Follow the authorization URL through the provider's login and consent pages
        over HTTP (cookies kept, redirects followed by hand until the redirect URI), log in
        as ``subject`` and consent (or abort when ``consent`` is false); return the query
        parameters the provider sent to the redirect URI: ``code``, ``state`` and ``iss``,
        or ``error`` and ``error_description`` (``access_denied`` when consent is refused).
        The redirect URI itself is never requested."""
        target = urlsplit(self.redirect_uri)
        with httpx.Client(follow_redirects=False, timeout=10) as browser:
            response = browser.get(authorization_url)
            for _ in range(MAX_STEPS):
                if response.is_redirect:
                    location = urljoin(str(response.url), response.headers["location"])
                    landed = urlsplit(location)
                    if landed[:3] == target[:3]:
                        return dict(parse_qsl(landed.query, keep_blank_values=True))
                    response = browser.get(location)
                    continue
                if response.status_code != 200:
                    raise AssertionError(
                        f"the provider answered {response.status_code} at {response.url}:\n"
                        f"{response.text[:2000]}"
                    )
                response = self._answer_page(browser, response, subject, consent=consent)
        raise AssertionError(f"no redirect to {self.redirect_uri} after {MAX_STEPS} steps")

    @staticmethod
    def _answer_page(
        browser: httpx.Client, page: httpx.Response, subject: str, *, consent: bool
    ) -> httpx.Response:
        text = page.text
        prompt = re.search(r'name="prompt" value="([^"]+)"', text)
        action = re.search(r'<form[^>]*action="([^"]+)"', text)
        if prompt is None or action is None:
            raise AssertionError(f"not a login or consent page at {page.url}:\n{text[:2000]}")
        submit_url = urljoin(str(page.url), html.unescape(action.group(1)))
        if prompt.group(1) == "login":
            fields = {"prompt": "login", "login": subject, "password": "any"}
            return browser.post(submit_url, data=fields)
        if prompt.group(1) == "consent":
            if consent:
                return browser.post(submit_url, data={"prompt": "consent"})
            abort = re.search(r'href="([^"]*/abort)"', text)
            if abort is None:
                raise AssertionError(f"no abort link on the consent page:\n{text[:2000]}")
            return browser.get(urljoin(str(page.url), html.unescape(abort.group(1))))
        raise AssertionError(f"unknown prompt {prompt.group(1)!r} at {page.url}")

    # -- the process ---------------------------------------------------------------------

    def start(self) -> None:
        """Start the provider on its port (a free one the first time) with the keys in
        ``jwks_file``, and wait for its ``ready`` line. Sessions and codes start empty."""
        assert NODE is not None, NODE_REASON
        if self.process is not None:
            return
        environment = {
            **os.environ,
            "OIDC_PORT": str(self.port),
            "OIDC_CLIENT_ID": self.client_id,
            "OIDC_CLIENT_SECRET": self.client_secret,
            "OIDC_REDIRECT_URIS": self.redirect_uri,
            "OIDC_JWKS": str(self.jwks_file),
        }
        if self.issuer:
            environment["OIDC_ISSUER"] = self.issuer
        ready = self.workdir / "ready"
        ready.unlink(missing_ok=True)
        with ready.open("wb") as stdout, self.log.open("ab") as stderr:
            self.process = subprocess.Popen(
                [NODE, str(SCRIPT)], stdout=stdout, stderr=stderr, env=environment
            )
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            line = ready.read_text().partition("\n")
            if line[1] and line[0].startswith("ready "):
                issuer = line[0].removeprefix("ready ")
                self.issuer = issuer
                self.port = urlsplit(issuer).port or 80
                return
            if self.process.poll() is not None:
                self.process = None
                raise RuntimeError(f"the OpenID Provider did not start:\n{self.log.read_text()}")
            time.sleep(0.05)  # waiting for a process to start
        self.stop()
        raise RuntimeError(f"the OpenID Provider was not ready in {START_SECONDS} s")

    def stop(self) -> None:
        """Stop the provider: its port refuses connections until ``start()``."""
        process, self.process = self.process, None
        if process is None:
            return
        process.terminate()
        try:
            process.wait(STOP_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def close(self) -> None:
        self.stop()
        shutil.rmtree(self.workdir, ignore_errors=True)

    # -- keys ----------------------------------------------------------------------------

    def signing_jwks(self) -> dict[str, Any]:
        """The provider's private JWK set; the first key signs."""
        jwks: dict[str, Any] = json.loads(self.jwks_file.read_text())
        return jwks

    def rotate_keys(self) -> None:
        """Restart the provider on the same port with a new signing key (a new ``kid``)
        first and the previous signing key after it; the client stays registered."""
        new_key = _generate_jwks()["keys"][0]
        previous = self.signing_jwks()["keys"][0]
        self.jwks_file.write_text(json.dumps({"keys": [new_key, previous]}))
        self.stop()
        self.start()

    def wrong_key_jwks(self) -> dict[str, Any]:
        """A private JWK set the provider does not know, to sign tokens it never issued."""
        return _generate_jwks()


def start_provider(
    redirect_uri: str,
    *,
    client_id: str = "mypage-api",
    client_secret: str | None = None,
) -> OidcProvider:
    """Start a provider on a free loopback port with one confidential client for
    ``redirect_uri`` (a random secret unless given); it is stopped at exit at the latest."""
    require_provider()
    provider = OidcProvider(
        issuer="",
        client_id=client_id,
        client_secret=client_secret or secrets.token_urlsafe(24),
        redirect_uri=redirect_uri,
    )
    atexit.register(provider.close)
    provider.jwks_file.write_text(json.dumps(_generate_jwks()))
    provider.start()
    return provider


@contextmanager
def running_provider(redirect_uri: str) -> Iterator[OidcProvider]:
    """``start_provider`` for a ``with`` block (a test module's fixture): stopped at its end."""
    provider = start_provider(redirect_uri)
    try:
        yield provider
    finally:
        provider.close()
