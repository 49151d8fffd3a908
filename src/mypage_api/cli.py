"""The ``mypage-api`` command."""

import asyncio
import logging
import signal
from pathlib import Path
from typing import Annotated

import typer
import uvicorn

from mypage_api.config import Settings

app = typer.Typer(help="mypage-api: the job-seeker My Page backend.", no_args_is_help=True)
db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
offices_app = typer.Typer(help="Hello Work offices.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(offices_app, name="offices")

DEMO_OFFICES = Path(__file__).parent / "demo" / "offices.csv"
CONTRACT = Path("openapi") / "openapi.json"


def _settings() -> Settings:
    settings = Settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    return settings


def _upgrade(settings: Settings) -> None:
    from mypage_api.migrate import upgrade

    upgrade(settings.effective_database_url)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
) -> None:
    """Migrate the database, then serve the API (Swagger UI at /docs)."""
    from mypage_api.app import create_app

    settings = _settings()
    _upgrade(settings)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    uvicorn.run(create_app(settings), host=host, port=port, access_log=False)


@app.command()
def worker() -> None:
    """Send queued mail until stopped (Ctrl-C): the mail being sent is finished first."""
    settings = _settings()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    asyncio.run(_run_worker(settings))


async def _run_worker(settings: Settings) -> None:
    from mypage_api.app import clock_from
    from mypage_api.db import Database, create_engine
    from mypage_api.mail.senders import sender_from
    from mypage_api.mail.worker import run_forever

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signal_number in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signal_number, stop.set)
    database = Database(create_engine(settings.effective_database_url))
    try:
        await run_forever(database, sender_from(settings), clock_from(settings), settings, stop)
    finally:
        await database.dispose()


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Apply every migration (alembic upgrade head)."""
    _upgrade(_settings())
    typer.echo("database is up to date")


@app.command("demo-data")
def demo_data() -> None:
    """Fill the database with a Japanese demo set (safe to run again)."""
    settings = _settings()
    _upgrade(settings)
    count = asyncio.run(_import_offices(settings, DEMO_OFFICES))
    typer.echo(f"demo data: {count} offices")


@offices_app.command("import")
def offices_import(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True)],
) -> None:
    """Load offices and their jurisdictions from a CSV (office_code, name, prefecture_code,
    postal_code, address, phone, municipality_codes separated by spaces)."""
    settings = _settings()
    try:
        count = asyncio.run(_import_offices(settings, file))
    except ValueError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(code=1) from None
    typer.echo(f"imported {count} offices")


async def _import_offices(settings: Settings, path: Path) -> int:
    from mypage_api.db import Database, create_engine
    from mypage_api.offices.service import import_offices, read_offices_csv

    rows = list(read_offices_csv(path))
    database = Database(create_engine(settings.effective_database_url))
    try:
        async with database.sessions() as session, session.begin():
            return await import_offices(session, rows)
    finally:
        await database.dispose()


@app.command()
def openapi(
    output: Annotated[Path, typer.Option(help="Where to write the contract.")] = CONTRACT,
) -> None:
    """Write the OpenAPI contract generated from the app."""
    from mypage_api.app import create_app
    from mypage_api.openapi import contract_json

    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(contract_json(create_app(Settings())), encoding="utf-8")
    typer.echo(f"wrote {output}")


def main() -> None:
    app()
