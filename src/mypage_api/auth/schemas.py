from pydantic import BaseModel, EmailStr, Field

from mypage_api.security.passwords import MAX_LENGTH


class TokenResponse(BaseModel):
    access_token: str
    token_type: str = Field(default="bearer", examples=["bearer"])
    expires_in: int = Field(description="Seconds until the access token expires.")
    refresh_token: str | None = Field(
        description="Opaque, single-use; null for partner clients (they ask for a new token)."
    )


class RefreshRequest(BaseModel):
    refresh_token: str = Field(min_length=1, max_length=200)


class PasswordResetRequest(BaseModel):
    email: EmailStr


class PasswordResetConfirm(BaseModel):
    token: str = Field(min_length=1, max_length=200)
    new_password: str = Field(min_length=1, max_length=MAX_LENGTH)


class PasswordChange(BaseModel):
    current_password: str = Field(min_length=1, max_length=MAX_LENGTH)
    new_password: str = Field(min_length=1, max_length=MAX_LENGTH)
