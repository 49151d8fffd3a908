from pydantic import BaseModel, EmailStr, Field

from mypage_api.security.passwords import MAX_LENGTH


class TokenResponse(BaseModel):
    """A signed-in session: a short-lived access token and, for people, a refresh token
    (RFC 6749 §5.1)."""

    access_token: str
    token_type: str = Field(default="bearer", examples=["bearer"])
    expires_in: int = Field(description="Seconds until the access token expires.")
    refresh_token: str | None = Field(
        description="Opaque, single-use; null for partner clients (they ask for a new token)."
    )


class RefreshRequest(BaseModel):
    """A refresh token to exchange for a new pair (each is used once)."""

    refresh_token: str = Field(min_length=1, max_length=200)


class PasswordResetRequest(BaseModel):
    """The e-mail address to send a password-reset link to."""

    email: EmailStr


class PasswordResetConfirm(BaseModel):
    """The token of a password-reset link and the new password."""

    token: str = Field(min_length=1, max_length=200)
    new_password: str = Field(min_length=1, max_length=MAX_LENGTH)


class PasswordChange(BaseModel):
    """A signed-in person's new password, with the current one."""

    current_password: str = Field(min_length=1, max_length=MAX_LENGTH)
    new_password: str = Field(min_length=1, max_length=MAX_LENGTH)
