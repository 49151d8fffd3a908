"""The answer to requests that may mail a link (sign-up, password reset): 202 with the same
body whatever the address, so that it tells nothing about accounts."""

from pydantic import BaseModel, ConfigDict, Field

SIGNUP_ACCEPTED = (
    "受け付けました。入力されたメールアドレスにご案内のメールをお送りします。"
    "届かない場合は、アドレスを確かめて、しばらくしてからもう一度お試しください。"
)
RESET_ACCEPTED = (
    "受け付けました。登録されているメールアドレスであれば、パスワード再設定のご案内をお送りします。"
    "届かない場合は、しばらくしてからもう一度お試しください。"
)


class Accepted(BaseModel):
    """The request is accepted; any mail follows later. Every address gets the same answer."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"message": SIGNUP_ACCEPTED}, {"message": RESET_ACCEPTED}]}
    )

    message: str = Field(description="What happens next, to show the person (Japanese).")
