from datetime import datetime
from typing import Annotated, Self

from fastapi import Path
from pydantic import BaseModel, ConfigDict, Field, model_validator

from mypage_api.models import SsoPurpose

ProviderPath = Annotated[
    str,
    Path(
        max_length=50,
        pattern=r"^[a-z0-9][a-z0-9_-]*$",
        description="The sign-on provider, as configured (e.g. `mynaportal`).",
        examples=["mynaportal"],
    ),
]
LinkIdPath = Annotated[int, Path(ge=1, description="The link's id.", examples=[7])]


class SsoStart(BaseModel):
    """What a sign-on is started for: signing in, or linking the signed-in seeker's My
    Page to their account at the provider."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"purpose": "sign_in"}]})

    purpose: SsoPurpose = Field(
        description="`sign_in` (no token needed) or `link` (the seeker's access token needed)."
    )


class SsoAuthorization(BaseModel):
    """Where to send the person: the provider's sign-in page. The provider sends them back
    to the configured redirect URI with `code` and `state` (or `error`); pass them to the
    callback. Compare the `state` that comes back with this one before passing it on."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "authorization_url": "https://auth.myna.example/authorize?response_type=code"
                    "&client_id=mypage-api&state=3q2-7w&code_challenge_method=S256",
                    "state": "3q2-7w",
                    "expires_at": "2026-11-25T01:10:00Z",
                }
            ]
        }
    )

    authorization_url: str = Field(description="The provider's authorization request.")
    state: str = Field(description="The flow's state, single-use; it also comes back.")
    expires_at: datetime = Field(description="The flow must come back before this instant.")


class SsoCallback(BaseModel):
    """What the provider sent back to the redirect URI: `code` and `state`, or `error`
    (with `error_description`) and `state`."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"state": "3q2-7w", "code": "Sp1x-Ld8kQ"}]}
    )

    state: str = Field(min_length=1, max_length=200, description="The `state` sent back.")
    code: str | None = Field(
        default=None, min_length=1, max_length=2000, description="The authorization code."
    )
    error: str | None = Field(
        default=None,
        min_length=1,
        max_length=100,
        description="The provider's error code instead of a code (e.g. `access_denied`).",
    )
    error_description: str | None = Field(
        default=None,
        max_length=500,
        description="The provider's text about the error; not kept, not echoed.",
    )

    @model_validator(mode="after")
    def _code_or_error(self) -> Self:
        if (self.code is None) == (self.error is None):
            raise ValueError("send either code or error")
        return self


class SsoLinkRead(BaseModel):
    """The seeker's My Page linked to their account at a provider. Only the provider's
    subject identifier is kept, and it is not shown."""

    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={
            "examples": [
                {
                    "id": 7,
                    "provider": "mynaportal",
                    "provider_name": "マイナポータル",
                    "created_at": "2026-11-25T01:05:00Z",
                }
            ]
        },
    )

    id: int
    provider: str = Field(description="The provider as configured.")
    provider_name: str = Field(description="The provider's name as people know it.")
    created_at: datetime = Field(description="When the link was made.")
