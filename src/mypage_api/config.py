"""Settings, read once from the environment (prefix ``MYPAGE_``)."""

from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Self

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Environment(StrEnum):
    development = "development"
    test = "test"
    production = "production"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="MYPAGE_", extra="ignore")

    env: Environment = Environment.development
    data_dir: Path = Path("data")
    database_url: str | None = Field(
        default=None,
        description="SQLAlchemy URL; defaults to an SQLite file in the data folder.",
    )
    fixed_now: datetime | None = Field(
        default=None,
        description="Freeze the server clock at this instant (ISO 8601 with offset). "
        "Refused in production.",
    )
    database_echo: bool = False

    # Rule parameters the seed leaves open (docs/decisions.md).
    reactivation_window_days: int = Field(default=60, ge=1, le=3650)

    @model_validator(mode="after")
    def _check(self) -> Self:
        if self.fixed_now is not None:
            if self.env is Environment.production:
                raise ValueError("MYPAGE_FIXED_NOW must not be set in production")
            if self.fixed_now.tzinfo is None:
                raise ValueError(
                    "MYPAGE_FIXED_NOW needs a UTC offset, e.g. 2026-11-25T09:00:00+09:00"
                )
        return self

    @property
    def effective_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite+aiosqlite:///{(self.data_dir / 'mypage.sqlite3').resolve()}"
