"""Running the Alembic migrations from code (``serve``, ``db upgrade``, tests)."""

from pathlib import Path

from alembic import command
from alembic.config import Config

_SOURCE_ROOT = Path(__file__).resolve().parents[2]


def alembic_config(database_url: str) -> Config:
    """The project's alembic.ini (current folder first, then the source tree), bound to a URL."""
    for folder in (Path.cwd(), _SOURCE_ROOT):
        ini = folder / "alembic.ini"
        if ini.is_file() and (folder / "migrations").is_dir():
            config = Config(str(ini))
            config.attributes["database_url"] = database_url
            config.attributes["configure_logger"] = False
            return config
    raise FileNotFoundError("alembic.ini and migrations/ not found; run from the project folder")


def upgrade(database_url: str) -> None:
    """Bring the database to the newest revision (synchronous: call outside an event loop)."""
    command.upgrade(alembic_config(database_url), "head")
