"""The page a provider sends the browser back to when SSO is tried from Swagger UI (R23).

A front end's own page takes `code` and `state` from the redirect URI and posts them to
the callback. Trying SSO with Swagger UI and the local provider (`make sso-provider`)
has no such page, so the API serves one at ``/docs/sso-callback``, and only while a
configured provider's redirect URI names it: it shows the body to send to
`POST /v1/auth/sso/{provider}/callback` from the Swagger UI tab. The page has no script,
style or image and loads nothing (its policy is ``default-src 'none'``, stricter than
the docs pages'); what the provider sent is escaped; no referrer leaves it, so the code
stays out of other servers' logs. Nothing is kept or logged.
"""

import html
import json
from urllib.parse import urlsplit

from mypage_api.config import Settings

CALLBACK_PAGE_URL = "/docs/sso-callback"

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
HEADERS = {"Content-Security-Policy": CONTENT_SECURITY_POLICY, "Referrer-Policy": "no-referrer"}

# What the provider sends to the redirect URI that the callback takes (RFC 6749 §4.1.2;
# `iss`, RFC 9207, is not part of the callback's body).
CALLBACK_FIELDS = ("state", "code", "error", "error_description")


def providers_here(settings: Settings) -> list[str]:
    """The configured providers whose redirect URI is this page."""
    return [
        name
        for name, provider in settings.sso_providers.items()
        if urlsplit(provider.redirect_uri).path == CALLBACK_PAGE_URL
    ]


def callback_page(providers: list[str], query: dict[str, str]) -> str:
    """The page: the callback's body made of what came back, ready to paste."""
    body = {name: query[name] for name in CALLBACK_FIELDS if name in query}
    text = html.escape(json.dumps(body, ensure_ascii=False, indent=2))
    paths = "、".join(
        f"<code>POST /v1/auth/sso/{html.escape(name)}/callback</code>" for name in providers
    )
    return f"""<!DOCTYPE html>
<html lang="ja">
<head>
<meta charset="utf-8">
<title>mypage-api - シングルサインオンの応答 (SSO callback)</title>
</head>
<body>
<h1>シングルサインオン: プロバイダーからの応答</h1>
<p>この本文を Swagger UI のタブで {paths}（finishSingleSignOn）の Try it out に貼り付けて
実行してください。連携（link）で始めた場合は、始めた求職者として Authorize したままのタブで。</p>
<p>Paste this body into {paths} (finishSingleSignOn) in the Swagger UI tab where the flow
was started (for a link: still authorised as the seeker who started it).</p>
<pre id="callback-body">{text}</pre>
</body>
</html>
"""
