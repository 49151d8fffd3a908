from typing import Literal

from pydantic import BaseModel, ConfigDict, EmailStr, Field

from mypage_api.security.passwords import MAX_LENGTH

# Examples shown in the contract (Swagger UI), each valid for its model.
_REFRESH_TOKEN_EXAMPLE = "Yk9wQ2x2d0ZlV2p1dE1xS3JhTnpPdlBnSGVYaUxzQmQ"  # noqa: S105 (an example)


class CreateTokenForm(BaseModel):
    """The form fields of the token endpoint (`createToken`): people sign in with
    `grant_type=password`, `username` and `password`; partner systems with
    `grant_type=client_credentials`, `client_id` and `client_secret` (or HTTP Basic)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "grant_type": "password",
                    "username": "demo-seeker@example.jp",
                    "password": "demo-password-2026",
                },
                {
                    "grant_type": "client_credentials",
                    "client_id": "demo-partner",
                    "client_secret": "demo-partner-secret-2026",
                },
            ]
        }
    )

    grant_type: Literal["password", "client_credentials"] = Field(
        description="`password` for people, `client_credentials` for partner systems."
    )
    username: str | None = Field(
        default=None, max_length=254, description="The person's e-mail address (password grant)."
    )
    password: str | None = Field(
        default=None, max_length=128, description="The person's password (password grant)."
    )
    client_id: str | None = Field(
        default=None, max_length=64, description="The partner's client id (client credentials)."
    )
    client_secret: str | None = Field(
        default=None, max_length=128, description="The partner's secret (client credentials)."
    )
    scope: str = Field(default="", max_length=200, description="Not used; accepted for clients.")


class TokenResponse(BaseModel):
    """A signed-in session: a short-lived access token and, for people, a refresh token
    (RFC 6749 §5.1)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "access_token": "eyJhbGciOiJIUzI1NiIsImtpZCI6IjIwMjYtMTEiLCJ0eXAiOiJKV1QifQ"
                    ".eyJzdWIiOiIxMiIsInJvbGUiOiJzZWVrZXIifQ.c2lnbmF0dXJl",
                    "token_type": "bearer",
                    "expires_in": 900,
                    "refresh_token": _REFRESH_TOKEN_EXAMPLE,
                }
            ]
        }
    )

    access_token: str
    token_type: str = Field(default="bearer", examples=["bearer"])
    expires_in: int = Field(description="Seconds until the access token expires.")
    refresh_token: str | None = Field(
        description="Opaque, single-use; null for partner clients (they ask for a new token)."
    )


class RefreshRequest(BaseModel):
    """A refresh token to exchange for a new pair (each is used once)."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"refresh_token": _REFRESH_TOKEN_EXAMPLE}]}
    )

    refresh_token: str = Field(min_length=1, max_length=200)


class PasswordResetRequest(BaseModel):
    """The e-mail address to send a password-reset link to."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"email": "taro.yamada@example.jp"}]})

    email: EmailStr


class PasswordResetConfirm(BaseModel):
    """The token of a password-reset link and the new password."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "token": "pR7vL2mXq9KcT4bN8sWzYd3FhJ6gUeA1",
                    "new_password": "Sakura-kaigo-2027",
                }
            ]
        }
    )

    token: str = Field(min_length=1, max_length=200)
    new_password: str = Field(min_length=1, max_length=MAX_LENGTH)


class PasswordChange(BaseModel):
    """A signed-in person's new password, with the current one."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"current_password": "Sakura-kaigo-2026", "new_password": "Sakura-kaigo-2027"}
            ]
        }
    )

    current_password: str = Field(min_length=1, max_length=MAX_LENGTH)
    new_password: str = Field(min_length=1, max_length=MAX_LENGTH)
