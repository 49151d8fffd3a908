"""Settings, read once from the environment (prefix ``MYPAGE_``)."""

from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Literal, Self
from urllib.parse import urlsplit

from pydantic import BaseModel, Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

JWT_KEY_MIN_BYTES = 32  # HS256 (RFC 7518 3.2: a key of at least the hash's size)


class Environment(StrEnum):
    development = "development"
    test = "test"
    production = "production"


class SsoProvider(BaseModel):
    """An OpenID Connect provider seekers may sign in with (R23), as this service's client."""

    issuer: str = Field(description="The provider's issuer URL; discovery is read below it.")
    client_id: str = Field(min_length=1)
    client_secret: SecretStr
    redirect_uri: str = Field(description="The front end's page the provider sends people back to.")
    scopes: str = "openid"
    name: str = Field(default="", description="The provider's name as people know it.")


LOOPBACK_HOSTS = {"localhost", "127.0.0.1", "::1"}


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
    # The connection pool of each server process (PostgreSQL; SQLite uses its defaults).
    database_pool_size: int = Field(default=10, ge=1, le=200)
    database_max_overflow: int = Field(default=5, ge=0, le=200)
    database_pool_timeout_seconds: float = Field(default=30, gt=0)
    database_pool_pre_ping: bool = Field(
        default=False,
        description="Also test each connection with a round trip before use (three "
        "statements with asyncpg; a fifth to a quarter of the rate of a one-query "
        "endpoint). Connections the server closed are replaced without it (db.py); this "
        "also catches one that broke silently, which otherwise fails one request (503).",
    )
    database_session_settings: dict[str, str] = Field(
        default_factory=lambda: {
            "jit": "off",
            "max_parallel_workers_per_gather": "0",
            "plan_cache_mode": "force_custom_plan",
            "work_mem": "32MB",
        },
        description="PostgreSQL settings of every connection the service opens "
        "(docs/decisions.md, Search).",
    )

    # Bounds of what a client may send (docs/decisions.md, Bounded input).
    max_body_bytes: int = Field(
        default=256 * 1024,
        ge=1024,
        le=16 * 1024**2,
        description="Largest request body other than a document upload (413 beyond it).",
    )
    max_header_bytes: int = Field(
        default=16 * 1024,
        ge=1024,
        le=1024**2,
        description="Largest total of a request's header names and values (431 beyond it).",
    )

    # Rule parameters the seed leaves open (docs/decisions.md).
    reactivation_window_days: int = Field(default=60, ge=1, le=3650)

    # Accounts and sign-in
    jwt_keys: dict[str, SecretStr] = Field(
        default_factory=dict,
        description='Signing keys by key id, JSON: {"2026-11": "<32+ random bytes>"}. '
        "Required in production; elsewhere a key is kept in the data folder.",
    )
    jwt_active_kid: str | None = None
    access_token_minutes: int = Field(default=15, ge=1, le=60)
    refresh_token_days: int = Field(default=14, ge=1, le=90)
    signup_token_hours: int = Field(default=72, ge=1, le=720)
    activation_token_hours: int = Field(default=168, ge=1, le=720)
    password_reset_token_minutes: int = Field(default=60, ge=5, le=1440)
    terms_version: str = "2026-04-01"
    privacy_version: str = "2026-04-01"
    login_slowdown_after: int = Field(default=3, ge=1)
    login_lock_after: int = Field(default=10, ge=2)
    login_lock_minutes: int = Field(default=15, ge=1)
    login_window_minutes: int = Field(default=15, ge=1)
    login_address_lock_after: int = Field(default=50, ge=2)
    sso_providers: dict[str, SsoProvider] = Field(
        default_factory=dict,
        description='Single sign-on providers by name, JSON: {"mynaportal": {"issuer": ..., '
        '"client_id": ..., "client_secret": ..., "redirect_uri": ..., "scopes": "openid", '
        '"name": "マイナポータル"}}. None by default: SSO answers sso-provider-unknown.',
    )
    sso_flow_minutes: int = Field(
        default=10, ge=1, le=60, description="How long a started sign-on may take to come back."
    )
    sso_http_timeout_seconds: float = Field(
        default=5, gt=0, le=60, description="Each call to a sign-on provider, at most."
    )

    # Jobs and search
    search_count_cap: int = Field(default=10_000, ge=100)
    search_cache_size: int = Field(
        default=2000,
        ge=0,
        description="Search pages each process keeps in memory, exact (search.cache); 0: none.",
    )
    redis_url: str = Field(
        default="",
        description="Redis (redis://host:6379/0) where every worker and server also keeps "
        "search pages, behind each process's own (search.shared); empty: none, each process "
        "keeps its own. Searches go on without it when it is down or slow.",
    )
    redis_key_prefix: str = Field(
        default="mypage:",
        description="Start of the service's keys in Redis, for a Redis shared with others.",
    )
    saved_search_limit: int = Field(default=20, ge=1, le=200)
    favorite_limit: int = Field(default=100, ge=1, le=1000)

    # Messages
    partner_daily_messages: int = Field(
        default=1000, ge=1, description="Messages a partner may send per JST day (R17)."
    )

    # Documents
    document_max_bytes: int = Field(
        default=10 * 1024 * 1024, ge=1, le=1024**3, description="Largest file a seeker uploads."
    )
    document_quota_bytes: int = Field(
        default=50 * 1024 * 1024, ge=1, description="Total size of a seeker's documents."
    )
    document_quota_files: int = Field(default=30, ge=1, description="Documents per seeker.")

    # Mail
    mail_backend: Literal["folder", "smtp"] = Field(
        default="folder",
        description="folder: write .eml files into <data_dir>/mail; smtp: send to smtp_host.",
    )
    mail_from: str = "no-reply@mypage.hellowork.example"
    smtp_host: str = "localhost"
    smtp_port: int = Field(default=25, ge=1, le=65535)
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
    smtp_starttls: bool = False
    smtp_timeout_seconds: float = Field(default=30, gt=0)
    mail_max_attempts: int = Field(default=8, ge=1, le=20)
    mail_retry_base_seconds: float = Field(default=30, gt=0)
    mail_poll_seconds: float = Field(default=5, gt=0)
    mail_lease_seconds: float = Field(default=120, gt=0)
    mail_per_address: int = Field(
        default=5,
        ge=1,
        description="Link mails (sign-up, password reset) one address may be sent per "
        "mail_budget_minutes; more requests answer 202 and queue nothing.",
    )
    mail_per_client: int = Field(
        default=30,
        ge=1,
        description="Link mails one client address may ask for per mail_budget_minutes.",
    )
    mail_budget_minutes: int = Field(default=60, ge=1, le=1440)
    public_base_url: str = Field(
        default="http://127.0.0.1:8000", description="Base of the links written in mails."
    )
    mail_worker_in_process: bool = Field(
        default=True, description="serve runs the mail worker inside the server process."
    )

    # Operations (docs/decisions.md, Observability)
    log_format: Literal["text", "json"] = Field(
        default="text",
        description="text: one readable line per record; json: one JSON object per line "
        "(time, level, logger, message, request_id and the request log's fields).",
    )
    metrics_enabled: bool = Field(
        default=True,
        description="Serve Prometheus metrics at GET /metrics (keep it off the public proxy).",
    )

    # Registration reminders
    registration_reminder_days: int = Field(
        default=7,
        ge=0,
        le=60,
        description="The reminder goes out from this many days before the last valid day "
        "through that day.",
    )
    registration_lapse_notice_days: int = Field(
        default=7,
        ge=0,
        le=60,
        description="The lapse notice goes out from the day the registration lapses through "
        "this many days after it; older lapses are not mailed.",
    )

    @model_validator(mode="after")
    def _check(self) -> Self:
        if self.env is Environment.production and not self.jwt_keys:
            raise ValueError("MYPAGE_JWT_KEYS must be set in production")
        short = sorted(
            kid
            for kid, key in self.jwt_keys.items()
            if len(key.get_secret_value().encode()) < JWT_KEY_MIN_BYTES
        )
        if short:  # also refuses the placeholder of .env.example
            raise ValueError(
                f"MYPAGE_JWT_KEYS: key {', '.join(short)} is shorter than {JWT_KEY_MIN_BYTES} "
                "bytes; use a random key, e.g. python -c 'import secrets; "
                "print(secrets.token_urlsafe(48))'"
            )
        if self.jwt_keys and self.jwt_active_kid and self.jwt_active_kid not in self.jwt_keys:
            raise ValueError("MYPAGE_JWT_ACTIVE_KID names no key of MYPAGE_JWT_KEYS")
        if self.env is Environment.production and not self.public_base_url.startswith("https://"):
            raise ValueError(
                "MYPAGE_PUBLIC_BASE_URL must be the https:// address users reach in production "
                "(links in mails point at it)"
            )
        if self.env is Environment.production:
            for name, provider in self.sso_providers.items():
                issuer = urlsplit(provider.issuer)
                if issuer.scheme != "https" and issuer.hostname not in LOOPBACK_HOSTS:
                    raise ValueError(f"MYPAGE_SSO_PROVIDERS: {name}'s issuer must be https")
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
