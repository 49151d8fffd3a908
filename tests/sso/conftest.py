"""What the single sign-on tests share: the app's settings with one provider, whichever
issuer stands behind it (the real provider or the stand-in issuer)."""

from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr

from mypage_api.config import Environment, Settings, SsoProvider
from tests.sso_provider import OidcProvider


def sso_settings(
    database_url: str,
    data_dir: Path,
    *,
    issuer: str,
    client_id: str,
    client_secret: str,
    redirect_uri: str,
    **changes: Any,
) -> Settings:
    """Test settings with the provider ``mynaportal`` (マイナポータル) at ``issuer``, and
    any other ``changes``."""
    sso = SsoProvider(
        issuer=issuer,
        client_id=client_id,
        client_secret=SecretStr(client_secret),
        redirect_uri=redirect_uri,
        name="マイナポータル",
    )
    return Settings(
        env=Environment.test,
        database_url=database_url,
        data_dir=data_dir,
        sso_providers={"mynaportal": sso},
        **changes,
    )


@pytest.fixture
def settings(database_url: str, tmp_path: Path, provider: OidcProvider) -> Settings:
    """With the module's real provider (its ``provider`` fixture)."""
    return sso_settings(
        database_url,
        tmp_path,
        issuer=provider.issuer,
        client_id=provider.client_id,
        client_secret=provider.client_secret,
        redirect_uri=provider.redirect_uri,
    )
